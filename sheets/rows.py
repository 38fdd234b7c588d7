"""Checking an uploaded sheet's rows: every problem named by row and column in the user's
language, and the values of each row that has none.

Pure code: what the database holds (the municipalities, the existing ids) is passed in.
"""

import json
import zlib
from dataclasses import dataclass, field, fields
from datetime import date
from operator import attrgetter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sheets import cells
from sheets import columns as c
from sheets.cells import CellError
from sheets.columns import CourseValues

MAX_ID_LENGTH = 60
INVALID = object()  # a cell that could not be read; its problem is already recorded


@dataclass
class ImportResult:
    """What a dry run found, or what an import did."""

    problems: list[str] = field(default_factory=list)
    created: int = 0
    unchanged: int = 0
    imported: bool = False
    flaws: dict[str, int] = field(default_factory=dict)  # FLAWS' key: rows to import with it
    # A dry run's checked rows (`checked_rows_dump`), for the upload to keep: not part of the
    # result the page shows.
    checked: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def flaw_summary(self) -> list[tuple[str, int]]:
        """(what, how many rows) of each flaw the rows to import have, in FLAWS' order."""
        return [(str(label), self.flaws[key]) for key, label in FLAWS.items() if self.flaws.get(key)]

    def as_json(self) -> dict:
        return {
            "problems": self.problems,
            "created": self.created,
            "unchanged": self.unchanged,
            "flaws": self.flaws,
            "imported": self.imported,
        }

    @classmethod
    def from_json(cls, data: dict) -> "ImportResult":
        return cls(
            problems=list(data["problems"]),
            created=data["created"],
            unchanged=data["unchanged"],
            flaws=dict(data.get("flaws", {})),
            imported=bool(data.get("imported", False)),
        )


# Flaws the evaluation's own registration sheets had, and handled: such a row is imported, and
# the dry run counts it before the import is confirmed.
ASSESSMENT_NOT_ANSWERED = "assessment_not_answered"
VISITATION_AFTER_START = "visitation_after_start"
END_REASON_ALIAS = "end_reason_alias"
END_REASON_OTHER = "end_reason_other"
FLAWS = {
    ASSESSMENT_NOT_ANSWERED: gettext_lazy(
        "Closed without the home educator's assessment: imported as “not answered”, outside the N of Figur 4.1"
    ),
    VISITATION_AFTER_START: gettext_lazy(
        "The visitation is registered after the start of the course: imported, left out of Tabel 3.1"
    ),
    END_REASON_ALIAS: gettext_lazy("An end reason in other words, read as the app's end reason"),
    END_REASON_OTHER: gettext_lazy(
        "An end reason that is none of the app's: imported as “Other” with the sheet's words"
    ),
}


def course_flaws(values: CourseValues) -> list[str]:
    flaws = []
    if values.end_date and not (values.goals_reached_answer and values.child_developed_answer):
        flaws.append(ASSESSMENT_NOT_ANSWERED)
    if values.visitation_date and values.start_date and values.visitation_date > values.start_date:
        flaws.append(VISITATION_AFTER_START)
    if values.end_reason_how == "alias":
        flaws.append(END_REASON_ALIAS)
    elif values.end_reason_how == "other":
        flaws.append(END_REASON_OTHER)
    return flaws


class Problems:
    def __init__(self):
        self.messages = []

    def add(self, row: int, column: str, message: str) -> None:
        self.messages.append(
            _("Row %(row)s, column %(column)s: %(problem)s") % {"row": row, "column": column, "problem": message}
        )

    def add_row(self, row: int, message: str) -> None:
        self.messages.append(_("Row %(row)s: %(problem)s") % {"row": row, "problem": message})

    def __bool__(self) -> bool:
        return bool(self.messages)


def columns_find(header: list, expected: list[str], problems: Problems, optional=()) -> dict[str, int]:
    """Each expected column's index in the header row; every column must be there, once, except
    the `optional` ones, which may be left out (their cells then read as empty)."""
    wanted = {cells.normalise_header(column): column for column in expected}
    found = {}
    for index, cell in enumerate(header):
        key = cells.normalise_header(cell)
        if not key:
            continue
        column = wanted.get(key)
        if column is None:
            problems.add_row(1, _("The column “%(column)s” is not a column of this sheet.") % {"column": cell})
        elif column in found:
            problems.add_row(1, _("The column “%(column)s” appears twice.") % {"column": column})
        else:
            found[column] = index
    missing = [column for column in expected if column not in found and column not in optional]
    if missing:
        problems.add_row(
            1,
            _("These columns are missing: %(columns)s. Download the template to see them.")
            % {"columns": ", ".join(missing)},
        )
    return found


