"""An educator opens “Mine forløb” on a 375 px phone and logs a visit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Visit
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from tests.browser.conftest import assert_accessible, log_in, screenshot
from visitation.tests.factories import course_started

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_educator_logs_a_visit_on_a_phone(page):
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Louise", last_name="Larsen")
    course = course_started(
        coordinator=coordinator, educator=educator, start_date=timezone.localdate() - timedelta(days=20)
    )

    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, educator)
    page.wait_for_url("**/forloeb/mine/")
    assert "Sara Nielsen" in page.locator("table").inner_text()
    screenshot(page, "my-courses-375")
    assert_accessible(page)

    page.get_by_role("link", name="Sara Nielsen").click()
    page.get_by_role("link", name="Registrér besøg").click()
    screenshot(page, "visit-form-375")
    assert_accessible(page)
    page.get_by_label("Varighed (timer:minutter)").select_option("90")
    page.get_by_label("Faste rammer ved sengetid").check()
    page.get_by_label("Note").fill("Vi øvede godnatrutinen sammen.")
    page.get_by_role("button", name="Gem besøg").click()

    assert "Besøget er gemt." in page.locator(".alert-success").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "course-after-visit-375")
    assert_accessible(page)
    visit = Visit.objects.get(course=course)
    assert (visit.duration_minutes, visit.date) == (90, timezone.localdate())

    page.get_by_role("link", name="Registrér en justering").click()
    page.get_by_label("Hvad blev justeret?").fill("Besøgene flyttes til eftermiddagen.")
    page.get_by_label("Hvorfor?").fill("Alma sover til middag.")
    screenshot(page, "adjustment-form-375")
    assert_accessible(page)
    page.get_by_role("button", name="Gem").click()
    assert "Justeringen er registreret." in page.locator(".alert-success").inner_text()


def test_the_fastest_visit_is_one_choice_and_one_tap(page):
    """On a phone, a held home visit today needs only the duration and “Gem besøg”."""
    municipality = MunicipalityFactory(name="Helsingør", code="217")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = course_started(coordinator=coordinator, educator=educator)
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, educator)
    page.goto(page.live_server_url + f"/forloeb/{course.pk}/besoeg/ny/")
    page.get_by_label("Varighed (timer:minutter)").select_option("60")  # 1
    page.get_by_role("button", name="Gem besøg").click()  # 2
    assert "Besøget er gemt." in page.locator(".alert-success").inner_text()
    visit = Visit.objects.get(course=course)
    assert (visit.status, visit.kind, visit.date, visit.duration_minutes) == ("held", "home", timezone.localdate(), 60)
