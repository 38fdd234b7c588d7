"""Writing sheets: the export of a municipality's courses and the empty templates, each with a
guide sheet of the allowed values."""

import io
from datetime import date

from django.utils.translation import gettext as _

from courses.models import Agreement, EndReason
from families.models import ChildSex
from sdq.models import Informant, Timing
from sheets.cells import label_of, minutes_to_hours
from sheets.columns import (
    ANSWER_COLUMNS,
    ANSWERED_ON,
    BIRTH_MONTH,
    CHILD_DEVELOPED,
    CHILD_SEX,
    COURSE_COLUMNS,
    COURSE_ID,
    END_DATE,
    END_REASON,
    FORMULA_STARTS,
    GOALS_REACHED,
    ISHOEJ_ANSWER_COLUMNS,
    ISHOEJ_CHANGE_LABELS,
    MUNICIPALITY,
    PARENT_SHEET_VALUES,
    RECRUITED_BY,
    RESPONSE_ID,
    SDQ_COLUMNS,
    SDQ_IMPACT_COLUMNS,
    SDQ_INFORMANT,
    SDQ_ITEM_COLUMNS,
    SDQ_MEASURED_ON,
    SDQ_SCALE_COLUMNS,
    SDQ_TIMING,
    START_DATE,
    VISIT_COUNT,
    VISIT_HOURS,
    VISITATION_DATE,
    YES_NO_SHEET_VALUES,
    CourseValues,
    answer_columns,
    ishoej_answer_columns,
)
from visitation.models import RecruitedBy

DATE_CELL_FORMAT = "DD-MM-YYYY"


def _header_style(sheet) -> None:
    from openpyxl.styles import Font

    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for _index, cell in enumerate(sheet[1], start=1):
        sheet.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) + 4)
    sheet.freeze_panes = "A2"


def course_row_cells(*, municipality, values: CourseValues) -> list:
    return [
        municipality.code,
        values.course_id,
        values.visitation_date,
        values.start_date,
        values.end_date,
        label_of(RecruitedBy.choices, values.recruited_by),
        values.visit_count,
        minutes_to_hours(values.visit_minutes),
        label_of(Agreement.choices, values.goals_reached_answer),
        label_of(Agreement.choices, values.child_developed_answer),
        values.end_reason_detail or label_of(EndReason.choices, values.end_reason),
        values.birth_month.strftime("%m-%Y") if values.birth_month else None,
        label_of(ChildSex.choices, values.child_sex),
    ]


def courses_workbook_bytes(*, municipality, rows: list[CourseValues]) -> bytes:
    """The registration sheet of `rows`, in the import's columns, with a guide sheet."""
    workbook = _workbook(COURSE_COLUMNS, guide=course_guide())
    sheet = workbook.worksheets[0]
    for values in rows:
        sheet.append(course_row_cells(municipality=municipality, values=values))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = DATE_CELL_FORMAT
            elif isinstance(cell.value, str):
                text_cell(cell)
    return _workbook_bytes(workbook)


def text_cell(cell) -> None:
    """Write the cell as a text, never as a formula: openpyxl takes a string beginning with "="
    for a formula. A text a spreadsheet program might still read as one (OWASP's CSV injection:
    = + - @) is also marked with Excel's quote prefix, so retyping the cell keeps it a text."""
    cell.data_type = "s"
    if cell.value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def template_bytes(kind: str) -> bytes:
    columns, guide = {
        "courses": (COURSE_COLUMNS, course_guide),
        "answers": (ANSWER_COLUMNS, answers_guide),
        "ishoej": (ISHOEJ_ANSWER_COLUMNS, ishoej_answers_guide),
        "sdq": (SDQ_COLUMNS, sdq_guide),
    }[kind]
    return _workbook_bytes(_workbook(columns, guide=guide()))


def _workbook(columns: list[str], *, guide: list[tuple[str, str, str]]):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Data")
    sheet.append(columns)
    _header_style(sheet)
    explanation = workbook.create_sheet(_("Guide"))
    explanation.append([_("Column"), _("Required"), _("Allowed values")])
    for row in guide:
        explanation.append(list(row))
    _header_style(explanation)
    explanation.column_dimensions["C"].width = 100
    return workbook


def _workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _allowed(choices) -> str:
    return "; ".join(str(label) for _value, label in choices)


