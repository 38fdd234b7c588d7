"""Response headers and rate limits: the Content Security Policy, no caching of personal data,
and too many login attempts answered in Danish."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import PASSWORD, user_for_role
from hjemmepaed.tests import test_access_matrix as matrix

pytestmark = pytest.mark.django_db

TOO_MANY = "For mange forsøg. Vent et øjeblik, og prøv igen."
EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    # The service worker (/sw.js) and the web app manifest (hjemmepaed/offline.py).
    "worker-src": "'self'",
    "manifest-src": "'self'",
}

world = matrix.world  # the access matrix's two municipalities, users and objects


def _policy(response) -> dict:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


# ---------------------------------------------------------------- Content Security Policy


def test_login_page_sends_the_policy(client):
    response = client.get(reverse("login"))
    assert _policy(response) == EXPECTED_POLICY
    assert "unsafe" not in response["Content-Security-Policy"]


def test_a_signed_in_page_sends_the_policy(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert _policy(response) == EXPECTED_POLICY


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+=", re.I), "an event handler attribute"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]
# Templates only WeasyPrint reads (no browser, no CSP): the PDF pages and what only they include.
PDF_ONLY = ("pdf/", "reporting/pdf/", "reporting/partials/chart.html", "surveys/letter.html")


def test_no_page_template_has_inline_script_or_style():
    """The policy has no 'unsafe-inline': a browser would block any of these."""
    roots = [settings.BASE_DIR / "templates", *settings.BASE_DIR.glob("*/templates")]  # site-wide and each app's
    found = []
    for root in roots:
        for path in root.rglob("*.html"):
            name = path.relative_to(root).as_posix()
            if name.startswith(PDF_ONLY):
                continue
            text = path.read_text()
            found += [f"{name}: {what}" for pattern, what in INLINE if pattern.search(text)]
    assert len(roots) > 1
    assert found == []


# ---------------------------------------------------------------- Cache-Control


def _never_stored(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


@pytest.mark.parametrize("case", matrix.CASES, ids=lambda case: case.url_name)
def test_every_staff_page_is_never_stored(client, world, case):
    """Every URL of the access matrix, opened by a role allowed to and by one that is not."""
    allowed = case.roles[0]
    refused = next((role for role in matrix.ALL_ROLES if case.expected(role, "own") == 403), None)
    for role in filter(None, (allowed, refused)):
        client.force_login(world.users[role])
        response = client.get(case.url(world, "own"))
        assert response.status_code == case.expected(role, "own")
        assert _never_stored(response), f"{case.url_name} as {role}: {response.get('Cache-Control')}"


def test_login_redirect_to_the_start_page_is_never_stored(client, coordinator):
    response = client.post(reverse("login"), {"username": coordinator.username, "password": PASSWORD})
    assert response.status_code == 302
    assert _never_stored(response)


def test_static_files_are_left_alone(rf, coordinator):
    """Static files are the same for everyone (in production whitenoise answers them earlier)."""
    from django.http import HttpResponse

    from hjemmepaed.middleware import PrivateCacheMiddleware

    middleware = PrivateCacheMiddleware(lambda request: HttpResponse("body { }"))
    static = rf.get(settings.STATIC_URL + "css/hjemmepaed.css")
    page = rf.get(reverse("home"))
    static.user = page.user = coordinator
    assert "no-store" not in middleware(static).get("Cache-Control", "")
    assert _never_stored(middleware(page))


# ---------------------------------------------------------------- login rate limits


def _login(client, username, password, address="192.0.2.10"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_eleventh_login_post_a_minute_from_one_address_is_refused_in_danish(client, municipality):
    users = [user_for_role(Role.HOME_EDUCATOR, municipality=municipality) for _ in range(11)]
    for user in users[:10]:
        assert _login(client, user.username, "forkert-adgangskode").status_code == 200
    response = _login(client, users[10].username, PASSWORD)
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session  # the right password did not log in
    other_office = _login(client, users[10].username, PASSWORD, address="198.51.100.7")
    assert other_office.status_code == 302


def test_one_username_from_many_addresses_is_refused_in_danish(client, municipality, settings):
    settings.AXES_FAILURE_LIMIT = 100  # so the rate limit, not the lockout, answers
    user = user_for_role(Role.COORDINATOR, municipality=municipality)
    for number in range(10):
        _login(client, user.username.upper(), "forkert-adgangskode", address=f"203.0.113.{number}")
    response = _login(client, user.username, PASSWORD, address="203.0.113.99")
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()


def test_limits_follow_the_client_address_behind_the_proxies(client, municipality, settings):
    settings.PROXY_COUNT = 1
    user = user_for_role(Role.COORDINATOR, municipality=municipality)
    for number in range(10):
        client.post(
            reverse("login"),
            {"username": f"ukendt{number}", "password": "x"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    response = client.post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert response.status_code == 302  # one load balancer, many clients


def test_the_admin_login_counts_against_the_same_per_address_limit(client, municipality):
    """15 posts to /admin/login/ from one address: after the tenth each is refused in Danish and
    no password is checked, not even the right one; another address still gets in."""
    administrator = user_for_role(Role.ADMINISTRATOR, municipality=municipality)
    answers = [
        client.post("/admin/login/", {"username": f"ukendt{n}", "password": "x"}, REMOTE_ADDR="192.0.2.20")
        for n in range(14)
    ]
    answers.append(
        client.post(
            "/admin/login/", {"username": administrator.username, "password": PASSWORD}, REMOTE_ADDR="192.0.2.20"
        )
    )
    assert [answer.status_code for answer in answers] == [200] * 10 + [429] * 5
    assert TOO_MANY in answers[-1].content.decode()
    assert "_auth_user_id" not in client.session
    other_office = client.post(
        "/admin/login/", {"username": administrator.username, "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )
    assert other_office.status_code == 302


def test_staff_login_and_admin_login_share_the_per_address_count(client, municipality):
    for n in range(5):
        _login(client, f"ukendt{n}", "x")
        client.post("/admin/login/", {"username": f"ukendt-admin{n}", "password": "x"}, REMOTE_ADDR="192.0.2.10")
    assert client.post("/admin/login/", {"username": "a", "password": "x"}, REMOTE_ADDR="192.0.2.10").status_code == 429
    assert _login(client, "b", "x").status_code == 429
