"""A coordinator sees a referral in the intake queue and approves it, assigning an educator."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from tests.browser.conftest import assert_accessible, log_in, screenshot
from visitation.tests.factories import referral_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_approves_a_referral(page):
    municipality = MunicipalityFactory(name="Thisted", code="787")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Anne", last_name="Jørgensen")
    course = referral_register(
        coordinator=coordinator,
        received_on=timezone.localdate() - timedelta(days=16),
        birth_date=timezone.localdate() - relativedelta(months=30),
    )

    log_in(page, coordinator)
    page.get_by_role("link", name="Visitation").first.click()
    assert "over 14 dage" in page.locator("table").first.inner_text()
    screenshot(page, "intake-queue")
    assert_accessible(page)

    page.get_by_role("link", name="Sara Nielsen").click()
    assert "Alma Nielsen fylder 3 år den" in page.locator(".alert-warning").inner_text()
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "decide-third-birthday-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "decide-third-birthday")
    page.get_by_label("Visitér og tildel hjemmepædagog").check()
    page.get_by_role("button", name="Gem beslutning").click()
    assert "Vælg den primære hjemmepædagog." in page.locator("[data-module=error-summary]").inner_text()
    screenshot(page, "decide-error")
    assert_accessible(page)

    page.get_by_label("Primær hjemmepædagog").select_option(str(educator.pk))
    page.get_by_role("button", name="Gem beslutning").click()
    assert "Beslutningen er gemt." in page.locator(".alert-success").inner_text()
    course.refresh_from_db()
    assert (course.phase, course.primary_educator) == ("decided", educator)

    page.get_by_role("link", name="Forløb", exact=True).first.click()
    page.get_by_label("Fase").select_option("decided")
    page.get_by_role("button", name="Filtrér").click()
    assert "1 forløb" in page.locator("[role=status]").inner_text()
    screenshot(page, "course-list-filtered")
    assert_accessible(page)
