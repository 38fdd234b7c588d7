"""A coordinator's extension of a started course beyond its planned end."""

from datetime import date

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses import rules
from courses.access import coordinator_check
from courses.models import Course, Extension, Phase
from courses.services.locking import _audit, course_lock, course_save
from courses.services.start import _age_check
from courses.variants import course_variant
from hjemmepaed.audit.services import Action
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User


@transaction.atomic
def course_extend(
    *,
    acting_user: User,
    course: Course,
    new_planned_end: date,
    reason: str,
    other_service_needed: bool,
    other_service_assessment: str,
    third_birthday_reason: str = "",
    version: int | None = None,
) -> Course:
    """Extend a started course beyond its planned end. Only a coordinator may.

    Extending past a child's third birthday needs the special reason too, unless one was
    recorded at the start-up meeting.
    """
    variant = course_variant(course)
    coordinator_check(
        acting_user=acting_user,
        course=course,
        message=rules.local(
            variant,
            _("Only a coordinator can extend a course beyond %(weeks)d weeks.") % {"weeks": variant.max_weeks},
        ),
    )
    locked = course_lock(course=course, version=version)
    if locked.phase != Phase.STARTED:
        raise DomainError(_("Only a course that has started and is not closed can be extended."))
    if new_planned_end <= locked.planned_end_date:
        raise DomainError(
            _("The new planned end must be after the current one (%(date)s).")
            % {"date": date_format(locked.planned_end_date, "SHORT_DATE_FORMAT")},
            field="new_planned_end",
        )
    if not reason.strip():
        raise DomainError(_("Write why the course is extended."), field="reason")
    if not other_service_assessment.strip():
        raise DomainError(
            _("Write your assessment of whether the family needs another service."),
            field="other_service_assessment",
        )
    recorded_reason = getattr(getattr(locked, "start_up", None), "third_birthday_reason", "")
    _age_check(
        course=locked,
        start_date=locked.start_date,
        planned_end=new_planned_end,
        third_birthday_reason=third_birthday_reason or recorded_reason,
        variant=variant,
    )
    if third_birthday_reason.strip() and not recorded_reason:
        locked.start_up.third_birthday_reason = third_birthday_reason.strip()
        locked.start_up.save(update_fields=["third_birthday_reason"])
    Extension.objects.create(
        course=locked,
        previous_planned_end=locked.planned_end_date,
        new_planned_end=new_planned_end,
        reason=reason.strip(),
        other_service_needed=other_service_needed,
        other_service_assessment=other_service_assessment.strip(),
        by=acting_user,
    )
    locked.planned_end_date = new_planned_end
    course_save(course=locked, fields=["planned_end_date"])
    _audit(acting_user=acting_user, course=locked, action=Action.UPDATE, criterion="extended")
    return locked
