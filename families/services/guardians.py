"""Changes of a family after the referral, each dated, kept as a `FamilyChange` row and audited:
a parent added or gone, custody gained or lost, a parent's phone and e-mail, the language spoken
at home, the interpreter need and whether a parent lives alone with the children.

The rules: a family keeps at least one parent, and at least one parent with custody (removing,
or taking custody from, the last one is refused); a parent who leaves is kept as history, never
deleted (consents, answers and audit events point at the row); only a parent with custody can
consent, so a new custodian is asked before information is shared again
(`families.services.consent_require` names them) and a parent who leaves or loses custody has
their consents ended on that day (`consents_end_for_guardian`)."""

import re
import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from families import selectors
from families.access import family_change_check, family_guardian_check
from families.models import Family, FamilyChange, Guardian
from families.services.consents import consents_end_for_guardian
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.formkeys import form_key_first, form_key_once, form_key_repeat

_PHONE = re.compile(r"(\+45)?(\d{8})")


def phone_normalise(phone: str) -> str:
    """A Danish phone number: 8 digits, perhaps after +45, spaces allowed. Stored in pairs
    ("+45 12 34 56 78" or "12 34 56 78"); empty stays empty."""
    compact = "".join(phone.split())
    if not compact:
        return ""
    match = _PHONE.fullmatch(compact)
    if match is None:
        raise DomainError(
            _("Write a Danish phone number: 8 digits, perhaps with +45 in front, e.g. 12 34 56 78."), field="phone"
        )
    digits = match.group(2)
    pairs = " ".join(digits[index : index + 2] for index in range(0, 8, 2))
    return f"+45 {pairs}" if match.group(1) else pairs


def email_normalise(email: str) -> str:
    email = email.strip()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(_("Write a valid e-mail address, e.g. navn@eksempel.dk."), field="email") from None
    return email


def _date_check(on: date, *, field: str = "on") -> None:
    if on > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field=field)


