"""Reads of the organisation: the access gates for municipalities, daycares and staff.

Each condition of a gate stands on its own line. Objects outside a user's municipality are
simply not in the queryset, so a detail lookup answers 404 exactly as for a missing object.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hjemmepaed.organisation.models import (
    CROSS_MUNICIPAL_ROLES,
    ArchiveDecision,
    Daycare,
    IdentityProvider,
    Municipality,
    Role,
    User,
    role_q,
)


def municipality_list_visible_to(*, user: User) -> QuerySet[Municipality]:
    if not user.is_authenticated or not user.is_active:
        return Municipality.objects.none()
    if user.role in CROSS_MUNICIPAL_ROLES:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk=user.municipality_id)


def daycare_list_visible_to(*, user: User) -> QuerySet[Daycare]:
    if not user.is_authenticated or not user.is_active:
        return Daycare.objects.none()
    if user.role == Role.ADMINISTRATOR:
        return Daycare.objects.select_related("municipality")
    if user.role == Role.ANALYST:
        # The analyst sees aggregates only, never a single institution's page.
        return Daycare.objects.none()
    return Daycare.objects.select_related("municipality").filter(municipality_id=user.municipality_id)


def daycare_get_for_user_or_404(*, user: User, pk: int) -> Daycare:
    return get_object_or_404(daycare_list_visible_to(user=user), pk=pk)


def daycare_choices_for_staff(*, user: User, current: int | None = None) -> QuerySet[Daycare]:
    """The daycares a daycare leader can be given on the staff pages: the municipality's active
    ones, and the one she leads now even if it has been made inactive since."""
    return daycare_list_visible_to(user=user).filter(Q(is_active=True) | Q(pk=current)).order_by("name", "pk")


def staff_list_visible_to(*, user: User) -> QuerySet[User]:
    """Staff a user may see by name: colleagues in the own municipality."""
    if not user.is_authenticated or not user.is_active:
        return User.objects.none()
    if user.role == Role.ADMINISTRATOR:
        return User.objects.select_related("municipality")
    if user.holds(Role.COORDINATOR, Role.MANAGER):
        return User.objects.select_related("municipality").filter(municipality_id=user.municipality_id)
    # An educator or a daycare leader sees only herself; the analyst sees no person at all.
    if user.holds(Role.HOME_EDUCATOR, Role.DAYCARE_LEADER):
        return User.objects.filter(pk=user.pk)
    return User.objects.none()


def educator_list_for_municipality(*, user: User) -> QuerySet[User]:
    """Active home educators (primary or extra role) a coordinator can assign to a course."""
    return staff_list_visible_to(user=user).filter(role_q(Role.HOME_EDUCATOR), is_active=True)


def archive_decision_list_for(*, municipality: Municipality) -> QuerySet[ArchiveDecision]:
    """The municipality's archive decisions, newest first: the first one counts."""
    return ArchiveDecision.objects.filter(municipality=municipality).select_related("recorded_by")


def staff_get_for_user_or_404(*, user: User, pk: int) -> User:
    return get_object_or_404(staff_list_visible_to(user=user), pk=pk)


def staff_list_with_second_factor(*, user: User) -> QuerySet[User]:
    """Active staff a user may see, each with `has_second_factor`: a confirmed app."""
    confirmed_app = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return (
        staff_list_visible_to(user=user)
        .filter(is_active=True)
        .select_related("daycare")
        .with_roles()
        .annotate(has_second_factor=Exists(confirmed_app))
    )


def staff_list_deactivated(*, user: User) -> QuerySet[User]:
    """Deactivated staff a user may see, by name, for reactivating."""
    return (
        staff_list_visible_to(user=user).filter(is_active=False).with_roles().order_by("first_name", "last_name", "pk")
    )


def second_factor_confirmed(*, user: User) -> bool:
    """Whether the user has set up an authenticator app (and so is asked for its code)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_remaining(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def identity_provider_list_for_login() -> QuerySet[IdentityProvider]:
    """The municipalities' providers the login page offers (public: names and codes only)."""
    return IdentityProvider.objects.filter(is_active=True).select_related("municipality").order_by("municipality__name")


def identity_provider_for_login_or_404(*, code: str) -> IdentityProvider:
    return get_object_or_404(identity_provider_list_for_login(), municipality__code=code)


def identity_provider_saml_or_404(*, code: str) -> IdentityProvider:
    """A municipality's SAML provider, for its service provider's pages (public, as the login's)."""
    return get_object_or_404(identity_provider_list_for_login().filter(protocol="saml"), municipality__code=code)


def identity_provider_for_callback(*, pk) -> IdentityProvider | None:
    return identity_provider_list_for_login().filter(pk=pk).first() if isinstance(pk, int) else None
