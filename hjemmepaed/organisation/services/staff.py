"""Writes of a municipality's staff: its managers and coordinators create, edit and deactivate
the people who work in it. The national administrator does the same in the administration."""

from collections.abc import Callable, Iterable

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.access import (
    STAFF_ADMINISTRATORS,
    staff_change_check,
    staff_create_check,
    staff_deactivate_check,
    staff_roles_check,
)
from hjemmepaed.organisation.models import MUNICIPAL_ROLES, Anchoring, Daycare, Profession, Role, StaffRole, User

# The apps above the core that give a person work under a role check here before the role is
# taken away (courses: a home educator's open courses). They register in their AppConfig.ready,
# so the core refuses without importing them (the import contract). Each check is called with
# the person and the roles being taken away and raises a Danish DomainError to refuse.
ROLE_REMOVAL_CHECKS: list[Callable[..., None]] = []


def role_removal_check_register(check: Callable[..., None]) -> Callable[..., None]:
    if check not in ROLE_REMOVAL_CHECKS:
        ROLE_REMOVAL_CHECKS.append(check)
    return check


def _roles_in_order(roles: Iterable[str]) -> list[str]:
    chosen = set(roles)
    return [role for role in MUNICIPAL_ROLES if role in chosen]


def _primary_role(*, roles: list[str], current: str | None = None) -> str:
    """The role kept on the user: the current one while it is still held, else the first held."""
    return current if current in roles else roles[0]


def _profession_check(*, roles: list[str], profession: str, anchoring: str) -> tuple[str, str]:
    """A home educator (primary or extra role) has a profession and an anchoring (Tabel 3.2);
    someone who is not a home educator has neither."""
    if Role.HOME_EDUCATOR not in roles:
        return "", ""
    if profession not in Profession.values:
        raise DomainError(_("Choose the home educator's profession."), field="profession")
    if anchoring not in Anchoring.values:
        raise DomainError(_("Choose where the home educator is anchored."), field="anchoring")
    return profession, anchoring


def _daycare_check(*, roles: list[str], daycare: Daycare | None, municipality, current: Daycare | None = None):
    """A daycare leader leads a daycare of her own municipality (she gives her statement on its
    children's referrals); someone who is not a daycare leader leads none. A daycare made
    inactive since it was chosen stays hers until it is changed."""
    if Role.DAYCARE_LEADER not in roles:
        return None
    if daycare is None:
        raise DomainError(_("Choose the daycare the daycare leader leads."), field="daycare")
    if daycare.municipality_id != getattr(municipality, "pk", None):
        raise DomainError(_("The daycare is not one of the municipality's."), field="daycare")
    if not daycare.is_active and daycare != current:
        raise DomainError(
            _("%(daycare)s is inactive and cannot be chosen.") % {"daycare": daycare.name}, field="daycare"
        )
    return daycare


def _extra_roles_set(*, person: User, roles: list[str]) -> None:
    extra = set(roles) - {person.role}
    StaffRole.objects.filter(user=person).exclude(role__in=extra).delete()
    held = set(StaffRole.objects.filter(user=person).values_list("role", flat=True))
    StaffRole.objects.bulk_create(StaffRole(user=person, role=role) for role in sorted(extra - held))
    person.roles_forget()


def _audit(*, acting_user: User, action: str, person: User, criterion: str) -> None:
    audit_event_record(
        actor=acting_user,
        action=action,
        object_type="staff_user",
        object_id=person.pk,
        municipality=person.municipality,
        criterion=criterion,
    )


@transaction.atomic
def staff_create(
    *,
    acting_user: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    roles: Iterable[str],
    profession: str = "",
    anchoring: str = "",
    daycare: Daycare | None = None,
    password: str,
) -> User:
    """A new person of the acting user's municipality, with a first password to hand over; she
    sets up two-step verification at her first login."""
    staff_create_check(acting_user=acting_user)
    roles = list(roles)
    staff_roles_check(roles=roles)
    roles = _roles_in_order(roles)
    profession, anchoring = _profession_check(roles=roles, profession=profession, anchoring=anchoring)
    daycare = _daycare_check(roles=roles, daycare=daycare, municipality=acting_user.municipality)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(
            _("The username “%(username)s” is taken. Choose another.") % {"username": username}, field="username"
        )
    person = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        role=_primary_role(roles=roles),
        municipality=acting_user.municipality,
        profession=profession,
        anchoring=anchoring,
        daycare=daycare,
    )
    try:
        password_validation.validate_password(password, person)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="password") from error
    person.set_password(password)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as error:  # a concurrent create of the same username
        raise DomainError(
            _("The username “%(username)s” is taken. Choose another.") % {"username": username}, field="username"
        ) from error
    _extra_roles_set(person=person, roles=roles)
    _audit(acting_user=acting_user, action=Action.CREATE, person=person, criterion="roles " + ", ".join(roles))
    return person


