"""Writes of the organisation: daycares, the retention settings and the staff's second factor.
A municipality's staff accounts are written in `services.staff` (re-exported here)."""

import math
import time
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.access import second_factor_reset_check
from hjemmepaed.organisation.models import ArchiveDecision, Daycare, Municipality, User
from hjemmepaed.organisation.second_factor import (
    RECOVERY_CODE_COUNT,
    TOTP_CODE,
    code_already_used,
    normalise_code,
)


def _ensure_unique_name(*, municipality: Municipality, name: str, exclude_pk=None) -> None:
    clash = Daycare.objects.filter(municipality=municipality, name__iexact=name.strip())
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise DomainError(
            _("The municipality already has a daycare named “%(name)s”.") % {"name": name},
            field="name",
        )


@transaction.atomic
def daycare_create(
    *,
    acting_user: User,
    name: str,
    kind: str,
) -> Daycare:
    municipality = acting_user.municipality
    if municipality is None:
        raise DomainError(_("Only staff of a municipality can create its daycares."))
    _ensure_unique_name(municipality=municipality, name=name)
    try:
        with transaction.atomic():
            daycare = Daycare.objects.create(municipality=municipality, name=name.strip(), kind=kind)
    except IntegrityError as exc:  # a concurrent create of the same name
        raise DomainError(
            _("The municipality already has a daycare named “%(name)s”.") % {"name": name},
            field="name",
        ) from exc
    audit_event_record(
        actor=acting_user,
        action=Action.CREATE,
        object_type="daycare",
        object_id=daycare.pk,
        municipality=municipality,
    )
    return daycare


@transaction.atomic
def daycare_update(
    *,
    acting_user: User,
    daycare: Daycare,
    name: str,
    kind: str,
    is_active: bool,
) -> Daycare:
    daycare = Daycare.objects.select_for_update().get(pk=daycare.pk)
    _ensure_unique_name(municipality=daycare.municipality, name=name, exclude_pk=daycare.pk)
    changed = []
    for field, value in (("name", name.strip()), ("kind", kind), ("is_active", is_active)):
        if getattr(daycare, field) != value:
            setattr(daycare, field, value)
            changed.append(field)
    if changed:
        daycare.save(update_fields=changed)
        audit_event_record(
            actor=acting_user,
            action=Action.UPDATE,
            object_type="daycare",
            object_id=daycare.pk,
            municipality=daycare.municipality,
            criterion=", ".join(changed),
        )
    return daycare


RETENTION_YEARS_MIN = 1
RETENTION_YEARS_MAX = 20


def _ensure_manager_of(*, acting_user: User, municipality: Municipality) -> None:
    if not acting_user.is_manager or acting_user.municipality_id != municipality.pk:
        raise DomainError(_("Only a manager of the municipality can change how long personal data is kept."))


@transaction.atomic
def municipality_hourly_rate_set(
    *,
    acting_user: User,
    municipality: Municipality,
    rate,
) -> Municipality:
    """The hourly rate the reports' cost of visits uses (empty: no cost is shown)."""
    if rate is not None and rate <= 0:
        raise DomainError(_("The hourly rate must be more than 0 kr."), field="visit_hourly_rate")
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    municipality.visit_hourly_rate = rate
    municipality.save(update_fields=["visit_hourly_rate"])
    audit_event_record(
        actor=acting_user,
        action=Action.UPDATE,
        object_type="municipality",
        object_id=municipality.pk,
        municipality=municipality,
        criterion="hourly rate",
    )
    return municipality


