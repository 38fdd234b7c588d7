"""Changes along the way: adjustments, notifications of concern, transfers to another educator,
and a coordinator's correction of a closed course."""

from datetime import date
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.access import coordinator_check, course_staff_check, educator_check
from courses.models import Adjustment, ConcernNotification, Course, EndReason, Phase, Transfer
from courses.services.locking import _audit, course_lock, course_save
from hjemmepaed.audit.services import Action
from hjemmepaed.errors import DomainError
from hjemmepaed.formkeys import form_key_once
from hjemmepaed.organisation.models import User


def _open_course_check(*, course: Course) -> None:
    if course.phase != Phase.STARTED:
        raise DomainError(_("Only a course that is under way can be changed; a closed course takes no edits."))


@form_key_once(Adjustment, owner="by", scope=("course",))
@transaction.atomic
def course_adjust(
    *,
    acting_user: User,
    course: Course,
    on: date,
    description: str,
    reason: str,
    form_key: UUID | None = None,
) -> Adjustment:
    """Record an adjustment of the intervention (core element 5)."""
    course_staff_check(acting_user=acting_user, course=course)
    course = course_lock(course=course)
    _open_course_check(course=course)
    if on > timezone.localdate() or on < course.start_date:
        raise DomainError(_("The date lies within the course and not in the future."), field="on")
    if not description.strip() or not reason.strip():
        raise DomainError(_("Write what was adjusted and why."), field="description")
    adjustment = Adjustment.objects.create(
        course=course,
        on=on,
        description=description.strip(),
        reason=reason.strip(),
        by=acting_user,
        form_key=form_key,
    )
    _audit(
        acting_user=acting_user,
        course=course,
        action=Action.CREATE,
        object_type="adjustment",
        object_id=adjustment.pk,
    )
    return adjustment


@form_key_once(ConcernNotification, owner="by", scope=("course",))
@transaction.atomic
def concern_notification_record(
    *,
    acting_user: User,
    course: Course,
    on: date,
    recipient: str,
    form_key: UUID | None = None,
) -> ConcernNotification:
    """Record that a notification of concern (underretning) was made, on any course not rejected."""
    course_staff_check(acting_user=acting_user, course=course)
    if on > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field="on")
    if not recipient.strip():
        raise DomainError(_("Write who received the notification of concern."), field="recipient")
    notification = ConcernNotification.objects.create(
        course=course, on=on, recipient=recipient.strip(), by=acting_user, form_key=form_key
    )
    _audit(
        acting_user=acting_user,
        course=course,
        action=Action.CREATE,
        object_type="concern_notification",
        object_id=notification.pk,
    )
    return notification


@transaction.atomic
def course_transfer(
    *,
    acting_user: User,
    course: Course,
    to_educator: User,
    on: date,
    reason: str,
    version: int | None = None,
) -> Course:
    """Hand the course to another primary educator, e.g. when the child changes daycare."""
    coordinator_check(
        acting_user=acting_user,
        course=course,
        message=_("Only a coordinator can transfer a course to another home educator."),
    )
    locked = course_lock(course=course, version=version)
    if locked.phase not in (Phase.DECIDED, Phase.WAITING, Phase.STARTED) or locked.primary_educator is None:
        raise DomainError(_("Only an approved course that is not closed can be transferred."))
    educator_check(educator=to_educator, course=locked, field="to_educator")
    if to_educator.pk == locked.primary_educator_id:
        raise DomainError(_("The course already has this primary home educator."), field="to_educator")
    if not reason.strip():
        raise DomainError(_("Write why the course is transferred."), field="reason")
    Transfer.objects.create(
        course=locked,
        from_educator=locked.primary_educator,
        to_educator=to_educator,
        on=on,
        reason=reason.strip(),
        by=acting_user,
    )
    locked.primary_educator = to_educator
    changed = ["primary_educator"]
    if locked.second_educator_id == to_educator.pk:  # the second educator takes over as primary
        locked.second_educator = None
        changed.append("second_educator")
    course_save(course=locked, fields=changed)
    _audit(acting_user=acting_user, course=locked, action=Action.UPDATE, criterion="transferred")
    return locked


CORRECTABLE_ON_CLOSED = ("end_date", "end_reason", "end_reason_detail")


@transaction.atomic
def course_correct_closed(
    *, acting_user: User, course: Course, reason: str, version: int | None = None, **changes
) -> Course:
    """A coordinator's correction of a closed course's closure data, with its reason audited."""
    coordinator_check(
        acting_user=acting_user, course=course, message=_("Only a coordinator can correct a closed course.")
    )
    locked = course_lock(course=course, version=version)
    if locked.phase != Phase.CLOSED:
        raise DomainError(_("Only a closed course is corrected this way."))
    if locked.anonymised_at is not None:
        raise DomainError(_("An anonymised course can no longer be corrected."))
    if not reason.strip():
        raise DomainError(_("Write why the closed course is corrected."), field="reason")
    unknown = set(changes) - set(CORRECTABLE_ON_CLOSED)
    if unknown:
        raise DomainError(_("Only the end date and the end reason can be corrected."))
    end_date = changes.get("end_date", locked.end_date)
    if end_date < locked.start_date or end_date > timezone.localdate():
        raise DomainError(_("The end date lies between the start date and today."), field="end_date")
    if changes.get("end_reason", locked.end_reason) not in EndReason.values:
        raise DomainError(_("Choose the reason the course ends."), field="end_reason")
    changed = [field for field, value in changes.items() if getattr(locked, field) != value]
    for field in changed:
        setattr(locked, field, changes[field])
    if changed:
        course_save(course=locked, fields=changed)
        _audit(
            acting_user=acting_user,
            course=locked,
            action=Action.UPDATE,
            criterion=f"correction of closed course ({', '.join(changed)}): {reason.strip()}",
        )
    return locked
