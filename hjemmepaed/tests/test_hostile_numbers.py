"""Numbers no column holds, sent to every page as a browser would send them: in every field of
every form the page shows (an id in a select or a hidden field, a count, a position, a filter),
in the page's query string (`?side=`) and in the ids of its address. The answer is the page again
with a Danish message (no English on it), a redirect, or 404; never HTTP 500.

The forms are the page's own, read from its HTML, so a field added to a page is walked without
a change here. The pages are the access matrix's (every protected view, as a role that may open
it); the public ones (login, the questionnaire) are walked in test_hostile_input.py. A NUL is
refused before any view by the middleware (test_hostile_input.py); here it checks that the
forms' names reach that refusal too. The PWA's queue of visits replays the visit form's own POST
(static/js/offline.js), which is walked as the visit form; the only JSON the app reads back is
none (its JSON endpoints answer GETs), so there is no JSON body to walk.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.test_access_matrix import CASES, world  # noqa: F401  (the fixture)
from tests.browser.english import english_lines_of_html

pytestmark = pytest.mark.django_db

# Beyond PostgreSQL's integer, negative, beyond bigint, a float where an integer is meant.
NUMBERS = ("2147483648", "-1", "99999999999999999999", "1e9")
NUL_REFUSED = "Det sendte indeholder et tegn, der ikke er tilladt (et NUL-tegn)."
# Forms whose POST ends the session the walk runs in.
SKIPPED_ACTIONS = {"/log-ud/"}
# Forms of the layout already walked by this process.
WALKED: set[tuple] = set()


class _Forms(HTMLParser):
    """The forms of a page: method, action and the names of their fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._open = {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action"), "names": []}
            self.forms.append(self._open)
        elif tag in ("input", "select", "textarea", "button") and self._open is not None:
            name = attrs.get("name")
            if name and name != "csrfmiddlewaretoken" and attrs.get("type") != "file":
                self._open["names"].append(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None


def _forms(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return [form for form in parser.forms if form["names"]]


def _role(case) -> str:
    return Role.COORDINATOR if Role.COORDINATOR in case.roles else case.roles[0]


def _problem(response, what: str) -> str | None:
    if response.status_code >= 500:
        return f"{what}: HTTP {response.status_code}"
    return None


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.url_name)
def test_numbers_beyond_any_column_in_every_field_query_and_address(world, case):
    client = Client(raise_request_exception=False)
    client.force_login(world.users[_role(case)])
    url = case.url(world, "own")
    page = client.get(url)
    problems = []
    # A page, not a file: a PDF or a download reads no query and holds no form.
    html = page.status_code == 200 and not page.streaming and page["Content-Type"].startswith("text/html")
    for value in NUMBERS if html else ():
        problems.append(_problem(client.get(url, {"side": value, "page": value}), f"GET {url}?side={value}"))
    forms = _forms(page.content.decode()) if html else []
    for form in forms:
        action = form["action"] or url
        key = (form["method"], action, tuple(form["names"]))
        if action in SKIPPED_ACTIONS or key in WALKED:
            continue
        if action != url:  # the layout's forms (language, search) are on every page: walked once
            WALKED.add(key)
        send = client.post if form["method"] == "post" else client.get
        for value in NUMBERS:
            response = send(action, dict.fromkeys(form["names"], value))
            problems.append(_problem(response, f"{form['method'].upper()} {action} {form['names']}={value}"))
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                if english := english_lines_of_html(response.content.decode()):  # the message is Danish
                    problems.append(f"{form['method'].upper()} {action}={value}: English {english[:3]}")
            if response.status_code == 302 and response["Location"].startswith(reverse("login")):
                client.force_login(world.users[_role(case)])  # a form that ended the session
        response = send(action, dict.fromkeys(form["names"], "1\x00"))
        if not (response.status_code == 400 and NUL_REFUSED in response.content.decode()):
            problems.append(f"{form['method'].upper()} {action} with a NUL: HTTP {response.status_code}")
    for number in ("2147483648", "99999999999999999999"):
        address = re.sub(r"/\d+/", f"/{number}/", url)
        if address != url:
            response = client.get(address)
            if response.status_code == 405:  # a view that takes POSTs only (a button's)
                response = client.post(address)
            problems.append(_problem(response, f"GET {address}"))
            if response.status_code not in (302, 404):
                problems.append(f"GET {address}: HTTP {response.status_code}, not 404")
    assert [problem for problem in problems if problem] == []


def test_the_walk_finds_the_forms_it_is_meant_to(client, world):
    """The walk reads forms with number fields and ids: the decision's waiting-list position,
    the course list's filters."""
    client.force_login(world.users[Role.COORDINATOR])
    names = {
        name
        for form in _forms(client.get(reverse("course_list")).content.decode())
        for name in form["names"]
        if form["method"] == "get"
    }
    assert {"week_from", "educator", "daycare"} <= names