@transaction.atomic
def municipality_retention_set(
    *,
    acting_user: User,
    municipality: Municipality,
    years: int,
) -> Municipality:
    """How many years after a course ended its personal data is kept (1–20)."""
    _ensure_manager_of(acting_user=acting_user, municipality=municipality)
    if years is None or not RETENTION_YEARS_MIN <= years <= RETENTION_YEARS_MAX:
        raise DomainError(
            _("Personal data must be kept from %(min)s to %(max)s years after a course ended.")
            % {"min": RETENTION_YEARS_MIN, "max": RETENTION_YEARS_MAX},
            field="retention_years",
        )
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    if municipality.retention_years == years:
        return municipality
    previous = municipality.retention_years
    municipality.retention_years = years
    municipality.save(update_fields=["retention_years"])
    audit_event_record(
        actor=acting_user,
        action=Action.UPDATE,
        object_type="municipality_retention",
        object_id=municipality.pk,
        municipality=municipality,
        criterion=f"retention years {previous} -> {years}",
    )
    return municipality


@transaction.atomic
def municipality_offline_use_set(*, acting_user: User, municipality: Municipality, allowed: bool) -> Municipality:
    """Whether the municipality's home educators may log visits without a connection (their
    phones then keep the visit form of their running courses and a queue of typed visits)."""
    if not acting_user.is_manager or acting_user.municipality_id != municipality.pk:
        raise DomainError(_("Only a manager of the municipality can change whether visits may be logged offline."))
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    if municipality.offline_use == allowed:
        return municipality
    municipality.offline_use = allowed
    municipality.save(update_fields=["offline_use"])
    audit_event_record(
        actor=acting_user,
        action=Action.UPDATE,
        object_type="municipality_offline_use",
        object_id=municipality.pk,
        municipality=municipality,
        criterion=f"offline use {'on' if allowed else 'off'}",
    )
    return municipality


@transaction.atomic
def archive_decision_record(
    *,
    acting_user: User,
    municipality: Municipality,
    decided_on: date,
    reference: str,
    note: str = "",
) -> ArchiveDecision:
    """A new archive decision; it counts from now on, the earlier ones stay as history."""
    _ensure_manager_of(acting_user=acting_user, municipality=municipality)
    if decided_on > timezone.localdate():
        raise DomainError(_("The decision date cannot be in the future."), field="decided_on")
    if not reference.strip():
        raise DomainError(_("Write the decision's reference or journal number."), field="reference")
    decision = ArchiveDecision.objects.create(
        municipality=municipality,
        decided_on=decided_on,
        reference=reference.strip(),
        note=note.strip(),
        recorded_by=acting_user,
    )
    audit_event_record(
        actor=acting_user,
        action=Action.CREATE,
        object_type="archive_decision",
        object_id=decision.pk,
        municipality=municipality,
    )
    return decision


# The second factor. One confirmed TOTP device (an authenticator app) per user, and one static
# device holding the user's recovery codes. A wrong code counts against the device in
# django-otp's throttle (1, 2, 4, 8 ... seconds before the next try), so the verification runs in
# its own transaction that commits the count, and the error is raised after it.

WRONG_CODE = gettext_noop("The code is not correct. Check the code and try again.")
USED_CODE = gettext_noop("The code has already been used – wait for the next one.")


def _audit_second_factor(*, acting_user: User, action: str, criterion: str, user: User | None = None) -> None:
    """One audit event about a staff member's second factor (their own, unless `user`)."""
    user = user or acting_user
    audit_event_record(
        actor=acting_user,
        action=action,
        object_type="user",
        object_id=user.pk,
        municipality=user.municipality,
        criterion=criterion,
    )


