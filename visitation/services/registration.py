"""Phase 1: registering a referral (a new family, or a known one found by a child's CPR number)."""

from datetime import date
from uuid import UUID

from django.db import connection, transaction
from django.utils.translation import gettext as _

from courses.models import Course, Phase
from courses.services import course_move, course_refer
from courses.workflow import OPEN
from families.models import ChildSex, Family

# The parts of a referral, families' to store; referral_register's callers import them from here.
from families.services import ChildData, GuardianData, family_create, family_find_by_child_cpr, family_members_add
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.cpr import cpr_birth_date, cpr_normalise
from hjemmepaed.errors import DomainError
from hjemmepaed.formkeys import form_key_first, form_key_once, form_key_repeat
from hjemmepaed.organisation.models import Role, User
from hjemmepaed.variants.models import ReferralQuestion, Variant
from visitation.access import educator_assignable_check, referral_register_check
from visitation.models import IntakeDecision, Referral, ReferralAnswer, ReferralRiskFactor
from visitation.services.checks import _not_in_future
from visitation.services.intake_rules import age_range_check, intake_variant, no_visitation_note
from visitation.services.local_lists import _risk_factor_rows


def _children_check(*, children: list[ChildData], municipality, received_on: date, variant: Variant) -> None:
    if not children:
        raise DomainError(_("Add at least one child in the target group."), field="children")
    for child in children:
        if child.birth_date is None and child.expected_due_date is None:
            raise DomainError(
                _("Give the birth date of %(name)s, or the expected due date if the child is not yet born.")
                % {"name": child.name},
                field="children",
            )
        if child.birth_date is not None:
            _not_in_future(child.birth_date, field="children", label=_("A birth date"))
        if child.daycare is not None and child.daycare.municipality_id != municipality.pk:
            raise DomainError(_("The daycare must belong to the municipality."), field="children")
        if child.cpr:
            digits = cpr_normalise(child.cpr, field="children")
            if child.birth_date and cpr_birth_date(digits) != child.birth_date:
                raise DomainError(
                    _("The CPR number of %(name)s does not match the birth date.") % {"name": child.name},
                    field="children",
                )
        if child.attends_daycare and child.daycare is None:
            raise DomainError(_("Choose the daycare %(name)s attends.") % {"name": child.name}, field="children")
        if child.sex not in ChildSex.values:
            raise DomainError(_("Choose girl, boy or not stated."), field="children")
    # The course can start no earlier than the referral was received.
    age_range_check(
        variant=variant,
        children=children,
        on=received_on,
        national_message=_(
            "%(name)s was older than 36 months when the referral was received (turned 3 on %(birthday)s). "
            "The course is for children aged 0–36 months."
        ),
        field="children",
    )


class ExistingFamilyError(DomainError):
    """A child of the referral is already recorded in the municipality (the same CPR number)."""

    def __init__(self, *, family: Family, courses: list[Course]):
        numbers = ", ".join(str(course.pk) for course in courses)
        super().__init__(
            _(
                "A family with a child with this CPR number is already registered in the municipality "
                "(course no. %(numbers)s). Register the new referral on that family, or check the CPR number."
            )
            % {"numbers": numbers or "–"},
            field="on_existing_family",
            code="existing_family",
        )
        self.family = family
        self.courses = courses


def _existing_family(*, acting_user: User, children: list[ChildData], on_existing_family: bool) -> Family | None:
    """The family already registered with one of the children, refused unless the user chose to
    register the referral on it; a family with an open course takes no second referral."""
    family = family_find_by_child_cpr(acting_user=acting_user, children=children)
    if family is None:
        return None
    courses = list(Course.objects.filter(family=family).order_by("pk"))
    if not on_existing_family:
        raise ExistingFamilyError(family=family, courses=courses)
    running = next((course for course in courses if course.phase in OPEN), None)
    if running is not None:
        raise DomainError(
            _(
                "The family already has course no. %(number)s, which is not closed (%(phase)s). A new referral "
                "is registered when that course has ended; record the new concern on it meanwhile."
            )
            % {"number": running.pk, "phase": Phase(running.phase).label.lower()},
            field="on_existing_family",
        )
    return family


