"""The decision form as the municipality's model shapes it, on a phone: Helsingør's daycare
leader's statement, København's visitation team."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from hjemmepaed.variants.models import Preset
from hjemmepaed.variants.tests.factories import variant_from_preset
from tests.browser.conftest import assert_accessible, log_in, screenshot
from visitation.models import IntakeDecision
from visitation.tests.factories import referral_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_helsingor_decision_needs_the_daycare_leaders_statement(page):
    municipality = MunicipalityFactory(name="Helsingør", code="217")
    variant_from_preset(municipality=municipality, preset=Preset.HELSINGOR)
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Anne", last_name="Jørgensen")
    course = referral_register(coordinator=coordinator, received_on=timezone.localdate() - timedelta(days=3))

    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, coordinator)
    page.goto(f"{page.live_server_url}/visitation/{course.pk}/beslut/")
    page.get_by_label("Visitér og tildel hjemmepædagog").check()
    page.get_by_label("Primær hjemmepædagog").select_option(str(educator.pk))
    page.get_by_label("Dagtilbudslederens navn").fill("Lone Berg")
    page.get_by_role("button", name="Gem beslutning").click()
    summary = page.locator("[data-module=error-summary]").inner_text()
    assert "Helsingør: beslutningen kræver dagtilbudslederens udtalelse." in summary
    screenshot(page, "decide-daycare-leader-error-375")
    assert_accessible(page)

    page.get_by_label("Dagtilbudslederens udtalelse").fill("Alma trives i vuggestuen, men mor har brug for støtte.")
    page.get_by_role("button", name="Gem beslutning").click()
    assert "Beslutningen er gemt." in page.locator(".alert-success").inner_text()
    assert IntakeDecision.objects.get(course=course).daycare_leader_name == "Lone Berg"


def test_kobenhavn_decision_names_the_team_members_present(page):
    municipality = MunicipalityFactory(name="København", code="101")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    member = user_for_role(Role.COORDINATOR, municipality=municipality, first_name="Birgitte", last_name="Lund")
    variant_from_preset(municipality=municipality, preset=Preset.KOBENHAVN).team_members.set([coordinator, member])
    course = referral_register(coordinator=coordinator, received_on=timezone.localdate() - timedelta(days=3))

    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, coordinator)
    page.goto(f"{page.live_server_url}/visitation/{course.pk}/beslut/")
    expect(page.get_by_label("Birgitte Lund")).to_be_visible()
    page.get_by_label("Birgitte Lund").check()
    screenshot(page, "decide-visitation-team-375")
    assert_accessible(page)