def _throttled_message(locked_until) -> str:
    """The wait django-otp's throttle really asks for (1, 2, 4, 8 ... seconds), rounded up."""
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    if seconds < 120:
        return ngettext(
            "Too many wrong codes. Wait %(seconds)d second and try again.",
            "Too many wrong codes. Wait %(seconds)d seconds and try again.",
            seconds,
        ) % {"seconds": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Too many wrong codes. Wait %(minutes)d minute and try again.",
        "Too many wrong codes. Wait %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}


def _code_check(device: Device | None, code: str) -> str | None:
    """None when `device` accepts `code` (and uses it up), else the error message.

    A code the app showed for a step already used (a second login within the same 30 seconds)
    is told apart from a wrong one, and counts no failure: whoever typed it had the app."""
    if device is None:
        return _(WRONG_CODE)
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return _throttled_message(details["locked_until"])
    if isinstance(device, TOTPDevice) and code_already_used(device, code, time.time()):
        return _(USED_CODE)
    if not device.verify_token(code):
        return _(WRONG_CODE)
    return None


def _recovery_codes_replace(*, user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Recovery codes", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    codes = sorted(codes)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def enrolment_device_get_or_create(*, user: User) -> TOTPDevice:
    """The not yet confirmed authenticator app the user is setting up; the same on a reload."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def second_factor_enrol(
    *,
    acting_user: User,
    code: str,
) -> tuple[TOTPDevice, list[str]]:
    """Confirm the app being set up with a code it shows; returns it and new recovery codes."""
    code = normalise_code(code)
    with transaction.atomic():
        if TOTPDevice.objects.filter(user=acting_user, confirmed=True).exists():
            raise DomainError(_("Two-step verification is already set up."), field="code")
        device = TOTPDevice.objects.select_for_update().filter(user=acting_user, confirmed=False).order_by("pk").first()
        error = _code_check(device, code) if TOTP_CODE.fullmatch(code) else _(WRONG_CODE)
        if error is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=acting_user, confirmed=False).delete()
            codes = _recovery_codes_replace(user=acting_user)
            _audit_second_factor(acting_user=acting_user, action=Action.CREATE, criterion="second factor enrolled")
    if error is not None:
        raise DomainError(error, field="code")
    return device, codes


def _device_accepting(*, user: User, code: str) -> tuple[Device | None, str | None]:
    """The device that accepts `code` (used up) and None, or the error message; the caller's
    transaction must commit either way, so django-otp's throttle counts a failure."""
    code = normalise_code(code)
    if TOTP_CODE.fullmatch(code):
        devices = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
    device = devices.order_by("pk").first()
    return device, _code_check(device, code)


def second_factor_verify(
    *,
    acting_user: User,
    code: str,
) -> Device:
    """The device that accepts `code`: six digits from the app, or an unused recovery code,
    which is used up."""
    with transaction.atomic():
        device, error = _device_accepting(user=acting_user, code=code)
        if error is None and isinstance(device, StaticDevice):
            _audit_second_factor(acting_user=acting_user, action=Action.UPDATE, criterion="recovery code used")
    if error is not None:
        raise DomainError(error, field="code")
    return device


def recovery_codes_regenerate(
    *,
    acting_user: User,
    code: str,
) -> list[str]:
    """New recovery codes, after a current code from the app or an unused recovery code (a
    signed-in session alone is not enough); the old ones stop working."""
    with transaction.atomic():
        if not TOTPDevice.objects.filter(user=acting_user, confirmed=True).exists():
            raise DomainError(_("Set up two-step verification first."))
        _device, error = _device_accepting(user=acting_user, code=code)
        if error is None:
            codes = _recovery_codes_replace(user=acting_user)
            _audit_second_factor(acting_user=acting_user, action=Action.UPDATE, criterion="recovery codes regenerated")
    if error is not None:
        raise DomainError(error, field="code")
    return codes


@transaction.atomic
def second_factor_reset(
    *,
    acting_user: User,
    user: User,
) -> None:
    """Remove a staff member's app and recovery codes (a lost phone): the next login sets up a
    new app. Sessions verified with the removed app must verify again."""
    second_factor_reset_check(acting_user=acting_user, person=user)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _audit_second_factor(acting_user=acting_user, action=Action.DELETE, criterion="second factor reset", user=user)


from hjemmepaed.organisation.services.sso import sso_login  # noqa: E402, F401
from hjemmepaed.organisation.services.staff import (  # noqa: E402, F401
    role_removal_check_register,
    staff_admin_changes_record,
    staff_create,
    staff_deactivate,
    staff_reactivate,
    staff_update,
)
