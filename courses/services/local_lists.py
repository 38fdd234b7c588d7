"""A municipality's own methods, added to the national list (courses.models.LocalMethod)."""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from courses.access import local_list_edit_check
from courses.models import LOCAL_PREFIX, LocalMethod, Method
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User


def _national_method_names() -> set[str]:
    """The national methods as a manager may write them: the Danish name on the form
    ("Theraplay-lege"), the professional term in its parentheses ("walk and talk", "LØFT") and
    the name the Danish was made from ("Theraplay"), case-folded."""
    shown = {str(method.label) for method in Method}
    with translation.override(None):
        source = {str(method.label) for method in Method}
    terms = {name[name.rindex("(") + 1 : -1] for name in shown if "(" in name and name.endswith(")")}
    return {name.casefold() for name in shown | source | terms}


@transaction.atomic
def local_method_add(*, acting_user: User, label: str) -> LocalMethod:
    """Add a method of the acting manager's municipality, offered on its visit forms from now on."""
    local_list_edit_check(acting_user=acting_user)
    label = " ".join(label.split())
    if not label:
        raise DomainError(_("Write the method's name."), field="label")
    taken = _national_method_names() | {
        existing.casefold()
        for existing in LocalMethod.objects.filter(municipality_id=acting_user.municipality_id).values_list(
            "label", flat=True
        )
    }
    if label.casefold() in taken:
        raise DomainError(_("The method “%(label)s” is already on the list.") % {"label": label}, field="label")
    method = LocalMethod.objects.create(municipality_id=acting_user.municipality_id, label=label)
    audit_event_record(actor=acting_user, action=Action.CREATE, object_type="local method", object_id=method.pk)
    return method


@transaction.atomic
def local_method_active_set(*, acting_user: User, method: LocalMethod, is_active: bool) -> LocalMethod:
    """Take a local method out of use (visits that used it keep it) or back into use."""
    local_list_edit_check(acting_user=acting_user)
    method = LocalMethod.objects.select_for_update().get(pk=method.pk)
    if method.municipality_id != acting_user.municipality_id:
        raise DomainError(_("The method is not on your municipality's list."))
    if method.is_active != is_active:
        method.is_active = is_active
        method.save(update_fields=["is_active"])
    audit_event_record(actor=acting_user, action=Action.UPDATE, object_type="local method", object_id=method.pk)
    return method


def _local_methods_check(*, municipality_id: int, methods, keep=()) -> None:
    """Refuse a method that is neither national nor an active local one of the municipality.
    `keep` are the codes a visit already has: a method taken out of use since stays on it."""
    unknown = set(methods) - set(Method.values) - set(keep)
    local_ids = set()
    for code in unknown:
        number = code[len(LOCAL_PREFIX) :] if isinstance(code, str) and code.startswith(LOCAL_PREFIX) else ""
        if not number.isdigit():
            raise DomainError(_("Choose methods from the list, or write them under other methods."), field="methods")
        local_ids.add(int(number))
    found = LocalMethod.objects.filter(pk__in=local_ids, municipality_id=municipality_id, is_active=True).count()
    if found != len(local_ids):
        raise DomainError(_("A chosen method is not on the municipality's list of methods in use."), field="methods")
