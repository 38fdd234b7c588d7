"""Phase 1: registering a referral (a new family, or a known one found by a child's CPR number)."""

from datetime import date
from uuid import UUID

from django.db import connection, transaction
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
from hjemmepaed.formkeys import form_key_first, form_key_once, form_key_repeat
from hjemmepaed.organisation.models import User
from visitation.access import referral_register_check
from visitation.models import Referral, ReferralRiskFactor
from visitation.services.checks import _age_check, _not_in_future
from visitation.services.local_lists import _risk_factor_rows


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
    form_key: UUID | None = None,
) -> Course:
    """Register a referral: the family, its guardians and children, and a course in phase
    “referred” awaiting the coordinator's intake decision.

    A child whose CPR number is already recorded in the municipality is not registered twice: the
    referral is refused naming the family's courses (that look-up is audited, and stays so
    though the registration is refused), unless `on_existing_family` asks to register it on that
    family, which then gains the parents and children it did not have. Two referrals of the same
    child registered at the same moment make one family: the second waits for the first's
    transaction and then finds its family (see `_same_child_lock`)."""
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
                risk_factors=risk_factors,
                form_key=form_key,
            )
    raise refusal


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
