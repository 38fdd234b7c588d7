"""The municipality's own methods: its manager adds them and takes them out of use; its
coordinators read the list. Under the municipality's settings (/indstillinger/metoder/). The
steps are every local list's (`hjemmepaed.ui.local_lists`)."""

from functools import partial

from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import selectors_local_lists as selectors
from courses import services
from courses.access import LOCAL_LIST_READERS, can_edit_local_lists
from courses.forms_local_lists import LocalMethodForm
from hjemmepaed.access import roles_required
from hjemmepaed.organisation.models import Role
from hjemmepaed.ui.local_lists import local_list_active, local_list_page


@roles_required(*LOCAL_LIST_READERS)
def local_method_list(request):
    return local_list_page(
        request,
        form=LocalMethodForm(request.POST or None),
        add=services.local_method_add,
        added=_("“%(label)s” has been added to the methods."),
        items=selectors.local_method_list_visible_to(user=request.user),
        can_edit=can_edit_local_lists(user=request.user),
        template="courses/local_methods.html",
        list_url="local_method_list",
    )


@roles_required(Role.MANAGER)
@require_POST
def local_method_active(request, pk: int):
    method = selectors.local_method_get_for_user_or_404(user=request.user, pk=pk)
    set_active = partial(services.local_method_active_set, method=method)
    return local_list_active(request, set_active=set_active, list_url="local_method_list")
