"""An educator on a phone adds a new parent with custody from the course page; the page shows
them, and a visit in the daycare is refused, naming the new parent, until they consent."""

import pytest
from playwright.sync_api import expect

from families.models import Guardian
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from tests.browser.conftest import assert_accessible, log_in, screenshot
from visitation.tests.factories import course_started

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_new_custodian_is_named_when_a_daycare_visit_needs_consent(page):
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = course_started(coordinator=coordinator, educator=educator)  # Sara has given every consent

    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, educator)
    page.goto(f"{page.live_server_url}/forloeb/{course.pk}/")
    page.get_by_role("link", name="Tilføj forælder").click()
    page.get_by_role("heading", name="Tilføj forælder").wait_for()
    _fits(page)
    screenshot(page, "guardians-add-form-375")
    assert_accessible(page)

    page.get_by_label("Navn").fill("Ali Hassan")
    page.get_by_label("Telefon").fill("11 22 33")
    page.get_by_role("button", name="Gem").click()
    page.locator("#id_relation-error").get_by_text("Vælg forælderens relation til barnet.").wait_for()
    expect(
        page.locator("#id_has_custody-error").get_by_text("Vælg om forælderen har forældremyndighed.")
    ).to_be_visible()
    assert page.get_by_label("Navn").input_value() == "Ali Hassan"  # nothing typed is lost
    screenshot(page, "guardians-add-refused-375")

    page.get_by_label("Far").check()
    page.get_by_label("Ja").check()
    page.get_by_label("Telefon").fill("11 22 33 44")
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Forælderen er tilføjet.").wait_for()
    family = page.locator("#familie")
    assert "Ali Hassan (far)" in family.inner_text()
    assert "Forældremyndighed" in family.inner_text()
    assert Guardian.objects.get(name="Ali Hassan").custody_since is not None
    family.scroll_into_view_if_needed()
    _fits(page)
    screenshot(page, "guardians-course-page-375")
    assert_accessible(page)

    page.get_by_role("link", name="Registrér besøg").click()
    page.get_by_label("Type").select_option(label="I dagtilbud")
    page.get_by_label("Varighed (timer:minutter)").select_option("60")
    page.get_by_role("button", name="Gem besøg").click()
    page.locator(".form-error-message").get_by_text("Det mangler fra Ali Hassan.", exact=False).wait_for()
    assert not course.visits.exists()
    _fits(page)
    screenshot(page, "guardians-visit-refused-375")

    page.goto(f"{page.live_server_url}/forloeb/{course.pk}/")
    page.get_by_role("link", name="Ændr forældremyndighed (Sara Nielsen)").click()
    page.get_by_role("heading", name="Ændr forældremyndighed").wait_for()
    page.get_by_label("Nej").check()
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Forældremyndigheden er ændret.").wait_for()
    assert "Ingen forældremyndighed" in page.locator("#familie").inner_text()
    page.get_by_role("link", name="Ret sprog og husstand").click()
    page.get_by_label("Sprog i hjemmet").fill("")
    page.get_by_role("button", name="Gem").click()
    page.locator(".form-error-message").get_by_text("Skriv det sprog, der tales i hjemmet, fx dansk.").wait_for()
    _fits(page)
    screenshot(page, "guardians-household-refused-375")
    assert_accessible(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{page.live_server_url}/forloeb/{course.pk}/")
    page.locator("#familie").scroll_into_view_if_needed()
    screenshot(page, "guardians-course-page-1280")
