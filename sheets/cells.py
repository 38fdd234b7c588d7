"""The registration sheet (registreringsark) and the sheet of historical questionnaire answers:
their columns, reading an uploaded xlsx or csv into rows of cells, reading one cell, and writing
a sheet (the export and the empty templates).

The column headers are the sheets' file format, the same in every language, so they are
constants here and not translated. Everything a user reads about them is translated.

Pure code except `course_sheet_rows`, the export's one read of a municipality's courses.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _

from courses.models import Agreement, EndReason
from visitation.models import RecruitedBy

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SHEET_UPLOAD_HOURS = 24
MAX_ROWS = 5000

# The registration sheet, one row per course, in this order.
MUNICIPALITY = "Kommune"
COURSE_ID = "Forløbs-id"
VISITATION_DATE = "Visitationsdato"
START_DATE = "Startdato"
END_DATE = "Slutdato"
RECRUITED_BY = "Rekrutteret af"
VISIT_COUNT = "Antal besøg"
VISIT_HOURS = "Samlet besøgstid (timer)"
GOALS_REACHED = "Mål opnået"
CHILD_DEVELOPED = "Barnets udvikling"
END_REASON = "Afslutningsårsag"
BIRTH_MONTH = "Barnets fødselsmåned"
COURSE_COLUMNS = [
    MUNICIPALITY,
    COURSE_ID,
    VISITATION_DATE,
    START_DATE,
    END_DATE,
    RECRUITED_BY,
    VISIT_COUNT,
    VISIT_HOURS,
    GOALS_REACHED,
    CHILD_DEVELOPED,
    END_REASON,
    BIRTH_MONTH,
]

# The historical answers to the national questionnaire (Bilag 8), one row per response.
# Question 10 (free text) is not imported.
RESPONSE_ID = "Besvarelses-id"
ANSWERED_ON = "Dato"
SHEET_CHILDREN = 3
FAMILY_QUESTION_COLUMNS = {"1": "1 Er du", "2": "2 Bor alene", "3": "3 Antal børn"}
CHILD_QUESTION_COLUMNS = {
    "4": "4 Dagtilbud barn {n}",
    "5": "5 Udvikling barn {n}",
    "6": "6 Relation barn {n}",
    "8": "8 Samarbejde barn {n}",
}
LATE_QUESTION_COLUMNS = {"7": "7 Rammer", "9": "9 Samlet vurdering"}


@dataclass(frozen=True)
class AnswerColumn:
    header: str
    question: str  # the question's number in the questionnaire
    child: int  # 1..n for a per-child question, 0 otherwise


def answer_columns() -> list[AnswerColumn]:
    columns = [AnswerColumn(header, number, 0) for number, header in FAMILY_QUESTION_COLUMNS.items()]
    for child in range(1, SHEET_CHILDREN + 1):
        columns += [
            AnswerColumn(header.format(n=child), number, child) for number, header in CHILD_QUESTION_COLUMNS.items()
        ]
    columns += [AnswerColumn(header, number, 0) for number, header in LATE_QUESTION_COLUMNS.items()]
    return columns


ANSWER_COLUMNS = [MUNICIPALITY, RESPONSE_ID, ANSWERED_ON, COURSE_ID, *(column.header for column in answer_columns())]

# Values the sheets used besides the labels the app shows (matched case-insensitively).
RECRUITED_BY_ALIASES = {"sundhedsplejen": RecruitedBy.HEALTH_VISITING, "sundhedsplejerske": RecruitedBy.HEALTH_VISITING}
PARENT_SHEET_VALUES = ("mor", "far", "andet")
YES_NO_SHEET_VALUES = ("ja", "nej")
PARENT_VALUES = {"mor": "mother", "far": "father", "andet": "other", "anden": "other", "anden relation": "other"}
YES_NO_VALUES = {"ja": "yes", "nej": "no", "yes": "yes", "no": "no"}


class CellError(Exception):
    """A cell that cannot be read; the message says why, in the user's language."""


class SheetUnreadable(Exception):
    """The file is not a sheet that can be read at all."""


# ---------------------------------------------------------------------------------------------
# Reading a file into rows


def normalise_header(value) -> str:
    return " ".join(str(value or "").split()).casefold()


def table_read(content: bytes) -> list[list]:
    """The first sheet of an xlsx, or a csv (`;` or `,`, UTF-8 with or without BOM), as rows of
    cells. Cells are str, int, float, date or None."""
    if content[:4] == b"PK\x03\x04":
        return _xlsx_read(content)
    if b"\x00" in content[:1024]:
        raise SheetUnreadable(_("The file is neither an xlsx sheet nor a csv file."))
    return _csv_read(content)


