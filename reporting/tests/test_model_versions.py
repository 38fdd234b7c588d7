"""A report says which version(s) of each municipality's model were in force in its period, and
marks a version that deviates from the national model (issue 14)."""

from datetime import date

import pytest
from django.urls import reverse

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from hjemmepaed.variants.models import Variant
from reporting.exports import pdf_context
from reporting.tests.factories import ready_report

pytestmark = pytest.mark.django_db


def test_the_report_page_and_pdf_name_the_versions_and_the_deviation(client, municipality):
    manager = user_for_role(Role.MANAGER, municipality=municipality)
    Variant.objects.create(municipality=municipality, valid_from=date(2024, 1, 1), preset="thisted")
    Variant.objects.create(
        municipality=municipality,
        valid_from=date(2025, 6, 1),
        max_weeks=52,
        deviation_reason="Forløbene følger dagtilbudsåret",
    )
    report = ready_report(user=manager, municipalities=[municipality])
    client.force_login(manager)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "fra 01.01.2024, bygger på Thisted" in page
    assert "fra 01.06.2025, bygger på Den nationale model" in page
    assert "afviger fra den nationale model: Forløbene følger dagtilbudsåret" in page
    versions = pdf_context(report)["model_versions"][municipality]
    assert [v.deviates_from_national for v in versions] == [False, True]


def test_a_municipality_without_versions_ran_the_national_model(client, municipality):
    manager = user_for_role(Role.MANAGER, municipality=municipality)
    report = ready_report(user=manager, municipalities=[municipality])
    client.force_login(manager)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "den nationale model" in page and "afviger" not in page


# --- the versions in the JSON and the xlsx; the local items' table -----------------------------


def _computed(municipality, *, start, end, suppress=False):
    from django.utils import translation

    from reporting.selectors import Cohort
    from reporting.tables import report_compute

    with translation.override("da"):
        return report_compute(
            cohort=Cohort(kind="started_in_period", start=start, end=end, municipality_ids=(municipality.pk,)),
            suppress=suppress,
        )


def test_the_json_and_the_xlsx_name_each_version_and_its_deviation(municipality):
    import io
    import json

    from django.utils import translation
    from openpyxl import load_workbook

    from reporting.exports import report_json, report_xlsx

    Variant.objects.create(municipality=municipality, valid_from=date(2024, 1, 1), preset="ishoj", visit_cap=10)
    Variant.objects.create(
        municipality=municipality, valid_from=date(2025, 6, 1), max_weeks=52, deviation_reason="Dagtilbudsåret"
    )
    result = _computed(municipality, start=date(2025, 1, 1), end=date(2025, 12, 31))
    versions = json.loads(report_json(result))["model_versions"]
    assert [(v["valid_from"], v["preset"], v["max_weeks"], v["deviates_from_national"]) for v in versions] == [
        ("2024-01-01", "ishoj", 40, False),
        ("2025-06-01", "national", 52, True),
    ]
    assert versions[1]["deviation_reason"] == "Dagtilbudsåret"
    with translation.override("da"):
        cover = load_workbook(io.BytesIO(report_xlsx(result)))["Rapport"]
    lines = [cell.value for cell in cover["A"] if cell.value]
    name = municipality.name
    assert f"{name}: Ishøj, fra 01.01.2024; 0–36 måneder, højst 40 uger, højst 10 besøg" in lines
    assert (
        f"{name}: Den nationale model, fra 01.06.2025; 0–36 måneder, højst 52 uger. "
        "Afviger fra den nationale model: Dagtilbudsåret" in lines
    )


def test_a_municipality_without_a_version_of_its_own_ran_the_national_model_in_the_json(municipality):
    [version] = _computed(municipality, start=date(2025, 1, 1), end=date(2025, 12, 31))["model_versions"]
    assert (version["valid_from"], version["label"], version["deviates_from_national"]) == (
        None,
        "Den nationale model",
        False,
    )


def test_the_local_items_table_counts_the_courses_that_used_each(municipality, coordinator):
    from datetime import timedelta

    from django.utils import timezone

    from courses.services import local_method_add, visit_log
    from reporting.formatting import format_cell
    from visitation.services import local_risk_factor_add
    from visitation.tests.factories import course_started

    manager = user_for_role(Role.MANAGER, municipality=municipality)
    marte_meo = local_method_add(acting_user=manager, label="Marte Meo")
    local_method_add(acting_user=manager, label="Video")  # on the list, used by no course
    overskud = local_risk_factor_add(acting_user=manager, kind="parent", label="Manglende overskud")
    today = timezone.localdate()
    start = today - timedelta(days=20)
    for _n in range(2):
        course = course_started(
            coordinator=coordinator, start_date=start, parent_risk_factors=["parent_role", overskud.code]
        )
        for day in (3, 10):  # two visits with the method count the course once
            visit_log(
                acting_user=course.primary_educator,
                course=course,
                date=start + timedelta(days=day),
                duration_minutes=60,
                methods=[marte_meo.code],
            )
    course_started(coordinator=coordinator, start_date=start)
    result = _computed(municipality, start=start - timedelta(days=1), end=today)
    [table] = [s for s in result["sections"] if s["key"] == "lokale-punkter"]
    rows = {row["label"]: [format_cell(cell) for cell in row["cells"]] for row in table["rows"]}
    assert rows == {
        "Marte Meo (lokal metode)": ["2"],
        "Video (lokal metode)": ["0"],
        "Manglende overskud (lokal risikofaktor)": ["2"],
    }
    assert table["columns"] == ["Punkt", "Forløb"]
    hidden = _computed(municipality, start=start - timedelta(days=1), end=today, suppress=True)
    [table] = [s for s in hidden["sections"] if s["key"] == "lokale-punkter"]
    assert [format_cell(row["cells"][0]) for row in table["rows"]] == ["<5", "0", "<5"]


def test_without_local_items_the_report_has_no_such_table(municipality):
    result = _computed(municipality, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert "lokale-punkter" not in [s["key"] for s in result["sections"]]
