"""Which language a parent answers in, and the questionnaire walked in it.

Offered: Danish (the source) and every translation of the questionnaire the municipality's
parents may choose (`selectors.translations_for`). Chosen: the one the parent picked on the
first page (kept in the draft), else the family's language recorded at referral when the link
is an invitation and the language is offered, else Danish.
"""

from surveys import selectors
from surveys.engine import Walk
from surveys.interface import Interface
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


def interface_in(code: str, translation) -> Interface:
    """The interface texts in `code`: the translation's own, where it gives them (`surveys.interface`)."""
    return Interface(code, translation.texts if translation is not None else None)


def walk_in_language(walk: Walk, translation, code: str = SOURCE) -> Walk:
    """The same walk with the translation's texts and its interface texts in `code`; Danish
    (no translation) keeps the questions' own texts."""
    questionnaire, questions = walk.questionnaire, walk.questions
    if translation is not None:
        questionnaire, questions = translated(walk.questionnaire, walk.questions, translation.texts)
    return Walk(
        questionnaire, child_labels=walk.known_children, questions=questions, ui=interface_in(code, translation)
    )


def interface_for(*, questionnaire, municipality, code: str) -> Interface:
    """The interface texts of a questionnaire's letter, e-mails and pages in `code`."""
    translation = selectors.translations_for(questionnaire=questionnaire, municipality=municipality).get(code)
    return interface_in(code, translation)


def questionnaire_in_language(questionnaire, *, municipality, code: str):
    """The questionnaire's own texts (title, introduction, closing text) in `code` where a
    translation is offered, else Danish."""
    translation = selectors.translations_for(questionnaire=questionnaire, municipality=municipality).get(code)
    if translation is None:
        return questionnaire
    return translated(questionnaire, [], translation.texts)[0]


def letter_language(*, invitation) -> str:
    """The language of an invitation's letter and e-mails: the family's recorded language when
    the questionnaire is translated into it (the translation carries the letter's and e-mails'
    texts, `surveys.interface`); else Danish."""
    code = language_from_recorded(invitation.course.family.language or "")
    if code is None or code == SOURCE:
        return SOURCE
    offered = selectors.translations_for(
        questionnaire=invitation.questionnaire, municipality=invitation.course.municipality
    )
    return code if code in offered else SOURCE