def rows_iter(table: list[list], columns: dict[str, int]):
    """(row number as in the sheet, {column: cell}) for each row that is not empty."""
    for number, row in enumerate(table[1:], start=2):
        if all(cells.is_empty(cell) for cell in row):
            continue
        cells_of_row = {column: row[index] if index < len(row) else None for column, index in columns.items()}
        yield number, _RowCells(cells_of_row)


class _RowCells(dict):
    """A row's cells by column; a column the sheet left out (an optional one) reads as empty."""

    def __missing__(self, column):
        return None


def cell_read(problems: Problems, number: int, column: str, reader, value, **kwargs):
    try:
        return reader(value, **kwargs)
    except CellError as error:
        problems.add(number, column, str(error))
        return INVALID


def municipality_check(problems, number, value, *, acting_user, municipalities) -> None:
    """The row's municipality, by code or name (`municipalities`), must be the acting user's."""
    text = cells.text_read(value)
    if text is None:
        problems.add(number, c.MUNICIPALITY, _("Write the municipality code or name."))
        return
    key = text.zfill(3) if text.isdigit() else text.casefold()
    municipality = municipalities.get(key)
    if municipality is None:
        problems.add(
            number,
            c.MUNICIPALITY,
            _("“%(value)s” is neither a municipality code nor a municipality name.") % {"value": cells.shown(text)},
        )
    elif municipality.pk != acting_user.municipality_id:
        problems.add(number, c.MUNICIPALITY, _("%(value)s is not your municipality.") % {"value": cells.shown(text)})


def id_read(problems, number, column, value, seen: dict) -> str | None:
    text = cells.text_read(value)
    if text is None:
        problems.add(number, column, _("The id is required."))
        return None
    if len(text) > MAX_ID_LENGTH:
        problems.add(number, column, _("The id is longer than %(count)s characters.") % {"count": MAX_ID_LENGTH})
        return None
    if text.startswith(c.FORMULA_STARTS):
        problems.add(
            number,
            column,
            _(
                "The id cannot begin with =, +, - or @: a spreadsheet program could read it as a formula. "
                "Remove the sign, or write the id another way."
            ),
        )
        return None
    if text in seen:
        problems.add(number, column, _("The id %(id)s also appears in row %(row)s.") % {"id": text, "row": seen[text]})
        return None
    seen[text] = number
    return text


def not_future(problems, number, column, value, today):
    if value not in (None, INVALID) and value > today:
        problems.add(number, column, _("The date cannot be in the future."))
        return INVALID
    return value


def _date_read(problems, number, column, value, today):
    return not_future(problems, number, column, cell_read(problems, number, column, cells.date_read, value), today)


