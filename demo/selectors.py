"""Reads of the demo: the seeded demo logins the one-click page offers."""

from django.db.models import Case, Exists, F, IntegerField, OuterRef, QuerySet, Value, When
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.organisation import demo_usernames
from hjemmepaed.organisation.models import Role, User

# The order of the page: the work of a course first, the cross-municipal roles last.
ROLE_ORDER = (
    Role.HOME_EDUCATOR,
    Role.COORDINATOR,
    Role.MANAGER,
    Role.DAYCARE_LEADER,
    Role.ANALYST,
    Role.ADMINISTRATOR,
)


def demo_user_list() -> QuerySet[User]:
    """The active demo users with a set-up authenticator app (what `seed_demo` leaves)."""
    role_rank = Case(
        *(When(role=role, then=Value(rank)) for rank, role in enumerate(ROLE_ORDER)),
        output_field=IntegerField(),
    )
    has_app = Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    return (
        User.objects.filter(username__in=demo_usernames(), is_active=True)
        .filter(has_app)
        .select_related("municipality")
        .annotate(role_rank=role_rank)
        .order_by(F("municipality__name").asc(nulls_last=True), "role_rank", "username")
    )


def demo_user_get_or_404(*, username: str) -> User:
    user = demo_user_list().filter(username=username).first()
    if user is None:
        raise Http404
    return user
