from django.contrib import messages
from django.contrib.auth.views import PasswordChangeView
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from hjemmepaed.access import public, roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation import second_factor, selectors, services
from hjemmepaed.organisation.access import STAFF_ADMINISTRATORS, can_administer_staff
from hjemmepaed.organisation.forms import (
    DaycareForm,
    DaycareUpdateForm,
    LoginForm,
    RecoveryCodesForm,
    SecondFactorEnrolForm,
    SecondFactorVerifyForm,
    StaffCreateForm,
    StaffForm,
)
from hjemmepaed.organisation.middleware import PASSED_KEY, second_factor_step
from hjemmepaed.organisation.models import Role
from hjemmepaed.ui.pagination import page_of

ALL_STAFF = tuple(Role.values)
MUNICIPAL_READERS = (Role.COORDINATOR, Role.MANAGER)
STAFF_READERS = (Role.COORDINATOR, Role.MANAGER, Role.ADMINISTRATOR)
STAFF_PER_PAGE = 50
SECOND_FACTOR_RESETTERS = (*STAFF_ADMINISTRATORS, Role.ADMINISTRATOR)
# New recovery codes wait here for the one page that shows them, which removes them.
RECOVERY_CODES_SESSION_KEY = "hjemmepaed_recovery_codes"

# The start page of the widest role held; a home educator with no other role starts on "Mine forløb".
HOME_TEMPLATES = {
    Role.ADMINISTRATOR: "organisation/home_administrator.html",
    Role.ANALYST: "organisation/home_analyst.html",
    Role.COORDINATOR: "organisation/home_coordinator.html",
    Role.MANAGER: "organisation/home_manager.html",
    Role.DAYCARE_LEADER: "organisation/home_daycare_leader.html",
}


@roles_required(*ALL_STAFF)
def home(request):
    user = request.user
    template = next((name for role, name in HOME_TEMPLATES.items() if role in user.roles), None)
    if template is None:
        return redirect("my_courses")
    context = {
        "municipalities": selectors.municipality_list_visible_to(user=user),
        "daycare_count": selectors.daycare_list_visible_to(user=user).count(),
        "educator_count": selectors.educator_list_for_municipality(user=user).count(),
    }
    return render(request, template, context)


@roles_required(*MUNICIPAL_READERS)
def daycare_list(request):
    daycares = selectors.daycare_list_visible_to(user=request.user)
    return render(request, "organisation/daycare_list.html", {"daycares": daycares})


@roles_required(Role.COORDINATOR)
def daycare_create(request):
    form = DaycareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.daycare_create(acting_user=request.user, **form.cleaned_data)
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
            services.daycare_update(acting_user=request.user, daycare=daycare, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The daycare has been saved."))
            return redirect("daycare_list")
    return render(request, "organisation/daycare_form.html", {"form": form, "daycare": daycare})


@roles_required(*STAFF_READERS)
def staff_list(request):
    page = page_of(request, selectors.staff_list_with_second_factor(user=request.user), per_page=STAFF_PER_PAGE)
    staff = page.object_list
    audit_event_record(actor=request.user, action=Action.VIEW, object_type="staff_list")
    context = {
        "staff": staff,
        "page": page,
        "may_reset": request.user.holds(*SECOND_FACTOR_RESETTERS),
        "may_administer": can_administer_staff(user=request.user),
    }
    return render(request, "organisation/staff_list.html", context)


def _staff_form_page(request, form, service, success: str, **kwargs):
    """Validate the staff form, call the service, turn its DomainError into a form error."""
    if request.method == "POST" and form.is_valid():
        try:
            service(acting_user=request.user, **kwargs, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, success)
            return redirect("staff_list")
    return render(request, "organisation/staff_form.html", {"form": form, "person": kwargs.get("person")})


@roles_required(*STAFF_ADMINISTRATORS)
def staff_create(request):
    form = StaffCreateForm(request.POST or None, daycares=selectors.daycare_choices_for_staff(user=request.user))
    return _staff_form_page(request, form, services.staff_create, _("The staff member has been created."))


@roles_required(*STAFF_ADMINISTRATORS)
def staff_update(request, pk: int):
    person = selectors.staff_get_for_user_or_404(user=request.user, pk=pk)
    audit_event_record(actor=request.user, action=Action.VIEW, object_type="staff_user", object_id=person.pk)
    initial = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "roles": sorted(person.roles),
        "profession": person.profession,
        "anchoring": person.anchoring,
        "daycare": person.daycare_id,
    }
    daycares = selectors.daycare_choices_for_staff(user=request.user, current=person.daycare_id)
    form = StaffForm(request.POST or None, initial=initial, daycares=daycares)
    return _staff_form_page(request, form, services.staff_update, _("The staff member has been saved."), person=person)


