"""No English on any page a role may open, as a phone shows it (375 px). The walk over every
page of every role is the CSP walk's (test_content_security_policy.py: one walk, both checks on
each page, so Chromium opens each page once); here the word check itself is tested, and the
pages outside that walk are checked: the ones before or without a login (the login and its
error, the refusal of the municipality's login, the demo page, the 403 and 404 pages, the
parent's questionnaire, its error summary and its thank-you page)."""

from unittest import mock

import pytest
from playwright.sync_api import expect

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import PASSWORD
from hjemmepaed.tests.world import world_in_test
from surveys.models import Invitation
from tests.browser.conftest import log_in, screenshot, submit_password
from tests.browser.english import english_lines, english_lines_of_html, english_words

world = world_in_test  # a live server's thread sees only committed rows: built in the test


def test_the_word_check_finds_english_and_passes_danish():
    assert english_words("Please select a course") == ["Please", "course", "select"]
    assert english_words("Gåtur og samtale (walk and talk) · Side 2 af 3 · Næste") == []
    assert english_words("This field is required.") == ["This", "field", "is", "required"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shipped_questionnaires")
def test_the_pages_outside_the_roles_walk_have_no_english_at_375(page, world, settings):
    settings.DEMO_DATA_ALLOWED = True
    page.set_viewport_size({"width": 375, "height": 812})
    base = page.live_server_url
    english = {}

    def check(name: str, status: int | None = None, response=None):
        if status is not None:
            assert response.status == status, name
        page.wait_for_load_state("load")
        if lines := english_lines(page):
            english[name] = lines
            screenshot(page, f"english-outside-{len(english)}")

    check("login", 200, page.goto(base + "/log-ind/"))
    submit_password(page, world.users[Role.COORDINATOR].username, PASSWORD + "x")
    expect(page.locator("[data-module=error-summary], .alert-error").first).to_be_visible()
    check("login, wrong password")
    check("the municipality's login refused", 400, page.goto(base + "/log-ind/kommune/retur/"))
    check("404", 404, page.goto(base + "/findes-ikke/"))
    check("demo", 200, page.goto(base + "/demo/"))

    invitation = Invitation.objects.filter(answered_at__isnull=True, cancelled_at__isnull=True).first()
    check("questionnaire", 200, page.goto(f"{base}/s/{invitation.token}/"))
    with page.expect_navigation():
        page.get_by_role("button", name="Næste").click()
    expect(page.locator("[data-module=error-summary]")).to_have_count(1)
    check("questionnaire, errors")
    check("questionnaire, thanks", None, page.goto(f"{base}/s/{invitation.token}/tak/"))
    check("questionnaire, unknown link", 404, page.goto(f"{base}/s/findes-ikke-abc/"))

    log_in(page, world.users[Role.HOME_EDUCATOR])
    check("403", 403, page.goto(base + "/logning/"))
    assert english == {}, "\n".join(f"{name}: {lines}" for name, lines in english.items())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        (Role.DAYCARE_LEADER, "daycare_statement_list"),
        (Role.COORDINATOR, "survey_translations"),
        (Role.HOME_EDUCATOR, "offline_courses"),
        (Role.HOME_EDUCATOR, "my_courses"),
        (Role.MANAGER, "report_list"),
    ],
)
def test_the_roles_walk_opens_the_new_pages(world_built, settings, role, url_name):
    """The CSP walk's pages of a role (one per set of templates) hold the pages of late: the
    daycare leader's statements, the questionnaires' translations, the offline page. The list
    of a role's pages is made once for the module (the home educator's is asked twice)."""
    import shutil

    from django.urls import reverse

    from tests.browser.role_pages import role_html_pages

    built, media = world_built
    shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)  # as the `world` fixture does
    assert reverse(url_name) in role_html_pages(built, role)


@pytest.mark.django_db
def test_every_form_sent_empty_answers_in_danish(world_built, settings):
    """Each page's own form, sent empty by each role that may open it: the error messages
    of the re-rendered page are Danish too (a failed POST the browser walk never makes)."""
    import shutil

    from django.test import Client

    from hjemmepaed.tests.test_access_matrix import CASES
    from tests.browser.role_pages import STAND_IN

    built, media = world_built
    shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    english, sent, clients = {}, 0, {}
    for case in CASES:
        role = Role.COORDINATOR if Role.COORDINATOR in case.roles else case.roles[0]
        if role not in clients:  # one login per role
            clients[role] = Client()
            clients[role].force_login(built.users[role])
        client = clients[role]
        url = case.url(built, "own")
        # The page is read for its form only: a download's PDF is WeasyPrint's stand-in.
        with mock.patch("hjemmepaed.pdf._render_with_time_limit", return_value=STAND_IN):
            page = client.get(url)
        assert page.status_code == case.expected(role, "own"), (case.url_name, page.status_code)  # still logged in
        html = page.status_code == 200 and not page.streaming and page["Content-Type"].startswith("text/html")
        if not html or 'method="post"' not in page.content.decode():
            continue
        response = client.post(url, {})
        sent += 1
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            if lines := english_lines_of_html(response.content.decode()):
                english[f"POST {url} ({case.url_name})"] = lines
    assert sent > 20
    assert english == {}, "\n".join(f"{name}: {lines}" for name, lines in english.items())
