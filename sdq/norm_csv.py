"""Reading a norm set from a CSV file, as pure code: the cut-offs, or a Danish refusal.

One row per informant, version, sex, age range and scale; the four band columns hold each
band's scores as "lowest-highest" (or one number), the band left empty when the norms have no
such band (three-band norms leave "very_high" empty). Together a row's bands must cover every
score of the scale, from 0 to its maximum, without a gap or an overlap, in the band order (for
prosocial the reverse: close to average is the highest scores). Two rows for the same
informant, version, sex and scale may not have overlapping age ranges, or a score would have
two bands.

The file is bounded before it is read (size, rows, cell length), so a hostile file costs little;
anything that is not such a table is refused with a message, never an exception.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sdq import scoring

MAX_BYTES = 256 * 1024
MAX_ROWS = 2000
MAX_CELL = 40
MAX_AGE_MONTHS = 216  # 18 years

COLUMNS = (
    "informant",
    "version",
    "sex",
    "age_from_months",
    "age_to_months",
    "scale",
    *scoring.BANDS,
)

# Codes, or the Danish words a coordinator would type.
INFORMANTS = {"parent": scoring.PARENT, "forælder": scoring.PARENT, "staff": scoring.STAFF, "pædagog": scoring.STAFF}
VERSIONS = {"2_4": "2_4", "2-4": "2_4", "4_17": "4_17", "4-17": "4_17"}
SEXES = {"": "", "alle": "", "any": "", "girl": "girl", "pige": "girl", "boy": "boy", "dreng": "boy"}

# The highest possible score of each scale; impact by informant (5 areas × 2, 3 areas × 2).
SCALE_MAX = {
    scoring.EMOTIONAL: 10,
    scoring.CONDUCT: 10,
    scoring.HYPERACTIVITY: 10,
    scoring.PEER: 10,
    scoring.PROSOCIAL: 10,
    scoring.TOTAL: 40,
    scoring.EXTERNALISING: 20,
    scoring.INTERNALISING: 20,
}
IMPACT_MAX = {scoring.PARENT: 10, scoring.STAFF: 6}

_RANGE = re.compile(r"^\s*(\d{1,2})\s*(?:[-–]\s*(\d{1,2}))?\s*$")


class NormCsvError(ValueError):
    """The file is not a norm set: `message` says why, in Danish, naming the row and scale."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CutoffRow:
    informant: str
    version: str
    sex: str
    age_from_months: int | None
    age_to_months: int | None
    scale: str
    band: str
    lowest: int
    highest: int


def scale_max(scale: str, informant: str) -> int:
    return IMPACT_MAX[informant] if scale == scoring.IMPACT else SCALE_MAX[scale]


