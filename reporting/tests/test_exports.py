"""The PDF, the xlsx and the JSON of one report show exactly the same numbers."""

import io
import json
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from reporting import services
from reporting.formatting import MISSING, SUPPRESSED, format_cell
from reporting.tests.factories import closed_course, imported_course, national_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(municipality, other_municipality, coordinator, django_capture_on_commit_callbacks):
    """A report across two municipalities (so with "<5" cells) with every kind of table filled."""
    other = user_for_role(Role.COORDINATOR, municipality=other_municipality)
    for day in range(1, 4):
        closed_course(
            coordinator=coordinator,
            visitation=date(2025, 2, day),
            start=date(2025, 2, 10),
            end=date(2025, 5, day),
            visit_minutes=[60, 75, 90][:day],
            goals_answer="strongly_agree",
        )
    imported_course(
        coordinator=coordinator, external_id="X1", start=date(2025, 3, 1), end=date(2025, 9, 1), visits=9, minutes=700
    )
    for day in range(1, 7):
        course = closed_course(
            coordinator=other,
            visitation=date(2025, 4, day),
            start=date(2025, 4, 10),
            end=date(2025, 8, day),
            visit_minutes=[45] * day,
            recruited_by="daycare",
        )
        national_response(
            municipality=other_municipality,
            course=course,
            submitted_on=date(2025, 8, 20),
            answers={"1": "mother", "2": "no", "9": 6 + day % 5, "7": "agree", ("5", 1): "agree"},
        )
    analyst = user_for_role(Role.ANALYST)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_order(
            acting_user=analyst,
            municipalities=[municipality, other_municipality],
            cohort_kind="closed_in_year",
            year=2025,
        )
    report.refresh_from_db()
    return report, analyst


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_pdf_xlsx_and_json_agree(report):
    report, analyst = report
    result = report.result
    downloads = {
        kind: services.report_download(acting_user=analyst, report=report, kind=kind).content
        for kind in ("pdf", "xlsx", "json")
    }
    assert json.loads(downloads["json"]) == result

    pdf_text = _normalise(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(downloads["pdf"])).pages))
    workbook = load_workbook(io.BytesIO(downloads["xlsx"]))
    checked_cells = 0
    assert any(cell["suppressed"] for s in result["sections"] for r in s["rows"] for cell in r["cells"])
    for section in result["sections"]:
        assert _normalise(f"{section['number']} {section['title']}") in pdf_text
        sheet = workbook[section["number"]]
        by_label = {line[0]: line[1:] for line in sheet.iter_rows(values_only=True) if line[0]}
        for row in section["rows"]:
            shown = [format_cell(cell) for cell in row["cells"]]
            # the PDF: the row's label followed by exactly its cells, as printed
            assert _normalise(" ".join([row["label"], *shown])) in pdf_text, (section["number"], row["label"])
            # the xlsx: the same numbers, as numbers ("<5" and "–" as text)
            values = list(by_label[row["label"]])
            for cell in row["cells"]:
                value = values.pop(0)
                if cell["suppressed"]:
                    assert value == SUPPRESSED
                elif cell["value"] is None:
                    assert value == MISSING
                else:
                    assert value == cell["value"]
                if "share" in cell or (cell["suppressed"] and _column_has_share(section, row, cell)):
                    values.pop(0)
                checked_cells += 1
    assert checked_cells > 300


def _column_has_share(section, row, cell):
    index = row["cells"].index(cell)
    return any("share" in other["cells"][index] for other in section["rows"])
