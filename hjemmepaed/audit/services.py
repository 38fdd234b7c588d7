"""Writing audit events. The only way events come into being."""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from hjemmepaed.audit.context import audit_context_get
from hjemmepaed.audit.criteria import criterion_search_text
from hjemmepaed.audit.models import AuditEvent

Action = AuditEvent.Action


def audit_event_record(
    *,
    actor,
    action: str,
    object_type: str,
    object_id: str | int = "",
    subject: models.Model | None = None,
    municipality=None,
    criterion: str = "",
) -> AuditEvent:
    """Record one access to, or change of, personal data.

    `subject` is the person the data is about (a child or a guardian), when there is one.
    `municipality` defaults to the acting user's, so a coordinator's spot check finds it.
    """
    actor = actor if actor is not None and actor.is_authenticated else None
    if municipality is None and actor is not None:
        municipality = actor.municipality
    return AuditEvent.objects.create(
        actor=actor,
        actor_username=actor.get_username() if actor else "",
        municipality=municipality,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        subject_type=subject._meta.model_name if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        criterion=criterion,
        criterion_text=criterion_search_text(object_type=object_type, criterion=criterion),
        ip_address=audit_context_get().client_address,
    )


def audit_events_purge(*, now=None) -> int:
    """Delete events older than AUDIT_RETENTION_YEARS: the only code path that deletes events.

    The model and queryset refuse deletion, so the rows go by one SQL statement. In PostgreSQL
    the append-only trigger (migration 0002) lets a DELETE through only with the session setting
    `hjemmepaed.audit_purge` on; `SET LOCAL` switches it on for this transaction alone. The purge
    leaves one event of its own, with a count and a date and nothing personal.
    """
    now = now or timezone.now()
    cutoff = now - relativedelta(years=settings.AUDIT_RETENTION_YEARS)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL hjemmepaed.audit_purge = 'on'")
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE at < %s", [cutoff])  # noqa: S608
        deleted = cursor.rowcount
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL hjemmepaed.audit_purge = 'off'")
        audit_event_record(
            actor=None,
            action=Action.DELETE,
            object_type="audit_event",
            object_id=deleted,
            criterion=f"{deleted} events older than {cutoff:%Y-%m-%d} deleted "
            f"(retention {settings.AUDIT_RETENTION_YEARS} years)",
        )
    return deleted