def _text(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise NormCsvError(_("The file is larger than %(kb)s KB.") % {"kb": MAX_BYTES // 1024})
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NormCsvError(_("The file is not a CSV file in UTF-8.")) from None


def _records(text: str) -> list[list[str]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        records = []
        for record in reader:
            if len(records) > MAX_ROWS:
                raise NormCsvError(_("The file has more than %(count)s rows.") % {"count": MAX_ROWS})
            if any(len(cell) > MAX_CELL for cell in record):
                raise NormCsvError(
                    _("Row %(row)s has a cell longer than %(length)s characters.")
                    % {"row": reader.line_num, "length": MAX_CELL}
                )
            records.append(record)
    except csv.Error:
        raise NormCsvError(_("The file is not a readable CSV file.")) from None
    return records


def _header_check(header: list[str]) -> None:
    names = [name.strip().lower() for name in header]
    if names != list(COLUMNS):
        raise NormCsvError(
            _("The first row must name the columns %(columns)s, in that order.") % {"columns": ";".join(COLUMNS)}
        )


def _choice(value: str, allowed: dict, *, row: int, column: str) -> str:
    key = value.strip().lower()
    if key not in allowed:
        raise NormCsvError(
            _("Row %(row)s: “%(value)s” is not a %(column)s; write one of %(allowed)s.")
            % {"row": row, "value": value, "column": column, "allowed": ", ".join(k for k in allowed if k)}
        )
    return allowed[key]


def _age(value: str, *, row: int) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 3 or int(value) > MAX_AGE_MONTHS:
        raise NormCsvError(
            _("Row %(row)s: an age is a number of months from 0 to %(max)s.") % {"row": row, "max": MAX_AGE_MONTHS}
        )
    return int(value)


def _range(value: str, *, row: int, scale_label: str, band_label: str) -> tuple[int, int] | None:
    if not value.strip():
        return None
    match = _RANGE.match(value)
    if match is None:
        raise NormCsvError(
            _("Row %(row)s (%(scale)s): “%(value)s” for “%(band)s” is not a range such as 0-12 or 13.")
            % {"row": row, "scale": scale_label, "value": value, "band": band_label}
        )
    lowest, highest = int(match.group(1)), int(match.group(2) or match.group(1))
    if lowest > highest:
        raise NormCsvError(
            _("Row %(row)s (%(scale)s): “%(band)s” runs from %(lowest)s down to %(highest)s; write the lowest first.")
            % {"row": row, "scale": scale_label, "band": band_label, "lowest": lowest, "highest": highest}
        )
    return lowest, highest


def _bands_check(ranges: dict, *, row: int, scale: str, informant: str, labels: dict) -> None:
    """The bands, in score order, follow one another from 0 to the scale's maximum."""
    scale_label = labels["scale"]
    order = [band for band in scoring.BANDS if ranges.get(band)]
    if not order:
        raise NormCsvError(_("Row %(row)s (%(scale)s): no band has scores.") % {"row": row, "scale": scale_label})
    if scale in scoring.LOW_IS_CONCERN:
        order.reverse()  # the lowest scores are the concern: very low first
    top = scale_max(scale, informant)
    expected = 0
    for band in order:
        lowest, highest = ranges[band]
        if lowest > expected:
            raise NormCsvError(
                _("Row %(row)s (%(scale)s): the bands leave a gap: no band has the scores %(lowest)s–%(highest)s.")
                % {"row": row, "scale": scale_label, "lowest": expected, "highest": lowest - 1}
            )
        if lowest < expected:
            raise NormCsvError(
                _(
                    "Row %(row)s (%(scale)s): the bands overlap: “%(band)s” (%(lowest)s–%(highest)s) begins at or below the band before it."
                )
                % {"row": row, "scale": scale_label, "band": labels[band], "lowest": lowest, "highest": highest}
            )
        expected = highest + 1
    if expected <= top:
        raise NormCsvError(
            _("Row %(row)s (%(scale)s): the bands leave a gap: no band has the scores %(lowest)s–%(highest)s.")
            % {"row": row, "scale": scale_label, "lowest": expected, "highest": top}
        )
    if expected > top + 1:
        raise NormCsvError(
            _("Row %(row)s (%(scale)s): the bands go above %(max)s, the scale's highest score.")
            % {"row": row, "scale": scale_label, "max": top}
        )


def _ages_overlap(a: tuple, b: tuple) -> bool:
    low_a, high_a = a[0] if a[0] is not None else 0, a[1] if a[1] is not None else MAX_AGE_MONTHS
    low_b, high_b = b[0] if b[0] is not None else 0, b[1] if b[1] is not None else MAX_AGE_MONTHS
    return low_a <= high_b and low_b <= high_a


def norm_csv_read(content: bytes, *, labels: dict) -> list[CutoffRow]:
    """The cut-offs of a norm-set CSV file, or `NormCsvError` with a Danish message.

    `labels` gives the Danish names of scales and bands for the messages: {"scales": {...},
    "bands": {...}}.
    """
    records = _records(_text(content))
    if not records:
        raise NormCsvError(_("The file is empty."))
    _header_check(records[0])
    cutoffs, seen = [], {}
    for row, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(COLUMNS):
            raise NormCsvError(
                _("Row %(row)s has %(count)s columns; the first row names %(expected)s.")
                % {"row": row, "count": len(record), "expected": len(COLUMNS)}
            )
        cells = dict(zip(COLUMNS, record))
        informant = _choice(cells["informant"], INFORMANTS, row=row, column="informant")
        version = _choice(cells["version"], VERSIONS, row=row, column="version")
        sex = _choice(cells["sex"], SEXES, row=row, column="sex")
        scale = _choice(cells["scale"], {s: s for s in scoring.SCALES}, row=row, column="scale")
        ages = (_age(cells["age_from_months"], row=row), _age(cells["age_to_months"], row=row))
        if None not in ages and ages[0] > ages[1]:
            raise NormCsvError(_("Row %(row)s: the age range ends before it begins.") % {"row": row})
        row_labels = {"scale": labels["scales"][scale], **labels["bands"][scale]}
        ranges = {
            band: _range(cells[band], row=row, scale_label=row_labels["scale"], band_label=row_labels[band])
            for band in scoring.BANDS
        }
        _bands_check(ranges, row=row, scale=scale, informant=informant, labels=row_labels)
        key = (informant, version, sex, scale)
        for earlier_row, earlier_ages in seen.get(key, []):
            if _ages_overlap(ages, earlier_ages):
                raise NormCsvError(
                    _(
                        "Row %(row)s (%(scale)s) overlaps row %(earlier)s: the same informant, version, sex and scale for overlapping ages."
                    )
                    % {"row": row, "scale": row_labels["scale"], "earlier": earlier_row}
                )
        seen.setdefault(key, []).append((row, ages))
        cutoffs.extend(
            CutoffRow(informant, version, sex, *ages, scale, band, *limits)
            for band, limits in ranges.items()
            if limits is not None
        )
    if not cutoffs:
        raise NormCsvError(_("The file has no cut-offs below its first row."))
    return cutoffs
