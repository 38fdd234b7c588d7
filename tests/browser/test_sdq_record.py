"""An educator types a paper SDQ into the course on a phone and sees scores and bands."""

import pytest

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from sdq.models import Measurement
from sdq.tests.factories import course_with_toddler
from tests.browser.conftest import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_educator_records_an_sdq_and_sees_the_scores(page):
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = course_with_toddler(coordinator=coordinator, educator=educator)

    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, educator)
    page.goto(f"{page.live_server_url}/forloeb/{course.pk}/sdq/ny/")
    page.locator("#id_timing_0").check()
    page.locator("#id_informant_0").check()
    for number in range(1, 26):
        page.locator(f"input[name=item_{number}][value='1']").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "sdq-form-375")
    assert_accessible(page)
    page.get_by_role("button", name="Gem SDQ-måling").click()
    page.wait_for_url(f"**/forloeb/{course.pk}/**")
    measurement = Measurement.objects.get(course=course)
    assert measurement.score_total == 20  # every box 1: 5 points on each of the four problem scales
    page.locator("#sdq").scroll_into_view_if_needed()
    assert "Samlet problemscore" in page.locator("#sdq").inner_text()
    screenshot(page, "sdq-course-section-375")
    assert_accessible(page)
