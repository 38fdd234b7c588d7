"""The Content Security Policy (no inline script or style) breaks nothing a user meets: every page
of the access matrix that a role may open, as that role, the login and second-factor pages, and
the parent's questionnaire, report no violation in Chromium. The walk over every page of a role
is made as a phone shows it (375 px) and also finds no English on those pages (tests/browser/
english.py; issue 19), so each page is opened once for both checks."""

from urllib.parse import urlsplit

import pytest

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import PASSWORD, MunicipalityFactory, user_for_role
from surveys.models import Invitation
from surveys.services import open_link_create
from tests.browser.committed_world import world_committed
from tests.browser.conftest import log_in_through_the_pages, screenshot, submit_password
from tests.browser.english import english_lines
from tests.browser.role_pages import role_html_pages
from tests.browser.sessions import session_set

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shipped_questionnaires"),
]

world = world_committed  # a live server's thread sees only committed rows: copied into each test

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


# The walk in three parts that xdist's workers can share: the coordinator's pages (the most),
# the home educator's, and the other roles'. Each part has the same world, copied in; that the
# parts hold every role once is tests/test_split_walks.py (no browser, no database).
ROLE_GROUPS = {
    "coordinator": (Role.COORDINATOR,),
    "home_educator": (Role.HOME_EDUCATOR,),
    "other_roles": (Role.MANAGER, Role.DAYCARE_LEADER, Role.ANALYST, Role.ADMINISTRATOR),
}


@pytest.mark.parametrize("roles", ROLE_GROUPS.values(), ids=ROLE_GROUPS.keys())
def test_every_page_of_every_role_has_no_violation_and_no_english_at_375(csp_page, world, roles):
    """Each role of the part in turn with its own session, on one world: the world is built
    once per process and copied in (tests/browser/committed_world.py)."""
    csp_page.set_viewport_size({"width": 375, "height": 812})
    violations, english = {}, {}
    for role in roles:
        urls = role_html_pages(world, role)
        assert urls, f"{role} may open no page"
        csp_page.context.clear_cookies()
        session_set(csp_page, world.users[role])  # no page load of its own: the first page is the check
        for url in urls:
            response = csp_page.goto(csp_page.live_server_url + url)
            assert response.status == 200, (role, url)
            assert urlsplit(csp_page.url).path == urlsplit(url).path, (role, url)  # the page itself, not the login
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
        with csp_page.expect_response(lambda response: response.request.headers.get("x-autosave") == "1"):
            csp_page.locator("input[type=radio]").first.check()  # autosave posts with fetch()
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
