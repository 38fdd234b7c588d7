"""Single sign-on's writes: a person logged in by her municipality's identity provider is
matched to her account or given one, with the roles the provider's claim maps to.

The provider is trusted for who the person is and which of the product's municipal roles she
holds (home educator, coordinator, manager), not for anything else: an account of another
municipality, a national role or a deactivated account is never taken over, and a person the
provider gives no mapped role gets no account. Roles the provider cannot give (the daycare
leader's) are kept; a role the provider no longer gives is taken away unless a higher app's
removal check keeps it (a home educator with open courses). A municipality may require the
provider's proof of a multi-factor login (`acr`/`amr`). Every login, and every refusal, is an
audit event. OpenID Connect's claims and SAML's attributes (`saml.claims`) are read alike.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy

from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import CROSS_MUNICIPAL_ROLES, Role, User
from hjemmepaed.organisation.models_sso import SSO_ROLES, IdentityProvider, SingleSignOnDevice
from hjemmepaed.organisation.services.staff import ROLE_REMOVAL_CHECKS, _extra_roles_set, _roles_in_order

USERNAME_MAX = 150


class SingleSignOnRefused(DomainError):
    """The provider vouched for the person, but she may not log in here; `reason` is the code
    the audit event stores."""

    def __init__(self, message: str, *, reason: str, user: User | None = None):
        super().__init__(message)
        self.reason = reason
        self.user = user


REFUSALS = {
    "no username": gettext_lazy(
        "%(provider)s did not send your username, so we cannot tell who you are. Ask your municipality's IT "
        "department to check the login's set-up."
    ),
    "no role": gettext_lazy(
        "%(provider)s gives you no role here, so you cannot log in. Ask your coordinator or your "
        "municipality's IT department to give you access."
    ),
    "another account": gettext_lazy(
        "Your username from %(provider)s belongs to an account that is not one of your municipality's staff, so "
        "you cannot log in with it. Contact your coordinator."
    ),
    "deactivated": gettext_lazy(
        "Your account here has been deactivated, so you cannot log in. Contact your coordinator."
    ),
    "no mfa": gettext_lazy(
        "Your municipality requires a login with two factors, and %(provider)s did not say that you logged in "
        "that way. Log in again with two factors, or ask your municipality's IT department."
    ),
    "no profession": gettext_lazy(
        "%(provider)s makes you a home educator, but the municipality has not said which "
        "profession and anchoring new home educators have. Ask your coordinator to create your account."
    ),
}


def _refuse(*, provider: IdentityProvider, reason: str, user: User | None = None) -> SingleSignOnRefused:
    return SingleSignOnRefused(str(REFUSALS[reason]) % {"provider": provider.name}, reason=reason, user=user)


def _refusal_record(*, provider: IdentityProvider, refusal: SingleSignOnRefused) -> None:
    """The refused login's event: the account's when there is one of the municipality's."""
    user = refusal.user
    audit_event_record(
        actor=user,
        action=Action.VIEW,
        object_type="user",
        object_id=user.pk if user is not None else "",
        municipality=provider.municipality,
        criterion=f"sso refused: {refusal.reason}",
    )


# The audit event of a login: "sso login", or with the roles when the provider changed them.
SSO_LOGIN = "sso login"
SSO_ROLES_CHANGED = "sso login, roles "
SSO_CREATED = "sso login, account created with roles "


def _login_record(*, person: User, provider: IdentityProvider, action: str, detail: str) -> None:
    audit_event_record(
        actor=person,
        action=action,
        object_type="user",
        object_id=person.pk,
        municipality=provider.municipality,
        criterion=detail,
    )


def _claim_values(value) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list | tuple):
        return {item for item in value if isinstance(item, str)}
    return set()


def _roles_mapped(*, provider: IdentityProvider, claims: dict) -> list[str]:
    """The product's roles the provider's claim gives, in the order of the roles."""
    values = _claim_values(claims.get(provider.roles_claim))
    if not values:
        return []
    mapped = provider.role_mappings.filter(claim_value__in=values).values_list("role", flat=True)
    return _roles_in_order(mapped)


def _two_factors_proved(*, provider: IdentityProvider, claims: dict) -> bool:
    """Whether the login carries the proof of multi-factor login the municipality requires:
    one of the accepted `acr` values (SAML's AuthnContextClassRef, which may be several) and
    every required `amr` value. A municipality that requires neither trusts the provider."""
    accepted = set(provider.accepted_acr_values.split())
    if accepted and not accepted & _claim_values(claims.get("acr")):
        return False
    required = set(provider.required_amr_values.split())
    return not required - _claim_values(claims.get("amr"))


