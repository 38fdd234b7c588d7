from django.contrib import messages
from django.contrib.auth.views import PasswordChangeView
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hjemmepaed.access import public, roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation import selectors, services
from hjemmepaed.organisation.forms import DaycareForm, DaycareUpdateForm, LoginForm
from hjemmepaed.organisation.models import Role

ALL_STAFF = tuple(Role.values)
MUNICIPAL_READERS = (Role.COORDINATOR, Role.MANAGER)

HOME_TEMPLATES = {
    Role.COORDINATOR: "organisation/home_coordinator.html",
    Role.MANAGER: "organisation/home_manager.html",
    Role.ANALYST: "organisation/home_analyst.html",
    Role.ADMINISTRATOR: "organisation/home_administrator.html",
}


@roles_required(*ALL_STAFF)
def home(request):
    user = request.user
    if user.role == Role.HOME_EDUCATOR:
        return redirect("my_courses")
    context = {
        "municipalities": selectors.municipality_list_visible_to(user=user),
        "daycare_count": selectors.daycare_list_visible_to(user=user).count(),
        "educator_count": selectors.educator_list_for_municipality(user=user).count(),
    }
    return render(request, HOME_TEMPLATES[user.role], context)


@roles_required(*MUNICIPAL_READERS)
def daycare_list(request):
    daycares = selectors.daycare_list_visible_to(user=request.user)
    return render(request, "organisation/daycare_list.html", {"daycares": daycares})


@roles_required(Role.COORDINATOR)
def daycare_create(request):
    form = DaycareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.daycare_create(acting_user=request.user, request=request, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The daycare has been created."))
            return redirect("daycare_list")
    return render(request, "organisation/daycare_form.html", {"form": form})


@roles_required(Role.COORDINATOR)
def daycare_update(request, pk: int):
    daycare = selectors.daycare_get_for_user_or_404(user=request.user, pk=pk)
    initial = {"name": daycare.name, "kind": daycare.kind, "is_active": daycare.is_active}
    form = DaycareUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.daycare_update(
                acting_user=request.user, daycare=daycare, request=request, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The daycare has been saved."))
            return redirect("daycare_list")
    return render(request, "organisation/daycare_form.html", {"form": form, "daycare": daycare})


@roles_required(*MUNICIPAL_READERS)
def staff_list(request):
    staff = selectors.staff_list_visible_to(user=request.user).filter(is_active=True)
    audit_event_record(
        actor=request.user, action=Action.VIEW, object_type="staff_list", request=request
    )
    return render(request, "organisation/staff_list.html", {"staff": staff})


def lockout(request, credentials, *args, **kwargs):
    """django-axes calls this when a username is locked out: the login page, with a message."""
    return render(
        request,
        "registration/login.html",
        {"form": LoginForm(request), "locked_out": True},
        status=429,
    )


@public
def healthz(request):
    """For the load balancer: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


class AuditedPasswordChangeView(PasswordChangeView):
    """Django's password change, recorded in the audit log (the password itself never is)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_event_record(
            actor=self.request.user,
            action=Action.UPDATE,
            object_type="staff_user",
            object_id=self.request.user.pk,
            criterion="password",
            request=self.request,
        )
        return response
