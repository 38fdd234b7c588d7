"""The report's tables computed for the tests (test_tables.py, test_tables_ishoej_sdq.py)."""

from datetime import date

from django.utils import translation

from reporting.formatting import format_cell
from reporting.selectors import Cohort
from reporting.tables import report_compute

YEAR_2025 = {"kind": "closed_in_year", "start": date(2025, 1, 1), "end": date(2025, 12, 31)}


def compute(*municipalities, suppress=False, **cohort):
    with translation.override("da"):
        return report_compute(
            cohort=Cohort(**{**YEAR_2025, **cohort}, municipality_ids=tuple(m.pk for m in municipalities)),
            suppress=suppress,
        )


def section(result, key):
    return next(s for s in result["sections"] if s["key"] == key)


def row(result, key, label):
    return [format_cell(cell) for cell in next(r for r in section(result, key)["rows"] if r["label"] == label)["cells"]]
