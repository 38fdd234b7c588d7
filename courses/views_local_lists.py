"""The municipality's own methods: its manager adds them and takes them out of use; its
coordinators read the list. Under the municipality's settings (/indstillinger/metoder/)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import selectors_local_lists as selectors
from courses import services
from courses.access import LOCAL_LIST_READERS, can_edit_local_lists
from courses.forms_local_lists import LocalMethodForm
from hjemmepaed.access import roles_required
from hjemmepaed.errors import DomainError, domain_error_to_form
from hjemmepaed.organisation.models import Role


@roles_required(*LOCAL_LIST_READERS)
def local_method_list(request):
    form = LocalMethodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            method = services.local_method_add(acting_user=request.user, label=form.cleaned_data["label"])
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("“%(label)s” has been added to the methods.") % {"label": method.label})
            return redirect("local_method_list")
    context = {
        "form": form,
        "methods": selectors.local_method_list_visible_to(user=request.user),
        "can_edit": can_edit_local_lists(user=request.user),
    }
    return render(request, "courses/local_methods.html", context)


@roles_required(Role.MANAGER)
@require_POST
def local_method_active(request, pk: int):
    method = selectors.local_method_get_for_user_or_404(user=request.user, pk=pk)
    is_active = request.POST.get("is_active") == "yes"
    try:
        services.local_method_active_set(acting_user=request.user, method=method, is_active=is_active)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The list has been saved."))
    return redirect("local_method_list")
