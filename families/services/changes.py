"""Changes to a child over time, recorded on the course's page: the birth of an expected child,
a dated change of daycare (with its history, `DaycarePeriod`) and the child's sex.

The checks take the course (its educators and the municipality's coordinators write), as the
consents do; this app imports nothing of `courses`.
"""

from datetime import date, timedelta
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from families import selectors
from families.access import course_staff_check
from families.models import Child, ChildSex, DaycarePeriod
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.cpr import cpr_birth_date, cpr_encrypt, cpr_lookup_hash, cpr_normalise
from hjemmepaed.errors import DomainError
from hjemmepaed.formkeys import form_key_first, form_key_once, form_key_repeat
from hjemmepaed.organisation.models import Daycare, User

# How far a recorded birth may lie from the expected due date. A birth before 22 weeks of
# pregnancy (18 weeks before a due date at 40 weeks) is not viable; a pregnancy is not let run
# past 42 weeks (2 weeks after the due date), and a due date written at the referral may be a
# week off. Outside these bounds a date is a typing error (a wrong year or month), not a birth.
BIRTH_WEEKS_BEFORE_DUE = 18
BIRTH_WEEKS_AFTER_DUE = 3

# The name a referral gives a child not yet born (the child's name field's help text).
UNBORN_NAME = "ufødt barn"


def _child_of_course_check(*, acting_user: User, course, child: Child) -> None:
    course_staff_check(acting_user=acting_user, course=course)
    if child.family_id != course.family_id:
        raise DomainError(_("The child does not belong to the course's family."))
    if course.family.anonymised_at is not None:
        raise DomainError(_("The family's personal data has been anonymised; nothing more can be recorded."))


def _birth_date_check(*, child: Child, birth_date: date) -> None:
    if birth_date > timezone.localdate():
        raise DomainError(_("The birth date cannot be in the future."), field="birth_date")
    due = child.expected_due_date
    earliest, latest = due - timedelta(weeks=BIRTH_WEEKS_BEFORE_DUE), due + timedelta(weeks=BIRTH_WEEKS_AFTER_DUE)
    if not earliest <= birth_date <= latest:
        raise DomainError(
            _(
                "The birth date lies too far from the expected due date %(due)s: a birth is recorded "
                "between %(earliest)s and %(latest)s. Check the date."
            )
            % {
                "due": date_format(due, "SHORT_DATE_FORMAT"),
                "earliest": date_format(earliest, "SHORT_DATE_FORMAT"),
                "latest": date_format(latest, "SHORT_DATE_FORMAT"),
            },
            field="birth_date",
        )


def _cpr_check(*, acting_user: User, course, child: Child, cpr: str, birth_date: date) -> str:
    """The number's 10 digits when it fits the birth and is new in the municipality. A child
    already recorded with it refuses the birth; that look-up revealed the child exists, so it is a
    search event (without the number), kept though the birth is refused."""
    digits = cpr_normalise(cpr)
    if cpr_birth_date(digits) != birth_date:
        raise DomainError(
            _("The CPR number does not match the birth date: its first six digits are the birth date (DDMMÅÅ)."),
            field="cpr",
        )
    match = selectors.child_with_cpr_in_municipality(municipality=course.municipality, cpr=digits)
    if match is not None and match.pk != child.pk:
        audit_event_record(
            actor=acting_user,
            action=Action.SEARCH,
            object_type="family",
            object_id=match.family_id,
            subject=match.family,
            municipality=course.municipality,
            criterion="child's CPR number at a recorded birth: a child with it is already registered",
        )
        raise DomainError(
            _(
                "A child with this CPR number is already registered in the municipality. Check the number; "
                "if it is right, ask a coordinator to find the child's family."
            ),
            field="cpr",
        )
    return digits


def _recorded_already(*, child: Child, birth_date: date, name: str) -> Child:
    """The same birth sent again (a second tap, the back button) is the first one; another is
    refused: a recorded birth is not edited here."""
    if (child.birth_date, child.name) == (birth_date, name.strip()):
        return form_key_repeat(child)
    raise DomainError(_("The birth of %(name)s is already recorded.") % {"name": child.name})


# Not atomic as a whole: the audited look-up of a CPR number already registered stays when the
# birth is refused (as at a referral); the write has its own atomic block.
def child_birth_record(
    *,
    acting_user: User,
    course,
    child: Child,
    birth_date: date,
    name: str,
    cpr: str = "",
) -> Child:
    """The birth of a child expected at the referral: her birth date, name and (if known) CPR
    number. The course can then start, and the age rules count from the birth."""
    _child_of_course_check(acting_user=acting_user, course=course, child=child)
    if child.birth_date is not None:
        return _recorded_already(child=child, birth_date=birth_date, name=name)
    _birth_date_check(child=child, birth_date=birth_date)
    name = name.strip()
    if not name or name.casefold() == UNBORN_NAME:
        raise DomainError(_("Write the child's name."), field="name")
    digits = (
        _cpr_check(acting_user=acting_user, course=course, child=child, cpr=cpr, birth_date=birth_date)
        if cpr.strip()
        else ""
    )
    with transaction.atomic():
        child = Child.objects.select_for_update().get(pk=child.pk)
        if child.birth_date is not None:  # recorded meanwhile
            return _recorded_already(child=child, birth_date=birth_date, name=name)
        child.birth_date, child.name = birth_date, name
        fields = ["birth_date", "name"]
        if digits:
            child.cpr_encrypted, child.cpr_hash = cpr_encrypt(digits), cpr_lookup_hash(digits)
            fields += ["cpr_encrypted", "cpr_hash"]
        child.save(update_fields=fields)
        audit_event_record(
            actor=acting_user,
            action=Action.UPDATE,
            object_type="child",
            object_id=child.pk,
            subject=child,
            municipality=course.municipality,
            criterion="birth recorded",
        )
    return child


