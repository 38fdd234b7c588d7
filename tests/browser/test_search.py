"""A coordinator finds a family by part of a name on a desktop and by CPR number on a phone;
nothing typed reaches the address bar, and the results stack at 375 px."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from tests.browser.conftest import assert_accessible, log_in, screenshot
from visitation.services import ChildData, GuardianData
from visitation.tests.factories import course_decided, referral_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_finds_a_family_by_name_and_by_cpr_number(page):
    municipality = MunicipalityFactory(name="Svendborg")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Mette", last_name="Lund")
    born = timezone.localdate() - timedelta(days=300)
    digits = f"{born:%d%m%y}4123"
    course = course_decided(
        coordinator=coordinator,
        educator=educator,
        guardians=[GuardianData(name="Sara Østergaard", relation="mother")],
        children=[ChildData(name="Alma Østergaard", birth_date=born, cpr=digits)],
    )
    referral_register(coordinator=coordinator)  # another family: Sara and Alma Nielsen

    log_in(page, coordinator)
    page.get_by_role("link", name="Søg", exact=True).first.click()
    page.get_by_role("heading", name="Find en familie").wait_for()
    page.get_by_label("Navn, CPR-nummer eller forløbsnummer").fill("A")
    page.get_by_role("button", name="Søg", exact=True).click()
    page.get_by_text("Skriv mindst 2 bogstaver af navnet.").first.wait_for()
    page.get_by_label("Navn, CPR-nummer eller forløbsnummer").fill("sara øst")
    # Both in another case, "ø" too: on SQLite (the embedded pass) as on PostgreSQL.
    page.get_by_role("button", name="Søg", exact=True).click()
    page.get_by_text("Navn indeholder “sara øst”: 1 forløb fundet").wait_for()
    expect(page.get_by_role("link", name="Sara Østergaard")).to_be_visible()
    assert page.url.endswith("/forloeb/soeg/")
    assert_accessible(page)
    screenshot(page, "search-name-1280")

    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(page.live_server_url + "/forloeb/")
    screenshot(page, "search-box-on-course-list-375")
    page.get_by_label("Navn, CPR-nummer eller forløbsnummer").fill(f"{digits[:6]}-{digits[6:]}")
    page.get_by_role("button", name="Søg", exact=True).click()
    page.get_by_text("CPR-nummer (præcist): 1 forløb fundet").wait_for()
    assert digits not in page.url and digits[:6] not in page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    screenshot(page, "search-cpr-375")
    page.get_by_role("link", name="Sara Østergaard").click()
    page.wait_for_url(lambda url: url.endswith(f"/forloeb/{course.pk}/"))
