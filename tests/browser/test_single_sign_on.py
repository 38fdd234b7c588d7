"""Single sign-on in Chromium: a coordinator logs in through her municipality's identity
provider (tests/idp/, a real OpenID Connect provider on loopback) at phone width, lands on her
start page without the authenticator app's code, and logs out of both; a person the provider
gives no role gets the Danish refusal page and no account."""

import re

import pytest
from playwright.sync_api import expect

from hjemmepaed.organisation.models import User
from hjemmepaed.organisation.tests.factories import MunicipalityFactory
from hjemmepaed.organisation.tests.sso import identity_provider
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider(oidc_provider):
    helsingor = MunicipalityFactory(name="Helsingør", authority_name="Helsingør Kommune", code="217")
    return identity_provider(municipality=helsingor, oidc_provider=oidc_provider)


def _app_url(page) -> str:
    # The provider's client knows the app's callback on loopback's address (any port, RFC 8252).
    return page.live_server_url.replace("localhost", "127.0.0.1")


def _log_in_at_the_provider(page, username: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(_app_url(page) + "/log-ind/")
    button = page.get_by_role("link", name="Log ind med Helsingør Kommunes login")
    expect(button).to_be_visible()
    screenshot(page, "sso-login-375")
    assert_accessible(page)
    button.click()
    expect(page.get_by_role("heading", name="Kommunens login")).to_be_visible()
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill("idp-password-1")
    page.get_by_role("button", name="Log ind hos kommunen").click()


def test_a_coordinator_logs_in_through_her_municipalitys_login_and_out_again(page, provider):
    _log_in_at_the_provider(page, "tove@sso.test")
    expect(page.get_by_role("heading", name="Overblik", level=1)).to_be_visible()
    assert "/totrinsbekraeftelse/" not in page.url
    expect(page.locator("header.header")).to_contain_text("Tove Holm")
    screenshot(page, "sso-start-page-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "sso-start-page-1280")
    assert_accessible(page)
    assert User.objects.get(username="tove@sso.test").municipality == provider.municipality

    # Logging out ends the session here and at the provider, and comes back to the login page.
    page.locator("form[action='/log-ud/'] button").first.click()
    page.wait_for_url(re.compile(r"/log-ind/$"))
    expect(page.get_by_role("link", name="Log ind med Helsingør Kommunes login")).to_be_visible()
    page.goto(_app_url(page) + "/")
    assert "/log-ind/" in page.url
    # The provider's session ended too: logging in again asks for the password there.
    page.get_by_role("link", name="Log ind med Helsingør Kommunes login").click()
    expect(page.get_by_role("heading", name="Kommunens login")).to_be_visible()


def test_a_person_without_a_role_is_refused_in_danish(page, provider):
    _log_in_at_the_provider(page, "ulla@sso.test")
    expect(page.get_by_role("heading", name="Du kan ikke logge ind")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Helsingør Kommunes login giver dig ikke nogen rolle her")
    expect(page.get_by_role("link", name="Tilbage til log ind-siden")).to_be_visible()
    screenshot(page, "sso-refused-375")
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "sso-refused-1280")
    assert not User.objects.filter(username="ulla@sso.test").exists()
