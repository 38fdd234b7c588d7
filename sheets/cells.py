"""Reading an uploaded xlsx or csv into rows of cells, and reading one cell.

Pure code: each reader returns the value, None for an empty cell, or raises `CellError` with a
message in the user's language.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from courses.models import Agreement, EndReason
from families.models import ChildSex
from sheets.columns import (
    END_REASON_ALIASES,
    MAX_CELL_CHARS,
    MAX_END_REASON_DETAIL,
    MAX_ROWS,
    MAX_XLSX_MEMBERS,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNCOMPRESSED_BYTES,
    RECRUITED_BY_ALIASES,
)
from visitation.models import RecruitedBy


class CellError(Exception):
    """A cell that cannot be read; the message says why, in the user's language."""


class SheetUnreadable(Exception):
    """The file is not a sheet that can be read at all."""


# ---------------------------------------------------------------------------------------------
# Reading a file into rows


def normalise_header(value) -> str:
    return " ".join(str(value or "").split()).casefold()


class BoundsChecked(bytes):
    """The bytes of an xlsx `xlsx_bounds_check` has passed (an upload's kept file, checked when
    it was uploaded): `table_read` does not unpack it once more to check it again."""


def table_read(content: bytes) -> list[list]:
    """The first sheet of an xlsx, or a csv (`;` or `,`, UTF-8 with or without BOM), as rows of
    cells. Cells are str, int, float, date or None."""
    if content[:4] == b"PK\x03\x04":
        return _xlsx_read(content)
    if b"\x00" in content[:1024]:
        raise SheetUnreadable(_("The file is neither an xlsx sheet nor a csv file."))
    return _csv_read(content)


def _too_big() -> SheetUnreadable:
    return SheetUnreadable(
        _("The xlsx file unpacks to more than %(size)s MB, or a cell holds more than %(count)s characters.")
        % {"size": MAX_XLSX_UNCOMPRESSED_BYTES // (1024 * 1024), "count": MAX_CELL_CHARS}
    )


# A run of more than this many bytes without a tag in the sheet's XML is a cell longer than
# MAX_CELL_CHARS characters: a character takes at most 4 bytes in UTF-8, "&amp;" takes 5.
_LONG_TEXT_BYTES = MAX_CELL_CHARS * 5
_CHUNK = 64 * 1024


def xlsx_bounds_check(content: bytes) -> None:
    """Refuse an xlsx whose parts unpack to too much, or hold a too long cell, before openpyxl
    parses it (openpyxl keeps every shared string in memory). The sizes the zip's directory
    declares are checked first; then the sheets' and shared strings' XML is unpacked in chunks,
    counting the bytes it really holds (a directory can lie) and looking for a long text."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise SheetUnreadable(
            _("The xlsx file cannot be read. Save it again from Excel and upload it once more.")
        ) from error
    declared = sum(member.file_size for member in members)
    if (
        len(members) > MAX_XLSX_MEMBERS
        or declared > MAX_XLSX_UNCOMPRESSED_BYTES
        or declared > MAX_XLSX_RATIO * max(len(content), 1)
    ):
        raise _too_big()
    unpacked = 0
    try:
        for member in members:
            name = member.filename
            if not (name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml"):
                continue
            with archive.open(member) as part:
                carry = b""
                while chunk := part.read(_CHUNK):
                    unpacked += len(chunk)
                    if unpacked > MAX_XLSX_UNCOMPRESSED_BYTES:
                        raise _too_big()
                    # The runs between tags (split in C: a regex scanning for a long run
                    # costs four times as much); the last may go on in the next chunk.
                    runs = (carry + chunk).replace(b">", b"<").split(b"<")
                    if max(map(len, runs)) > _LONG_TEXT_BYTES:
                        raise _too_big()
                    carry = runs[-1]
    except SheetUnreadable:
        raise
    except Exception as error:  # noqa: BLE001  (zlib, zipfile: a damaged part is the file's problem)
        raise SheetUnreadable(
            _("The xlsx file cannot be read. Save it again from Excel and upload it once more.")
        ) from error


def _xlsx_read(content: bytes) -> list[list]:
    import openpyxl

    if not isinstance(content, BoundsChecked):
        xlsx_bounds_check(content)

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
            if any(isinstance(value, str) and len(value) > MAX_CELL_CHARS for value in row):
                raise _too_big()
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
    if any(cell is not None and len(cell) > MAX_CELL_CHARS for row in rows for cell in row):
        raise SheetUnreadable(
            _("A cell holds more than %(count)s characters. No cell of the sheet is that long.")
            % {"count": MAX_CELL_CHARS}
        )
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
# The years a date of a course or a child can have; year 0 or 9999 is a typing error.
MIN_YEAR, MAX_YEAR = 1900, 2100


def _not_a_date(value) -> CellError:
    return CellError(_("“%(value)s” is not a date. Write it as DD-MM-YYYY.") % {"value": shown(value)})


def date_read(value) -> date | None:
    if is_empty(value):
        return None
    if isinstance(value, date):
        found = value
    else:
        text = str(value).strip()
        if len(text) > 10:
            raise _not_a_date(value)
        found = None
        for pattern in DATE_FORMATS:
            try:
                found = datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
    if found is None or not MIN_YEAR <= found.year <= MAX_YEAR:
        raise _not_a_date(value)
    return found


def month_read(value) -> date | None:
    """A birth month as the first of the month: MM-YYYY, YYYY-MM or a date."""
    if is_empty(value):
        return None
    if isinstance(value, date) and MIN_YEAR <= value.year <= MAX_YEAR:
        return value.replace(day=1)
    text = shown(value)
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
    if not 1 <= month <= 12 or not MIN_YEAR <= year <= MAX_YEAR:
        raise CellError(_("“%(value)s” is not a month. Write it as MM-YYYY.") % {"value": text})
    return date(year, month, 1)


def shown(value, length: int = 40) -> str:
    """A cell as a message quotes it: at most `length` characters."""
    text = str(value).strip()
    return text if len(text) <= length else text[: length - 1] + "…"


# Numbers are read from short digit strings only: Decimal("1e1000000") is cheap, but making it
# an int, or comparing it with a bound, costs the CPU for seconds.
_INTEGER = re.compile(r"-?\d{1,9}(?:[.,]0{1,4})?")
_HOURS = re.compile(r"\d{1,5}(?:\.\d{1,6})?")
MAX_NUMBER = 10**9


def _whole_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) < MAX_NUMBER else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < MAX_NUMBER else None
    text = str(value).strip()
    if not _INTEGER.fullmatch(text):
        return None
    return int(re.split(r"[.,]", text)[0])


def integer_read(value, *, minimum: int = 0, maximum: int | None = None) -> int | None:
    if is_empty(value):
        return None
    number = _whole_number(value)
    if number is None:
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": shown(value)})
    if number < minimum or (maximum is not None and number > maximum):
        if maximum is None:
            raise CellError(_("Write a number of at least %(minimum)s.") % {"minimum": minimum})
        raise CellError(_("Write a number from %(minimum)s to %(maximum)s.") % {"minimum": minimum, "maximum": maximum})
    return number


def hours_to_minutes(value) -> int | None:
    """Decimal hours (comma or dot) as whole minutes, rounded half up."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a number of hours.") % {"value": shown(value)})
    if isinstance(value, int | float):
        if not (0 <= value < 10**5):  # also NaN and infinity
            raise CellError(_("“%(value)s” is not a number of hours.") % {"value": shown(value)})
        text = repr(float(value)) if isinstance(value, float) else str(value)
    else:
        text = str(value).strip().replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
    if not _HOURS.fullmatch(text) and not isinstance(value, float):
        raise CellError(_("“%(value)s” is not a number of hours.") % {"value": shown(value)})
    hours = Decimal(text)
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


