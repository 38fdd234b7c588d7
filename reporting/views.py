from django.contrib import messages
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hjemmepaed.access import roles_required
from hjemmepaed.errors import DomainError, domain_error_to_form
from hjemmepaed.formkeys import form_key_repeated
from hjemmepaed.organisation import services as organisation_services
from hjemmepaed.organisation.models import Role
from hjemmepaed.ui.pagination import page_of
from hjemmepaed.variants.selectors import variants_for_period_many
from reporting import selectors_reports, services
from reporting.forms import HourlyRateForm, ReportOrderForm
from reporting.models import ReportStatus

REPORT_READERS = (Role.COORDINATOR, Role.MANAGER, Role.ANALYST)
MUNICIPAL_REPORT_READERS = (Role.COORDINATOR, Role.MANAGER)
REPORTS_PER_PAGE = 50


@roles_required(*REPORT_READERS)
def report_list(request):
    """The kept reports, and the form that orders a new one."""
    choices = selectors_reports.report_municipality_choices(user=request.user)
    latest = selectors_reports.report_default_periods(municipalities=choices, today=timezone.localdate())
    form = ReportOrderForm(request.POST or None, municipalities=choices, latest=latest)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_order(acting_user=request.user, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            if form_key_repeated(report):
                messages.info(request, _("The report was already ordered."))
            return redirect("report_detail", pk=report.pk)
    page = page_of(request, selectors_reports.report_list_visible_to(user=request.user), per_page=REPORTS_PER_PAGE)
    return render(request, "reporting/report_list.html", {"form": form, "reports": page.object_list, "page": page})


@roles_required(*REPORT_READERS)
def report_detail(request, pk: int):
    report = selectors_reports.report_get_for_user_or_404(user=request.user, pk=pk)
    versions = variants_for_period_many(
        municipalities=report.municipalities.all(), start=report.period_start, end=report.period_end
    )
    return render(request, "reporting/report_detail.html", {"report": report, "model_versions": versions})


@roles_required(*REPORT_READERS)
@require_GET
def report_status(request, pk: int):
    """The progress page asks this every few seconds, so it updates without a reload."""
    report = selectors_reports.report_get_for_user_or_404(user=request.user, pk=pk)
    response = JsonResponse(
        {
            "status": report.status,
            "label": str(ReportStatus(report.status).label),
            "finished": report.is_finished,
            "error": report.error,
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@roles_required(*REPORT_READERS)
def report_download(request, pk: int, kind: str):
    report = selectors_reports.report_get_for_user_or_404(user=request.user, pk=pk)
    try:
        download = services.report_download(acting_user=request.user, report=report, kind=kind)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("report_detail", pk=report.pk)
    response = FileResponse(download.file, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@roles_required(*REPORT_READERS)
@require_POST
def report_retry(request, pk: int):
    report = selectors_reports.report_get_for_user_or_404(user=request.user, pk=pk)
    try:
        services.report_retry(acting_user=request.user, report=report)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("report_detail", pk=report.pk)


@roles_required(*MUNICIPAL_REPORT_READERS)
def hourly_rate(request):
    municipality = request.user.municipality
    form = HourlyRateForm(request.POST or None, initial={"visit_hourly_rate": municipality.visit_hourly_rate})
    if request.method == "POST" and form.is_valid():
        try:
            organisation_services.municipality_hourly_rate_set(
                acting_user=request.user,
                municipality=municipality,
                rate=form.cleaned_data["visit_hourly_rate"],
            )
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("The hourly rate has been saved. New reports use it."))
            return redirect(reverse("report_list"))
    return render(request, "reporting/hourly_rate.html", {"form": form, "municipality": municipality})
