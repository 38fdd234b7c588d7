"""The privacy screens: a family's data for a request of access."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from families.selectors import family_get_for_user_or_404
from hjemmepaed.access import roles_required
from hjemmepaed.organisation.models import Role
from hjemmepaed.pdf import PdfRenderTimeout
from privacy import services


@roles_required(Role.COORDINATOR)
def family_export(request, pk: int, kind: str):
    """Download everything held about a family (request of access); coordinators only."""
    family = family_get_for_user_or_404(user=request.user, pk=pk)
    try:
        export = services.family_access_export(acting_user=request.user, family=family, kind=kind)
    except PdfRenderTimeout:
        messages.error(request, _("The PDF could not be made in time. Try again in a moment."))
        return redirect("home")
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response
