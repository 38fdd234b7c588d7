from django.contrib import messages
from django.contrib.auth.views import PasswordChangeView
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.utils.translation import gettext as _

from hjemmepaed.access import public, roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation import selectors, services
from hjemmepaed.organisation.forms import (
    ArchiveDecisionForm,
    DaycareForm,
    DaycareUpdateForm,
    LoginForm,
    RetentionYearsForm,
)
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


def _retention_page(request, *, years_form=None, decision_form=None):
    from hjemmepaed.retention import retention_overview

    municipality = request.user.municipality
    decisions = selectors.archive_decision_list_for(municipality=municipality)
    context = {
        "municipality": municipality,
        "decisions": decisions,
        "current_decision": decisions.first(),
        "overview": retention_overview(municipality=municipality),
        "may_change": request.user.role == Role.MANAGER,
        "years_form": years_form or RetentionYearsForm(initial={"retention_years": municipality.retention_years}),
        "decision_form": decision_form or ArchiveDecisionForm(),
    }
    return render(request, "organisation/retention.html", context)


@roles_required(*MUNICIPAL_READERS)
def retention_settings(request):
    """How long closed courses keep personal data, and the archive decision: managers decide,
    coordinators read."""
    return _retention_page(request)


@roles_required(Role.MANAGER)
@require_POST
def retention_years_set(request):
    form = RetentionYearsForm(request.POST)
    if form.is_valid():
        try:
            services.municipality_retention_set(
                acting_user=request.user, municipality=request.user.municipality,
                years=form.cleaned_data["retention_years"], request=request,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The retention period has been saved."))
            return redirect("retention_settings")
    return _retention_page(request, years_form=form)


@roles_required(Role.MANAGER)
@require_POST
def archive_decision_create(request):
    form = ArchiveDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.archive_decision_record(
                acting_user=request.user, municipality=request.user.municipality, request=request,
                **form.cleaned_data,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The archive decision has been recorded."))
            return redirect("retention_settings")
    return _retention_page(request, decision_form=form)


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
