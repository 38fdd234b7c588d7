"""Phase 1: the coordinator's intake decision (approve, wait-list, reject, withdraw)."""

from datetime import date

from django.utils.translation import gettext as _

from courses.models import Course, Phase
from courses.services import course_move

# The parts of a referral, families' to store; referral_register's callers import them from here.
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User
from visitation.access import educator_assignable_check, referral_decide_check
from visitation.services.checks import _age_check, _not_in_future


def _decision_date_check(*, course: Course, decided_on: date) -> None:
    _not_in_future(decided_on, field="decided_on", label=_("The decision date"))
    if decided_on < course.referral.received_on:
        raise DomainError(
            _("The decision date cannot be before the referral was received (%(date)s).")
            % {"date": course.referral.received_on.strftime("%d.%m.%Y")},
            field="decided_on",
        )


def _decision_age_check(*, course: Course, decided_on: date) -> None:
    """The course starts after the decision at the earliest: the children are 0–36 months then."""
    _age_check(
        children=course.family.children.all(),
        on=decided_on,
        message=_(
            "%(name)s is older than 36 months on the decision date (turned 3 on %(birthday)s). "
            "The course is for children aged 0–36 months."
        ),
        field="decided_on",
    )


def _justification_check(*, course: Course, justification: str) -> None:
    if course.referral.needs_justification and not justification.strip():
        raise DomainError(
            _(
                "The family has decided measures under section 52 or a complexity that is not low, "
                "and is thus outside the model's target group. Write a justification to approve it anyway."
            ),
            field="justification",
        )


def _educators_check(*, course: Course, primary: User, second: User | None) -> None:
    educator_assignable_check(educator=primary, course=course, field="primary_educator")
    if second is not None:
        educator_assignable_check(educator=second, course=course, field="second_educator")
    if second is not None and second.pk == primary.pk:
        raise DomainError(
            _("The second home educator must be another person than the primary one."),
            field="second_educator",
        )


def referral_approve(
    *,
    acting_user: User,
    course: Course,
    decided_on: date,
    primary_educator: User,
    second_educator: User | None = None,
    justification: str = "",
    version: int | None = None,
) -> Course:
    """Approve the referral (visitation) and assign the home educator(s)."""
    referral_decide_check(acting_user=acting_user, course=course)
    _decision_date_check(course=course, decided_on=decided_on)
    _decision_age_check(course=course, decided_on=decided_on)
    _justification_check(course=course, justification=justification)
    _educators_check(course=course, primary=primary_educator, second=second_educator)
    changes = {
        "primary_educator": primary_educator,
        "second_educator": second_educator,
        "decision_justification": justification.strip(),
        "waiting_position": None,
    }
    if course.visitation_date is None:  # from the waiting list, the first decision's date stays
        changes["visitation_date"] = decided_on
    return course_move(acting_user=acting_user, course=course, target=Phase.DECIDED, changes=changes, version=version)


def referral_waitlist(
    *,
    acting_user: User,
    course: Course,
    placed_on: date,
    position: int,
    justification: str = "",
    version: int | None = None,
) -> Course:
    """Approve the referral but place the family on the waiting list."""
    referral_decide_check(acting_user=acting_user, course=course)
    _decision_date_check(course=course, decided_on=placed_on)
    _decision_age_check(course=course, decided_on=placed_on)
    _justification_check(course=course, justification=justification)
    if position < 1:
        raise DomainError(_("The position on the waiting list is 1 or more."), field="position")
    changes = {
        "waiting_since": placed_on,
        "waiting_position": position,
        "decision_justification": justification.strip() or course.decision_justification,
    }
    if course.visitation_date is None:
        changes["visitation_date"] = placed_on
    return course_move(acting_user=acting_user, course=course, target=Phase.WAITING, changes=changes, version=version)


def referral_reject(
    *,
    acting_user: User,
    course: Course,
    decided_on: date,
    reason: str,
    version: int | None = None,
) -> Course:
    referral_decide_check(acting_user=acting_user, course=course)
    _decision_date_check(course=course, decided_on=decided_on)
    if not reason.strip():
        raise DomainError(_("Write why the referral is rejected."), field="reason")
    return course_move(
        acting_user=acting_user,
        course=course,
        target=Phase.REJECTED,
        changes={"rejection_reason": reason.strip(), "visitation_date": decided_on},
        note=reason.strip(),
        version=version,
    )


def referral_withdraw(
    *,
    acting_user: User,
    course: Course,
    reason: str,
    version: int | None = None,
) -> Course:
    """The family or the referrer withdraws the referral before the course starts."""
    referral_decide_check(acting_user=acting_user, course=course)
    if not reason.strip():
        raise DomainError(_("Write why the referral is withdrawn."), field="reason")
    return course_move(
        acting_user=acting_user,
        course=course,
        target=Phase.WITHDRAWN,
        changes={"waiting_position": None},
        note=reason.strip(),
        version=version,
    )