def normalise_text(value) -> str:
    """A cell's text as the label look-ups key it: one space between words, casefolded."""
    return " ".join(text_read(value).split()).casefold()


class ChoiceReader:
    """Reads a cell of one closed list. The labels in both languages are looked up once, when
    the import begins, not for every cell (a sheet of 50,000 rows has 250,000 such cells)."""

    def __init__(self, choices, aliases=None):
        self.choices = list(choices)
        self.labels = _labels(self.choices, aliases)

    def find(self, value) -> str | None:
        """The code value of `value`, None when it is not one of the labels."""
        return self.labels.get(normalise_text(value))

    def refusal(self, value) -> CellError:
        allowed = ", ".join(f"“{label}”" for _value, label in self.choices)
        return CellError(
            _("“%(value)s” is not an allowed value. Use one of %(allowed)s.")
            % {"value": shown(" ".join(text_read(value).split())), "allowed": allowed}
        )

    def __call__(self, value) -> str | None:
        if is_empty(value):
            return None
        found = self.find(value)
        if found is None:
            raise self.refusal(value)
        return found


@dataclass(frozen=True)
class ReadEndReason:
    value: str
    detail: str = ""  # the sheet's words, when kept as "other"
    how: str = ""  # "" a label of the app, "alias" the sheet's words for one, "other" kept as other


class CourseReaders:
    """The closed lists of the registration sheet, each read through labels looked up once per
    import; the end reason also through the evaluation's and the municipality's own words."""

    def __init__(self, *, end_reason_aliases: dict[str, str]):
        self.recruited_by = ChoiceReader(RecruitedBy.choices, RECRUITED_BY_ALIASES)
        self.agreement = ChoiceReader(Agreement.choices)
        self.end_reason_labels = ChoiceReader(EndReason.choices)
        self.child_sex = ChoiceReader([(value, label) for value, label in ChildSex.choices if value])
        self.end_reason_aliases = {**END_REASON_ALIASES, **end_reason_aliases}

    def end_reason(self, value) -> ReadEndReason | None:
        """An end reason in other words maps through the aliases; any other text is kept as
        "other" with its words (at most as long as the course keeps them)."""
        if is_empty(value):
            return None
        found = self.end_reason_labels.find(value)
        if found is not None:
            return ReadEndReason(found)
        alias = self.end_reason_aliases.get(normalise_text(value))
        if alias is not None:
            return ReadEndReason(alias, how="alias")
        text = " ".join(text_read(value).split())
        if len(text) > MAX_END_REASON_DETAIL:
            raise CellError(
                _("An end reason in other words can be at most %(count)s characters.")
                % {"count": MAX_END_REASON_DETAIL}
            )
        return ReadEndReason(EndReason.OTHER, detail=text, how="other")


def label_of(choices, value: str) -> str:
    return str(dict(choices).get(value, value)) if value else ""
