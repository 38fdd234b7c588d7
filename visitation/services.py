"""Phase 1: registering a referral and the coordinator's intake decision."""

from datetime import date
from uuid import UUID

from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses import rules
from courses.models import Course, Phase
from courses.services import course_move, course_refer
from courses.workflow import OPEN
from families.models import ANONYMISED, Family

# The parts of a referral, families' to store; referral_register's callers import them from here.
from families.services import ChildData, GuardianData, family_create, family_find_by_child_cpr, family_members_add
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.cpr import cpr_birth_date, cpr_normalise
from hjemmepaed.errors import DomainError
from hjemmepaed.formkeys import form_key_once
from hjemmepaed.organisation.models import User
from visitation.access import educator_assignable_check, referral_decide_check, referral_register_check
from visitation.models import ChildRiskFactor, ParentRiskFactor, Referral, ReferralRiskFactor


def _not_in_future(value: date, *, field: str, label: str) -> None:
    if value > timezone.localdate():
        raise DomainError(_("%(label)s cannot be in the future.") % {"label": label}, field=field)


def _age_check(*, children, on: date, message: str, field: str) -> None:
    """The course's age limit (`courses.rules`), applied on the expected start `on`; a child
    not yet born (a due date only) passes, its age counts from the birth."""
    for child in children:
        if child.birth_date is not None and rules.over_age_limit(child.birth_date, on):
            birthday = date_format(rules.third_birthday(child.birth_date), "SHORT_DATE_FORMAT")
            raise DomainError(message % {"name": child.name, "birthday": birthday}, field=field)


def _children_check(*, children: list[ChildData], municipality, received_on: date) -> None:
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
    # The course can start no earlier than the referral was received.
    _age_check(
        children=children,
        on=received_on,
        message=_(
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


# Not atomic as a whole: its audited look-up of the CPR number stays when the registration is
# refused; the writes have their own atomic block, which also makes a lost race recoverable.
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
    form_key: UUID | None = None,
) -> Course:
    """Register a referral: the family, its guardians and children, and a course in phase
    “referred” awaiting the coordinator's intake decision.

    A child whose CPR number is already recorded in the municipality is not registered twice: the
    referral is refused naming the family's courses (that look-up is audited, and stays so
    though the registration is refused), unless `on_existing_family` asks to register it on that
    family, which then gains the parents and children it did not have."""
    referral_register_check(acting_user=acting_user)
    municipality = acting_user.municipality
    _not_in_future(received_on, field="received_on", label=_("The date received"))
    if not guardians:
        raise DomainError(_("Add at least one parent or guardian."), field="guardians")
    _children_check(children=children, municipality=municipality, received_on=received_on)
    if recruited_by == "other" and not recruited_by_other.strip():
        raise DomainError(_("Write who recruited the family."), field="recruited_by_other")
    if consent_given_on is not None:
        _not_in_future(consent_given_on, field="consent_given_on", label=_("The date of consent"))
        if not consent_given_by.strip():
            raise DomainError(_("Write who gave the consent."), field="consent_given_by")
    existing = _existing_family(acting_user=acting_user, children=children, on_existing_family=on_existing_family)
    with transaction.atomic():
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
        return _referral_create(
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
            parent_risk_factors=parent_risk_factors,
            child_risk_factors=child_risk_factors,
            form_key=form_key,
        )


def _referral_create(
    *,
    acting_user: User,
    family: Family,
    on_existing_family: bool,
    parent_risk_factors,
    child_risk_factors,
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
    ReferralRiskFactor.objects.bulk_create(
        [
            *(
                ReferralRiskFactor(referral=referral, kind="parent", factor=ParentRiskFactor(f))
                for f in set(parent_risk_factors)
            ),
            *(
                ReferralRiskFactor(referral=referral, kind="child", factor=ChildRiskFactor(f))
                for f in set(child_risk_factors)
            ),
        ]
    )
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


def referral_anonymise(*, course: Course) -> None:
    """The referral's free text goes; dates and choices stay.

    Called only by the retention job (`privacy.services.course_anonymise_after_retention`) inside
    its transaction, with the course row locked; the job records the audit event.
    """
    Referral.objects.filter(course=course).update(
        recruited_by_other=_anonymised_if_filled("recruited_by_other"),
        referring_professional="",
        concern="",
        consent_given_by=_anonymised_if_filled("consent_given_by"),
    )


def _anonymised_if_filled(field: str):
    """ANONYMISED where the text was filled in (a database constraint requires it), else empty."""
    return Case(When(**{field: ""}, then=Value("")), default=Value(ANONYMISED))
