from datetime import timedelta

from django.utils import timezone

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from hjemmepaed.tests.celery_cases import TaskCase, TaskRun


def audit_events_purge(monkeypatch) -> TaskRun:
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    user = user_for_role(Role.COORDINATOR, municipality=municipality, first_name="Camilla", last_name="Pedersen")
    for days_ago, criterion in ((5 * 366 + 2, "Sara Nielsen"), (10, "Alma Nielsen")):
        AuditEvent.objects.create(
            at=timezone.now() - timedelta(days=days_ago),
            actor=user,
            actor_username=user.username,
            municipality=municipality,
            action="view",
            object_type="course",
            criterion=criterion,
        )
    # Each run logs itself (a count and a date); what it deletes must not change on a second run.
    return TaskRun(
        args=(),
        state=lambda: sorted(AuditEvent.objects.exclude(object_type="audit_event").values_list("pk", flat=True)),
    )


CASES = [TaskCase("hjemmepaed.audit.tasks.audit_events_purge", audit_events_purge)]
