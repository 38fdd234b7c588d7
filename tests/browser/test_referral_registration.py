"""A home educator registers a referral and lands on her own list; a second referral with the
same child's CPR number offers the existing family."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import Course
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from tests.browser.conftest import assert_accessible, log_in, screenshot
from visitation import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill(page, *, born, cpr):
    page.locator("#id_guardians-0-name").fill("Sara Nielsen")
    page.locator("#id_guardians-0-relation_0").check()
    page.locator("#id_guardians-0-has_custody_0").check()
    page.locator("#id_children-0-name").fill("Alma Nielsen")
    page.locator("#id_children-0-birth_date").fill(born.isoformat())
    page.locator("#id_children-0-cpr").fill(cpr)
    page.get_by_label("Hvem rekrutterede familien").select_option("health_visiting")
    page.get_by_label("Bekymringen").fill("Alma er svær at trøste.")
    page.get_by_role("radio", name="Lav", exact=True).check()


def test_educator_registers_and_the_same_cpr_offers_the_existing_family(page):
    today = timezone.localdate()
    born = today - timedelta(days=200)
    cpr = f"{born:%d%m%y}-4123"
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Mette")

    log_in(page, educator)
    page.get_by_role("link", name="Ny henvendelse").click()
    _fill(page, born=born, cpr=cpr)
    page.get_by_role("button", name="Registrér henvendelse").click()
    first = Course.objects.get()
    assert f"registreret som forløb nr. {first.pk}" in page.locator(".alert-success").inner_text()
    expect(page.get_by_role("heading", name="Mine forløb")).to_be_visible()
    screenshot(page, "referral-educator-registered")
    assert_accessible(page)

    services.referral_reject(acting_user=coordinator, course=first, decided_on=today, reason="Ikke nu")
    page.context.clear_cookies()
    log_in(page, coordinator)
    page.goto(page.live_server_url + "/visitation/ny/")
    _fill(page, born=born, cpr=cpr)
    page.get_by_role("button", name="Registrér henvendelse").click()
    warning = page.locator(".alert-warning")
    assert "Familien er allerede registreret" in warning.inner_text()
    expect(warning.get_by_role("link", name=f"Forløb nr. {first.pk} (afvist)")).to_be_visible()
    assert page.locator("#id_concern").input_value() == "Alma er svær at trøste."
    screenshot(page, "referral-existing-family")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "referral-existing-family-375")
    assert_accessible(page)
    page.get_by_label("Registrér den nye henvendelse på den eksisterende familie").check()
    page.get_by_role("button", name="Registrér henvendelse").click()
    assert "Henvendelsen er registreret." in page.locator(".alert-success").inner_text()
    assert Course.objects.latest("pk").family_id == first.family_id
