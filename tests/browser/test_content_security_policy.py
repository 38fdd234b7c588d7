"""The Content Security Policy (no inline script or style) breaks nothing a user meets: every page
of the access matrix that a role may open, as that role, the login and second-factor pages, and
the parent's questionnaire, report no violation in Chromium. The walk over every page of a role
is made as a phone shows it (375 px) and also finds no English on those pages (tests/browser/
english.py; issue 19), so each page is opened once for both checks."""

import pytest

from hjemmepaed.organisation.tests.factories import PASSWORD, MunicipalityFactory, user_for_role
from hjemmepaed.tests import test_access_matrix as matrix
from hjemmepaed.tests.world import world_in_test
from surveys.models import Invitation
from surveys.services import open_link_create
from tests.browser.conftest import log_in, log_in_through_the_pages, screenshot, submit_password
from tests.browser.english import english_lines
from tests.browser.pages import html_pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shipped_questionnaires"),
]

world = world_in_test  # a live server's thread sees only committed rows: built in each test

# Records every violation before any of the page's own scripts run.
COLLECT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def csp_page(page):
    page.add_init_script(COLLECT)
    console = []
    page.on(
        "console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.csp_console = console
    return page


def _violations(page) -> list:
    return page.evaluate("window.__cspViolations") + page.csp_console


def test_login_page_and_error_pages_have_no_violation(csp_page):
    csp_page.goto(csp_page.live_server_url + "/log-ind/")
    csp_page.goto(csp_page.live_server_url + "/findes-ikke/")
    assert _violations(csp_page) == []
    # The collector is not blind: markup with a style attribute is blocked and reported.
    csp_page.evaluate("""document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>')""")
    csp_page.wait_for_function("window.__cspViolations.length > 0")
    assert "style-src-attr" in _violations(csp_page)[0]


def test_second_factor_set_up_has_no_violation(csp_page):
    """A first login: the app set-up page with its QR image, under the policy."""
    user = user_for_role("coordinator", municipality=MunicipalityFactory())
    submit_password(csp_page, user.username, PASSWORD)
    csp_page.wait_for_url(lambda url: "/totrinsbekraeftelse/opret/" in url)
    csp_page.wait_for_function("document.querySelector('img') && document.querySelector('img').complete")
    assert csp_page.evaluate("Array.from(document.images).every(image => image.naturalWidth > 0)")
    assert _violations(csp_page) == []


def test_every_page_of_every_role_has_no_violation_and_no_english_at_375(csp_page, world):
    """One test over the roles, each in turn with its own session, on one world: building the
    world (16 courses through the real services, committed for the live server) took longer
    than a role's walk, once per role."""
    csp_page.set_viewport_size({"width": 375, "height": 812})
    violations, english = {}, {}
    for role in matrix.ALL_ROLES:
        urls = html_pages(world, role)
        assert urls, f"{role} may open no page"
        csp_page.context.clear_cookies()
        log_in(csp_page, world.users[role])
        for url in urls:
            response = csp_page.goto(csp_page.live_server_url + url)
            assert response.status == 200, (role, url)
            assert "Content-Security-Policy" in {name.title() for name in response.headers}
            csp_page.wait_for_load_state("load")
            if _violations(csp_page):
                violations[role, url] = _violations(csp_page)
                screenshot(csp_page, f"csp-violation-{role}", always=True)
            if lines := english_lines(csp_page):
                english[role, url] = lines
                screenshot(csp_page, f"english-{role}-{len(english)}", always=True)
    assert violations == {}
    assert english == {}, "\n".join(f"{role} {url}: {lines}" for (role, url), lines in english.items())


def test_parent_questionnaire_has_no_violation(csp_page, world):
    invitation = Invitation.objects.filter(answered_at__isnull=True, cancelled_at__isnull=True).first()
    link = open_link_create(acting_user=world.users["coordinator"], questionnaire=invitation.questionnaire)
    for token in (invitation.token, link.token):
        csp_page.goto(f"{csp_page.live_server_url}/s/{token}/")
        csp_page.locator("input[type=radio]").first.check()  # autosave posts with fetch()
        csp_page.wait_for_timeout(600)
        with csp_page.expect_navigation():  # the page again, with the error summary for the rest
            csp_page.get_by_role("button", name="Næste").click()
        assert csp_page.locator("[data-module=error-summary]").count() == 1
    screenshot(csp_page, "csp-parent-errors")
    assert _violations(csp_page) == []


def test_admin_pages_have_no_violation(csp_page, world):
    administrator = world.users["administrator"]
    log_in_through_the_pages(csp_page, administrator)  # the code's page under the policy too
    for path in ("/admin/", "/admin/organisation/user/", f"/admin/organisation/user/{administrator.pk}/change/"):
        response = csp_page.goto(csp_page.live_server_url + path)
        assert response.status == 200, path
    screenshot(csp_page, "csp-admin-user")
    assert _violations(csp_page) == []