def _staff_confirm_page(request, pk: int, service, success: str, template: str):
    """A confirmation page for one staff member, and its POST: the service, then the list."""
    person = selectors.staff_get_for_user_or_404(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            service(acting_user=request.user, person=person)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, success % {"name": person})
        return redirect("staff_list")
    return render(request, template, {"person": person})


@roles_required(*STAFF_ADMINISTRATORS)
def staff_deactivate(request, pk: int):
    return _staff_confirm_page(
        request,
        pk,
        services.staff_deactivate,
        _("%(name)s has been deactivated and can no longer log in."),
        "organisation/staff_deactivate.html",
    )


@roles_required(*STAFF_ADMINISTRATORS)
def staff_deactivated_list(request):
    page = page_of(request, selectors.staff_list_deactivated(user=request.user), per_page=STAFF_PER_PAGE)
    audit_event_record(actor=request.user, action=Action.VIEW, object_type="staff_list", criterion="deactivated")
    return render(request, "organisation/staff_deactivated_list.html", {"staff": page.object_list, "page": page})


@roles_required(*STAFF_ADMINISTRATORS)
def staff_reactivate(request, pk: int):
    return _staff_confirm_page(
        request,
        pk,
        services.staff_reactivate,
        _("%(name)s has been reactivated and can log in again."),
        "organisation/staff_reactivate.html",
    )


@roles_required(*SECOND_FACTOR_RESETTERS)
def staff_second_factor_reset(request, pk: int):
    person = selectors.staff_get_for_user_or_404(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            services.second_factor_reset(acting_user=request.user, user=person)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Two-step verification for %(name)s has been reset. They set it up again at their next login.")
                % {"name": person},
            )
        return redirect("staff_list")
    return render(request, "organisation/staff_second_factor_reset.html", {"person": person})


def _next_url(request) -> str:
    """Where the person was going before the second factor was asked for; else the start page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _mark_verified(request, device) -> None:
    otp_login(request, device)
    request.session[PASSED_KEY] = True
    # A new session key for the now fully logged-in session.
    request.session.cycle_key()


def _show_codes(codes: list[str]) -> list[str]:
    return [f"{code[:4]}-{code[4:]}" for code in codes]


@roles_required(*ALL_STAFF)
@second_factor_step
@never_cache
def second_factor_enrol(request):
    if selectors.second_factor_confirmed(user=request.user):
        return redirect("second_factor_verify")
    device = services.enrolment_device_get_or_create(user=request.user)
    form = SecondFactorEnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.second_factor_enrol(acting_user=request.user, code=form.cleaned_data["code"])
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            _mark_verified(request, device)
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            messages.success(request, _("Two-step verification is set up."))
            return redirect(f"{reverse('recovery_codes')}?{urlencode({'next': _next_url(request)})}")
    context = {
        "form": form,
        "secret": second_factor.secret_for_typing(device),
        "next": _next_url(request),
    }
    return render(request, "registration/second_factor_enrol.html", context)


@roles_required(*ALL_STAFF)
@second_factor_step
@never_cache
@require_GET
def second_factor_qr(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("pk").first()
    if device is None:
        raise Http404
    return HttpResponse(second_factor.qr_svg(second_factor.otpauth_uri(device)), content_type="image/svg+xml")


@roles_required(*ALL_STAFF)
@second_factor_step
@never_cache
def second_factor_verify(request):
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not selectors.second_factor_confirmed(user=request.user):
        return redirect("second_factor_enrol")
    form = SecondFactorVerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.second_factor_verify(acting_user=request.user, code=form.cleaned_data["code"])
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            _mark_verified(request, device)
            if not isinstance(device, TOTPDevice):
                left = selectors.recovery_codes_remaining(user=request.user)
                messages.warning(
                    request,
                    _("You used a recovery code and have %(count)d left. You can make new ones under “Recovery codes”.")
                    % {"count": left},
                )
            return redirect(_next_url(request))
    return render(request, "registration/second_factor_verify.html", {"form": form, "next": _next_url(request)})


@roles_required(*ALL_STAFF)
@never_cache
def recovery_codes(request):
    form = RecoveryCodesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.recovery_codes_regenerate(acting_user=request.user, code=form.cleaned_data["code"])
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            messages.success(request, _("New recovery codes are made. The old ones no longer work."))
            return redirect("recovery_codes")
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    context = {
        "form": form,
        "codes": _show_codes(codes) if codes else None,
        "remaining": selectors.recovery_codes_remaining(user=request.user),
        "next": _next_url(request),
    }
    return render(request, "registration/recovery_codes.html", context)


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
        )
        return response