def _daycare_check(*, course, child: Child, daycare: Daycare | None, attends_daycare: bool) -> None:
    if daycare is not None and daycare.municipality_id != course.municipality_id:
        raise DomainError(_("The daycare must belong to the municipality."), field="daycare")
    if attends_daycare and daycare is None:
        raise DomainError(_("Choose the daycare %(name)s attends.") % {"name": child.name}, field="daycare")
    if daycare is not None and not daycare.is_active and daycare.pk != child.daycare_id:
        raise DomainError(
            _("%(daycare)s is no longer active and cannot be chosen.") % {"daycare": daycare.name}, field="daycare"
        )
    if (daycare, attends_daycare) == (child.daycare, child.attends_daycare):
        raise DomainError(_("That is already the child's daycare: choose the new one."), field="daycare")


@form_key_once(DaycarePeriod, owner="recorded_by", scope=("child",))
@transaction.atomic
def child_daycare_change(
    *,
    acting_user: User,
    course,
    child: Child,
    on: date,
    daycare: Daycare | None,
    attends_daycare: bool,
    form_key: UUID | None = None,
) -> DaycarePeriod:
    """From `on`, the child goes to `daycare` (or attends none): the current period ends the day
    before and a new one begins, so the earlier daycares are kept with their dates."""
    _child_of_course_check(acting_user=acting_user, course=course, child=child)
    child = Child.objects.select_for_update().get(pk=child.pk)
    # The same form posted at the same moment waited for the lock: the first post's period.
    first = form_key_first(
        model=DaycarePeriod, form_key=form_key, acting_user=acting_user, owner="recorded_by", child_id=child.pk
    )
    if first is not None:
        return form_key_repeat(first)
    if child.birth_date is None:
        raise DomainError(_("Record the birth of %(name)s first.") % {"name": child.name}, field="on")
    if on > timezone.localdate():
        raise DomainError(_("Record the change on the day it happens, not in advance."), field="on")
    if on < child.birth_date:
        raise DomainError(
            _("The change cannot be before %(name)s was born (%(date)s).")
            % {"name": child.name, "date": date_format(child.birth_date, "SHORT_DATE_FORMAT")},
            field="on",
        )
    _daycare_check(course=course, child=child, daycare=daycare, attends_daycare=attends_daycare)
    current = child.daycare_periods.filter(ends_on__isnull=True).first()
    if current is not None and current.starts_on is not None and on <= current.starts_on:
        raise DomainError(
            _("The change must come after the last change of daycare (%(date)s).")
            % {"date": date_format(current.starts_on, "SHORT_DATE_FORMAT")},
            field="on",
        )
    if current is None:  # the first change: keep the daycare recorded at the referral
        DaycarePeriod.objects.create(
            child=child, daycare=child.daycare, attends_daycare=child.attends_daycare, ends_on=on - timedelta(days=1)
        )
    else:
        current.ends_on = on - timedelta(days=1)
        current.save(update_fields=["ends_on"])
    period = DaycarePeriod.objects.create(
        child=child,
        daycare=daycare,
        attends_daycare=attends_daycare,
        starts_on=on,
        recorded_by=acting_user,
        form_key=form_key,
    )
    child.daycare, child.attends_daycare = daycare, attends_daycare
    child.save(update_fields=["daycare", "attends_daycare"])
    audit_event_record(
        actor=acting_user,
        action=Action.CREATE,
        object_type="daycare_period",
        object_id=period.pk,
        subject=child,
        municipality=course.municipality,
    )
    return period


@transaction.atomic
def child_sex_set(*, acting_user: User, course, child: Child, sex: str) -> Child:
    """The child's sex as the parents state it (optional: "not stated" clears it), so that
    sex-specific SDQ norms apply to her measurements."""
    _child_of_course_check(acting_user=acting_user, course=course, child=child)
    if sex not in ChildSex.values:
        raise DomainError(_("Choose girl, boy or not stated."), field="sex")
    child = Child.objects.select_for_update().get(pk=child.pk)
    if child.sex == sex:
        return child
    child.sex = sex
    child.save(update_fields=["sex"])
    audit_event_record(
        actor=acting_user,
        action=Action.UPDATE,
        object_type="child",
        object_id=child.pk,
        subject=child,
        municipality=course.municipality,
        criterion="sex",
    )
    return child
