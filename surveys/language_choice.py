"""Which language a parent answers in, and the questionnaire walked in it.

Offered: Danish (the source) and every translation of the questionnaire the municipality's
parents may choose (`selectors.translations_for`). Chosen: the one the parent picked on the
first page (kept in the draft), else the family's language recorded at referral when the link
is an invitation and the language is offered, else Danish.
"""

from django.conf import settings

from surveys import selectors
from surveys.engine import Walk
from surveys.languages import LANGUAGES, SOURCE, Language, language_from_recorded
from surveys.translations import translated


def languages_offered(*, questionnaire, municipality) -> tuple[list[Language], dict]:
    """Danish first, then the translations by their Danish names; and the translations by code."""
    translations = selectors.translations_for(questionnaire=questionnaire, municipality=municipality)
    known = [LANGUAGES[code] for code in translations if code in LANGUAGES]
    return [LANGUAGES[SOURCE], *sorted(known, key=lambda language: language.danish_name)], translations


def language_chosen(*, draft_language: str, recorded: str, offered: list[Language]) -> Language:
    codes = {language.code: language for language in offered}
    if draft_language in codes:
        return codes[draft_language]
    from_family = language_from_recorded(recorded) if recorded else None
    return codes.get(from_family) or LANGUAGES[SOURCE]


def walk_in_language(walk: Walk, translation) -> Walk:
    """The same walk with the translation's texts; Danish (no translation) is the walk itself."""
    if translation is None:
        return walk
    questionnaire, questions = translated(walk.questionnaire, walk.questions, translation.texts)
    return Walk(questionnaire, child_labels=walk.known_children, questions=questions)


def questionnaire_in_language(questionnaire, *, municipality, code: str):
    """The questionnaire's own texts (title, introduction, closing text) in `code` where a
    translation is offered, else Danish."""
    translation = selectors.translations_for(questionnaire=questionnaire, municipality=municipality).get(code)
    if translation is None:
        return questionnaire
    return translated(questionnaire, [], translation.texts)[0]


def letter_language(*, invitation) -> str:
    """The language of an invitation's letter and e-mails: the family's recorded language when
    the questionnaire is translated into it and the letter's own texts exist in it (Danish and
    English); else Danish."""
    code = language_from_recorded(invitation.course.family.language or "")
    if code is None or code == SOURCE or code not in {code for code, _name in settings.LANGUAGES}:
        return SOURCE
    offered = selectors.translations_for(
        questionnaire=invitation.questionnaire, municipality=invitation.course.municipality
    )
    return code if code in offered else SOURCE
