"""The course page shows the case on a phone and a desktop: the referral, the family's language,
the start-up meeting and the closure, with nothing pushed off-screen."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.services import GoalResult, course_close, visit_log
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from tests.browser.conftest import assert_accessible, log_in, screenshot
from visitation.tests.factories import course_started

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_course_page_shows_the_case_at_375_and_1280(page):
    today = timezone.localdate()
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = course_started(
        coordinator=coordinator,
        educator=educator,
        start_date=today - timedelta(days=60),
        referring_professional="Hanne Holm, sundhedsplejerske",
        language="arabisk",
        interpreter_needed=True,
    )
    visit_log(acting_user=educator, course=course, date=today - timedelta(days=3), duration_minutes=60)
    course_close(
        acting_user=educator,
        course=course,
        end_date=today - timedelta(days=1),
        end_reason="goals_reached",
        goals_reached_answer="agree",
        child_developed_answer="strongly_agree",
        reflection_sheet_given=True,
        goal_results=[GoalResult(goal=goal, status="reached", weight_at_end=3) for goal in course.goals.all()],
    )

    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, educator)
    page.goto(f"{page.live_server_url}/forloeb/{course.pk}/")
    for anchor in ("henvendelse", "opstartsmoede", "afslutning"):
        expect(page.locator(f"#{anchor}")).to_be_visible()
    assert "Mor oplever forældrerollen som svær" in page.locator("#henvendelse").inner_text()
    assert re.search(r"Behov for tolk\s+Ja", page.locator("main").inner_text())
    screenshot(page, "course-case-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "course-case-1280")
