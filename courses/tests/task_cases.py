from datetime import timedelta

from django.core import mail
from django.utils import timezone

from courses.models import Reminder
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from hjemmepaed.tests.celery_cases import TaskCase, TaskRun
from visitation.tests.factories import course_started


def reminders_daily(monkeypatch) -> TaskRun:
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality, first_name="Camilla", last_name="Pedersen")
    # In week 33: the week-32 reminder is due for the coordinator and the educator.
    course_started(coordinator=coordinator, start_date=timezone.localdate() - timedelta(weeks=33))
    return TaskRun(
        args=(),
        state=lambda: (
            sorted(Reminder.objects.values_list("recipient_id", "course_id", "kind")),
            len(mail.outbox),
        ),
    )


CASES = [TaskCase("courses.tasks.reminders_daily", reminders_daily)]
