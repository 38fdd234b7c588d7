"""An educator plans a series of visits on a phone and sees them on “Mine forløb”."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Visit
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from tests.browser.conftest import assert_accessible, log_in, screenshot
from visitation.tests.factories import course_started

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [375, 1280])
def test_educator_plans_a_series_and_sees_the_upcoming_visits(page, width):
    municipality = MunicipalityFactory(name="Helsingør", code="217")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Louise", last_name="Larsen")
    today = timezone.localdate()
    course = course_started(coordinator=coordinator, educator=educator, start_date=today - timedelta(days=3))

    page.set_viewport_size({"width": width, "height": 812})
    log_in(page, educator)
    page.wait_for_url("**/forloeb/mine/")
    page.get_by_text("Ingen planlagte besøg forude.").wait_for()
    page.get_by_role("link", name="Sara Nielsen").click()
    page.get_by_role("link", name="Planlæg en række besøg").click()
    page.get_by_role("heading", name="Planlæg en række besøg").wait_for()
    assert page.get_by_label("Hver hvor mange dage").input_value() == "14"
    page.get_by_label("Klokkeslæt").fill("09:30")
    page.get_by_label("Sidste mulige dato").fill((today + timedelta(days=50)).isoformat())
    screenshot(page, f"visit-series-form-{width}")
    assert_accessible(page)
    if width == 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="Planlæg besøgene").click()

    page.get_by_text("4 besøg er planlagt.").wait_for()
    assert Visit.objects.filter(course=course, status="planned", series__isnull=False).count() == 4
    screenshot(page, f"course-after-series-{width}")

    page.goto(page.live_server_url + "/forloeb/mine/")
    page.get_by_role("heading", name="Kommende besøg (4)").wait_for()
    first = today + timedelta(days=7)
    upcoming = page.locator("section", has=page.get_by_role("heading", name="Kommende besøg (4)"))
    assert "kl. 09:30" in upcoming.inner_text() and f"{first.day}. " in upcoming.inner_text()
    assert "Sara Nielsen" in upcoming.inner_text()
    if width == 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, f"my-courses-upcoming-{width}")
    assert_accessible(page)

    page.get_by_role("link", name="Dine planlagte besøg i din egen kalender").click()
    page.get_by_role("button", name="Lav et kalenderlink").click()
    page.get_by_text("Dit nye kalenderlink").wait_for()
    address = page.get_by_label("Kalenderlinkets adresse").input_value()
    assert "/forloeb/kalender/" in address and address.endswith(".ics")
    if width == 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, f"calendar-link-{width}")
    assert_accessible(page)
    feed = page.request.get(address)
    assert feed.status == 200 and feed.text().count("BEGIN:VEVENT") == 4
