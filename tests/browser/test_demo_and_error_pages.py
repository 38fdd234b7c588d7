"""A first visitor's minutes: the one-click demo login signs in as each role, and an address
that does not exist or breaks shows the product's own Danish pages, with DEBUG on (make run)
and under production settings, where the demo page answers 404."""

import pytest
from playwright.sync_api import expect

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from hjemmepaed.organisation.tests.second_factor import confirmed_app
from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_login_per_role import START_PAGE_HEADINGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_USERS = (
    ("kbh-paedagog", Role.HOME_EDUCATOR, "Log ind som hjemmepædagog"),
    ("kbh-tovholder", Role.COORDINATOR, "Log ind som tovholder"),
    ("kbh-leder", Role.MANAGER, "Log ind som leder"),
    ("hel-dagtilbudsleder", Role.DAYCARE_LEADER, "Log ind som dagtilbudsleder"),
    ("analytiker", Role.ANALYST, "Log ind som national analytiker"),
    ("admin", Role.ADMINISTRATOR, "Log ind som administrator"),
)


@pytest.fixture
def demo_users():
    kbh = MunicipalityFactory(name="København", code="101")
    for username, role, _button in DEMO_USERS:
        confirmed_app(user_for_role(role, municipality=kbh, username=username))


@pytest.fixture
def development(settings):
    settings.DEBUG = True  # as make run (config.settings.development)
    settings.DEMO_DATA_ALLOWED = True


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.DEMO_DATA_ALLOWED = False


def test_one_click_on_the_demo_page_signs_in_as_each_role(page, demo_users, development):
    page.goto(page.live_server_url + "/demo/")
    assert page.locator("h1").inner_text() == "Prøv demoen"
    screenshot(page, "demo-login-1280")
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "demo-login-375")
    page.set_viewport_size({"width": 1280, "height": 900})

    for username, role, button in DEMO_USERS:
        page.goto(page.live_server_url + "/demo/")
        page.locator("li.demo-login-user", has_text=f"({username})").get_by_role("button", name=button).click()
        page.wait_for_url(lambda url: "/demo/" not in url)
        assert "/totrinsbekraeftelse/" not in page.url and "/log-ind/" not in page.url
        assert page.locator("h1").inner_text() == START_PAGE_HEADINGS[role], username
        page.locator("button.log-off").first.click()
        page.wait_for_url(lambda url: "/log-ind/" in url)

    # The normal login is one click away.
    page.goto(page.live_server_url + "/demo/")
    page.get_by_role("link", name="det almindelige login").click()
    assert page.locator("h1").inner_text() == "Log ind"


def test_under_production_settings_the_demo_page_answers_404(page, demo_users, production):
    response = page.goto(page.live_server_url + "/demo/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Siden findes ikke"
    assert "Log ind som" not in page.content()


@pytest.mark.parametrize("mode", ["development", "production"])
def test_an_address_that_does_not_exist_shows_the_product_404(page, request, mode):
    request.getfixturevalue(mode)
    response = page.goto(page.live_server_url + "/findes-ikke/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.locator("h1").inner_text() == "Siden findes ikke"
    assert "URLconf" not in page.content()
    screenshot(page, f"error-404-{mode}")
    assert_accessible(page)
    page.get_by_role("link", name="Gå til forsiden", exact=True).click()
    assert page.locator("h1").inner_text() == "Log ind"  # the way back, to the login when signed out


@pytest.mark.parametrize("mode", ["development", "production"])
def test_an_error_shows_the_product_500(page, request, monkeypatch, mode):
    request.getfixturevalue(mode)

    class Broken:
        def cursor(self):
            raise RuntimeError("the database is away")

    monkeypatch.setattr("hjemmepaed.organisation.views.connection", Broken())
    response = page.goto(page.live_server_url + "/healthz")
    assert response.status == 500
    assert page.locator("h1").inner_text() == "Der skete en fejl"
    assert "Traceback" not in page.content()
    assert page.locator("header.header .solution-heading").inner_text() == "Hjemmepædagogiske forløb"
    expect(page.locator("header.header a.logo")).to_be_visible()
    screenshot(page, f"error-500-{mode}")
    assert_accessible(page)
    assert page.get_by_role("link", name="Gå til forsiden", exact=True).get_attribute("href") == "/"
