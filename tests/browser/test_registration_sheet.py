"""A coordinator imports last year's registration sheet: a dry run shows the problem, the
corrected file is checked and imported, and the courses count in the report."""

import pytest

from courses.models import Course
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from sheets import columns as sheet
from sheets.tests.factories import course_csv
from tests.browser.conftest import SCREENSHOTS, assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_imports_a_sheet_after_a_dry_run(page):
    municipality = MunicipalityFactory(name="Thisted", code="787")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    rows = [{sheet.MUNICIPALITY: "787", sheet.COURSE_ID: f"T-{n}"} for n in range(1, 4)]
    bad = course_csv([*rows[:2], {**rows[2], sheet.START_DATE: "31-02-2023"}])
    good = course_csv(rows)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS.parent / "sheet-bad.csv").write_bytes(bad)
    (SCREENSHOTS.parent / "sheet-good.csv").write_bytes(good)

    log_in(page, coordinator)
    page.goto(page.live_server_url + "/rapporter/")
    page.get_by_role("link", name="Registreringsark: indlæs historiske forløb").click()
    screenshot(page, "sheet-index")
    assert_accessible(page)
    page.goto(page.live_server_url + "/registreringsark/forloeb/indlaes/")
    page.get_by_label("Arket (xlsx eller csv)").set_input_files(str(SCREENSHOTS.parent / "sheet-bad.csv"))
    page.get_by_role("button", name="Tjek filen").click()
    problems = page.get_by_role("alert")
    assert "Række 4" in problems.inner_text() and "Startdato" in problems.inner_text()
    screenshot(page, "sheet-dry-run-problems")
    assert_accessible(page)
    assert not Course.objects.exists()

    page.get_by_label("Arket (xlsx eller csv)").set_input_files(str(SCREENSHOTS.parent / "sheet-good.csv"))
    page.get_by_role("button", name="Tjek filen").click()
    screenshot(page, "sheet-dry-run-ok")
    assert not Course.objects.exists()
    page.get_by_role("button", name="Indlæs 3 rækker").click()
    page.wait_for_load_state()
    screenshot(page, "sheet-imported")
    assert Course.objects.filter(municipality=municipality, source="import").count() == 3
