"""On a phone (375 px) an educator adds a goal and rewords one on a running course; the course
page then shows both, each with its start weight, and the history of the change."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from tests.browser.conftest import assert_accessible, log_in, screenshot
from visitation.tests.factories import course_started

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_page(page, name: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, f"{name} scrolls sideways"
    screenshot(page, name)
    assert_accessible(page)


def test_an_educator_adds_and_rewords_a_goal_on_a_phone(page):
    municipality = MunicipalityFactory(name="Thisted", code="787")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = course_started(
        coordinator=coordinator, educator=educator, start_date=timezone.localdate() - timedelta(days=30)
    )

    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, educator)
    page.goto(f"{page.live_server_url}/forloeb/{course.pk}/")
    page.get_by_role("link", name="Tilføj et mål").click()
    page.get_by_role("heading", name="Tilføj et mål").wait_for()
    page.get_by_label("Tema").select_option("daycare_cooperation")
    page.get_by_label("Mål", exact=True).fill("Mor og vuggestuen taler sammen hver fredag")
    page.get_by_label("Hvor meget fylder emnet i hverdagen nu?").select_option("5")
    check_page(page, "goal-add-375")
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Målet er tilføjet.").wait_for()

    page.get_by_role("link", name=re.compile(r"Omformulér.*Faste rammer ved sengetid")).click()
    page.get_by_role("heading", name="Omformulér målet").wait_for()
    assert "Startvægt: 8 af 10" in page.locator("main").inner_text()
    page.get_by_label("Målet med nye ord").fill("Sengetid kl. 19 med godnathistorie")
    page.get_by_label("Hvorfor omformuleres målet?").fill("Forældrene vil gøre målet mere konkret")
    check_page(page, "goal-reword-375")
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Målet er omformuleret.").wait_for()

    goals = page.locator("#maal").inner_text()
    assert "Mor og vuggestuen taler sammen hver fredag" in goals
    assert "Fylder i hverdagen: 5 af 10 ved start" in goals
    assert "Sengetid kl. 19 med godnathistorie" in goals
    assert "Fylder i hverdagen: 8 af 10 ved start" in goals  # the reworded goal keeps its start weight
    assert "før: “Faste rammer ved sengetid”" in goals
    assert "Mål tilføjet" in goals and "Mål omformuleret" in goals
    page.locator("#maal").scroll_into_view_if_needed()
    check_page(page, "goal-course-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "goal-course-1280")


def test_a_coordinator_revises_complexity_and_section_52_on_a_phone(page):
    municipality = MunicipalityFactory(name="Helsingør", code="217")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    course = course_started(coordinator=coordinator, start_date=timezone.localdate() - timedelta(days=30))

    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, coordinator)
    page.goto(f"{page.live_server_url}/forloeb/{course.pk}/")
    page.get_by_role("link", name="Revidér kompleksitet og § 52").click()
    page.get_by_role("heading", name="Revidér kompleksitet og § 52").wait_for()
    page.get_by_label("Middel").check()
    page.get_by_role("button", name="Gem").click()
    page.get_by_role("heading", name="Ret venligst følgende").wait_for()
    assert "Hvorfor revideres vurderingen?: Dette felt er påkrævet." in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Middel").is_checked()  # what was chosen is kept
    page.get_by_label("Hvorfor revideres vurderingen?").fill("Forløbet har vist flere udfordringer end ventet")
    check_page(page, "referral-revise-375")
    page.get_by_role("button", name="Gem").click()
    page.get_by_text("Revisionen er gemt.").wait_for()
    referral = page.locator("#henvendelse").inner_text()
    assert "Middel (ved henvendelsen: lav)" in referral
    assert "kompleksitet lav → middel" in referral
    assert "Hvorfor: Forløbet har vist flere udfordringer end ventet" in referral
    page.locator("#henvendelse").scroll_into_view_if_needed()
    check_page(page, "referral-revised-course-375")
