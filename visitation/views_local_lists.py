"""The municipality's own risk factors: its manager adds them and takes them out of use; its
coordinators read the list. Under the municipality's settings (/indstillinger/risikofaktorer/).
The steps are every local list's (`hjemmepaed.ui.local_lists`)."""

from functools import partial

from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.access import LOCAL_LIST_READERS, can_edit_local_lists
from hjemmepaed.access import roles_required
from hjemmepaed.organisation.models import Role
from hjemmepaed.ui.local_lists import local_list_active, local_list_page
from visitation import selectors_local_lists as selectors
from visitation import services
from visitation.forms_local_lists import LocalRiskFactorForm


@roles_required(*LOCAL_LIST_READERS)
def local_risk_factor_list(request):
    return local_list_page(
        request,
        form=LocalRiskFactorForm(request.POST or None),
        add=services.local_risk_factor_add,
        added=_("“%(label)s” has been added to the risk factors."),
        items=selectors.local_risk_factor_list_visible_to(user=request.user),
        can_edit=can_edit_local_lists(user=request.user),
        template="visitation/local_risk_factors.html",
        list_url="local_risk_factor_list",
    )


@roles_required(Role.MANAGER)
@require_POST
def local_risk_factor_active(request, pk: int):
    factor = selectors.local_risk_factor_get_for_user_or_404(user=request.user, pk=pk)
    set_active = partial(services.local_risk_factor_active_set, factor=factor)
    return local_list_active(request, set_active=set_active, list_url="local_risk_factor_list")
