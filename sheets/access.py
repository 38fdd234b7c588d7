"""Who may do what with the registration sheets. Reading (the export, the templates) is for a
municipality's coordinators and managers; importing, and seeing an upload, for its coordinators."""

from django.utils.translation import gettext as _

from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role, User

SHEET_READERS = (Role.COORDINATOR, Role.MANAGER)
SHEET_IMPORTERS = (Role.COORDINATOR,)


def can_sheet_import(user: User) -> bool:
    return user.holds(*SHEET_IMPORTERS)


def sheet_import_check(*, acting_user: User) -> None:
    """Refuse unless the acting user is a coordinator of a municipality."""
    if not acting_user.holds(*SHEET_IMPORTERS) or acting_user.municipality_id is None:
        raise DomainError(_("Only a coordinator can import a sheet for the municipality."))


def end_reason_alias_change_check(*, acting_user: User, alias) -> None:
    """Refuse unless the acting user is a coordinator of the words' municipality."""
    sheet_import_check(acting_user=acting_user)
    if alias.municipality_id != acting_user.municipality_id:
        raise DomainError(_("Only a coordinator of the municipality can change its words for end reasons."))
