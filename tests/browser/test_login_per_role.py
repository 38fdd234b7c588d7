"""Each role logs in through the real login page, lands on its start page in the DKFDS
layout, and the pages pass an axe-core scan, at desktop and phone width."""

import pytest

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import (
    DaycareFactory,
    MunicipalityFactory,
    user_for_role,
)
from hjemmepaed.tests.access import ALL_ROLES
from tests.browser.conftest import assert_accessible, log_in, log_in_through_the_pages, screenshot, submit_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

START_PAGE_HEADINGS = {
    Role.HOME_EDUCATOR: "Mine forløb",
    Role.COORDINATOR: "Overblik",
    Role.MANAGER: "Overblik",
    Role.ANALYST: "Landstal",
    Role.ADMINISTRATOR: "Overblik",
    Role.DAYCARE_LEADER: "Overblik",
}


@pytest.fixture
def helsingor():
    municipality = MunicipalityFactory(name="Helsingør", code="217")
    DaycareFactory(municipality=municipality, name="Vuggestuen Kronborg")
    return municipality


def test_login_page_is_danish_dkfds_and_accessible(page):
    page.goto(page.live_server_url + "/")
    assert page.url.startswith(page.live_server_url + "/log-ind/")
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.locator("header.header .solution-heading").inner_text() == "Hjemmepædagogiske forløb"
    assert page.locator("a.skipnav").inner_text() == "Gå til sidens indhold"
    screenshot(page, "login")
    assert_accessible(page)


def test_wrong_password_shows_the_danish_error_summary(page, helsingor):
    user = user_for_role(Role.COORDINATOR, municipality=helsingor)
    submit_password(page, user.username, "forkert-adgangskode")
    summary = page.locator("[data-module=error-summary]")
    assert "Indtast venligst korrekt brugernavn og adgangskode" in summary.inner_text()
    assert page.get_by_label("Brugernavn").input_value() == user.username  # nothing typed is lost
    screenshot(page, "login-error")
    assert_accessible(page)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_role_logs_in_and_lands_on_its_start_page(page, helsingor, role):
    user = user_for_role(role, municipality=helsingor, first_name="Camilla", last_name="Pedersen")
    log_in_through_the_pages(page, user)
    assert page.locator("h1").inner_text() == START_PAGE_HEADINGS[role]
    header = page.locator("header.header")
    assert "Camilla Pedersen" in header.locator(".portal-user").inner_text()
    authority = header.locator(".solution-info .authority-name").inner_text()
    assert authority == ("Helsingør Kommune" if user.municipality else "Alle kommuner")
    assert user.get_role_display() in header.locator(".solution-info .additional-info").inner_text()
    screenshot(page, f"start-{role}-1280")
    assert_accessible(page)

    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll
    page.locator(".js-menu-open").click()
    drawer = page.locator(".mobile-drawer")
    drawer.wait_for(state="visible")
    page.wait_for_timeout(500)  # the drawer slides in
    assert "Log af" in drawer.inner_text()
    screenshot(page, f"start-{role}-375-menu")
    page.keyboard.press("Escape")
    screenshot(page, f"start-{role}-375")
    assert_accessible(page)


def test_coordinator_creates_a_daycare_and_sees_danish_errors(page, helsingor):
    user = user_for_role(Role.COORDINATOR, municipality=helsingor)
    log_in(page, user)
    page.get_by_role("link", name="Dagtilbud").first.click()
    page.get_by_role("link", name="Opret dagtilbud").click()
    page.get_by_label("Navn").fill("Vuggestuen Kronborg")
    page.get_by_label("Type").select_option("nursery")
    page.get_by_role("button", name="Gem").click()
    error = page.locator(".form-error-message")
    assert "Kommunen har allerede et dagtilbud med navnet" in error.inner_text()
    assert page.get_by_label("Navn").input_value() == "Vuggestuen Kronborg"
    assert page.get_by_label("Navn").get_attribute("aria-invalid") == "true"
    screenshot(page, "daycare-form-error")
    assert_accessible(page)
    page.get_by_label("Navn").fill("Vuggestuen Øresund")
    page.get_by_role("button", name="Gem").click()
    assert "Dagtilbuddet er oprettet." in page.locator(".alert-success").inner_text()
    assert "Vuggestuen Øresund" in page.locator("table").inner_text()
    screenshot(page, "daycare-list")
    assert_accessible(page)
