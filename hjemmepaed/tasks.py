"""Scheduled housekeeping. Tasks are entry points: ids in, one call, idempotent."""

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone


def sessions_clear_expired_now() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task(name="hjemmepaed.tasks.sessions_clear_expired")
def sessions_clear_expired() -> int:
    """Remove expired staff sessions (daily by beat). Returns only a count."""
    return sessions_clear_expired_now()
