"""The lists on a phone and a desktop: paged, the pagination reachable, no action off-screen."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.reminders import reminders_send
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from reporting.tests.factories import ready_report
from tests.browser.conftest import assert_accessible, log_in, screenshot
from visitation.services import GuardianData
from visitation.tests.factories import course_closed, course_started, referral_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (375, 1280)


def _look(page, name: str, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    screenshot(page, f"{name}-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)


def _guardian(n: int) -> list[GuardianData]:
    return [GuardianData(name=f"Forælder Nummer {n}", relation="mother", phone="20304050")]


def test_my_courses_and_reminders_page_on_a_phone(page):
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Louise")
    course_closed(coordinator=coordinator, educator=educator, guardians=_guardian(0))
    for n in range(1, 28):
        course_started(
            coordinator=coordinator,
            educator=educator,
            start_date=timezone.localdate() - timedelta(weeks=33 if n % 3 == 0 else 2, days=n),
            guardians=_guardian(n),
        )
    for _ in range(60):
        referral_register(coordinator=coordinator)
    reminders_send()

    log_in(page, educator)
    page.wait_for_url("**/forloeb/mine/")
    for width in WIDTHS:
        _look(page, "lists-my-courses", width)
    assert page.locator("table tbody tr").count() == 25
    page.get_by_role("link", name="Side 2", exact=True).click()
    assert page.locator("table tbody tr").count() == 2
    page.get_by_role("link", name="Vis afsluttede").click()
    page.get_by_role("link", name="Side 2", exact=True).click()
    assert "Forælder Nummer 0" in page.locator("table tbody tr").last.inner_text()
    for width in WIDTHS:
        _look(page, "lists-my-courses-closed", width)

    page.goto(page.live_server_url + "/forloeb/paamindelser/")
    for width in WIDTHS:
        _look(page, "lists-reminders", width)


def test_coordinators_lists_on_a_phone(page):
    municipality = MunicipalityFactory(name="Helsingør", code="217")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    for n in range(55):
        course_started(
            coordinator=coordinator,
            educator=educator,
            start_date=timezone.localdate() - timedelta(weeks=33 if n % 4 == 0 else 1, days=n),
            guardians=_guardian(n),
        )
    for n in range(55):
        referral_register(coordinator=coordinator, guardians=_guardian(100 + n))
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
