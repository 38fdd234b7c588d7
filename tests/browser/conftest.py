"""Real Chromium (Debian's package) driven by Playwright for Python.

Never a browser downloaded by Playwright: the executable is /usr/bin/chromium. When it is
missing the tests skip with the reason, unless HJEMMEPAED_REQUIRE_BROWSER is set (CI), where
a missing browser fails the run.
"""

import functools
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are
# still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = pytest.mark.browser


def _chromium_or_skip():
    if Path(CHROMIUM).exists():
        return CHROMIUM
    message = "Debian's chromium is not installed (make test installs it when run as root)"
    if os.environ.get("HJEMMEPAED_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(reason=message)


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    # No locale: Chromium asks for English, and the product must still answer in Danish.
    # The offline service worker only where a test is about it (marker `service_worker`): on the
    # educator's "Mine forløb" it fetches the visit form of each of her running courses into its
    # cache, some 30 pages more for a list test, still asked for after the test has ended.
    workers = "allow" if request.node.get_closest_marker("service_worker") else "block"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers=workers)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.live_server_url = live_server.url
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


# A full-page screenshot costs Chromium a second on a long page (it lays the page out at its
# whole height and encodes a PNG of it): some 250 of them were an eighth of the browser tests'
# time. They are for people to look at, so `make test` takes them only when asked
# (HJEMMEPAED_SCREENSHOTS=1, `make screenshots`), and a failed test's page is always kept
# (`pytest_runtest_makereport` below), which is when a picture is needed.
SCREENSHOTS_WANTED = os.environ.get("HJEMMEPAED_SCREENSHOTS") == "1"


def screenshot(page, name: str, *, always: bool = False) -> Path | None:
    """The whole page as `test-artifacts/screenshots/<name>.png`, when screenshots are asked for
    or `always` (a picture of what a failing assertion is about to report)."""
    if not (SCREENSHOTS_WANTED or always):
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test leaves its page's picture, named after the test (never after data)."""
    report = yield
    if report.when == "call" and report.failed:
        for value in item.funcargs.values():
            if hasattr(value, "screenshot") and hasattr(value, "live_server_url") and not value.is_closed():
                try:
                    screenshot(value, f"failed-{item.name}", always=True)
                except Exception as error:  # a page that died with the test: the report says why it failed
                    report.sections.append(("screenshot", f"no screenshot of the failed page: {error}"))
                break
    return report


@functools.cache
def _axe_source() -> str:
    return AXE.read_text() + "\n;undefined"


def axe_violations(page, impacts=("serious", "critical")) -> list:
    """WCAG 2.1 A/AA violations of the given impacts that axe-core finds on the page."""
    # Evaluated through DevTools, not added as an inline <script>: the pages' Content Security
    # Policy (no 'unsafe-inline') would block that, as it should.
    page.evaluate(_axe_source())
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


# The page's markup as axe reads it, without what changes on every load (the CSRF token, the
# scripts' nonce): the same screen again, at another width or reloaded, gives the same text.
_MARKUP = """() => {
  const root = document.documentElement.cloneNode(true);
  root.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach((input) => input.removeAttribute("value"));
  root.querySelectorAll("[nonce]").forEach((element) => element.removeAttribute("nonce"));
  return root.outerHTML;
}"""


def assert_accessible(page):
    """axe-core finds no serious or critical violation on the page. A check takes about half a
    second, so a screen whose markup this test's page has already passed with (the same screen
    at phone and desktop width, or reloaded) is not checked again; a changed screen (an open
    menu, an error summary, another page) is."""
    markup = hashlib.sha256(page.evaluate(_MARKUP).encode()).hexdigest()
    passed = page.__dict__.setdefault("_hjemmepaed_accessible", set())
    if markup in passed:
        return
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=2)
    passed.add(markup)


def submit_password(page, username: str, password: str) -> None:
    """The first step of logging in: the login form."""
    page.goto(page.live_server_url + "/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()


def log_in_through_the_pages(page, user, password: str | None = None) -> None:
    """Log in as a staff member does: the password, then the code of their authenticator app.

    The user gets a set-up app with a known key when they have none, and the code typed is the
    one the app shows now (or the next step's, when this user logged in moments ago: a code
    works once). Ends on the page the login leads to. For the tests of logging in itself;
    every other test takes the session `log_in` gives."""
    from hjemmepaed.organisation.tests.factories import PASSWORD
    from hjemmepaed.organisation.tests.second_factor import app_code, confirmed_app

    app = confirmed_app(user)
    submit_password(page, user.username, password or PASSWORD)
    page.wait_for_url(lambda url: "/totrinsbekraeftelse/" in url)
    page.get_by_label("Kode", exact=True).fill(app_code(app))
    page.get_by_role("button", name="Bekræft").click()
    page.wait_for_url(lambda url: "/totrinsbekraeftelse/" not in url and "/log-ind/" not in url)


def log_in(page, user) -> None:
    """The browser gets the session a login with password and code gives (the second factor
    passed with the user's authenticator app, as `client.force_login` in the root conftest),
    as its session cookie, without typing them: about a second less per test. Ends on the page
    the login leads to, as `log_in_through_the_pages` does, which the tests of the login and
    the second factor use (test_login_per_role.py, test_second_factor.py, the CSP walk's admin)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": page.live_server_url,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )
    page.goto(page.live_server_url + "/")
    assert "/log-ind/" not in page.url and "/totrinsbekraeftelse/" not in page.url, page.url
