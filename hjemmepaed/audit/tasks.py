"""Entry points for Celery beat: no arguments, one service call, a count back."""

from celery import shared_task

from hjemmepaed.audit.services import audit_events_purge as audit_events_purge_now


@shared_task(name="hjemmepaed.audit.tasks.audit_events_purge")
def audit_events_purge() -> int:
    """Nightly: delete audit events older than AUDIT_RETENTION_YEARS. Returns only a count."""
    return audit_events_purge_now()
