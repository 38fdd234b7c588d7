"""A coordinator searches the audit log, draws a spot-check sample, and the phone shows it too."""

import math

import pytest
from playwright.sync_api import expect

from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.audit.tests.test_criteria import EXAMPLES
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from privacy.views import PAGE_SIZE
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.browser.english import english_lines
from visitation.tests.factories import referral_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_searches_the_log_and_draws_a_sample(page):
    coordinator = user_for_role(Role.COORDINATOR, municipality=MunicipalityFactory(name="Svendborg"))
    course = referral_register(coordinator=coordinator)
    child = course.family.children.get()
    for number in range(25):
        audit_event_record(
            actor=coordinator,
            action=Action.VIEW,
            object_type="course",
            subject=course.family,
            criterion=f"Opfølgning {number}",
        )
    audit_event_record(
        actor=coordinator,
        action=Action.VIEW,
        object_type="child_cpr",
        subject=child,
        criterion="Underretning til familieafdelingen",
    )
    log_in(page, coordinator)
    page.get_by_role("link", name="Logning").first.click()
    page.get_by_label("Om barn eller forælder").select_option(label="Alma Nielsen (barn)")
    page.get_by_role("button", name="Søg").click()
    page.get_by_text("Underretning til familieafdelingen").wait_for()
    expect(page.get_by_role("link", name="Hent indsigt (PDF)")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "audit-log-desktop")
    page.get_by_label("Antal hændelser i stikprøven").fill("5")
    page.get_by_role("button", name="Træk en tilfældig stikprøve").click()
    page.get_by_role("heading", name="Stikprøve").wait_for()
    assert page.locator(".audit-table tbody tr").count() == 5
    assert_accessible(page)
    screenshot(page, "audit-sample-desktop")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(page.live_server_url + "/logning/")
    screenshot(page, "audit-log-phone")


def test_the_log_reads_as_danish_with_every_criterion_the_code_writes(page):
    """One event of each criterion a service or view writes (the table of hjemmepaed/audit/tests/
    criteria_sites.py), on a phone: no English in the page, the codes read as sentences."""
    coordinator = user_for_role(Role.COORDINATOR, municipality=MunicipalityFactory(name="Thisted"))
    for _site, object_type, stored in EXAMPLES:
        audit_event_record(actor=coordinator, action=Action.UPDATE, object_type=object_type, criterion=stored)
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, coordinator)
    english, criteria = [], []
    # Every page of the log (the log-in's own events too), however many criteria the code writes.
    for number in range(1, math.ceil((len(EXAMPLES) + 5) / PAGE_SIZE) + 1):
        page.goto(f"{page.live_server_url}/logning/?side={number}")
        expect(page.locator(".audit-criterion").first).to_be_visible()
        english += english_lines(page)
        criteria += page.locator(".audit-criterion").all_inner_texts()
        screenshot(page, f"audit-log-criteria-phone-{number}")
    assert english == []
    assert "Forløbet er flyttet fra fasen “Henvist” til “Visiteret”." in criteria
    assert "Samtykke til “Deling af oplysninger med dagtilbuddet” trukket tilbage." in criteria
    assert len(criteria) >= len(EXAMPLES)
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator(".audit-criterion").first).to_be_visible()
    screenshot(page, "audit-log-criteria-desktop")
