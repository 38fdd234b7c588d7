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


@shared_task(name="hjemmepaed.tasks.courses_anonymise_nightly")
def courses_anonymise_nightly() -> dict:
    """Anonymise the courses whose retention period has passed (nightly by beat).

    Takes nothing and returns only counts; the courses are found in the database.
    """
    from hjemmepaed.retention import courses_anonymise_due

    return courses_anonymise_due().as_counts()
