"""Who may do what in phase 1: register a referral, make the intake decision, be assigned to
the course as its home educator."""

from django.utils.translation import gettext as _

from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role, User

# The roles that register a referral; the intake queue and the decision are the coordinators'.
REFERRAL_REGISTRARS = (Role.COORDINATOR, Role.HOME_EDUCATOR)


def referral_register_check(*, acting_user: User) -> None:
    if acting_user.municipality is None or acting_user.role not in REFERRAL_REGISTRARS:
        raise DomainError(_("Only a coordinator or home educator of the municipality can register a referral."))


def referral_decide_check(*, acting_user: User, course) -> None:
    """Approving, waitlisting, rejecting and withdrawing a referral are a coordinator's of the
    course's municipality."""
    if acting_user.role != Role.COORDINATOR or acting_user.municipality_id != course.municipality_id:
        raise DomainError(_("Only a coordinator of the municipality can make the intake decision."))


def educator_assignable_check(*, educator: User, course, field: str) -> None:
    """Only an active home educator of the course's municipality is assigned to the course."""
    if (
        educator.role != Role.HOME_EDUCATOR
        or educator.municipality_id != course.municipality_id
        or not educator.is_active
    ):
        raise DomainError(
            _("%(name)s is not an active home educator in the municipality.") % {"name": educator},
            field=field,
        )
