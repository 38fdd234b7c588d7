"""Pages of the registration sheet: import historical courses and questionnaire answers (dry
run, then confirm), export the municipality's courses, and download the empty templates."""

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from hjemmepaed.access import roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError, domain_error_to_form
from sheets import services, workbooks
from sheets.access import SHEET_IMPORTERS, SHEET_READERS, can_sheet_import
from sheets.columns import END_REASON_ALIASES
from sheets.forms import EndReasonAliasForm, SheetConfirmForm, SheetUploadForm
from sheets.models import SheetKind, UploadStatus
from sheets.rows import ImportResult
from sheets.selectors import (
    course_sheet_rows,
    end_reason_alias_get_for_user_or_404,
    end_reason_alias_list,
    sheet_upload_get_for_user_or_404,
    sheet_upload_progress,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What the upload page of each kind of sheet says, where its form posts and its template is.
KIND_PAGES = {
    SheetKind.COURSES: {
        "title": gettext_lazy("Import historical courses"),
        "lead": gettext_lazy(
            "One row per course. Upload the file: it is checked first and nothing is saved until you confirm."
        ),
        "import_url": "sheet_import_courses",
        "template_url": "sheet_template_courses",
        "template_name": "registreringsark",
    },
    SheetKind.ANSWERS: {
        "title": gettext_lazy("Import historical answers to the national questionnaire"),
        "lead": gettext_lazy(
            "One row per response. Free text answers (question 10) are not imported. Upload the file: it is "
            "checked first and nothing is saved until you confirm."
        ),
        "import_url": "sheet_import_answers",
        "template_url": "sheet_template_answers",
        "template_name": "besvarelser",
    },
    SheetKind.ISHOEJ_ANSWERS: {
        "title": gettext_lazy("Import historical answers to the Ishøj questionnaire"),
        "lead": gettext_lazy(
            "One row per response, with the date the parent answered. Free text answers (questions 2, 3 and 10) "
            "are not imported. Upload the file: it is checked first and nothing is saved until you confirm."
        ),
        "import_url": "sheet_import_ishoej",
        "template_url": "sheet_template_ishoej",
        "template_name": "ishoej-besvarelser",
    },
    SheetKind.SDQ: {
        "title": gettext_lazy("Import historical SDQ measurements"),
        "lead": gettext_lazy(
            "One row per course, child, timing and informant: the 25 answers and the impact supplement, or only "
            "the scale scores where only they were kept. Import the courses with the child's birth month first. "
            "Upload the file: it is checked first and nothing is saved until you confirm."
        ),
        "import_url": "sheet_import_sdq",
        "template_url": "sheet_template_sdq",
        "template_name": "sdq",
    },
}


@roles_required(*SHEET_READERS)
def sheet_index(request):
    return render(request, "sheets/sheet_index.html", {"can_import": can_sheet_import(request.user)})


@roles_required(*SHEET_IMPORTERS)
def sheet_import(request, kind: str):
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = services.sheet_upload_create(
                acting_user=request.user, kind=kind, content=form.cleaned_data["file"].read()
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            return redirect("sheet_upload_review", pk=upload.pk)
    return render(request, "sheets/sheet_import.html", {"form": form, "kind": kind, "page": KIND_PAGES[kind]})


@roles_required(*SHEET_IMPORTERS)
def sheet_upload_review(request, pk: int):
    """The kept dry run (or the import's result), or the progress of the task making it."""
    upload = sheet_upload_get_for_user_or_404(user=request.user, pk=pk)
    form = SheetConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sheet_upload_import_start(acting_user=request.user, upload=upload)
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("sheet_upload_review", pk=upload.pk)
    result = ImportResult.from_json(upload.result) if upload.result is not None else None
    context = {
        "upload": upload,
        "result": result,
        "form": form,
        "upload_form": SheetUploadForm(),
        "kind": upload.kind,
        "page": KIND_PAGES[upload.kind],
        "imported_message": _imported_message(result) if result and result.imported else "",
        "progress_text": _progress_text(upload) if upload.is_running else "",
    }
    return render(request, "sheets/sheet_review.html", context)


@roles_required(*SHEET_IMPORTERS)
@require_GET
def sheet_upload_status(request, pk: int):
    """The review page asks this every two seconds while a task checks or imports the file."""
    upload = sheet_upload_get_for_user_or_404(user=request.user, pk=pk)
    done, total = sheet_upload_progress(upload=upload)
    response = JsonResponse(
        {
            "status": upload.status,
            "finished": not upload.is_running,
            "done": done,
            "total": total,
            "text": _progress_text(upload) if upload.is_running else "",
        }
    )
    response["Cache-Control"] = "no-store"
    return response


def _progress_text(upload) -> str:
    """“12.000 af 50.000 rækker kontrolleret”, or “… indlæst” once the import runs."""
    done, total = sheet_upload_progress(upload=upload)
    if not total:
        return gettext("The file is being read.")
    numbers = {"done": number_format(done, force_grouping=True), "total": number_format(total, force_grouping=True)}
    if upload.status == UploadStatus.IMPORTING:
        return ngettext("%(done)s of %(total)s row imported", "%(done)s of %(total)s rows imported", total) % numbers
    return ngettext("%(done)s of %(total)s row checked", "%(done)s of %(total)s rows checked", total) % numbers


def _imported_message(result) -> str:
    created = ngettext("%(count)s row was imported.", "%(count)s rows were imported.", result.created) % {
        "count": result.created
    }
    unchanged = ngettext(
        "%(count)s row was already there and unchanged.",
        "%(count)s rows were already there and unchanged.",
        result.unchanged,
    ) % {"count": result.unchanged}
    return f"{created} {unchanged}"


@roles_required(*SHEET_READERS)
def sheet_export(request):
    municipality = request.user.municipality
    rows = course_sheet_rows(municipality=municipality)
    content = workbooks.courses_workbook_bytes(municipality=municipality, rows=rows)
    audit_event_record(
        actor=request.user,
        action=Action.EXPORT,
        object_type="registration_sheet",
        municipality=municipality,
        criterion=ngettext(
            "Registration sheet with %(count)s course.", "Registration sheet with %(count)s courses.", len(rows)
        )
        % {"count": len(rows)},
    )
    filename = f"registreringsark-{municipality.code}-{timezone.localdate():%Y-%m-%d}.xlsx"
    return _xlsx_response(content, filename)


@roles_required(*SHEET_READERS)
def sheet_template(request, kind: str):
    name = KIND_PAGES[kind]["template_name"]
    return _xlsx_response(workbooks.template_bytes(kind), f"skabelon-{name}.xlsx")


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@roles_required(*SHEET_IMPORTERS)
def end_reason_aliases(request):
    """The words for end reasons the import reads besides the app's labels: the evaluation's,
    and those the coordinator adds for her municipality's sheets."""
    form = EndReasonAliasForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_reason_alias_add(acting_user=request.user, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            return redirect("sheet_end_reason_aliases")
    context = {
        "form": form,
        "aliases": end_reason_alias_list(municipality=request.user.municipality),
        "shared_aliases": sorted(END_REASON_ALIASES.items()),
    }
    return render(request, "sheets/end_reason_aliases.html", context)


@roles_required(*SHEET_IMPORTERS)
def end_reason_alias_update(request, pk: int):
    """Change the words, or the end reason they mean."""
    alias = end_reason_alias_get_for_user_or_404(user=request.user, pk=pk)
    form = EndReasonAliasForm(request.POST or None, initial={"text": alias.text, "end_reason": alias.end_reason})
    if request.method == "POST" and form.is_valid():
        try:
            services.end_reason_alias_update(acting_user=request.user, alias=alias, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, gettext("The words have been saved."))
            return redirect("sheet_end_reason_aliases")
    return render(request, "sheets/end_reason_alias_form.html", {"form": form, "alias": alias})


@roles_required(*SHEET_IMPORTERS)
def end_reason_alias_delete(request, pk: int):
    """Asks first; the POST deletes the words."""
    alias = end_reason_alias_get_for_user_or_404(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            services.end_reason_alias_delete(acting_user=request.user, alias=alias)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext("The words have been deleted."))
        return redirect("sheet_end_reason_aliases")
    return render(request, "sheets/end_reason_alias_delete.html", {"alias": alias})
