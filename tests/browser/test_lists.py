"""The lists on a phone and a desktop: paged, the pagination reachable, no action off-screen."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import Phase
from courses.reminders import reminders_send
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from reporting.tests.factories import ready_report
from tests.browser.conftest import assert_accessible, log_in, screenshot
from visitation.services import GuardianData
from visitation.tests.bulk import Planned, courses_bulk
from visitation.tests.factories import course_closed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (375, 1280)


def _look(page, name: str, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    screenshot(page, f"{name}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)


def _name(n: int) -> str:
    return f"Forælder Nummer {n}"


def _guardian(n: int) -> list[GuardianData]:
    return [GuardianData(name=_name(n), relation="mother", phone="20304050")]


def test_my_courses_and_reminders_page_on_a_phone(page):
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Louise")
    course_closed(coordinator=coordinator, educator=educator, guardians=_guardian(0))
    started = [
        Planned(_name(n), Phase.STARTED, timezone.localdate() - timedelta(weeks=33 if n % 3 == 0 else 2, days=n))
        for n in range(1, 28)
    ]
    courses_bulk(coordinator=coordinator, educator=educator, planned=started + [Planned("Sara Nielsen")] * 60)
    reminders_send()

    log_in(page, educator)
    page.wait_for_url("**/forloeb/mine/")
    for width in WIDTHS:
        _look(page, "lists-my-courses", width)
    expect(page.locator("table tbody tr")).to_have_count(25)
    page.get_by_role("link", name="Side 2", exact=True).click()
    page.wait_for_url("**side=2*")
    expect(page.locator("table tbody tr")).to_have_count(2)
    page.get_by_role("link", name="Vis afsluttede").click()
    page.wait_for_url("**afsluttede*")
    page.get_by_role("link", name="Side 2", exact=True).click()
    page.wait_for_url("**side=2*")
    expect(page.locator("table tbody tr").last).to_contain_text("Forælder Nummer 0")
    for width in WIDTHS:
        _look(page, "lists-my-courses-closed", width)

    page.goto(page.live_server_url + "/forloeb/paamindelser/")
    for width in WIDTHS:
        _look(page, "lists-reminders", width)


def test_coordinators_lists_on_a_phone(page):
    municipality = MunicipalityFactory(name="Helsingør", code="217")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    started = [
        Planned(_name(n), Phase.STARTED, timezone.localdate() - timedelta(weeks=33 if n % 4 == 0 else 1, days=n))
        for n in range(55)
    ]
    courses_bulk(
        coordinator=coordinator, educator=educator, planned=started + [Planned(_name(100 + n)) for n in range(55)]
    )
    for _ in range(55):
        user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    for _ in range(3):
        ready_report(user=coordinator, municipalities=[municipality])

    log_in(page, coordinator)
    for path, name in (
        ("/forloeb/", "lists-course-list"),
        ("/forloeb/?with_warnings=on&side=2", "lists-course-list-warnings"),
        ("/visitation/?side=2", "lists-intake"),
        ("/medarbejdere/", "lists-staff"),
        ("/rapporter/", "lists-reports"),
    ):
        page.goto(page.live_server_url + path)
        for width in WIDTHS:
            _look(page, name, width)
            if path.startswith("/forloeb/") and width == 375:
                # A row is a short card on a phone: a page of 50 is a few screens, not 25,000 px.
                assert path != "/forloeb/" or page.locator("table tbody tr").count() == 50
                assert page.evaluate("document.documentElement.scrollHeight") < 10_000


def test_the_audit_log_pages_with_the_shared_component(page):
    from hjemmepaed.audit.services import Action, audit_event_record

    municipality = MunicipalityFactory(name="Thisted", code="787")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    for number in range(60):
        audit_event_record(actor=coordinator, action=Action.VIEW, object_type="course", criterion=f"Kriterium {number}")
    log_in(page, coordinator)
    page.goto(page.live_server_url + "/logning/?side=2")
    for width in WIDTHS:
        _look(page, "lists-audit-log", width)
