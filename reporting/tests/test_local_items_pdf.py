"""The municipal report's PDF marks the municipality's own methods and risk factors as local, as
the pages that record them do (issue 14: "local items are marked local in reports and exports")."""

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
from reporting.tests.factories import closed_course

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


@pytest.fixture(name="downloads")
def report_downloads(municipality, coordinator, django_capture_on_commit_callbacks):
    from courses.services import local_method_add
    from visitation.services import local_risk_factor_add

    manager = user_for_role(Role.MANAGER, municipality=municipality)
    marte_meo = local_method_add(acting_user=manager, label="Marte Meo")
    overskud = local_risk_factor_add(acting_user=manager, kind="parent", label="Manglende overskud")
    for day in range(1, 7):
        closed_course(
            coordinator=coordinator,
            visitation=date(2025, 2, day),
            start=date(2025, 2, 10),
            end=date(2025, 5, day),
            visit_minutes=[60, 75],
            methods=[marte_meo.code] if day <= 5 else [],
            parent_risk_factors=["parent_role", overskud.code],
        )
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_order(
            acting_user=manager, municipalities=[municipality], cohort_kind="closed_in_year", year=2025
        )
    report.refresh_from_db()
    return {
        kind: services.report_download(acting_user=manager, report=report, kind=kind).content
        for kind in ("pdf", "xlsx", "json")
    }


def test_the_pdf_and_the_exports_mark_the_local_method_and_risk_factor_as_local(downloads):
    text = _text(downloads["pdf"])
    assert "Kommunernes egne tilføjelser" in text
    assert "Lokale punkter Kommunernes egne metoder og risikofaktorer" in text
    assert "Marte Meo (lokal metode) 5" in text
    assert "Manglende overskud (lokal risikofaktor) 6" in text
    assert "Tilføjet af kommunen til de nationale lister, som står uændret." in text

    # The same rows in the exports (one report made once: rendering takes seconds).
    sheet = load_workbook(io.BytesIO(downloads["xlsx"]))["Lokale punkter"]
    rows = {line[0]: line[1] for line in sheet.iter_rows(values_only=True) if line[0]}
    assert rows["Marte Meo (lokal metode)"] == 5
    assert rows["Manglende overskud (lokal risikofaktor)"] == 6
    [table] = [s for s in json.loads(downloads["json"])["sections"] if s["key"] == "lokale-punkter"]
    assert [row["label"] for row in table["rows"]] == [
        "Marte Meo (lokal metode)",
        "Manglende overskud (lokal risikofaktor)",
    ]