# Not atomic as a whole: the checks of what was typed come first, outside; then one transaction
# holds the municipality's registration lock (`_same_child_lock`), looks up the children's CPR
# numbers and writes. A refusal of the look-up leaves that transaction by committing its one
# write, the audited search, and is raised after it.
@form_key_once(Referral, owner="registered_by", result=lambda referral: referral.course, savepoint=False)
def referral_register(
    *,
    acting_user: User,
    received_on: date,
    recruited_by: str,
    concern: str,
    complexity: str,
    guardians: list[GuardianData],
    children: list[ChildData],
    recruited_by_other: str = "",
    referring_professional: str = "",
    section_52_decided: bool = False,
    consent_given_on: date | None = None,
    consent_given_by: str = "",
    parent_risk_factors: list[str] = (),
    child_risk_factors: list[str] = (),
    single_parent: bool = False,
    language: str = "dansk",
    interpreter_needed: bool = False,
    on_existing_family: bool = False,
    referral_answers: dict[int, str] | None = None,
    primary_educator: User | None = None,
    form_key: UUID | None = None,
) -> Course:
    """Register a referral: the family, its guardians and children, and a course in phase
    “referred” awaiting the coordinator's intake decision.

    A child whose CPR number is already recorded in the municipality is not registered twice: the
    referral is refused naming the family's courses (that look-up is audited, and stays so
    though the registration is refused), unless `on_existing_family` asks to register it on that
    family, which then gains the parents and children it did not have. Two referrals of the same
    child registered at the same moment make one family: the second waits for the first's
    transaction and then finds its family (see `_same_child_lock`).

    The municipality's model in force today decides the rest: its age range, its own referral
    questions (`referral_answers`, by question id), and where it requires no visitation (Ishøj)
    the course is approved at once with `primary_educator` (the registering home educator when
    not given), recorded as approved without visitation."""
    referral_register_check(acting_user=acting_user)
    municipality = acting_user.municipality
    variant = intake_variant(municipality=municipality)
    _not_in_future(received_on, field="received_on", label=_("The date received"))
    if not guardians:
        raise DomainError(_("Add at least one parent or guardian."), field="guardians")
    _children_check(children=children, municipality=municipality, received_on=received_on, variant=variant)
    answers = _answers_check(municipality=municipality, referral_answers=referral_answers or {})
    if not variant.visitation_required:
        primary_educator = _no_visitation_educator(
            acting_user=acting_user, primary_educator=primary_educator, variant=variant
        )
    if recruited_by == "other" and not recruited_by_other.strip():
        raise DomainError(_("Write who recruited the family."), field="recruited_by_other")
    if consent_given_on is not None:
        _not_in_future(consent_given_on, field="consent_given_on", label=_("The date of consent"))
        if not consent_given_by.strip():
            raise DomainError(_("Write who gave the consent."), field="consent_given_by")
    risk_factors = [
        *_risk_factor_rows(municipality_id=municipality.pk, kind="parent", codes=parent_risk_factors),
        *_risk_factor_rows(municipality_id=municipality.pk, kind="child", codes=child_risk_factors),
    ]
    with transaction.atomic():
        if _same_child_lock(municipality=municipality, children=children) and (
            first := form_key_first(model=Referral, form_key=form_key, acting_user=acting_user, owner="registered_by")
        ):
            # The same post, sent twice at once, waited here for the first: its course, not "existing family".
            return form_key_repeat(first.course)
        try:
            existing = _existing_family(
                acting_user=acting_user, children=children, on_existing_family=on_existing_family
            )
        except DomainError as error:
            refusal = error
        else:
            if existing is not None:
                family = family_members_add(family=existing, guardians=guardians, children=children)
            else:
                family = family_create(
                    municipality=municipality,
                    guardians=guardians,
                    children=children,
                    single_parent=single_parent,
                    language=language,
                    interpreter_needed=interpreter_needed,
                )
            course = _referral_create(
                acting_user=acting_user,
                family=family,
                on_existing_family=existing is not None,
                received_on=received_on,
                recruited_by=recruited_by,
                recruited_by_other=recruited_by_other,
                referring_professional=referring_professional,
                concern=concern,
                complexity=complexity,
                section_52_decided=section_52_decided,
                consent_given_on=consent_given_on,
                consent_given_by=consent_given_by,
                risk_factors=risk_factors,
                form_key=form_key,
            )
            ReferralAnswer.objects.bulk_create(
                ReferralAnswer(referral=course.referral, question=question, question_text=question.text, answer=answer)
                for question, answer in answers
            )
            if not variant.visitation_required:
                course = _approve_without_visitation(
                    acting_user=acting_user, course=course, primary_educator=primary_educator, variant=variant
                )
            return course
    raise refusal


