"""Who may administer a municipality's staff: the write checks the staff services call and the
predicates the staff pages use. Which people a user may see is the staff gate's
(`selectors.staff_list_visible_to`): another municipality's staff answer 404."""

from django.utils.translation import gettext as _

from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import MUNICIPAL_ROLES, Role, User

# A municipality's managers and coordinators create, edit and deactivate its staff and reset their
# second factor; the national administrator does all of it in the administration (/admin/).
STAFF_ADMINISTRATORS = (Role.COORDINATOR, Role.MANAGER)


def can_administer_staff(*, user: User) -> bool:
    return user.holds(*STAFF_ADMINISTRATORS) and user.municipality_id is not None


def staff_create_check(*, acting_user: User) -> None:
    if not can_administer_staff(user=acting_user):
        raise DomainError(_("Only a manager or coordinator of the municipality can create its staff."))


def staff_change_check(*, acting_user: User, person: User) -> None:
    """A person is changed by a manager or coordinator of her own municipality."""
    if not can_administer_staff(user=acting_user):
        raise DomainError(_("Only a manager or coordinator of the municipality can change its staff."))
    if person.municipality_id != acting_user.municipality_id:
        raise DomainError(_("Only a manager or coordinator of the municipality can change its staff."))


def staff_roles_check(*, roles) -> None:
    """A person's roles are municipal roles, at least one; the national analyst's and the
    administrator's are given in the administration alone and never combine."""
    if not roles:
        raise DomainError(_("Choose at least one role."), field="roles")
    if any(role not in MUNICIPAL_ROLES for role in roles):
        raise DomainError(
            _("The national analyst's and the administrator's roles are given by the national administrator alone."),
            field="roles",
        )


def staff_deactivate_check(*, acting_user: User, person: User) -> None:
    staff_change_check(acting_user=acting_user, person=person)
    if person.pk == acting_user.pk:
        raise DomainError(_("You cannot deactivate yourself. Ask another manager or coordinator."))


def second_factor_reset_check(*, acting_user: User, person: User) -> None:
    """The national administrator resets anyone's; a manager or coordinator those of her own
    municipality's staff."""
    if acting_user.is_administrator:
        return
    if not can_administer_staff(user=acting_user) or person.municipality_id != acting_user.municipality_id:
        raise DomainError(_("You cannot reset this staff member's two-step verification."))
