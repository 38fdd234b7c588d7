"""Writes of the organisation: daycares and the retention settings. Staff accounts are managed by
administrators."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import ArchiveDecision, Daycare, Municipality, Role, User


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
def daycare_create(*, acting_user: User, name: str, kind: str, request=None) -> Daycare:
    municipality = acting_user.municipality
    if municipality is None:
        raise DomainError(_("Only staff of a municipality can create its daycares."))
    _ensure_unique_name(municipality=municipality, name=name)
    try:
        with transaction.atomic():
            daycare = Daycare.objects.create(
                municipality=municipality, name=name.strip(), kind=kind
            )
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
        request=request,
    )
    return daycare


@transaction.atomic
def daycare_update(
    *, acting_user: User, daycare: Daycare, name: str, kind: str, is_active: bool, request=None
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
            request=request,
        )
    return daycare


RETENTION_YEARS_MIN = 1
RETENTION_YEARS_MAX = 20


def _ensure_manager_of(*, acting_user: User, municipality: Municipality) -> None:
    if acting_user.role != Role.MANAGER or acting_user.municipality_id != municipality.pk:
        raise DomainError(_("Only a manager of the municipality can change how long personal data is kept."))


@transaction.atomic
def municipality_retention_set(
    *, acting_user: User, municipality: Municipality, years: int, request=None
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
        actor=acting_user, action=Action.UPDATE, object_type="municipality_retention",
        object_id=municipality.pk, municipality=municipality,
        criterion=f"retention years {previous} -> {years}", request=request,
    )
    return municipality


@transaction.atomic
def archive_decision_record(
    *, acting_user: User, municipality: Municipality, decided_on: date, reference: str, note: str = "",
    request=None,
) -> ArchiveDecision:
    """A new archive decision; it counts from now on, the earlier ones stay as history."""
    _ensure_manager_of(acting_user=acting_user, municipality=municipality)
    if decided_on > timezone.localdate():
        raise DomainError(_("The decision date cannot be in the future."), field="decided_on")
    if not reference.strip():
        raise DomainError(_("Write the decision's reference or journal number."), field="reference")
    decision = ArchiveDecision.objects.create(
        municipality=municipality, decided_on=decided_on, reference=reference.strip(), note=note.strip(),
        recorded_by=acting_user,
    )
    audit_event_record(
        actor=acting_user, action=Action.CREATE, object_type="archive_decision", object_id=decision.pk,
        municipality=municipality, request=request,
    )
    return decision
