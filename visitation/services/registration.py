"""Phase 1: registering a referral (a new family, or a known one found by a child's CPR number)."""

from datetime import date
from uuid import UUID

from django.db import transaction
from django.utils.translation import gettext as _

from courses.models import Course, Phase
from courses.services import course_refer
from courses.workflow import OPEN
from families.models import Family

# The parts of a referral, families' to store; referral_register's callers import them from here.
from families.services import ChildData, GuardianData, family_create, family_find_by_child_cpr, family_members_add
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.cpr import cpr_birth_date, cpr_normalise
from hjemmepaed.errors import DomainError
from hjemmepaed.formkeys import form_key_once
from hjemmepaed.organisation.models import User
from visitation.access import referral_register_check
from visitation.models import ChildRiskFactor, ParentRiskFactor, Referral, ReferralRiskFactor
from visitation.services.checks import _age_check, _not_in_future


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
