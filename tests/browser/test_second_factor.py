"""Two-step verification in real Chromium: the first login sets up the app (the key read from
the page, the code computed as an app would), the recovery codes are shown, and the next login
asks for the app's code; a wrong code gets the Danish error. Desktop and a 390 px phone."""

import time
from base64 import b32decode
from binascii import hexlify

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.second_factor import code_at_step
from hjemmepaed.organisation.tests.factories import PASSWORD, MunicipalityFactory, user_for_role
from hjemmepaed.organisation.tests.second_factor import app_code, confirmed_app
from tests.browser.conftest import assert_accessible, screenshot, submit_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WRONG = "Koden er forkert. Tjek koden, og prøv igen."


def _app_from_page(page) -> TOTPDevice:
    """What an authenticator app stores when the key on the page is typed into it."""
    secret = page.locator("#second-factor-secret").inner_text().replace(" ", "")
    return TOTPDevice(key=hexlify(b32decode(secret + "=" * (-len(secret) % 8))).decode())


def _wrong(code: str) -> str:
    return f"{(int(code) + 500_000) % 1_000_000:06d}"


def _on_step(page, path: str) -> None:
    page.wait_for_url(lambda url: path in url)


def test_first_login_sets_up_the_app_and_the_next_login_asks_for_its_code(page):
    municipality = MunicipalityFactory(name="Helsingør", code="217")
    user = user_for_role(Role.COORDINATOR, municipality=municipality, first_name="Jens", last_name="Andersen")

    submit_password(page, user.username, PASSWORD)
    _on_step(page, "/totrinsbekraeftelse/opret/")
    assert page.locator("h1").inner_text() == "Opsæt totrinsbekræftelse"
    qr = page.get_by_role("img", name="QR-kode til opsætning af godkendelsesappen")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator("nav .mainmenu a").count() == 0  # nothing to open before the code
    screenshot(page, "second-factor-enrol-1280")
    assert_accessible(page)

    app = _app_from_page(page)
    page.get_by_label("Kode fra appen").fill(code_at_step(app, int(time.time()) // 30))
    page.get_by_role("button", name="Bekræft").click()
    _on_step(page, "/totrinsbekraeftelse/reservekoder/")
    assert "Totrinsbekræftelsen er sat op." in page.locator(".alert-success").inner_text()
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(set(codes)) == 10
    screenshot(page, "second-factor-recovery-codes-1280")
    assert_accessible(page)
    page.get_by_role("link", name="Fortsæt").click()
    assert page.locator("h1").inner_text() == "Overblik"

    page.get_by_role("button", name="Log af").first.click()
    _on_step(page, "/log-ind/")
    submit_password(page, user.username, PASSWORD)
    _on_step(page, "/totrinsbekraeftelse/")
    assert page.locator("h1").inner_text() == "Totrinsbekræftelse"
    screenshot(page, "second-factor-verify-1280")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "second-factor-verify-390")
    assert_accessible(page)
    # The app in the hand: the device on the server has the key the page showed.
    device = TOTPDevice.objects.get(user=user)
    assert device.key == app.key
    page.get_by_label("Kode", exact=True).fill(app_code(device))
    page.get_by_role("button", name="Bekræft").click()
    page.wait_for_url(lambda url: "/totrinsbekraeftelse/" not in url)
    assert page.locator("h1").inner_text() == "Overblik"
    assert page.locator("footer").get_by_role("link", name="Reservekoder").count() == 1


def test_wrong_codes_get_the_danish_error_on_a_phone(page):
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    newcomer = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    page.set_viewport_size({"width": 390, "height": 844})

    submit_password(page, newcomer.username, PASSWORD)
    _on_step(page, "/totrinsbekraeftelse/opret/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "second-factor-enrol-390")
    assert_accessible(page)
    app = _app_from_page(page)
    page.get_by_label("Kode fra appen").fill(_wrong(code_at_step(app, int(time.time()) // 30)))
    page.get_by_role("button", name="Bekræft").click()
    assert WRONG in page.locator("[data-module=error-summary]").inner_text()
    assert page.get_by_label("Kode fra appen").get_attribute("aria-invalid") == "true"
    page.wait_for_load_state("load")
    qr = page.get_by_role("img", name="QR-kode til opsætning af godkendelsesappen")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # the same key, still there
    screenshot(page, "second-factor-enrol-error-390")
    assert_accessible(page)

    page.context.clear_cookies()
    colleague = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    device = confirmed_app(colleague)
    submit_password(page, colleague.username, PASSWORD)
    _on_step(page, "/totrinsbekraeftelse/")
    page.get_by_label("Kode", exact=True).fill(_wrong(app_code(device)))
    page.get_by_role("button", name="Bekræft").click()
    assert WRONG in page.locator("[data-module=error-summary]").inner_text()
    screenshot(page, "second-factor-verify-error-390")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # No menu to closed pages, but the way out is there.
    page.locator(".js-menu-open").click()
    drawer = page.locator(".mobile-drawer")
    drawer.wait_for(state="visible")
    assert "Log af" in drawer.inner_text()
    assert drawer.locator(".mainmenu a").count() == 0


def test_a_used_code_says_so_and_a_recovery_code_has_its_own_field_on_a_phone(page):
    from django_otp.plugins.otp_static.models import StaticDevice

    municipality = MunicipalityFactory(name="Thisted", code="787")
    user = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    device = confirmed_app(user)
    StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True).token_set.create(token="abcd2345")
    page.set_viewport_size({"width": 390, "height": 844})

    submit_password(page, user.username, PASSWORD)
    _on_step(page, "/totrinsbekraeftelse/")
    code = page.get_by_label("Kode", exact=True)
    assert code.get_attribute("inputmode") == "numeric"
    assert code.get_attribute("autocomplete") == "one-time-code"
    device.last_t = int(time.time()) // 30 + 1  # the app's codes up to the next one were used
    device.save(update_fields=["last_t"])
    code.fill(code_at_step(device, device.last_t))
    page.get_by_role("button", name="Bekræft").click()
    assert "Koden er allerede brugt – vent på den næste." in page.locator("[data-module=error-summary]").inner_text()

    page.get_by_text("Jeg har ikke min telefon").click()
    recovery = page.get_by_label("Reservekode")
    assert recovery.get_attribute("inputmode") is None  # letters too: the full keyboard
    recovery.fill("ABCD 2345")
    screenshot(page, "second-factor-recovery-field-390")
    assert_accessible(page)
    page.get_by_role("button", name="Log ind med reservekoden").click()
    page.wait_for_url(lambda url: "/totrinsbekraeftelse/" not in url)
    assert page.locator("h1").inner_text() == "Mine forløb"
