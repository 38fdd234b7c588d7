"""Staff pages of the questionnaires' languages: a municipality's translations, their upload and
the source file a translator fills in."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemmepaed.access import roles_required
from hjemmepaed.errors import DomainError, domain_error_to_form
from hjemmepaed.organisation.models import Role
from surveys import selectors, translation_services
from surveys.forms import TranslationUploadForm
from surveys.interface import interface_source, shipped_locale
from surveys.languages import LANGUAGES, SOURCE
from surveys.translation_files import (
    TranslationFileError,
    source_csv,
    source_file_name,
    source_xliff,
    translation_file_read,
)
from surveys.translations import file_source_texts

TRANSLATION_STAFF = (Role.COORDINATOR, Role.MANAGER)
LANGUAGE_CHOICES = sorted(
    ((code, language.danish_name.capitalize()) for code, language in LANGUAGES.items() if code != SOURCE),
    key=lambda choice: choice[1],
)


@roles_required(*TRANSLATION_STAFF)
def survey_translations(request):
    """The municipality's languages of its questionnaires; a translation file adds one."""
    municipality = request.user.municipality
    available = selectors.questionnaires_available_to(municipality=municipality)
    form = TranslationUploadForm(
        request.POST or None, request.FILES or None, available=available, languages=LANGUAGE_CHOICES
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            file = translation_file_read(name=upload.name, content=upload.read(upload.size if upload.size else -1))
            translation_services.translation_upload(
                acting_user=request.user,
                questionnaire=form.cleaned_data["questionnaire"],
                language=form.cleaned_data["language"],
                translator=form.cleaned_data["translator"],
                reviewed=form.cleaned_data["reviewed"],
                file=file,
            )
        except TranslationFileError as error:
            form.add_error("file", str(error))
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("The translation has been added. Parents can now choose the language."))
            return redirect("survey_translations")
    context = {
        "form": form,
        "questionnaires": available,
        "rows": _rows(selectors.translations_of_municipality(municipality=municipality)),
        "shipped_rows": _rows(selectors.translations_shipped_for(municipality=municipality)),
    }
    return render(request, "surveys/translations.html", context)


def _rows(translations) -> list[dict]:
    """Each translation with its language; one uploaded before the file carried the pages' own
    texts (and in a language Django does not ship) is shown with them in English until uploaded again."""
    keys = set(interface_source())
    return [
        {
            "translation": translation,
            "language": LANGUAGES.get(translation.language),
            "interface_missing": not shipped_locale(translation.language) and not keys <= set(translation.texts),
        }
        for translation in translations
    ]


@roles_required(*TRANSLATION_STAFF)
@require_POST
def translation_reviewed(request, pk: int):
    """A second person has read the municipality's translation through."""
    translation = selectors.translation_get_for_user_or_404(user=request.user, pk=pk)
    try:
        translation_services.translation_review_mark(acting_user=request.user, translation=translation)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The translation is marked as read through."))
    return redirect("survey_translations")


@roles_required(*TRANSLATION_STAFF)
def translation_source_download(request, questionnaire_pk: int, file_format: str):
    """The Danish texts of a questionnaire version with an empty column for the translation."""
    if file_format not in ("csv", "xlf"):
        raise Http404
    questionnaire = get_object_or_404(
        selectors.questionnaires_available_to(municipality=request.user.municipality), pk=questionnaire_pk
    )
    source = file_source_texts(questionnaire)
    if file_format == "csv":
        response = HttpResponse(source_csv(source), content_type="text/csv; charset=utf-8")
    else:
        original = f"{questionnaire.key}-v{questionnaire.version}"
        response = HttpResponse(source_xliff(source, original=original), content_type="application/xliff+xml")
    response["Content-Disposition"] = f'attachment; filename="{source_file_name(questionnaire, file_format)}"'
    return response
