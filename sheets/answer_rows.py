"""Checking the rows of a sheet of historical answers to a questionnaire (the national one, or
Ishøj's): each answer read as `surveys.services.response_submit` stores it, and, in the national
sheet, the rules between its questions about each child.

Pure code: the questions' readers and the municipality's course ids are passed in.
"""

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from courses.models import Agreement
from sheets import cells
from sheets import columns as c
from sheets.cells import CellError
from sheets.rows import INVALID, Problems, cell_read, id_read, municipality_check, not_future
from surveys.forms import YES_NO
from surveys.models import QuestionKind
from surveys.services import ImportedResponse

ANSWER_TIME = time(12, 0)
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def answer_reader(question):
    """A reader of the question's cells, giving the answer as `response_submit` stores it:
    ("choice", value) or ("number", value). Its labels are looked up once, here."""
    kind = question.kind
    if kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
        return lambda value: (
            "number",
            cells.integer_read(value, minimum=question.scale_min, maximum=question.scale_max),
        )
    if kind == QuestionKind.AGREEMENT:
        reader = cells.ChoiceReader(Agreement.choices)
    elif kind == QuestionKind.YES_NO:
        reader = cells.ChoiceReader(YES_NO, aliases=c.YES_NO_VALUES)
    elif kind == QuestionKind.SINGLE_CHOICE:
        choices = [(choice["value"], choice["label"]) for choice in question.choices]
        reader = cells.ChoiceReader(choices, aliases=c.PARENT_VALUES if question.other_choice else None)
    else:

        def refuse(value):
            raise CellError(_("This question cannot be imported."))

        return refuse
    return lambda value: ("choice", reader(value))


def answer_readers(questions) -> dict:
    """{question number: its reader} for the questionnaire's questions, made once per import."""
    return {question.number: answer_reader(question) for question in questions}


@dataclass(frozen=True)
class AnswerSheet:
    """The columns of one questionnaire's sheet. `per_child`: the national sheet, whose question 3
    gives the number of children and whose questions 4-6 and 8 are asked for each of them."""

    columns: tuple[c.AnswerColumn, ...]
    per_child: bool


NATIONAL_SHEET = AnswerSheet(tuple(c.answer_columns()), per_child=True)
ISHOEJ_SHEET = AnswerSheet(tuple(c.ishoej_answer_columns()), per_child=False)


def _answers_read(problems: Problems, number: int, row: dict, *, readers, sheet: AnswerSheet) -> tuple[dict, int, bool]:
    """{(question number, child): (header, kind, value)} of the answered cells, the number of
    children (`response_submit`'s: question 3, else 1, in the national sheet; none in a
    questionnaire without questions per child), and whether a cell or a rule failed."""
    answers, failed = {}, False
    for column in sheet.columns:
        try:
            kind, value = readers[column.question](row[column.header])
        except CellError as error:
            problems.add(number, column.header, str(error))
            failed = True
            continue
        if value is not None:
            answers[(column.question, column.child)] = (column.header, kind, value)
    if not sheet.per_child:
        return answers, 0, failed
    children = int(answers[("3", 0)][2]) if ("3", 0) in answers else 1
    for (question, child), (header, _kind, _value) in answers.items():
        if child > children:
            problems.add(
                number,
                header,
                _(
                    "Question 3 says %(count)s child(ren), so this child has no answers. Correct question 3 or empty the cell."
                )
                % {"count": children},
            )
            failed = True
        if question == "8" and answers.get(("4", child), (None, None, None))[2] != "yes":
            problems.add(
                number, header, _("Question 8 is only answered for a child who was in daycare (question 4 is “ja”).")
            )
            failed = True
    return answers, children, failed


def response_row_read(
    problems: Problems,
    number: int,
    row: dict,
    *,
    acting_user,
    municipalities,
    seen,
    today,
    readers,
    course_ids,
    sheet: AnswerSheet = NATIONAL_SHEET,
) -> ImportedResponse | None:
    """The response of one row, or None when it has a problem."""
    municipality_check(problems, number, row[c.MUNICIPALITY], acting_user=acting_user, municipalities=municipalities)
    response_id = id_read(problems, number, c.RESPONSE_ID, row[c.RESPONSE_ID], seen)
    answered_on = not_future(
        problems,
        number,
        c.ANSWERED_ON,
        cell_read(problems, number, c.ANSWERED_ON, cells.date_read, row[c.ANSWERED_ON]),
        today,
    )
    if answered_on is None:
        problems.add(number, c.ANSWERED_ON, _("The date is required."))
    course_id = None
    course_text = cells.text_read(row[c.COURSE_ID])
    if course_text is not None:
        course_id = course_ids.get(course_text)
        if course_id is None:
            problems.add(
                number,
                c.COURSE_ID,
                _("No course in your municipality has the id %(id)s. Import the course first, or empty the cell.")
                % {"id": course_text},
            )
    answers, children, failed = _answers_read(problems, number, row, readers=readers, sheet=sheet)
    if (
        failed
        or response_id is None
        or answered_on in (None, INVALID)
        or (course_text is not None and course_id is None)
    ):
        return None
    return ImportedResponse(
        external_id=response_id,
        submitted_at=datetime.combine(answered_on, ANSWER_TIME, tzinfo=COPENHAGEN),
        course_id=course_id,
        children=children,
        answers=frozenset(
            (question, child, value if kind == "choice" else "", value if kind == "number" else None)
            for (question, child), (_header, kind, value) in answers.items()
        ),
    )
