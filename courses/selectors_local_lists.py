"""Reads of a municipality's local methods: the choices its visit forms offer, their names."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from courses.models import LOCAL_PREFIX, LocalMethod, Method
from hjemmepaed.organisation.models import User


def local_method_list_visible_to(*, user: User) -> QuerySet[LocalMethod]:
    """The user's municipality's local methods, in use first; another municipality's never."""
    return LocalMethod.objects.filter(municipality_id=user.municipality_id).order_by("-is_active", "label", "pk")


def local_method_get_for_user_or_404(*, user: User, pk: int) -> LocalMethod:
    return get_object_or_404(local_method_list_visible_to(user=user), pk=pk)


def local_label(label: str) -> str:
    return _("%(label)s (local)") % {"label": label}


def method_choices_for(*, municipality_id: int, keep=()) -> list[tuple[str, str]]:
    """The national methods, then the municipality's local ones in use (marked local), and any
    local one in `keep` (a visit's own, taken out of use since)."""
    kept_ids = [int(code[len(LOCAL_PREFIX) :]) for code in keep if str(code).startswith(LOCAL_PREFIX)]
    local = LocalMethod.objects.filter(municipality_id=municipality_id).filter(
        is_active=True
    ) | LocalMethod.objects.filter(municipality_id=municipality_id, pk__in=kept_ids)
    return [*Method.choices, *((m.code, local_label(m.label)) for m in local.order_by("label", "pk"))]


def method_names_for(*, municipality_id: int) -> dict[str, str]:
    """Every method code a visit of the municipality can hold, by name: national, and local
    ones marked local, in use or not (for pages and exports, in one query)."""
    local = LocalMethod.objects.filter(municipality_id=municipality_id)
    return {**{code: str(label) for code, label in Method.choices}, **{m.code: local_label(m.label) for m in local}}
