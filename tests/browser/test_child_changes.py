"""On a 375 px phone, an educator records the birth on a pregnancy referral's course page, then
a change of daycare; the course page shows the child's age in months and her daycares."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.tests.factories_family import pregnancy_course
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import DaycareFactory, MunicipalityFactory, user_for_role
from tests.browser.conftest import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page, name: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], f"{name} scrolls"
    screenshot(page, name)
    assert_accessible(page)


def test_birth_then_change_of_daycare_on_a_phone(page):
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    DaycareFactory(municipality=municipality, name="Vuggestuen Solsikken")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Louise", last_name="Larsen")
    course = pregnancy_course(coordinator=coordinator, educator=educator)
    today = timezone.localdate()
    born = today - timedelta(days=35)
    course.family.children.update(expected_due_date=born + timedelta(days=4))

    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, educator)
    page.goto(f"{page.live_server_url}/forloeb/{course.pk}/")
    page.get_by_text("Ufødt barn, termin").wait_for()
    _check(page, "birth-course-before-375")

    page.get_by_role("link", name="Registrér fødslen").click()
    page.get_by_role("heading", name="Registrér fødslen").wait_for()
    page.get_by_label("Fødselsdato").fill((today + timedelta(days=1)).isoformat())
    page.get_by_label("Barnets navn").fill("Alma Nielsen")
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Fødselsdatoen kan ikke ligge i fremtiden.").first.wait_for()
    assert page.get_by_label("Barnets navn").input_value() == "Alma Nielsen"  # nothing typed is lost
    _check(page, "birth-form-refused-375")

    page.get_by_label("Fødselsdato").fill(born.isoformat())
    page.get_by_label("CPR-nummer").fill(f"{born:%d%m%y}-4321")
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Fødslen er registreret.").wait_for()
    assert f"Alma Nielsen, født {born:%d.%m.%Y} (1 måned)" in page.locator("main").inner_text()
    assert f"{born:%d%m%y}-XXXX" in page.locator("main").inner_text()
    _check(page, "birth-course-after-375")

    page.get_by_role("link", name="Skift af dagtilbud").click()
    page.get_by_role("heading", name="Skift af dagtilbud").wait_for()
    page.get_by_label("Nyt dagtilbud").select_option(label="Vuggestuen Solsikken")
    assert page.get_by_label("Går i dagtilbuddet").is_checked()
    _check(page, "daycare-form-375")
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Skiftet af dagtilbud er registreret.").wait_for()
    family = page.locator("main").inner_text()
    assert f"Vuggestuen Solsikken (siden {today:%d.%m.%Y})" in family
    assert f"Tidligere dagtilbud: intet dagtilbud (indtil {today - timedelta(days=1):%d.%m.%Y})" in family
    _check(page, "daycare-course-after-375")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    page.get_by_text("Tidligere dagtilbud").wait_for()
    _check(page, "daycare-course-after-1280")
