"""Reading an uploaded xlsx or csv into rows of cells, and reading one cell.

Pure code: each reader returns the value, None for an empty cell, or raises `CellError` with a
message in the user's language.
"""

import csv
import io
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _

from courses.models import Agreement, EndReason
from sheets.columns import MAX_ROWS, RECRUITED_BY_ALIASES
from visitation.models import RecruitedBy


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
