"""The municipality's own risk factors: its manager adds them and takes them out of use; its
coordinators read the list. Under the municipality's settings (/indstillinger/risikofaktorer/)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.access import LOCAL_LIST_READERS, can_edit_local_lists
from hjemmepaed.access import roles_required
from hjemmepaed.errors import DomainError, domain_error_to_form
from hjemmepaed.organisation.models import Role
from visitation import selectors_local_lists as selectors
from visitation import services
from visitation.forms_local_lists import LocalRiskFactorForm


@roles_required(*LOCAL_LIST_READERS)
def local_risk_factor_list(request):
    form = LocalRiskFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            factor = services.local_risk_factor_add(acting_user=request.user, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("“%(label)s” has been added to the risk factors.") % {"label": factor.label})
            return redirect("local_risk_factor_list")
    context = {
        "form": form,
        "factors": selectors.local_risk_factor_list_visible_to(user=request.user),
        "can_edit": can_edit_local_lists(user=request.user),
    }
    return render(request, "visitation/local_risk_factors.html", context)


@roles_required(Role.MANAGER)
@require_POST
def local_risk_factor_active(request, pk: int):
    factor = selectors.local_risk_factor_get_for_user_or_404(user=request.user, pk=pk)
    is_active = request.POST.get("is_active") == "yes"
    try:
        services.local_risk_factor_active_set(acting_user=request.user, factor=factor, is_active=is_active)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The list has been saved."))
    return redirect("local_risk_factor_list")