def course_row_read(
    problems: Problems, number: int, row: dict, *, acting_user, municipalities, seen, today, readers
) -> CourseValues | None:
    """The values of one row of the registration sheet, or None when it cannot be understood.
    `readers` (`cells.CourseReaders`) holds the labels, looked up once for the import."""
    municipality_check(problems, number, row[c.MUNICIPALITY], acting_user=acting_user, municipalities=municipalities)
    course_id = id_read(problems, number, c.COURSE_ID, row[c.COURSE_ID], seen)
    visitation = _date_read(problems, number, c.VISITATION_DATE, row[c.VISITATION_DATE], today)
    start = _date_read(problems, number, c.START_DATE, row[c.START_DATE], today)
    end = _date_read(problems, number, c.END_DATE, row[c.END_DATE], today)
    recruited_by = cell_read(problems, number, c.RECRUITED_BY, readers.recruited_by, row[c.RECRUITED_BY])
    visit_count = cell_read(problems, number, c.VISIT_COUNT, cells.integer_read, row[c.VISIT_COUNT])
    visit_minutes = cell_read(problems, number, c.VISIT_HOURS, cells.hours_to_minutes, row[c.VISIT_HOURS])
    goals_reached = cell_read(problems, number, c.GOALS_REACHED, readers.agreement, row[c.GOALS_REACHED])
    child_developed = cell_read(problems, number, c.CHILD_DEVELOPED, readers.agreement, row[c.CHILD_DEVELOPED])
    end_reason = cell_read(problems, number, c.END_REASON, readers.end_reason, row[c.END_REASON])
    birth_month = cell_read(problems, number, c.BIRTH_MONTH, cells.month_read, row[c.BIRTH_MONTH])
    child_sex = cell_read(problems, number, c.CHILD_SEX, readers.child_sex, row[c.CHILD_SEX])
    if child_sex and birth_month is None:
        # The course's child is recorded with its birth month; a sex alone belongs to no child.
        problems.add(number, c.CHILD_SEX, _("Write the child's birth month too, or empty the cell."))

    if start is None:
        problems.add(number, c.START_DATE, _("The start date is required."))
    # A visitation after the start is kept (the evaluation kept such rows, and left them out of
    # Tabel 3.1 only); an end before the start is a course that cannot be.
    if start not in (None, INVALID) and end not in (None, INVALID) and end < start:
        problems.add(number, c.END_DATE, _("The end date cannot be before the start date."))
    closing = {c.END_REASON: end_reason, c.GOALS_REACHED: goals_reached, c.CHILD_DEVELOPED: child_developed}
    if end is None:
        for column, value in closing.items():
            if value not in (None, INVALID):
                problems.add(
                    number, column, _("Only a course with an end date has this. Write the end date, or empty the cell.")
                )
    elif end is not INVALID and end_reason is None:
        # A blank assessment is "not answered" (flagged); a closed course without a reason cannot be.
        problems.add(number, c.END_REASON, _("Required when the course has an end date."))
    values = [
        course_id,
        visitation,
        start,
        end,
        recruited_by,
        visit_count,
        visit_minutes,
        goals_reached,
        child_developed,
        end_reason,
        birth_month,
        child_sex,
    ]
    if course_id is None or INVALID in values:
        return None
    return CourseValues(
        course_id=course_id,
        visitation_date=visitation,
        start_date=start,
        end_date=end,
        recruited_by=recruited_by or "",
        visit_count=visit_count,
        visit_minutes=visit_minutes,
        goals_reached_answer=goals_reached or "",
        child_developed_answer=child_developed or "",
        end_reason=end_reason.value if end_reason else "",
        birth_month=birth_month,
        end_reason_detail=end_reason.detail if end_reason else "",
        end_reason_how=end_reason.how if end_reason else "",
        child_sex=child_sex or "",
    )


# ---------------------------------------------------------------------------------------------
# The dry run's checked rows, kept on the upload so the import does not read the file again.

_COURSE_FIELDS = [item.name for item in fields(CourseValues)]
_COURSE_DATES = frozenset(("visitation_date", "start_date", "end_date", "birth_month"))
_course_fields_get = attrgetter(*_COURSE_FIELDS)


class CheckedRowsDamaged(Exception):
    """Kept rows that cannot be read back (damaged, or kept by another version of the app)."""


def checked_rows_dump(parsed: list[tuple[int, CourseValues]]) -> bytes:
    """(row number, values) of each checked row as JSON (data, never pickle: nothing kept is
    run as code), zlib-packed: about 20 bytes a row."""
    rows = [
        [number, *(value.isoformat() if isinstance(value, date) else value for value in _course_fields_get(values))]
        for number, values in parsed
    ]
    text = json.dumps({"fields": _COURSE_FIELDS, "rows": rows}, separators=(",", ":"), ensure_ascii=False)
    return zlib.compress(text.encode(), 1)


def checked_rows_load(data: bytes) -> list[tuple[int, CourseValues]]:
    try:
        kept = json.loads(zlib.decompress(data))
        if kept["fields"] != _COURSE_FIELDS:
            raise CheckedRowsDamaged("kept by another version")
        dates = [index for index, name in enumerate(_COURSE_FIELDS) if name in _COURSE_DATES]
        parsed = []
        for number, *values in kept["rows"]:
            for index in dates:
                if values[index] is not None:
                    values[index] = date.fromisoformat(values[index])
            parsed.append((number, CourseValues(*values)))
        return parsed
    except (zlib.error, ValueError, KeyError, TypeError) as error:
        raise CheckedRowsDamaged(str(error)) from error
