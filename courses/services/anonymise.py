"""Anonymising a course's own tables once its retention period has passed.

Called only by the retention job (`privacy.services.course_anonymise_after_retention`), inside its
transaction, with the course row already locked; the job checks that the course is due and
records the audit event. What goes and what stays is listed field by field in
docs/architecture.md ("Retention and anonymisation").
"""

from datetime import datetime

from django.db.models import Case, Value, When

from courses.models import (
    Adjustment,
    ConcernNotification,
    Course,
    Extension,
    Goal,
    GoalChange,
    GoalChangeKind,
    PhaseChange,
    Reminder,
    StartUpMeeting,
    Transfer,
    Visit,
)
from families.models import ANONYMISED


def course_anonymise(*, course: Course, now: datetime) -> Course:
    """Every text typed about the course goes, and its reminders; dates, choices and numbers stay.

    Stamps `anonymised_at`. The save names its fields, so the course's version is not counted.
    """
    course.decision_justification = ""
    course.rejection_reason = ""
    course.end_reason_detail = ""
    PhaseChange.objects.filter(course=course).update(note="")
    Goal.objects.filter(course=course).update(description="", focus_points="")
    GoalChange.objects.filter(course=course).update(
        previous_description="",
        previous_focus_points="",
        reason=Case(When(kind=GoalChangeKind.ENDED, then=Value(ANONYMISED)), default=Value("")),
    )
    StartUpMeeting.objects.filter(course=course).update(participants="", third_birthday_reason="")
    Extension.objects.filter(course=course).update(reason="", other_service_assessment="")
    Visit.objects.filter(course=course).update(participants="", methods_other="", note="", next_steps="")
    Adjustment.objects.filter(course=course).update(description="", reason="")
    ConcernNotification.objects.filter(course=course).update(recipient="")
    Transfer.objects.filter(course=course).update(reason="")
    Reminder.objects.filter(course=course).delete()
    course.anonymised_at = now
    course.save(
        update_fields=["decision_justification", "rejection_reason", "end_reason_detail", "anonymised_at", "updated_at"]
    )
    return course
