"""Celery entry points of the courses app."""

from celery import shared_task

from courses.reminders import reminders_send


@shared_task(name="courses.tasks.reminders_daily")
def reminders_daily() -> dict:
    """The daily reminders (beat). Returns counts only, never personal data."""
    run = reminders_send()
    return {"created": run.created, "emails": run.emails}