def _answers_check(*, municipality, referral_answers: dict[int, str]) -> list[tuple[ReferralQuestion, str]]:
    """The answers given, each to an active question of the municipality's own; an empty answer
    is not recorded (the referrer may not know)."""
    questions = {
        question.pk: question for question in ReferralQuestion.objects.filter(municipality=municipality, is_active=True)
    }
    answers = []
    for question_id, answer in referral_answers.items():
        if question_id not in questions:
            raise DomainError(_("The question is not one the municipality asks at referral."), field="__all__")
        if answer.strip():
            answers.append((questions[question_id], answer.strip()))
    return answers


def _no_visitation_educator(*, acting_user: User, primary_educator: User | None, variant: Variant) -> User:
    """Without a visitation the course is approved at registration, so it needs its primary home
    educator then: the one chosen, else the home educator registering it."""
    if primary_educator is None and acting_user.role == Role.HOME_EDUCATOR:
        primary_educator = acting_user
    if primary_educator is None:
        raise DomainError(
            _(
                "%(municipality)s's model requires no prior visitation: the course is approved when the referral "
                "is registered. Choose its primary home educator."
            )
            % {"municipality": variant.municipality.name},
            field="primary_educator",
        )
    return primary_educator  # checked as assignable on the course (`_approve_without_visitation`)


def _approve_without_visitation(*, acting_user: User, course: Course, primary_educator: User, variant) -> Course:
    """Straight to approved, through the phase table like any approval (so the reports count it,
    its visitation date the date received), with a decision record saying why no one decided."""
    educator_assignable_check(educator=primary_educator, course=course, field="primary_educator")
    note = no_visitation_note(variant=variant)
    received_on = course.referral.received_on
    moved = course_move(
        acting_user=acting_user,
        course=course,
        target=Phase.DECIDED,
        changes={"primary_educator": primary_educator, "visitation_date": received_on},
        note=note,
        audit_detail="no visitation in the municipality's model",
    )
    IntakeDecision.objects.create(
        course=moved,
        kind=IntakeDecision.Kind.NO_VISITATION,
        decided_on=received_on,
        visitation=variant.visitation,
        note=note,
        by=acting_user,
    )
    return moved


# The first key of PostgreSQL's two-key advisory locks: "registering a child by CPR number"; the
# second is the municipality. (The two-key space does not overlap the one-key locks, such as the
# test databases' build lock.)
_SAME_CHILD_LOCK = 4_100_113


def _same_child_lock(*, municipality, children: list[ChildData]) -> bool:
    """Make registrations of children with a CPR number in one municipality wait for each other
    until the transaction ends, so the look-up of the number and the new family it may lead to
    are one step; True when the lock was taken (a child has a CPR number).

    Why a lock and not a unique constraint: a child has no municipality column (it is the
    family's), and the same CPR number may rightly be recorded in two municipalities after a
    move, so the database cannot say "once per municipality" without a denormalised copy kept in
    step with every family change. Referrals are a handful a day per municipality: waiting a
    moment for another one costs nothing. On PostgreSQL a transaction-scoped advisory lock on
    (this purpose, the municipality); no row is locked, so nothing else in the municipality
    waits. SQLite (development, tests) has one writer at a time: its transactions begin
    IMMEDIATE (config/settings/base.py), which orders two registrations just the same."""
    if not any(child.cpr for child in children):
        return False
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_SAME_CHILD_LOCK, municipality.pk])
    return True


def _referral_create(
    *,
    acting_user: User,
    family: Family,
    on_existing_family: bool,
    risk_factors: list[ReferralRiskFactor],
    received_on: date,
    recruited_by: str,
    recruited_by_other: str,
    referring_professional: str,
    concern: str,
    complexity: str,
    section_52_decided: bool,
    consent_given_on: date | None,
    consent_given_by: str,
    form_key: UUID | None,
) -> Course:
    municipality = family.municipality
    course = course_refer(acting_user=acting_user, municipality=municipality, family=family)
    referral = Referral.objects.create(
        course=course,
        received_on=received_on,
        recruited_by=recruited_by,
        recruited_by_other=recruited_by_other.strip(),
        referring_professional=referring_professional.strip(),
        concern=concern.strip(),
        complexity=complexity,
        section_52_decided=section_52_decided,
        consent_given_on=consent_given_on,
        consent_given_by=consent_given_by.strip(),
        registered_by=acting_user,
        form_key=form_key,
    )
    for row in risk_factors:
        row.referral = referral
    ReferralRiskFactor.objects.bulk_create(risk_factors)
    audit_event_record(
        actor=acting_user,
        action=Action.CREATE,
        object_type="course",
        object_id=course.pk,
        subject=family,
        municipality=municipality,
        criterion="referral registered on an existing family" if on_existing_family else "referral registered",
    )
    return course