@transaction.atomic
def staff_update(
    *,
    acting_user: User,
    person: User,
    first_name: str,
    last_name: str,
    email: str,
    roles: Iterable[str],
    profession: str = "",
    anchoring: str = "",
    daycare: Daycare | None = None,
) -> User:
    """A person's name, e-mail, roles, profession and anchoring, and a daycare leader's daycare."""
    staff_change_check(acting_user=acting_user, person=person)
    person = User.objects.select_for_update().get(pk=person.pk)
    roles = list(roles)
    staff_roles_check(roles=roles)
    roles = _roles_in_order(roles)
    if person.pk == acting_user.pk and not set(roles) & set(STAFF_ADMINISTRATORS):
        raise DomainError(
            _("You cannot take away your own role as manager or coordinator. Ask another manager or coordinator."),
            field="roles",
        )
    profession, anchoring = _profession_check(roles=roles, profession=profession, anchoring=anchoring)
    daycare = _daycare_check(roles=roles, daycare=daycare, municipality=person.municipality, current=person.daycare)
    before = person.roles
    if removed := set(before) - set(roles):
        for check in ROLE_REMOVAL_CHECKS:
            check(person=person, removed=removed)
    values = {
        "first_name": first_name.strip(),
        "last_name": last_name.strip(),
        "email": email.strip(),
        "role": _primary_role(roles=roles, current=person.role),
        "profession": profession,
        "anchoring": anchoring,
        "daycare": daycare,
    }
    changed = [name for name, value in values.items() if getattr(person, name) != value]
    for name in changed:
        setattr(person, name, values[name])
    if changed:
        person.save(update_fields=changed)
    _extra_roles_set(person=person, roles=roles)
    if before != person.roles and "role" not in changed:
        changed.append("roles")
    if changed:
        _audit(
            acting_user=acting_user,
            action=Action.UPDATE,
            person=person,
            criterion=", ".join(changed) + (" -> " + ", ".join(roles) if before != person.roles else ""),
        )
    return person


@transaction.atomic
def staff_reactivate(
    *,
    acting_user: User,
    person: User,
) -> User:
    """A deactivated person can log in again, with the roles she had; her second factor was kept
    (a lost phone is a reset of its own)."""
    staff_change_check(acting_user=acting_user, person=person)
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.is_active:
        return person
    person.is_active = True
    person.save(update_fields=["is_active"])
    _audit(acting_user=acting_user, action=Action.UPDATE, person=person, criterion="reactivated")
    return person


@transaction.atomic
def staff_deactivate(
    *,
    acting_user: User,
    person: User,
) -> User:
    """The person can no longer log in; what she recorded stays, with her name."""
    staff_deactivate_check(acting_user=acting_user, person=person)
    person = User.objects.select_for_update().get(pk=person.pk)
    if not person.is_active:
        return person
    person.is_active = False
    person.save(update_fields=["is_active"])
    _audit(acting_user=acting_user, action=Action.UPDATE, person=person, criterion="deactivated")
    return person


# What the administration's forms call a password; the event names the field, never the value.
_PASSWORD_FIELDS = {"password", "password1", "password2", "usable_password", "set_usable_password"}


def staff_admin_changes_record(
    *,
    acting_user: User,
    person: User,
    fields: Iterable[str],
    created: bool = False,
    role_before: str = "",
    municipality_before=None,
) -> None:
    """The audit events of a change an administrator made in the Django admin, which writes the
    account itself: which fields changed (a password by name only), a role's and a
    municipality's old and new value. An account moved to another municipality is one event in
    each, so both municipalities' coordinators find it in their log."""
    names = []
    for name in fields:
        name = "password" if name in _PASSWORD_FIELDS else name
        if name not in names:
            names.append(name)
    if not names:
        return
    details = []
    if "role" in names and role_before and role_before != person.role:
        details.append(f"role {role_before} -> {person.role}")
    municipalities = [person.municipality]
    if not created and "municipality" in names and municipality_before != person.municipality:
        details.append(
            "municipality "
            f"{municipality_before.code if municipality_before else '-'} -> "
            f"{person.municipality.code if person.municipality else '-'}"
        )
        municipalities.insert(0, municipality_before)
    criterion = f"{'created' if created else 'changed'} in the administration: {', '.join(names)}"
    criterion += "".join(f"; {detail}" for detail in details)
    for municipality in municipalities:
        audit_event_record(
            actor=acting_user,
            action=Action.CREATE if created else Action.UPDATE,
            object_type="staff_user",
            object_id=person.pk,
            municipality=municipality,
            criterion=criterion,
        )
