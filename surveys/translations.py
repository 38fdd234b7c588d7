"""A questionnaire's texts by key, and the questionnaire read in another language.

The keys name each text a parent reads: `title`, `intro`, `outro`, and per question `q5.text`,
`q5.heading`, `q5.hint`, `q1.choice.father` (a choice by its stored value), `q9.scale_min_label`
and `q9.scale_max_label`. A translation gives a text for every key; the answers stored are the
same codes in every language, because only the texts are replaced, never the values.

A translation file carries the interface texts too (`ui.next`, `surveys.interface`): a
municipality's translation then gives the whole page, the letter and the e-mails in its language.
"""

import copy
import re

from django.utils.translation import gettext as _

from surveys.interface import PREFIX, interface_source

QUESTIONNAIRE_FIELDS = ("title", "intro", "outro")
QUESTION_FIELDS = ("heading", "text", "hint", "scale_min_label", "scale_max_label")
# `{name}`, `%(name)s`, `%s`, `%d`: texts a program fills in, which a translation must keep.
PLACEHOLDER = re.compile(r"\{[^{}\s]*\}|%\([^)]+\)[sd]|%[sd]")


def source_texts(questionnaire, questions) -> dict[str, str]:
    """The Danish texts by key, in the order a parent reads them. A choice label that is only a
    number ("1" … "6") has nothing to translate and is left out."""
    texts = {field: getattr(questionnaire, field) for field in QUESTIONNAIRE_FIELDS if getattr(questionnaire, field)}
    for question in questions:
        for field in ("heading", "text", "hint"):
            if getattr(question, field):
                texts[f"q{question.number}.{field}"] = getattr(question, field)
        for choice in question.choices or []:
            if not str(choice["label"]).strip().isdigit():
                texts[f"q{question.number}.choice.{choice['value']}"] = choice["label"]
        for field in ("scale_min_label", "scale_max_label"):
            if getattr(question, field):
                texts[f"q{question.number}.{field}"] = getattr(question, field)
    return texts


def file_source_texts(questionnaire) -> dict[str, str]:
    """Every Danish text a translation file must translate: the questionnaire's, then the interface's."""
    return {**source_texts(questionnaire, questionnaire.questions.order_by("position")), **interface_source()}


def translated(questionnaire, questions, texts: dict[str, str]):
    """Copies of the questionnaire and its questions with `texts` in place of the Danish ones
    (a text not given stays Danish). The copies are for reading: nothing saves them."""
    questionnaire = copy.copy(questionnaire)
    for field in QUESTIONNAIRE_FIELDS:
        setattr(questionnaire, field, texts.get(field) or getattr(questionnaire, field))
    result = []
    for question in questions:
        question = copy.copy(question)
        for field in QUESTION_FIELDS:
            setattr(question, field, texts.get(f"q{question.number}.{field}") or getattr(question, field))
        question.choices = [
            {**choice, "label": texts.get(f"q{question.number}.choice.{choice['value']}") or choice["label"]}
            for choice in question.choices or []
        ]
        result.append(question)
    return questionnaire, result


def describe(key: str, source: dict[str, str]) -> str:
    """What a key names, as a Danish sentence continues "Oversættelsen mangler teksten til …"."""
    if key.startswith(PREFIX):
        return _("the interface text “%(text)s” (%(key)s)") % {"text": source.get(key, key), "key": key}
    if key == "title":
        return _("the title")
    if key == "intro":
        return _("the introduction")
    if key == "outro":
        return _("the closing text")
    number, _dot, field = key[1:].partition(".")
    if field.startswith("choice."):
        return _("the answer “%(label)s” of question %(number)s") % {"label": source.get(key, ""), "number": number}
    if field == "heading":
        return _("the text before question %(number)s") % {"number": number}
    if field == "hint":
        return _("the hint of question %(number)s") % {"number": number}
    if field == "scale_min_label":
        return _("the lowest end of the scale of question %(number)s") % {"number": number}
    if field == "scale_max_label":
        return _("the highest end of the scale of question %(number)s") % {"number": number}
    return _("question %(number)s") % {"number": number}


def translation_problems(
    source: dict[str, str], texts: dict[str, str], *, source_as_read: dict[str, str] | None = None
) -> list[str]:
    """Why `texts` cannot be used as a translation of `source`, in Danish, one sentence a problem:
    a missing text, a key the questionnaire does not have, placeholders that differ from the
    Danish text's, and (`source_as_read`: the Danish texts the file says it translated) a Danish
    text changed since the file was made."""
    problems = []
    for key in texts:
        if key not in source:
            problems.append(
                _("The file has a text for “%(key)s”, which the questionnaire does not have.") % {"key": key}
            )
    for key, text in source.items():
        what = describe(key, source)
        translation = (texts.get(key) or "").strip()
        if not translation:
            problems.append(_("The translation lacks the text of %(what)s.") % {"what": what})
            continue
        if source_as_read is not None and key in source_as_read and source_as_read[key].strip() != text.strip():
            problems.append(_("The Danish text of %(what)s has changed since the file was made.") % {"what": what})
        if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(translation)):
            expected = " ".join(PLACEHOLDER.findall(text)) or _("none")
            problems.append(
                _("The placeholders in %(what)s differ from the Danish text's (%(expected)s).")
                % {"what": what, "expected": expected}
            )
    return problems