def _short(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _change(*, acting_user, family: Family, kind: str, on: date, guardian=None, changed="", form_key=None):
    return FamilyChange.objects.create(
        family=family,
        guardian=guardian,
        kind=kind,
        on=on,
        changed=changed,
        recorded_by=acting_user,
        form_key=form_key,
    )


def _audit(*, acting_user, course, guardian: Guardian | None, action: str, criterion: str) -> None:
    subject = guardian if guardian is not None else course.family
    audit_event_record(
        actor=acting_user,
        action=action,
        object_type="guardian" if guardian is not None else "family",
        object_id=subject.pk,
        subject=subject,
        municipality=course.municipality,
        criterion=criterion,
    )


def _after_last_change_check(*, guardian: Guardian, on: date, field: str) -> None:
    """A parent's changes follow each other in time: none is dated before the last one."""
    last = guardian.changes.filter(kind__in=_DATED_KINDS).order_by("-on").values_list("on", flat=True).first()
    if last is not None and on < last:
        raise DomainError(
            _("%(name)s's last change is dated %(date)s: this change cannot be dated earlier.")
            % {"name": guardian.name, "date": _short(last)},
            field=field,
        )


_DATED_KINDS = (
    FamilyChange.Kind.GUARDIAN_ADDED,
    FamilyChange.Kind.CUSTODY_GAINED,
    FamilyChange.Kind.CUSTODY_LOST,
)


def _locked(guardian: Guardian) -> Guardian:
    """The parent's row, and the family's, locked: two changes of one family run one after the other."""
    Family.objects.select_for_update().get(pk=guardian.family_id)
    return Guardian.objects.select_for_update().get(pk=guardian.pk)


def _last_custodian_check(*, guardian: Guardian, message: str) -> None:
    """`message` (naming the parent) unless another parent of the family has custody."""
    others = selectors.guardians_current(family=guardian.family).filter(has_custody=True).exclude(pk=guardian.pk)
    if guardian.has_custody and not others.exists():
        raise DomainError(message % {"name": guardian.name}, field="guardian")


@form_key_once(FamilyChange, owner="recorded_by", result=lambda change: change.guardian)
@transaction.atomic
def guardian_add(
    *,
    acting_user,
    course,
    name: str,
    relation: str,
    has_custody: bool | None,
    on: date,
    phone: str = "",
    email: str = "",
    form_key: uuid.UUID | None = None,
) -> Guardian:
    """A new parent of the course's family from `on`. With custody, the parent must consent
    before information is shared again: from `on`, every action that needs a consent names them
    until their consent is recorded."""
    family_change_check(acting_user=acting_user, course=course)
    family = Family.objects.select_for_update().get(pk=course.family_id)
    # A post of the same form that held the lock first has added the parent by now: its result.
    first = form_key_first(model=FamilyChange, form_key=form_key, acting_user=acting_user, owner="recorded_by")
    if first is not None:
        return form_key_repeat(first.guardian)
    name = name.strip()
    if not name:
        raise DomainError(_("Write the parent's name."), field="name")
    if relation not in Guardian.Relation.values:
        raise DomainError(_("Choose the parent's relation to the child."), field="relation")
    if has_custody is None:
        raise DomainError(_("Choose whether the parent has custody."), field="has_custody")
    phone = phone_normalise(phone)
    email = email_normalise(email)
    _date_check(on)
    if selectors.guardians_current(family=family).filter(name__iexact=name).exists():
        raise DomainError(_("%(name)s is already recorded as a parent in the family.") % {"name": name}, field="name")
    guardian = Guardian.objects.create(
        family=family,
        name=name,
        relation=relation,
        phone=phone,
        email=email,
        has_custody=has_custody,
        custody_since=on if has_custody else None,
    )
    _change(
        acting_user=acting_user,
        family=family,
        guardian=guardian,
        kind=FamilyChange.Kind.GUARDIAN_ADDED,
        on=on,
        changed="has_custody" if has_custody else "",
        form_key=form_key,
    )
    _audit(
        acting_user=acting_user,
        course=course,
        guardian=guardian,
        action=Action.CREATE,
        criterion=f"parent added on {on.isoformat()}: {relation}, custody {'yes' if has_custody else 'no'}",
    )
    return guardian


@transaction.atomic
def guardian_remove(*, acting_user, course, guardian: Guardian, left_on: date) -> Guardian:
    """The parent left the family on `left_on`. The row stays as history, marked as left: the
    parent's consents, answers and audit events keep pointing at it, and a request of access
    still finds them. From then on the parent counts for no consent or invitation: their active
    consents end that day and their open invitations are cancelled. The last parent, and the last
    parent with custody, cannot be removed."""
    family_change_check(acting_user=acting_user, course=course)
    family_guardian_check(course=course, guardian=guardian)
    guardian = _locked(guardian)
    family_guardian_check(course=course, guardian=guardian)
    _date_check(left_on, field="left_on")
    _after_last_change_check(guardian=guardian, on=left_on, field="left_on")
    if not selectors.guardians_current(family=guardian.family).exclude(pk=guardian.pk).exists():
        raise DomainError(
            _("%(name)s is the family's only parent. A family must keep at least one parent: add the new parent first.")
            % {"name": guardian.name},
            field="guardian",
        )
    _last_custodian_check(
        guardian=guardian,
        message=_(
            "%(name)s is the family's only parent with custody and cannot be removed. A family must keep at "
            "least one parent with custody: record another parent's custody first."
        ),
    )
    ended = consents_end_for_guardian(acting_user=acting_user, guardian=guardian, on=left_on)
    guardian.left_on = left_on
    guardian.save(update_fields=["left_on"])
    _change(
        acting_user=acting_user,
        family=guardian.family,
        guardian=guardian,
        kind=FamilyChange.Kind.GUARDIAN_LEFT,
        on=left_on,
    )
    _audit(
        acting_user=acting_user,
        course=course,
        guardian=guardian,
        action=Action.UPDATE,
        criterion=f"parent left the family on {left_on.isoformat()}; {ended} consents ended",
    )
    return guardian


@transaction.atomic
def guardian_custody_change(*, acting_user, course, guardian: Guardian, has_custody: bool, on: date) -> Guardian:
    """The parent gains or loses custody on `on`.

    Gaining it: from `on` the parent is one of those who must consent, so an action that needs a
    consent is refused, naming them, until their consent is recorded (dated `on` or later).
    Losing it: only a parent with custody can consent, so their active consents end on `on`
    (kept as history and still valid for actions before that day; regaining custody later asks
    for consent anew) and their open questionnaire invitations are cancelled. The family's last
    parent with custody cannot lose it."""
    family_change_check(acting_user=acting_user, course=course)
    family_guardian_check(course=course, guardian=guardian)
    guardian = _locked(guardian)
    family_guardian_check(course=course, guardian=guardian)
    _date_check(on)
    _after_last_change_check(guardian=guardian, on=on, field="on")
    if guardian.has_custody == has_custody:
        message = _("%(name)s already has custody.") if has_custody else _("%(name)s already does not have custody.")
        raise DomainError(message % {"name": guardian.name}, field="has_custody")
    ended = 0
    if has_custody:
        guardian.custody_since = on
    else:
        _last_custodian_check(
            guardian=guardian,
            message=_(
                "%(name)s is the family's only parent with custody and cannot lose it. A family must keep at "
                "least one parent with custody: record another parent's custody first."
            ),
        )
        ended = consents_end_for_guardian(acting_user=acting_user, guardian=guardian, on=on)
        guardian.custody_since = None
    guardian.has_custody = has_custody
    guardian.save(update_fields=["has_custody", "custody_since"])
    kind = FamilyChange.Kind.CUSTODY_GAINED if has_custody else FamilyChange.Kind.CUSTODY_LOST
    _change(acting_user=acting_user, family=guardian.family, guardian=guardian, kind=kind, on=on)
    _audit(
        acting_user=acting_user,
        course=course,
        guardian=guardian,
        action=Action.UPDATE,
        criterion=f"{kind} on {on.isoformat()}" + (f"; {ended} consents ended" if ended else ""),
    )
    return guardian


@transaction.atomic
def guardian_contact_update(*, acting_user, course, guardian: Guardian, phone: str, email: str) -> Guardian:
    """A parent's phone number and e-mail address, checked (a Danish phone number, a valid
    address); the history names what changed, not the old values."""
    family_change_check(acting_user=acting_user, course=course)
    family_guardian_check(course=course, guardian=guardian)
    guardian = _locked(guardian)
    new = {"phone": phone_normalise(phone), "email": email_normalise(email)}
    changed = [field for field, value in new.items() if getattr(guardian, field) != value]
    if not changed:
        raise DomainError(_("Nothing was changed: the phone number and e-mail address are as recorded."))
    for field in changed:
        setattr(guardian, field, new[field])
    guardian.save(update_fields=changed)
    _change(
        acting_user=acting_user,
        family=guardian.family,
        guardian=guardian,
        kind=FamilyChange.Kind.CONTACT_CHANGED,
        on=timezone.localdate(),
        changed=" ".join(changed),
    )
    _audit(
        acting_user=acting_user,
        course=course,
        guardian=guardian,
        action=Action.UPDATE,
        criterion="contact details changed: " + ", ".join(changed),
    )
    return guardian


@transaction.atomic
def family_household_update(
    *,
    acting_user,
    course,
    language: str,
    interpreter_needed: bool,
    single_parent: bool,
) -> Family:
    """The language spoken at home, the need of an interpreter and whether a parent lives alone
    with the children, as they are now; the history names what changed."""
    family_change_check(acting_user=acting_user, course=course)
    family = Family.objects.select_for_update().get(pk=course.family_id)
    language = " ".join(language.split())
    if not language:
        raise DomainError(_("Write the language spoken at home, e.g. dansk."), field="language")
    if len(language) > Family._meta.get_field("language").max_length:
        raise DomainError(_("Write the language in at most 60 characters."), field="language")
    new = {"language": language, "interpreter_needed": interpreter_needed, "single_parent": single_parent}
    changed = [field for field, value in new.items() if getattr(family, field) != value]
    if not changed:
        raise DomainError(_("Nothing was changed: the language and household are as recorded."))
    for field in changed:
        setattr(family, field, new[field])
    family.save(update_fields=changed)
    _change(
        acting_user=acting_user,
        family=family,
        kind=FamilyChange.Kind.HOUSEHOLD_CHANGED,
        on=timezone.localdate(),
        changed=" ".join(changed),
    )
    _audit(
        acting_user=acting_user,
        course=course,
        guardian=None,
        action=Action.UPDATE,
        criterion="household changed: " + ", ".join(changed),
    )
    return family
