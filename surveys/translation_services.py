"""Writes of the questionnaires' languages: the language a parent chose, and a municipality's
uploaded translation."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User
from surveys import selectors
from surveys.access import translation_review_check, translation_upload_check
from surveys.languages import LANGUAGES, SOURCE
from surveys.models import Draft, Questionnaire, QuestionnaireTranslation
from surveys.translation_files import TranslationFile
from surveys.translations import file_source_texts, translation_problems


def draft_language_set(*, key: str, questionnaire: Questionnaire, language: str) -> Draft:
    """Remember the language the parent chose on the first page with her unsent answers."""
    defaults = {"questionnaire": questionnaire, "language": language}
    try:
        with transaction.atomic():
            draft, _created = Draft.objects.update_or_create(key=key, defaults=defaults)
    except IntegrityError:  # a second request of the same parent created the draft in between
        draft, _created = Draft.objects.update_or_create(key=key, defaults=defaults)
    return draft


@transaction.atomic
def translation_upload(
    *,
    acting_user: User,
    questionnaire: Questionnaire,
    language: str,
    translator: str,
    reviewed: bool,
    file: TranslationFile,
) -> QuestionnaireTranslation:
    """Add (or replace) the municipality's translation of a questionnaire version into `language`.
    Refused, with one Danish sentence a problem, when a text is missing, a key is unknown, a
    placeholder differs, or the Danish text changed since the file was made."""
    translation_upload_check(acting_user=acting_user)
    municipality = acting_user.municipality
    if not selectors.questionnaires_available_to(municipality=municipality).filter(pk=questionnaire.pk).exists():
        raise DomainError(_("Choose one of the municipality's questionnaires."), field="questionnaire")
    if language not in LANGUAGES or language == SOURCE:
        raise DomainError(_("Choose the language of the translation."), field="language")
    if file.target_language and file.target_language.split("-")[0].lower() != language:
        raise DomainError(
            _("The file is a translation into “%(file)s”, not into %(chosen)s.")
            % {"file": file.target_language, "chosen": LANGUAGES[language].danish_name},
            field="file",
        )
    source = file_source_texts(questionnaire)
    problems = translation_problems(source, file.texts, source_as_read=file.sources)
    if problems:
        raise DomainError(problems, field="file")
    values = {
        "texts": {key: file.texts[key].strip() for key in source},
        "translator": translator,
        "reviewed_on": timezone.localdate() if reviewed else None,
        "created_by": acting_user,
        "created_at": timezone.now(),
    }
    translation, _created = QuestionnaireTranslation.objects.update_or_create(
        questionnaire=questionnaire, language=language, municipality=municipality, defaults=values
    )
    audit_event_record(
        actor=acting_user,
        action=Action.CREATE,
        object_type="questionnaire_translation",
        object_id=translation.pk,
    )
    return translation


@transaction.atomic
def translation_review_mark(*, acting_user: User, translation: QuestionnaireTranslation) -> QuestionnaireTranslation:
    """A second person has read the translation through: it is shown as read through from today.
    Marking one read through again changes nothing and records nothing."""
    translation_review_check(acting_user=acting_user, translation=translation)
    translation = QuestionnaireTranslation.objects.select_for_update().get(pk=translation.pk)
    if translation.reviewed_on is not None:
        return translation
    translation.reviewed_on = timezone.localdate()
    translation.save(update_fields=["reviewed_on"])
    audit_event_record(
        actor=acting_user,
        action=Action.UPDATE,
        object_type="questionnaire_translation",
        object_id=translation.pk,
        municipality=translation.municipality,
    )
    return translation
