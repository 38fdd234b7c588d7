"""Phase 1: the coordinator's intake decision (approve, wait-list, reject, withdraw)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from courses.models import Course, Phase
from courses.services import course_move, course_repeated_move

# The parts of a referral, families' to store; referral_register's callers import them from here.
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User
from hjemmepaed.variants.models import Variant
from visitation.access import educator_assignable_check, referral_decide_check
from visitation.models import IntakeDecision
from visitation.selectors_statements import daycare_statements_for_course
from visitation.services.checks import _not_in_future
from visitation.services.intake_rules import age_range_check, intake_variant, own_approval_check, participation_check


def _decision_date_check(*, course: Course, decided_on: date) -> None:
    _not_in_future(decided_on, field="decided_on", label=_("The decision date"))
    if decided_on < course.referral.received_on:
        raise DomainError(
            _("The decision date cannot be before the referral was received (%(date)s).")
            % {"date": course.referral.received_on.strftime("%d.%m.%Y")},
            field="decided_on",
        )


def _decision_age_check(*, course: Course, decided_on: date, variant: Variant) -> None:
    """The course starts after the decision at the earliest: the children are within the model's
    age range then (the national 0–36 months unless the municipality's model says otherwise)."""
    age_range_check(
        variant=variant,
        children=course.family.children.all(),
        on=decided_on,
        national_message=_(
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


def _decision_record(
    *,
    acting_user: User,
    course: Course,
    kind: str,
    decided_on: date,
    variant: Variant,
    team_members=(),
    daycare_leader_name: str = "",
    daycare_leader_statement: str = "",
    approved_by_own_coordinator: bool = False,
    note: str = "",
) -> IntakeDecision:
    decision = IntakeDecision.objects.create(
        course=course,
        kind=kind,
        decided_on=decided_on,
        visitation=variant.visitation,
        daycare_leader_name=daycare_leader_name.strip(),
        daycare_leader_statement=daycare_leader_statement.strip(),
        approved_by_own_coordinator=approved_by_own_coordinator,
        note=note,
        by=acting_user,
    )
    decision.team_members.set(team_members)
    # Read again under the course's lock (taken by the move): what the decision was made with,
    # which no daycare leader can change after it (`statements.daycare_statement_give`).
    decision.daycare_statements.set(daycare_statements_for_course(course=course))
    return decision


def _audit_detail(*, team_members, daycare_leader_name: str, own: bool, statements=()) -> str:
    """What the decision recorded besides the move, without personal data."""
    parts = []
    if team_members:
        parts.append(f"visitation team of {len(team_members)}")
    if statements:
        parts.append(f"daycare leaders' statements given: {len(statements)}")
    if daycare_leader_name.strip():
        parts.append("daycare leader's statement")
    if own:
        parts.append("approved by own coordinator")
    return ", ".join(parts)


@transaction.atomic
def referral_approve(
    *,
    acting_user: User,
    course: Course,
    decided_on: date,
    primary_educator: User,
    second_educator: User | None = None,
    justification: str = "",
    team_members: list[User] = (),
    daycare_leader_name: str = "",
    daycare_leader_statement: str = "",
    version: int | None = None,
) -> Course:
    """Approve the referral (visitation) and assign the home educator(s), with what the
    municipality's model asks of the decision (`intake_rules`), recorded as an `IntakeDecision`."""
    referral_decide_check(acting_user=acting_user, course=course)
    variant = intake_variant(municipality=course.municipality)
    _decision_date_check(course=course, decided_on=decided_on)
    _decision_age_check(course=course, decided_on=decided_on, variant=variant)
    _justification_check(course=course, justification=justification)
    statements = daycare_statements_for_course(course=course)
    participation_check(
        variant=variant,
        team_members=list(team_members),
        daycare_leader_name=daycare_leader_name,
        daycare_leader_statement=daycare_leader_statement,
        daycare_statements=statements,
    )
    _educators_check(course=course, primary=primary_educator, second=second_educator)
    own = own_approval_check(variant=variant, acting_user=acting_user, primary_educator=primary_educator)
    if repeated := course_repeated_move(acting_user=acting_user, course=course, target=Phase.DECIDED, version=version):
        return repeated  # a double click: the decision is recorded once
    changes = {
        "primary_educator": primary_educator,
        "second_educator": second_educator,
        "decision_justification": justification.strip(),
        "waiting_position": None,
    }
    if course.visitation_date is None:  # from the waiting list, the first decision's date stays
        changes["visitation_date"] = decided_on
    moved = course_move(
        acting_user=acting_user,
        course=course,
        target=Phase.DECIDED,
        changes=changes,
        version=version,
        note="godkendt af egen tovholder" if own else "",
        audit_detail=_audit_detail(
            team_members=team_members, daycare_leader_name=daycare_leader_name, own=own, statements=statements
        ),
    )
    _decision_record(
        acting_user=acting_user,
        course=moved,
        kind=IntakeDecision.Kind.APPROVE,
        decided_on=decided_on,
        variant=variant,
        team_members=team_members,
        daycare_leader_name=daycare_leader_name,
        daycare_leader_statement=daycare_leader_statement,
        approved_by_own_coordinator=own,
        note="godkendt af egen tovholder" if own else "",
    )
    return moved


@transaction.atomic
def referral_waitlist(
    *,
    acting_user: User,
    course: Course,
    placed_on: date,
    position: int,
    justification: str = "",
    team_members: list[User] = (),
    daycare_leader_name: str = "",
    daycare_leader_statement: str = "",
    version: int | None = None,
) -> Course:
    """Approve the referral but place the family on the waiting list; the visitation takes part
    as for an approval (the waiting list is an approval)."""
    referral_decide_check(acting_user=acting_user, course=course)
    variant = intake_variant(municipality=course.municipality)
    _decision_date_check(course=course, decided_on=placed_on)
    _decision_age_check(course=course, decided_on=placed_on, variant=variant)
    _justification_check(course=course, justification=justification)
    statements = daycare_statements_for_course(course=course)
    participation_check(
        variant=variant,
        team_members=list(team_members),
        daycare_leader_name=daycare_leader_name,
        daycare_leader_statement=daycare_leader_statement,
        daycare_statements=statements,
    )
    if position < 1:
        raise DomainError(_("The position on the waiting list is 1 or more."), field="position")
    if repeated := course_repeated_move(acting_user=acting_user, course=course, target=Phase.WAITING, version=version):
        return repeated  # a double click: the decision is recorded once
    changes = {
        "waiting_since": placed_on,
        "waiting_position": position,
        "decision_justification": justification.strip() or course.decision_justification,
    }
    if course.visitation_date is None:
        changes["visitation_date"] = placed_on
    moved = course_move(
        acting_user=acting_user,
        course=course,
        target=Phase.WAITING,
        changes=changes,
        version=version,
        audit_detail=_audit_detail(
            team_members=team_members, daycare_leader_name=daycare_leader_name, own=False, statements=statements
        ),
    )
    _decision_record(
        acting_user=acting_user,
        course=moved,
        kind=IntakeDecision.Kind.WAITLIST,
        decided_on=placed_on,
        variant=variant,
        team_members=team_members,
        daycare_leader_name=daycare_leader_name,
        daycare_leader_statement=daycare_leader_statement,
    )
    return moved


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
