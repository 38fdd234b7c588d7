from django.http import HttpResponse

from families import selectors, services
from hjemmepaed.access import roles_required
from hjemmepaed.organisation.models import Role


@roles_required(Role.COORDINATOR)
def family_export(request, pk: int, kind: str):
    """Download everything held about a family (request of access); coordinators only."""
    family = selectors.family_get_for_user_or_404(user=request.user, pk=pk)
    export = services.family_access_export(acting_user=request.user, family=family, kind=kind, request=request)
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response
