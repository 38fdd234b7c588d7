"""Writes of the organisation: daycares. Staff accounts are managed by administrators."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Daycare, Municipality, User


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