def _xlsx_read(content: bytes) -> list[list]:
    import openpyxl

    # Whatever a damaged or foreign file makes openpyxl raise, it is the file's problem, told in Danish.
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001
        raise SheetUnreadable(
            _("The xlsx file cannot be read. Save it again from Excel and upload it once more.")
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([value.date() if isinstance(value, datetime) else value for value in row])
            if len(rows) > MAX_ROWS + 1:
                raise SheetUnreadable(
                    _("The sheet has more than %(count)s rows. Split it into smaller files.") % {"count": MAX_ROWS}
                )
        return rows
    except SheetUnreadable:
        raise
    except Exception as error:  # noqa: BLE001
        raise SheetUnreadable(
            _("The xlsx file cannot be read. Save it again from Excel and upload it once more.")
        ) from error
    finally:
        workbook.close()


def _csv_read(content: bytes) -> list[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SheetUnreadable(
            _("The csv file is not saved as UTF-8. Save it as “CSV UTF-8” and upload it once more.")
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        rows = [
            [cell if cell.strip() else None for cell in row]
            for row in csv.reader(io.StringIO(text), delimiter=delimiter)
        ]
    except csv.Error as error:
        raise SheetUnreadable(_("The csv file cannot be read.")) from error
    if len(rows) > MAX_ROWS + 1:
        raise SheetUnreadable(
            _("The sheet has more than %(count)s rows. Split it into smaller files.") % {"count": MAX_ROWS}
        )
    return rows


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# ---------------------------------------------------------------------------------------------
# Reading one cell. Each returns the value, None for an empty cell, or raises CellError.


def text_read(value) -> str | None:
    if is_empty(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


DATE_FORMATS = ("%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y")


def date_read(value) -> date | None:
    if is_empty(value):
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date. Write it as DD-MM-YYYY.") % {"value": text})


def month_read(value) -> date | None:
    """A birth month as the first of the month: MM-YYYY, YYYY-MM or a date."""
    if is_empty(value):
        return None
    if isinstance(value, date):
        return value.replace(day=1)
    text = str(value).strip()
    match = re.fullmatch(r"(\d{1,2})[-./](\d{4})", text) or None
    if match:
        month, year = int(match[1]), int(match[2])
    else:
        match = re.fullmatch(r"(\d{4})[-./](\d{1,2})", text)
        if match:
            year, month = int(match[1]), int(match[2])
        else:
            try:
                return date_read(text).replace(day=1)
            except CellError:
                raise CellError(_("“%(value)s” is not a month. Write it as MM-YYYY.") % {"value": text}) from None
    if not 1 <= month <= 12:
        raise CellError(_("“%(value)s” is not a month. Write it as MM-YYYY.") % {"value": text})
    return date(year, month, 1)


def integer_read(value, *, minimum: int = 0, maximum: int | None = None) -> int | None:
    if is_empty(value):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number != number.to_integral_value():
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
    number = int(number)
    if number < minimum or (maximum is not None and number > maximum):
        if maximum is None:
            raise CellError(_("Write a number of at least %(minimum)s.") % {"minimum": minimum})
        raise CellError(_("Write a number from %(minimum)s to %(maximum)s.") % {"minimum": minimum, "maximum": maximum})
    return number


def hours_to_minutes(value) -> int | None:
    """Decimal hours (comma or dot) as whole minutes, rounded half up."""
    if is_empty(value):
        return None
    text = str(value).strip().replace(" ", "")
    if isinstance(value, str) and "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        hours = Decimal(text)
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not a number of hours.") % {"value": value}) from None
    if not hours.is_finite() or hours < 0:
        raise CellError(_("“%(value)s” is not a number of hours.") % {"value": value})
    return int((hours * 60).to_integral_value(rounding=ROUND_HALF_UP))


def minutes_to_hours(minutes: int | None) -> float | None:
    return None if minutes is None else round(minutes / 60, 4)


def _labels(choices, aliases=None) -> dict[str, str]:
    """Lower-cased Danish and English labels and the code values, to the code value."""
    found = {}
    for language in ("en", "da"):
        with translation.override(language):
            found.update({str(label).casefold(): value for value, label in choices})
    found.update({value.casefold(): value for value, _label in choices})
    found.update(aliases or {})
    return found


def choice_read(value, *, choices, aliases=None) -> str | None:
    if is_empty(value):
        return None
    text = " ".join(text_read(value).split())
    found = _labels(choices, aliases).get(text.casefold())
    if found is None:
        allowed = ", ".join(f"“{label}”" for _value, label in choices)
        raise CellError(
            _("“%(value)s” is not an allowed value. Use one of %(allowed)s.") % {"value": text, "allowed": allowed}
        )
    return found


def agreement_read(value) -> str | None:
    return choice_read(value, choices=Agreement.choices)


def end_reason_read(value) -> str | None:
    return choice_read(value, choices=EndReason.choices)


def recruited_by_read(value) -> str | None:
    return choice_read(value, choices=RecruitedBy.choices, aliases=RECRUITED_BY_ALIASES)


def label_of(choices, value: str) -> str:
    return str(dict(choices).get(value, value)) if value else ""


# ---------------------------------------------------------------------------------------------
# The values of one course as the sheet holds them: read from a row, or from the database.


@dataclass(frozen=True)
class CourseValues:
    course_id: str
    visitation_date: date | None
    start_date: date | None
    end_date: date | None
    recruited_by: str
    visit_count: int | None
    visit_minutes: int | None
    goals_reached_answer: str
    child_developed_answer: str
    end_reason: str
    birth_month: date | None


# ---------------------------------------------------------------------------------------------
# Writing sheets


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
        label_of(EndReason.choices, values.end_reason),
        values.birth_month.strftime("%m-%Y") if values.birth_month else None,
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
    return _workbook_bytes(workbook)


def template_bytes(kind: str) -> bytes:
    if kind == "courses":
        return _workbook_bytes(_workbook(COURSE_COLUMNS, guide=course_guide()))
    return _workbook_bytes(_workbook(ANSWER_COLUMNS, guide=answers_guide()))


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
        (BIRTH_MONTH, no, _("MM-YYYY, e.g. 03-2023.")),
    ]


def answers_guide() -> list[tuple[str, str, str]]:
    yes, no = _("Yes"), _("No")
    agreement = _allowed(Agreement.choices)
    rows = [
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
