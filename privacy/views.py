"""The privacy screens: the coordinator's audit log (Logning: search, spot-check sample, and an
access request's PDF of one person's lookups), a family's data for a request of access, and the
municipality's retention period and archive decision ("Opbevaring og sletning").

The audit log's filters travel by POST and live in the session, so no name, CPR number or typed
text lands in a URL (or in a web server's log); a person is picked from a list by an opaque value.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from families.selectors import family_get_for_user_or_404
from hjemmepaed.access import roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError, domain_error_to_form
from hjemmepaed.organisation.forms import ArchiveDecisionForm, RetentionYearsForm
from hjemmepaed.organisation.models import Role, User
from hjemmepaed.organisation.selectors import archive_decision_list_for
from hjemmepaed.organisation.services import archive_decision_record, municipality_retention_set
from hjemmepaed.pdf import PdfRenderTimeout, render_pdf
from privacy import services
from privacy.filters import AuditEventFilter
from privacy.forms import SampleForm
from privacy.selectors import audit_log as selectors
from privacy.selectors.retention import retention_overview

SESSION_KEY = "audit_log_filters"
PAGE_SIZE = 50
FILE_KINDS = {"child": "barn", "guardian": "foraelder"}


def _filter(request) -> AuditEventFilter:
    user = request.user
    return AuditEventFilter(
        request.session.get(SESSION_KEY) or None,
        queryset=selectors.audit_event_list_visible_to(user=user),
        staff=User.objects.filter(municipality_id=user.municipality_id).order_by("first_name", "last_name", "username"),
        subjects=selectors.audit_subject_choices(user=user),
    )


def _no_store(response):
    patch_cache_control(response, no_store=True, private=True)
    return response


def _log_page(request, sample_form: SampleForm):
    audit_filter = _filter(request)
    page = Paginator(audit_filter.qs, PAGE_SIZE).get_page(request.GET.get("side"))
    rows = selectors.audit_event_rows(events=list(page.object_list), municipality_id=request.user.municipality_id)
    criterion = audit_filter.criterion_text()
    person = audit_filter.people.get("subject")
    audit_event_record(
        actor=request.user,
        action=Action.SEARCH,
        object_type="audit_log",
        criterion=f"{criterion} {_('Page %(number)s.') % {'number': page.number}}",
    )
    context = {
        "filter": audit_filter,
        "page": page,
        "rows": rows,
        "sample_form": sample_form,
        "person": person,
        "filter_forms": [audit_filter.form],
        "person_kind": person._meta.model_name if person else "",
    }
    return _no_store(render(request, "privacy/audit_log.html", context))


@roles_required(Role.COORDINATOR)
def audit_log(request):
    """The search. A POST keeps the filters in the session and comes back here by GET."""
    if request.method == "POST":
        keep = "clear" not in request.POST
        request.session[SESSION_KEY] = (
            {name: request.POST.get(name, "") for name in AuditEventFilter.Meta.fields} if keep else {}
        )
        return redirect("audit_log")
    return _log_page(request, SampleForm())


@roles_required(Role.COORDINATOR)
@require_POST
def audit_sample(request):
    """A random sample of the searched events for the municipality's spot check, printable."""
    form = SampleForm(request.POST)
    if not form.is_valid():
        return _log_page(request, form)
    audit_filter = _filter(request)
    criterion = audit_filter.criterion_text()
    sample = services.audit_sample_draw(
        acting_user=request.user,
        events=audit_filter.qs,
        size=form.cleaned_data["size"],
        criterion=criterion,
    )
    rows = selectors.audit_event_rows(events=sample, municipality_id=request.user.municipality_id)
    context = {
        "rows": rows,
        "size": form.cleaned_data["size"],
        "population": audit_filter.qs.count(),
        "filter": audit_filter,
        "drawn_at": timezone.now(),
    }
    return _no_store(render(request, "privacy/audit_sample.html", context))


@roles_required(Role.COORDINATOR)
def audit_subject_report(request, kind: str, pk: int):
    """An access request: every lookup on one child or guardian, as PDF. Audited as an export."""
    person = selectors.audit_subject_get_for_user_or_404(user=request.user, kind=kind, pk=pk)
    events = list(selectors.audit_event_list_visible_to(user=request.user).filter(selectors.audit_subject_q(person)))
    rows = selectors.audit_event_rows(events=events, municipality_id=request.user.municipality_id)
    audit_event_record(
        actor=request.user,
        action=Action.EXPORT,
        object_type="audit_subject_report",
        object_id=person.pk,
        subject=person,
        municipality=request.user.municipality,
        criterion=f"access request: {len(events)} events",
    )
    try:
        pdf = render_pdf(
            "privacy/pdf/audit_subject_report.html",
            {
                "rows": rows,
                "person": person,
                "kind": kind,
                "municipality_name": request.user.municipality.authority_name,
                "title": _("Access request: lookups in the audit log"),
                "made_at": timezone.now(),
                "made_by": request.user,
            },
            time_limit=settings.PDF_RENDER_TIME_LIMIT_IN_REQUEST,
        )
    except PdfRenderTimeout:
        messages.error(request, _("The PDF could not be made in time. Try again in a moment."))
        return redirect("audit_log")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="indsigt-logning-{FILE_KINDS[kind]}-{person.pk}.pdf"'
    return _no_store(response)


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


def _retention_page(request, *, years_form=None, decision_form=None):
    municipality = request.user.municipality
    decisions = archive_decision_list_for(municipality=municipality)
    context = {
        "municipality": municipality,
        "decisions": decisions,
        "current_decision": decisions.first(),
        "overview": retention_overview(municipality=municipality),
        "may_change": request.user.is_manager,
        "years_form": years_form or RetentionYearsForm(initial={"retention_years": municipality.retention_years}),
        "decision_form": decision_form or ArchiveDecisionForm(),
    }
    return render(request, "privacy/retention.html", context)


@roles_required(Role.COORDINATOR, Role.MANAGER)
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
            municipality_retention_set(
                acting_user=request.user,
                municipality=request.user.municipality,
                years=form.cleaned_data["retention_years"],
            )
        except DomainError as error:
            domain_error_to_form(form, error)
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
            archive_decision_record(
                acting_user=request.user,
                municipality=request.user.municipality,
                **form.cleaned_data,
            )
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("The archive decision has been recorded."))
            return redirect("retention_settings")
    return _retention_page(request, decision_form=form)
