"""Writes of family data and deliberate reads that need their own audit trail: a family as a
referral registers it, members a later referral adds, a CPR number shown in full, the CPR keys'
rotation, the retention job's anonymisation and the sheet import's nameless families."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from families import selectors
from families.models import ANONYMISED, IMPORTED_CHILD_NAME, Child, DaycarePeriod, Family, Guardian
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.bulk import rows_insert
from hjemmepaed.cpr import cpr_decrypt, cpr_encrypt, cpr_lookup_hash, cpr_normalise, cpr_rotate
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Daycare, Municipality


@dataclass(frozen=True)
class GuardianData:
    name: str
    relation: str
    phone: str = ""
    email: str = ""
    has_custody: bool = True


@dataclass(frozen=True)
class ChildData:
    name: str
    birth_date: date | None = None
    expected_due_date: date | None = None
    daycare: Daycare | None = None
    attends_daycare: bool = False
    cpr: str = ""
    sex: str = ""  # families.models.ChildSex


def _child_row(*, family: Family, child: ChildData) -> Child:
    fields = {key: value for key, value in child.__dict__.items() if key != "cpr"}
    if child.cpr:
        digits = cpr_normalise(child.cpr)
        fields.update(cpr_encrypted=cpr_encrypt(digits), cpr_hash=cpr_lookup_hash(digits))
    return Child(family=family, **fields)


def family_create(
    *,
    municipality: Municipality,
    guardians: list[GuardianData],
    children: list[ChildData],
    single_parent: bool = False,
    language: str = "dansk",
    interpreter_needed: bool = False,
) -> Family:
    """A family with its guardians and children, from a referral the caller has checked (and
    whose audit event names the family). A CPR number is stored encrypted, with its lookup hash."""
    family = Family.objects.create(
        municipality=municipality,
        single_parent=single_parent,
        language=language.strip() or "dansk",
        interpreter_needed=interpreter_needed,
    )
    Guardian.objects.bulk_create(Guardian(family=family, **guardian.__dict__) for guardian in guardians)
    Child.objects.bulk_create(_child_row(family=family, child=child) for child in children)
    return family


def family_find_by_child_cpr(*, acting_user, children: list[ChildData]) -> Family | None:
    """The family of the acting user's municipality that already has one of `children` (the same
    CPR number, exact). A match reveals that the family exists: a search event, whose criterion
    never holds the number; no match writes nothing."""
    for child in children:
        if not child.cpr:
            continue
        match = selectors.child_with_cpr_in_municipality(municipality=acting_user.municipality, cpr=child.cpr)
        if match is None:
            continue
        audit_event_record(
            actor=acting_user,
            action=Action.SEARCH,
            object_type="family",
            object_id=match.family_id,
            subject=match.family,
            municipality=acting_user.municipality,
            criterion="child's CPR number at a referral: existing family found",
        )
        return match.family
    return None


def family_members_add(*, family: Family, guardians: list[GuardianData], children: list[ChildData]) -> Family:
    """A new referral of a family already registered: the parents and children it names that are
    not recorded yet are added (a parent by name, a child by CPR number or by name); the recorded
    ones stay as they are. Only inside the referral's registration, whose audit event covers it."""
    names = {guardian.name.strip().casefold() for guardian in family.guardians.all()}
    Guardian.objects.bulk_create(
        Guardian(family=family, **guardian.__dict__)
        for guardian in guardians
        if guardian.name.strip().casefold() not in names
    )
    recorded = list(family.children.all())
    hashes = {child.cpr_hash for child in recorded if child.cpr_hash}
    child_names = {child.name.strip().casefold() for child in recorded}
    Child.objects.bulk_create(
        _child_row(family=family, child=child)
        for child in children
        if not (child.cpr and cpr_lookup_hash(cpr_normalise(child.cpr)) in hashes)
        and child.name.strip().casefold() not in child_names
    )
    return family


def child_cpr_reveal(
    *,
    acting_user,
    child: Child,
    purpose: str,
) -> str:
    """The full CPR number, for a stated purpose. Every reveal is an audit event."""
    if not child.cpr_encrypted:
        raise DomainError(_("No CPR number is recorded for this child."))
    if not purpose.strip():
        raise DomainError(_("Write why you need to see the full CPR number."), field="purpose")
    audit_event_record(
        actor=acting_user,
        action=Action.VIEW,
        object_type="child_cpr",
        object_id=child.pk,
        subject=child,
        municipality=child.family.municipality,
        criterion=purpose.strip(),
    )
    return cpr_decrypt(child.cpr_encrypted)