def course_guide() -> list[tuple[str, str, str]]:
    yes, no = _("Yes"), _("No")
    date_hint = _("A date: DD-MM-YYYY, DD.MM.YYYY or YYYY-MM-DD.")
    return [
        (
            MUNICIPALITY,
            yes,
            _("The three-digit municipality code or the municipality's name. Only your own municipality."),
        ),
        (
            COURSE_ID,
            yes,
            _(
                "The course's id in your sheet, at most 60 characters; unique within the municipality. No names or CPR numbers."
            ),
        ),
        (VISITATION_DATE, no, date_hint + " " + _("Not after the start date.")),
        (START_DATE, yes, date_hint),
        (END_DATE, no, date_hint + " " + _("Empty while the course is running. Not before the start date.")),
        (RECRUITED_BY, no, _allowed(RecruitedBy.choices)),
        (VISIT_COUNT, no, _("A whole number, 0 or more.")),
        (VISIT_HOURS, no, _("Hours, 0 or more, with decimal comma or point, e.g. 12,5.")),
        (GOALS_REACHED, _("With an end date"), _allowed(Agreement.choices)),
        (CHILD_DEVELOPED, _("With an end date"), _allowed(Agreement.choices)),
        (END_REASON, _("With an end date"), _allowed(EndReason.choices)),
        (BIRTH_MONTH, no, _("MM-YYYY, e.g. 03-2023.") + " " + _("The column may be left out of the sheet.")),
        (
            CHILD_SEX,
            no,
            _allowed([choice for choice in ChildSex.choices if choice[0]])
            + " "
            + _("Only with the child's birth month. The column may be left out of the sheet."),
        ),
    ]


def _response_guide() -> list[tuple[str, str, str]]:
    yes, no = _("Yes"), _("No")
    return [
        (
            MUNICIPALITY,
            yes,
            _("The three-digit municipality code or the municipality's name. Only your own municipality."),
        ),
        (
            RESPONSE_ID,
            yes,
            _("The response's id in your sheet, at most 60 characters; unique within the municipality."),
        ),
        (ANSWERED_ON, yes, _("The date the parent answered: DD-MM-YYYY, DD.MM.YYYY or YYYY-MM-DD.")),
        (COURSE_ID, no, _("The course's id, if the course is already in the app (imported or logged).")),
    ]


def answers_guide() -> list[tuple[str, str, str]]:
    no = _("No")
    agreement = _allowed(Agreement.choices)
    rows = _response_guide()
    for column in answer_columns():
        number = column.question
        if number == "1":
            allowed = "; ".join(PARENT_SHEET_VALUES)
        elif number in ("2", "4"):
            allowed = "; ".join(YES_NO_SHEET_VALUES)
        elif number == "3":
            allowed = _("A whole number from 1 to 6. Empty counts as 1 child.")
        elif number == "8":
            allowed = agreement + ". " + _("Only when question 4 is “ja” for the same child.")
        elif number == "9":
            allowed = _("A whole number from 1 to 10.")
        else:
            allowed = agreement
        rows.append((column.header, no, allowed + " " + _("Empty: not answered.")))
    return rows


def ishoej_answers_guide() -> list[tuple[str, str, str]]:
    """The Ishøj questionnaire's questions as the sheet holds them, with the questionnaire's own
    labels (`surveys/definitions/ishoej-v1.json`)."""
    no = _("No")
    yes_no = "; ".join(YES_NO_SHEET_VALUES) + "."
    allowed = {
        "1": yes_no,
        "4": _("A whole number from 1 to 10."),
        "5": _("A whole number from 1 to 10."),
        "6": "; ".join(ISHOEJ_CHANGE_LABELS) + ".",
        "7": yes_no,
        "8": yes_no,
        "9": yes_no,
    }
    rows = _response_guide()
    for column in ishoej_answer_columns():
        rows.append((column.header, no, allowed[column.question] + " " + _("Empty: not answered.")))
    return rows


def sdq_guide() -> list[tuple[str, str, str]]:
    """The SDQ sheet's columns: the answers as on the paper form, or only the kept scores."""
    yes, no = _("Yes"), _("No")
    rows = [
        (
            MUNICIPALITY,
            yes,
            _("The three-digit municipality code or the municipality's name. Only your own municipality."),
        ),
        (COURSE_ID, yes, _("The course's id: an imported course's id in your sheet, or the course number in the app.")),
        (
            BIRTH_MONTH,
            _("With more than one child"),
            _("The child's birth month, MM-YYYY, e.g. 03-2023. Empty: the course's only child."),
        ),
        (SDQ_TIMING, yes, _allowed(Timing.choices)),
        (SDQ_INFORMANT, yes, _allowed(Informant.choices)),
        (SDQ_MEASURED_ON, yes, _("The date the form was filled in: DD-MM-YYYY, DD.MM.YYYY or YYYY-MM-DD.")),
    ]
    for header in SDQ_ITEM_COLUMNS.values():
        rows.append((header, _("Without scores"), _("The box ticked, left to right: 0, 1 or 2. Empty: not answered.")))
    for header in SDQ_IMPACT_COLUMNS.values():
        rows.append((header, no, _("The box ticked, left to right: 0 to 3. Empty: not answered.")))
    for scale, header in SDQ_SCALE_COLUMNS.items():
        required = no if scale == "impact" else _("Without answers")
        rows.append(
            (
                header,
                required,
                _("Only where only the scores were kept: a whole number from 0 to 10. Leave the answers empty."),
            )
        )
    return rows
