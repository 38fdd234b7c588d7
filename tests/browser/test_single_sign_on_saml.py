"""SAML single sign-on in Chromium: a coordinator logs in through her municipality's SAML IdP
(SimpleSAMLphp on loopback, tests/idp/saml.py) at phone width, lands on her start page
without the authenticator app's code, and logs out of both; a person the IdP gives no usable
role gets the Danish refusal page and no account."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from hjemmepaed.organisation.models import User
from hjemmepaed.organisation.tests.factories import MunicipalityFactory
from hjemmepaed.organisation.tests.saml import saml_identity_provider
from tests.browser.conftest import assert_accessible, screenshot
from tests.idp import people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider(saml_provider, live_server, settings):
    settings.SAML_SP_KEY_FILE = saml_provider.sp_key_file
    settings.SAML_SP_CERT_FILE = saml_provider.sp_cert_file
    helsingor = MunicipalityFactory(name="Helsingør", authority_name="Helsingør Kommune", code="217")
    host = urlsplit(live_server.url).netloc.replace("localhost", "127.0.0.1")
    return saml_identity_provider(municipality=helsingor, saml_provider=saml_provider, sp_host=host)


def _app_url(page) -> str:
    # The IdP knows the app's service provider on loopback's address, as registered above.
    return page.live_server_url.replace("localhost", "127.0.0.1")


def _log_in_at_the_idp(page, username: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(_app_url(page) + "/log-ind/")
    button = page.get_by_role("link", name="Log ind med Helsingør Kommunes login")
    expect(button).to_be_visible()
    button.click()
    # SimpleSAMLphp's own login page (in English: it is the municipality's, not ours).
    expect(page.locator("input[name=username]")).to_be_visible()
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(people.PASSWORD)
    page.locator("input[name=password]").press("Enter")


def test_a_coordinator_logs_in_through_her_municipalitys_saml_login_and_out_again(page, provider):
    _log_in_at_the_idp(page, "tove@sso.test")
    page.wait_for_url(re.compile(r"^" + re.escape(_app_url(page)) + r"/$"))
    expect(page.get_by_role("heading", name="Overblik", level=1)).to_be_visible()
    assert "/totrinsbekraeftelse/" not in page.url
    expect(page.locator("header.header")).to_contain_text("Tove Holm")
    screenshot(page, "saml-start-page-375")
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "saml-start-page-1280")
    assert User.objects.get(username="tove@sso.test").municipality == provider.municipality

    # Logging out ends the session here and at the IdP, and comes back to the login page.
    page.locator("form[action='/log-ud/'] button").first.click()
    page.wait_for_url(re.compile(r"/log-ind/$"))
    expect(page.get_by_role("link", name="Log ind med Helsingør Kommunes login")).to_be_visible()
    page.goto(_app_url(page) + "/")
    page.wait_for_url(re.compile(r"/log-ind/"))
    # The IdP's session ended too: logging in again asks for the password there.
    page.get_by_role("link", name="Log ind med Helsingør Kommunes login").click()
    expect(page.locator("input[name=password]")).to_be_visible()


def test_a_person_without_a_usable_role_is_refused_in_danish(page, provider):
    _log_in_at_the_idp(page, "ulla@sso.test")
    expect(page.get_by_role("heading", name="Du kan ikke logge ind")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Helsingør Kommunes login giver dig ikke nogen rolle her")
    expect(page.get_by_role("link", name="Tilbage til log ind-siden")).to_be_visible()
    screenshot(page, "saml-refused-375")
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "saml-refused-1280")
    assert not User.objects.filter(username="ulla@sso.test").exists()
