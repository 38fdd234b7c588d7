"""Logging in and out, lockout, and the session limits, as a staff member meets them."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import PASSWORD, user_for_role
from hjemmepaed.organisation.tests.second_factor import app_code, confirmed_app
from hjemmepaed.sessions import LAST_SEEN_KEY, STARTED_KEY
from hjemmepaed.tests.access import ALL_ROLES

pytestmark = pytest.mark.django_db

INVALID = "Indtast venligst korrekt brugernavn og adgangskode."
LOCKED = "For mange mislykkede loginforsøg"


def _page_without_tokens(response):
    """The page as the user sees it, without the per-request CSRF token."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_logs_in_with_password_and_app_code_and_lands_on_its_start_page(client, municipality, role):
    user = user_for_role(role, municipality=municipality)
    app = confirmed_app(user)
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    asked = client.get(reverse("home"))
    assert asked["Location"] == reverse("second_factor_verify") + "?next=%2F"
    response = client.post(reverse("second_factor_verify"), {"code": app_code(app), "next": "/"})
    assert response["Location"] == "/"
    page = client.get(reverse("home"), follow=True)
    assert page.status_code == 200
    assert page.context["user"] == user
    start_page = "courses/my_courses.html" if role == Role.HOME_EDUCATOR else f"organisation/home_{role}.html"
    assert start_page in [t.name for t in page.templates]


def test_wrong_password_and_unknown_user_get_the_same_answer(client, municipality):
    user = user_for_role(Role.COORDINATOR, municipality=municipality)
    wrong = _login(client, user.username, "forkert-adgangskode")
    unknown = _login(client, "findes-ikke", "forkert-adgangskode")
    assert wrong.status_code == unknown.status_code == 200
    assert INVALID in wrong.content.decode()
    assert wrong.context["form"].errors == unknown.context["form"].errors


def test_lockout_after_five_failures_looks_the_same_for_unknown_users(client, municipality, settings):
    settings.RATE_LIMIT_LOGIN_PER_IP = "100/m"  # 12 posts from one address: here the lockout answers
    user = user_for_role(Role.COORDINATOR, municipality=municipality)
    for _ in range(5):
        _login(client, user.username, "forkert")
        _login(client, "findes-ikke", "forkert")
    known = _login(client, user.username, PASSWORD)  # even the right password is refused now
    unknown = _login(client, "findes-ikke", PASSWORD)
    assert known.status_code == unknown.status_code == 429
    assert LOCKED in known.content.decode()
    assert _page_without_tokens(known) == _page_without_tokens(unknown)
    assert "_auth_user_id" not in client.session


def test_four_failures_then_success_resets_the_count(client, municipality):
    user = user_for_role(Role.COORDINATOR, municipality=municipality)
    for _ in range(4):
        _login(client, user.username, "forkert")
    assert _login(client, user.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, user.username, "forkert")
    assert _login(client, user.username, PASSWORD).status_code == 302


def test_logout_ends_the_session(client, municipality):
    client.force_login(user_for_role(Role.MANAGER, municipality=municipality))
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def _age_session(client, *, started_ago, last_seen_ago):
    session = client.session
    now = timezone.now()
    session[STARTED_KEY] = (now - started_ago).isoformat()
    session[LAST_SEEN_KEY] = (now - last_seen_ago).isoformat()
    session.save()


@pytest.fixture
def logged_in(client, municipality):
    client.force_login(user_for_role(Role.COORDINATOR, municipality=municipality))
    assert client.get(reverse("home")).status_code == 200
    return client


def test_session_survives_29_minutes_idle(logged_in):
    _age_session(logged_in, started_ago=timedelta(hours=2), last_seen_ago=timedelta(minutes=29))
    assert logged_in.get(reverse("home")).status_code == 200


def test_session_ends_after_30_minutes_idle(logged_in):
    _age_session(logged_in, started_ago=timedelta(hours=1), last_seen_ago=timedelta(minutes=31))
    response = logged_in.get(reverse("home"), follow=True)
    assert response.redirect_chain[0] == (reverse("login"), 302)
    assert "Du er blevet logget ud" in response.content.decode()
    assert logged_in.get(reverse("home")).status_code == 302


def test_session_ends_after_12_hours_even_when_active(logged_in):
    _age_session(logged_in, started_ago=timedelta(hours=12, minutes=1), last_seen_ago=timedelta(minutes=1))
    assert logged_in.get(reverse("home")).status_code == 302


def test_activity_keeps_the_session_alive(logged_in):
    _age_session(logged_in, started_ago=timedelta(hours=1), last_seen_ago=timedelta(minutes=20))
    assert logged_in.get(reverse("home")).status_code == 200
    _age_session(logged_in, started_ago=timedelta(hours=1), last_seen_ago=timedelta(minutes=0))
    assert logged_in.get(reverse("home")).status_code == 200


def test_password_change_in_danish(logged_in):
    response = logged_in.post(
        reverse("password_change"),
        {"old_password": "forkert", "new_password1": "kort", "new_password2": "kort"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Din gamle adgangskode blev ikke indtastet korrekt" in content
    response = logged_in.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "en-meget-lang-ny-adgangskode",
            "new_password2": "en-meget-lang-ny-adgangskode",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.criterion) == ("update", "staff_user", "password")