@transaction.atomic
def cpr_keys_rotate(batch_size: int = 500) -> int:
    """Re-encrypt every CPR number under the first key of CPR_ENCRYPTION_KEYS."""
    children = list(Child.objects.exclude(cpr_encrypted="").only("pk", "cpr_encrypted").select_for_update())
    for child in children:
        child.cpr_encrypted = cpr_rotate(child.cpr_encrypted)
    Child.objects.bulk_update(children, ["cpr_encrypted"], batch_size=batch_size)
    audit_event_record(  # the operator's maintenance: one event for all, no number in it
        actor=None,
        action=Action.UPDATE,
        object_type="child_cpr",
        object_id=len(children),
        criterion=f"{len(children)} CPR numbers re-encrypted under the newest key",
    )
    return len(children)


def guardian_email_set(*, guardian: Guardian, email: str) -> Guardian:
    """Keep the address a guardian's questionnaire link was sent to, for the next time."""
    if guardian.email != email:
        guardian.email = email
        guardian.save(update_fields=["email"])
    return guardian


def _daycare_periods_anonymise(*, child: Child) -> None:
    """A child's daycare periods keep their daycares, their dates cut to the month as her birth
    date is. Of the periods that began in the same month only the last stays (the daycare she
    went to at the month's end): two starts on the 1st would break the unique start, and a stay
    shorter than a month is a detail the anonymised history can do without. Each period then
    ends the day before the next begins."""
    periods = list(
        DaycarePeriod.objects.filter(child=child).select_for_update().order_by(F("starts_on").asc(nulls_first=True))
    )
    kept: dict[date | None, DaycarePeriod] = {}
    for period in periods:  # oldest first: a later start of the same month replaces an earlier one
        kept[period.starts_on.replace(day=1) if period.starts_on else None] = period
    dropped = [period.pk for period in periods if period not in kept.values()]
    DaycarePeriod.objects.filter(pk__in=dropped).delete()
    starts = list(kept)
    for index, (month, period) in enumerate(kept.items()):
        following = starts[index + 1] if index + 1 < len(starts) else None
        period.starts_on = month
        period.ends_on = following - timedelta(days=1) if following else None
        period.save(update_fields=["starts_on", "ends_on"])


def family_anonymise(*, family: Family, now) -> Family:
    """The family's names, CPR numbers and contact details go; a birth date is cut to its month,
    and so are the dates of the children's daycare periods (`_daycare_periods_anonymise`).

    Called only by the retention job (`privacy.services.course_anonymise_after_retention`) inside
    its transaction, once every course of the family is anonymised and with the family row locked;
    the job records the audit event.
    """
    Guardian.objects.filter(family=family).update(name=ANONYMISED, phone="", email="")
    for child in Child.objects.filter(family=family).select_for_update():
        child.name = ANONYMISED
        child.cpr_encrypted = ""
        child.cpr_hash = ""
        child.birth_date = child.birth_date.replace(day=1) if child.birth_date else None
        child.expected_due_date = child.expected_due_date.replace(day=1) if child.expected_due_date else None
        child.save(update_fields=["name", "cpr_encrypted", "cpr_hash", "birth_date", "expected_due_date"])
        _daycare_periods_anonymise(child=child)
    family.language = ""
    family.single_parent = False
    family.interpreter_needed = False
    family.anonymised_at = now
    family.save(update_fields=["language", "single_parent", "interpreter_needed", "anonymised_at"])
    return family


@dataclass(frozen=True)
class ImportedChild:
    """The child of a course imported from a registration sheet: its birth month, perhaps its sex."""

    birth_month: date
    sex: str = ""  # families.models.ChildSex


@transaction.atomic
def family_import_create(*, acting_user, children: list[ImportedChild | None]) -> list[int]:
    """One new family in the acting coordinator's municipality for each of `children`, for courses
    imported from a registration sheet; the families' ids, in order. The sheets hold no names: no
    parent is recorded, and a family's child (None: none known) is recorded without a name, born
    on its birth month's first day, so SDQ measurements can be attached to it. Only inside the
    sheet import, whose one audit event covers them. Written as one statement per table
    (`hjemmepaed.bulk.rows_insert`: a sheet has up to 50,000 rows)."""
    family_ids = rows_insert(Family, count=len(children), same={"municipality": acting_user.municipality_id}, ids=True)
    born = [(family_id, child) for family_id, child in zip(family_ids, children, strict=True) if child is not None]
    rows_insert(
        Child,
        count=len(born),
        columns={
            "family": [family_id for family_id, _child in born],
            "birth_date": [child.birth_month.replace(day=1) for _family_id, child in born],
            "sex": [child.sex for _family_id, child in born],
        },
        same={"name": IMPORTED_CHILD_NAME},
    )
    return family_ids
