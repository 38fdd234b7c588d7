"""Installing a questionnaire definition (a JSON file in `surveys/definitions/`) as rows.

Used by the data migration that ships the national and the Ishøj questionnaires, and by
`manage.py questionnaire_install` for a municipality's own variant. The model classes can be
passed in so a migration uses its historical models.
"""

import json
from pathlib import Path

DEFINITIONS = Path(__file__).resolve().parent / "definitions"
SHIPPED = ("national-v1.json", "ishoej-v1.json")
KINDS = {"single_choice", "agreement", "scale", "yes_no", "number", "free_text"}
QUESTION_FIELDS = {
    "number",
    "page",
    "heading",
    "text",
    "hint",
    "kind",
    "choices",
    "other_choice",
    "scale_min",
    "scale_max",
    "scale_min_label",
    "scale_max_label",
    "per_child",
    "show_if_question",
    "show_if_values",
    "required",
    "confirm_low_rating",
}


def definition_read(name: str) -> dict:
    return json.loads((DEFINITIONS / name).read_text(encoding="utf-8"))


def definition_check(definition: dict) -> None:
    """Refuse a definition that could not be answered: unknown kinds, conditions on later questions."""
    numbers = []
    for question in definition["questions"]:
        unknown = set(question) - QUESTION_FIELDS
        if unknown:
            raise ValueError(f"question {question.get('number')}: unknown fields {sorted(unknown)}")
        if question["kind"] not in KINDS:
            raise ValueError(f"question {question['number']}: unknown kind {question['kind']}")
        if question["kind"] == "single_choice" and not question.get("choices"):
            raise ValueError(f"question {question['number']}: a single choice needs choices")
        condition = question.get("show_if_question")
        if condition and condition not in numbers:
            raise ValueError(f"question {question['number']}: its condition must be an earlier question")
        if question["number"] in numbers:
            raise ValueError(f"question {question['number']} appears twice")
        numbers.append(question["number"])
    count = definition.get("child_count_question")
    if count and count not in numbers:
        raise ValueError("child_count_question names no question")


def definition_install(definition: dict, *, Questionnaire=None, Question=None, municipality=None):
    """Create the questionnaire and its questions; the same key and version is never installed twice."""
    if Questionnaire is None:
        from surveys.models import Question, Questionnaire
    definition_check(definition)
    questionnaire, created = Questionnaire.objects.get_or_create(
        key=definition["key"],
        version=definition["version"],
        defaults={
            "title": definition["title"],
            "intro": definition.get("intro", ""),
            "outro": definition.get("outro", ""),
            "source": definition.get("source", ""),
            "child_count_question": definition.get("child_count_question", ""),
            "municipality": municipality,
        },
    )
    if not created:
        return questionnaire
    by_number = {}
    for position, spec in enumerate(definition["questions"], start=1):
        fields = {key: value for key, value in spec.items() if key != "show_if_question"}
        condition = spec.get("show_if_question")
        by_number[spec["number"]] = Question.objects.create(
            questionnaire=questionnaire,
            position=position,
            show_if_question=by_number[condition] if condition else None,
            **fields,
        )
    return questionnaire


def shipped_install(*, Questionnaire=None, Question=None) -> None:
    """The national (Bilag 8) and the Ishøj questionnaires; idempotent."""
    for name in SHIPPED:
        definition_install(definition_read(name), Questionnaire=Questionnaire, Question=Question)


SHIPPED_TRANSLATIONS = ("national-v1.en.json", "ishoej-v1.en.json")


def translation_install(translation: dict, *, Questionnaire=None, QuestionnaireTranslation=None):
    """Install a shipped translation of an installed questionnaire version (for every
    municipality); refused when a text is missing or its placeholders differ. Idempotent."""
    from surveys.translations import source_texts, translation_problems

    if Questionnaire is None:
        from surveys.models import Questionnaire, QuestionnaireTranslation
    questionnaire = Questionnaire.objects.get(key=translation["key"], version=translation["version"])
    source = source_texts(questionnaire, questionnaire.questions.order_by("position"))
    problems = translation_problems(source, translation["texts"])
    if problems:
        raise ValueError(f"{translation['key']} [{translation['language']}]: {' '.join(problems)}")
    row, _created = QuestionnaireTranslation.objects.get_or_create(
        questionnaire=questionnaire,
        language=translation["language"],
        municipality=None,
        defaults={
            "texts": translation["texts"],
            "translator": translation["translator"],
            "reviewed_on": translation.get("reviewed_on"),
        },
    )
    return row


def shipped_translations_install(*, Questionnaire=None, QuestionnaireTranslation=None) -> None:
    """English for the national and the Ishøj questionnaires; idempotent."""
    for name in SHIPPED_TRANSLATIONS:
        translation_install(
            definition_read(name), Questionnaire=Questionnaire, QuestionnaireTranslation=QuestionnaireTranslation
        )