def _username(*, provider: IdentityProvider, claims: dict) -> str:
    value = claims.get(provider.username_claim)
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > USERNAME_MAX:
        return ""
    return value.strip()


def _names(claims: dict) -> dict[str, str]:
    def text(name: str, limit: int) -> str:
        value = claims.get(name)
        return value.strip()[:limit] if isinstance(value, str) else ""

    return {"first_name": text("given_name", 150), "last_name": text("family_name", 150), "email": text("email", 254)}


def _roles_sync(*, provider: IdentityProvider, person: User, mapped: list[str]) -> bool:
    """The person's roles after the provider's: SSO roles as mapped, except those a removal
    check keeps; other roles (the daycare leader's) as they were. True when they changed."""
    before = set(person.roles)
    removed = {role for role in before if role in SSO_ROLES and role not in mapped}
    kept = set()
    for role in removed:
        try:
            for check in ROLE_REMOVAL_CHECKS:
                check(person=person, removed={role})
        except DomainError:
            kept.add(role)
    roles = _roles_in_order((before - removed) | kept | set(mapped))
    if set(roles) == before:
        return False
    primary = person.role if person.role in roles else roles[0]
    changed = []
    if primary != person.role:
        person.role = primary
        changed.append("role")
    if Role.HOME_EDUCATOR in roles and not (person.profession and person.anchoring):
        person.profession = person.profession or provider.new_educator_profession
        person.anchoring = person.anchoring or provider.new_educator_anchoring
        changed += ["profession", "anchoring"]
    if changed:
        person.save(update_fields=changed)
    _extra_roles_set(person=person, roles=roles)
    return True


def _create(*, provider: IdentityProvider, username: str, roles: list[str], claims: dict) -> User:
    educator = Role.HOME_EDUCATOR in roles
    person = User(
        username=username,
        role=roles[0],
        municipality=provider.municipality,
        profession=provider.new_educator_profession if educator else "",
        anchoring=provider.new_educator_anchoring if educator else "",
        **_names(claims),
    )
    # The provider holds the password; none here opens the account.
    person.set_unusable_password()
    person.save()
    _extra_roles_set(person=person, roles=roles)
    return person


def sso_login(*, provider: IdentityProvider, claims: dict) -> tuple[User, SingleSignOnDevice]:
    """The account the provider's claims log in, and the device that verifies the session.
    Raises `SingleSignOnRefused` when she may not log in; the refusal is audited as well."""
    try:
        return _login(provider=provider, claims=claims)
    except SingleSignOnRefused as refusal:
        _refusal_record(provider=provider, refusal=refusal)
        raise


@transaction.atomic
def _login(*, provider: IdentityProvider, claims: dict) -> tuple[User, SingleSignOnDevice]:
    username = _username(provider=provider, claims=claims)
    if not username:
        raise _refuse(provider=provider, reason="no username")
    roles = _roles_mapped(provider=provider, claims=claims)
    person = User.objects.select_for_update().filter(username__iexact=username).first()
    if person is not None and (
        person.municipality_id != provider.municipality_id or person.role in CROSS_MUNICIPAL_ROLES
    ):
        raise _refuse(provider=provider, reason="another account")
    if person is not None and not person.is_active:
        raise _refuse(provider=provider, reason="deactivated", user=person)
    if not roles:
        raise _refuse(provider=provider, reason="no role", user=person)
    if not _two_factors_proved(provider=provider, claims=claims):
        raise _refuse(provider=provider, reason="no mfa", user=person)
    needs_profession = Role.HOME_EDUCATOR in roles and not (
        (person is not None and person.profession and person.anchoring)
        or (provider.new_educator_profession and provider.new_educator_anchoring)
    )
    if needs_profession:
        raise _refuse(provider=provider, reason="no profession", user=person)
    if person is None:
        person = _create(provider=provider, username=username, roles=roles, claims=claims)
        _login_record(person=person, provider=provider, action=Action.CREATE, detail=SSO_CREATED + ", ".join(roles))
    else:
        names = {name: value for name, value in _names(claims).items() if value and getattr(person, name) != value}
        for name, value in names.items():
            setattr(person, name, value)
        if names:
            person.save(update_fields=list(names))
        if _roles_sync(provider=provider, person=person, mapped=roles):
            detail = SSO_ROLES_CHANGED + ", ".join(_roles_in_order(person.roles))
        else:
            detail = SSO_LOGIN
        _login_record(person=person, provider=provider, action=Action.UPDATE, detail=detail)
    device, _created = SingleSignOnDevice.objects.get_or_create(
        user=person, provider=provider, defaults={"name": provider.name[:64], "confirmed": True}
    )
    return person, device
