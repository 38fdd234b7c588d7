"""Helsingør: the daycare leader writes her statement on a phone, the coordinator decides with it
at a desk (issue 14)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import DaycareFactory, MunicipalityFactory, user_for_role
from hjemmepaed.variants.models import Preset
from hjemmepaed.variants.tests.factories import variant_from_preset
from tests.browser.conftest import assert_accessible, log_in, screenshot
from visitation.models import IntakeDecision
from visitation.services import ChildData
from visitation.tests.factories import recent_birth, referral_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATEMENT = "Alma trives i vuggestuen og leger godt med de andre. Mor virker presset ved aflevering om morgenen."


def test_the_daycare_leader_writes_her_statement_and_the_coordinator_decides_with_it(page):
    municipality = MunicipalityFactory(name="Helsingør", code="217")
    variant_from_preset(municipality=municipality, preset=Preset.HELSINGOR)
    daycare = DaycareFactory(municipality=municipality, name="Vuggestuen Solsikken")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Anne", last_name="Jørgensen")
    leader = user_for_role(
        Role.DAYCARE_LEADER, municipality=municipality, daycare=daycare, first_name="Lone", last_name="Berg"
    )
    child = ChildData(name="Alma Nielsen", birth_date=recent_birth(400), daycare=daycare, attends_daycare=True)
    course = referral_register(
        coordinator=coordinator,
        children=[child],
        received_on=timezone.localdate() - timedelta(days=3),
        concern="Mor er meget træt og oplever forældrerollen som svær.",
    )

    # The daycare leader, on her phone: the start page names what waits, the list the child.
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, leader)
    expect(page.get_by_text("1 henvendelse venter på din udtalelse.")).to_be_visible()
    screenshot(page, "daycare-leader-home-375")
    assert_accessible(page)
    page.get_by_role("link", name="Se alle udtalelser").click()
    expect(page.get_by_role("heading", name="Udtalelser")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Alma, 13 måneder").or_(page.get_by_role("cell", name="Alma, 12 måneder"))
    ).to_be_visible()
    screenshot(page, "daycare-statement-list-375")
    assert_accessible(page)
    page.get_by_role("link", name="Giv din udtalelse").click()
    expect(page.get_by_text("Mor er meget træt og oplever forældrerollen som svær.")).to_be_visible()
    page.get_by_role("button", name="Gem udtalelse").click()
    expect(page.locator("[data-module=error-summary]")).to_contain_text("Skriv din udtalelse.")
    screenshot(page, "daycare-statement-error-375")
    assert_accessible(page)
    page.get_by_label("Udtalelse", exact=True).fill(STATEMENT)
    page.get_by_role("button", name="Gem udtalelse").click()
    expect(page.locator(".alert-success")).to_contain_text("Din udtalelse er gemt.")
    expect(page.get_by_role("link", name="Givet – ret den")).to_be_visible()

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{page.live_server_url}/visitation/udtalelser/{course.pk}/")
    expect(page.get_by_label("Udtalelse", exact=True)).to_have_value(STATEMENT)
    expect(page.get_by_role("navigation").get_by_role("link", name="Udtalelser")).to_be_visible()
    screenshot(page, "daycare-statement-form-1280")
    assert_accessible(page)

    # The coordinator, at a desk: the statement with its author and date, no typed fields.
    log_in(page, coordinator)
    page.goto(f"{page.live_server_url}/visitation/{course.pk}/beslut/")
    expect(page.get_by_text(STATEMENT)).to_be_visible()
    expect(page.get_by_text("Lone Berg, leder af Vuggestuen Solsikken, den")).to_be_visible()
    expect(page.get_by_label("Dagtilbudslederens navn")).to_have_count(0)
    screenshot(page, "decide-with-daycare-statement-1280")
    assert_accessible(page)
    page.get_by_label("Visitér og tildel hjemmepædagog").check()
    page.get_by_label("Primær hjemmepædagog").select_option(str(educator.pk))
    page.get_by_role("button", name="Gem beslutning").click()
    expect(page.locator(".alert-success")).to_contain_text("Beslutningen er gemt.")
    assert IntakeDecision.objects.get(course=course).daycare_statements.get().author == leader

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{page.live_server_url}/visitation/{course.pk}/beslut/")
    screenshot(page, "decide-with-daycare-statement-375")
    assert_accessible(page)
