from datetime import timedelta

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from hjemmepaed.tests.celery_cases import TaskCase, TaskRun


def sessions_clear_expired(monkeypatch) -> TaskRun:
    for expiry in (timezone.now() - timedelta(hours=1), timezone.now() + timedelta(hours=1)):
        store = SessionStore()
        store["shown_name"] = "Camilla Pedersen"
        store.set_expiry(expiry)
        store.save()
    return TaskRun(args=(), state=lambda: sorted(Session.objects.values_list("session_key", flat=True)))


def courses_anonymise_nightly(monkeypatch) -> TaskRun:
    """A course from 2019 (retention passed) in a municipality that recorded its archive decision."""
    from datetime import date

    from courses.models import Course
    from families.models import Child, Guardian
    from hjemmepaed.organisation.models import Role
    from hjemmepaed.organisation.services import archive_decision_record
    from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
    from hjemmepaed.tests.test_retention import _old_course

    municipality = MunicipalityFactory(name="Svendborg", code="479")
    manager = user_for_role(Role.MANAGER, municipality=municipality, first_name="Camilla", last_name="Pedersen")
    archive_decision_record(
        acting_user=manager, municipality=municipality, decided_on=date(2024, 1, 15), reference="00.01.10-P20-1-24"
    )
    _old_course(user_for_role(Role.COORDINATOR, municipality=municipality))
    return TaskRun(
        args=(),
        state=lambda: (
            sorted(Course.objects.values_list("pk", "anonymised_at")),
            sorted(Guardian.objects.values_list("name", flat=True)),
            sorted(Child.objects.values_list("name", flat=True)),
        ),
    )


CASES = [
    TaskCase("hjemmepaed.tasks.sessions_clear_expired", sessions_clear_expired),
    TaskCase("hjemmepaed.tasks.courses_anonymise_nightly", courses_anonymise_nightly),
]
