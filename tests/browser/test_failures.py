"""What a user sees when Redis or the database is away for a moment, and that nothing is lost."""

from datetime import date

import pytest
from django.db import OperationalError
from kombu.exceptions import OperationalError as BrokerDown
from playwright.sync_api import expect

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from reporting import services as report_services
from reporting.models import Report
from reporting.tests.factories import closed_course
from surveys import selectors as survey_selectors
from surveys.models import Response
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.browser.test_double_submit import answer_up_to_the_last_page
from visitation.tests.factories import course_closed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_report_ordered_while_redis_is_down_says_so_and_becomes_ready_when_it_is_back(page, monkeypatch):
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    closed_course(
        coordinator=coordinator,
        visitation=date(2025, 3, 1),
        start=date(2025, 3, 10),
        end=date(2025, 6, 1),
        visit_minutes=[60],
    )
    manager = user_for_role(Role.MANAGER, municipality=municipality)
    monkeypatch.setattr("reporting.tasks.report_build.delay", lambda *args: (_ for _ in ()).throw(BrokerDown("down")))

    log_in(page, manager)
    page.get_by_role("link", name="Rapporter").first.click()
    page.get_by_label("År, forløbene blev afsluttet").fill("2025")
    page.get_by_role("button", name="Bestil rapporten").click()
    waiting = page.locator("[data-part=waiting]")
    assert waiting.inner_text() == (
        "Rapporten er bestilt, men kan ikke startes lige nu. Den starter automatisk, når forbindelsen er tilbage."
    )
    screenshot(page, "report-waiting-for-broker")
    assert_accessible(page)

    monkeypatch.undo()  # Redis is back; the beat task sends the order
    assert report_services.reports_requeue(older_than_minutes=0) == 1
    page.get_by_text("Rapporten er klar").wait_for(timeout=60_000)
    expect(waiting).not_to_be_visible()
    assert Report.objects.get().attempts == 1


def test_a_parent_whose_answers_meet_no_database_gets_them_back_ready_to_send(
    page, monkeypatch, shipped_questionnaires
):
    municipality = MunicipalityFactory(name="Helsingør", code="217")
    course = course_closed(coordinator=user_for_role(Role.COORDINATOR, municipality=municipality))
    token = course.invitations.get().token
    page.set_viewport_size({"width": 375, "height": 812})
    answer_up_to_the_last_page(page, token)

    def no_database(**kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(survey_selectors, "token_resolve", no_database)
    page.get_by_role("button", name="Send dine svar").click()
    page.locator("#not-saved").wait_for()
    assert "Dine svar er ikke gået tabt. Prøv igen om lidt." in page.locator("#not-saved").inner_text()
    screenshot(page, "parent-no-database-retry-375")
    assert_accessible(page)

    monkeypatch.undo()  # the database is back
    page.get_by_role("button", name="Prøv igen").click()
    page.wait_for_url(f"**/s/{token}/tak/")
    assert Response.objects.count() == 1
    assert Response.objects.get().answers.get(question__number="10").text == "Tak for hjælpen med sengetiden."
