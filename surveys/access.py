"""Who may do what with the parent questionnaires: the staff's write checks.

The parents themselves answer through the link's token, which is checked where it is resolved
(`selectors.token_resolve`), not here.
"""

from django.utils.translation import gettext as _

from families.access import course_staff_check
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role, User

# The roles that print a parent's letter and send the link by e-mail from the course page.
COURSE_STAFF = (Role.HOME_EDUCATOR, Role.COORDINATOR)


def questionnaire_settings_check(*, acting_user: User) -> None:
    """The municipality's questionnaires and open links are the coordinators' to set."""
    if not acting_user.is_coordinator or acting_user.municipality_id is None:
        raise DomainError(_("Only a coordinator can choose the municipality's questionnaires."))


def invitation_send_check(*, acting_user: User, invitation) -> None:
    """A parent's link is sent by the course's home educators and the coordinators."""
    course_staff_check(acting_user=acting_user, course=invitation.course)


def translation_upload_check(*, acting_user: User) -> None:
    """A municipality's languages are added by its coordinators and its manager."""
    if not (acting_user.is_coordinator or acting_user.is_manager) or acting_user.municipality_id is None:
        raise DomainError(_("Only a coordinator or a manager can add a language to the questionnaires."))


def translation_review_check(*, acting_user: User, translation) -> None:
    """A municipality's own translation is marked read through by its coordinators and its
    manager; a shipped one (every municipality's) by an administrator."""
    if translation.municipality_id is None:
        if not acting_user.is_administrator:
            raise DomainError(
                _("Only an administrator can mark a translation that comes with the system as read through.")
            )
        return
    if not (acting_user.is_coordinator or acting_user.is_manager):
        raise DomainError(_("Only a coordinator or a manager can mark a translation as read through."))
    if acting_user.municipality_id != translation.municipality_id:
        raise DomainError(_("Only a coordinator or a manager can mark a translation as read through."))
