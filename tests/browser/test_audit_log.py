"""A coordinator searches the audit log, draws a spot-check sample, and the phone shows it too."""

import pytest
from playwright.sync_api import expect

from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from tests.browser.conftest import assert_accessible, log_in, screenshot
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
