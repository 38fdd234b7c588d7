"""Entry points for Celery beat: no arguments, one service call, counts back."""

from celery import shared_task

from privacy.services import courses_anonymise_due


@shared_task(name="privacy.tasks.courses_anonymise_nightly")
def courses_anonymise_nightly() -> dict:
    """Anonymise the courses whose retention period has passed (nightly by beat).

    Takes nothing and returns only counts; the courses are found in the database.
    """
    return courses_anonymise_due().as_counts()
