"""The two pages every local list has (the municipality's own methods, its own risk factors):
the list with the manager's form to add an item, and taking an item out of use or back into it.
Each app's views name their own form, services, gate and page; the steps are the same, so they
are written once here, below the apps that use them."""

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hjemmepaed.errors import DomainError, domain_error_to_form


def local_list_page(
    request,
    *,
    form,
    add: Callable,
    added: str,
    items,
    can_edit: bool,
    template: str,
    list_url: str,
):
    """Validate the add form, call `add` with its data, turn its DomainError into a form error,
    redirect with `added` (a message with %(label)s); else show the list."""
    if request.method == "POST" and form.is_valid():
        try:
            item = add(acting_user=request.user, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, added % {"label": item.label})
            return redirect(list_url)
    return render(request, template, {"form": form, "items": items, "can_edit": can_edit})


def local_list_active(request, *, set_active: Callable, list_url: str):
    """Take an item out of use (is_active=no) or back into use (yes), back to the list."""
    try:
        set_active(acting_user=request.user, is_active=request.POST.get("is_active") == "yes")
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The list has been saved."))
    return redirect(list_url)
