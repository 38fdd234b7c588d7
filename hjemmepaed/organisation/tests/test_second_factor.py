"""The second factor as staff meet it: set up the app at the first login, recovery codes, the
code at every later login, wrong codes, a coordinator's reset, and the admin's double check.

These tests log in through the real login page and type codes computed from the device's key
(or from the key the set-up page shows), never through force_login's verified session."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.tests.second_factor import app_code
from hjemmepaed.organisation.tests.second_factor_cases import (  # noqa: F401 (fixtures among them)
    _enrol,
    _password_login,
    _secret_on_page,
    _throttled,
    app_code_from,
    educator_logged_in_with_password,
    enrolled,
)
from hjemmepaed.organisation.views import RECOVERY_CODES_SESSION_KEY

WRONG = "Koden er forkert. Tjek koden, og prøv igen."
USED = "Koden er allerede brugt – vent på den næste."

pytestmark = pytest.mark.django_db


def test_first_login_asks_to_set_up_an_app_with_qr_code_and_typed_key(client, educator_logged_in_with_password):
    response = client.get(reverse("my_courses"))
    assert response.status_code == 302
    assert response["Location"] == reverse("second_factor_enrol") + "?next=%2Fforloeb%2Fmine%2F"
    page = client.get(response["Location"])
    content = page.content.decode()
    assert "Opsæt totrinsbekræftelse" in content
    assert f'<img class="second-factor-qr" src="{reverse("second_factor_qr")}"' in content
    assert "no-store" in page["Cache-Control"]
    assert "<script>" not in content and "style=" not in content
    qr = client.get(reverse("second_factor_qr"))
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<?xml") and b"<svg" in qr.content
    assert "no-store" in qr["Cache-Control"]
    # The same key on a reload, so a scan a moment ago still counts.
    assert _secret_on_page(client.get(reverse("second_factor_enrol")).content.decode()).key == (
        _secret_on_page(content).key
    )


def test_set_up_with_the_apps_code_shows_ten_recovery_codes_once_and_is_audited(
    client, educator_logged_in_with_password
):
    user = educator_logged_in_with_password
    page = client.get(reverse("second_factor_enrol") + "?next=/forloeb/mine/").content.decode()
    response = client.post(reverse("second_factor_enrol"), {"code": app_code_from(page), "next": "/forloeb/mine/"})
    assert response["Location"] == reverse("recovery_codes") + "?next=%2Fforloeb%2Fmine%2F"
    shown = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", shown)
    assert len(set(codes)) == 10
    assert "Koderne vises kun denne ene gang." in shown
    assert 'href="/forloeb/mine/"' in shown
    again = client.get(reverse("recovery_codes")).content.decode()
    assert not re.findall(r"<li><code>", again)
    assert "Du har 10 ubrugte reservekoder." in again
    assert RECOVERY_CODES_SESSION_KEY not in client.session
    assert client.get(reverse("my_courses")).status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed
    event = AuditEvent.objects.get(criterion="second factor enrolled")
    assert (event.action, event.object_type, event.object_id, event.actor) == ("create", "user", str(user.pk), user)


def test_set_up_with_a_wrong_code_shows_the_danish_error_and_sets_nothing_up(client, educator_logged_in_with_password):
    page = client.get(reverse("second_factor_enrol")).content.decode()
    right = app_code_from(page)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for typed in (wrong, "12345", "abcdef"):
        TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
        response = client.post(reverse("second_factor_enrol"), {"code": typed})
        content = response.content.decode()
        assert response.status_code == 200
        assert WRONG in content
        assert 'aria-invalid="true"' in content
        assert f'value="{typed}"' in content  # what was typed is kept
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert not StaticToken.objects.exists()
    assert client.get(reverse("my_courses"))["Location"].startswith(reverse("second_factor_enrol"))


# The code at every later login


def test_later_login_asks_for_the_apps_code_and_goes_on_to_the_page_asked_for(client, enrolled):
    user, device, _codes = enrolled
    _password_login(client, user)
    response = client.get(reverse("staff_list"))
    assert response["Location"] == reverse("second_factor_verify") + "?next=%2Fmedarbejdere%2F"
    page = client.get(response["Location"])
    assert "Åbn godkendelsesappen på din telefon" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    response = client.post(reverse("second_factor_verify"), {"code": app_code(device), "next": "/medarbejdere/"})
    assert response["Location"] == "/medarbejdere/"
    assert client.get("/medarbejdere/").status_code == 200


def test_a_code_works_once(client, enrolled):
    user, device, _codes = enrolled
    _password_login(client, user)
    code = app_code(device)
    client.post(reverse("second_factor_verify"), {"code": code})
    client.post(reverse("logout"))
    TOTPDevice.objects.update(throttling_failure_count=0)
    _password_login(client, user)
    response = client.post(reverse("second_factor_verify"), {"code": code})
    assert USED in response.content.decode()  # right, but used: it says so instead of "wrong"
    device.refresh_from_db()
    assert device.throttling_failure_count == 0  # and counts no failure, so the next code works at once
    response = client.post(reverse("second_factor_verify"), {"code": app_code(device)})
    assert response.status_code == 302


def test_wrong_code_shows_the_danish_error_and_then_the_throttle_refuses_even_the_right_one(client, enrolled):
    user, device, _codes = enrolled
    _password_login(client, user)
    right = app_code(device)
    response = client.post(reverse("second_factor_verify"), {"code": f"{(int(right) + 1) % 1_000_000:06d}"})
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    # The throttle's real wait: after five failures 16 seconds (1, 2, 4, 8, 16), counted down.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=5, throttling_failure_timestamp=timezone.now()
    )
    response = client.post(reverse("second_factor_verify"), {"code": right})
    assert any(_throttled(seconds) in response.content.decode() for seconds in range(10, 17))
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=1)
    assert client.get(reverse("home"))["Location"].startswith(reverse("second_factor_verify"))
    # The wait is over (1, 2, 4 ... seconds after each failure).
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now() - timedelta(seconds=2))
    response = client.post(reverse("second_factor_verify"), {"code": right})
    assert response.status_code == 302


def test_wrong_app_code_and_wrong_recovery_code_get_the_same_answer(client, enrolled, municipality):
    user, device, _codes = enrolled
    _password_login(client, user)
    wrong_app = client.post(reverse("second_factor_verify"), {"code": "000000"})
    wrong_recovery = client.post(reverse("second_factor_verify"), {"code": "aaaa-bbbb"})
    assert wrong_app.context["form"].errors == wrong_recovery.context["form"].errors == {"code": [WRONG]}


def test_recovery_code_lets_in_once_is_audited_and_tells_how_many_are_left(client, enrolled):
    user, device, codes = enrolled
    _password_login(client, user)
    typed = f"{codes[0][:4].upper()} {codes[0][4:].upper()}"  # as read aloud from a printout
    response = client.post(reverse("second_factor_verify"), {"code": typed}, follow=True)
    assert response.status_code == 200
    assert "Du har brugt en reservekode og har 9 tilbage." in response.content.decode()
    event = AuditEvent.objects.get(criterion="recovery code used")
    assert (event.action, event.object_type, event.object_id) == ("update", "user", str(user.pk))
    client.post(reverse("logout"))
    _password_login(client, user)
    response = client.post(reverse("second_factor_verify"), {"code": codes[0]})
    assert WRONG in response.content.decode()
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_new_recovery_codes_replace_the_old_ones_and_are_audited(client, enrolled):
    user, device, old = enrolled
    _password_login(client, user)
    client.post(reverse("second_factor_verify"), {"code": app_code(device)})
    response = client.post(reverse("recovery_codes"), {"code": app_code(device)}, follow=True)
    content = response.content.decode()
    new = [code.replace("-", "") for code in re.findall(r"<li><code>([a-z2-7-]{9})</code></li>", content)]
    assert len(set(new)) == 10
    assert "Der er lavet nye reservekoder. De gamle virker ikke længere." in content
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)
    event = AuditEvent.objects.get(criterion="recovery codes regenerated")
    assert (event.action, event.object_type, event.object_id) == ("update", "user", str(user.pk))


NEED_CODE = "Skriv koden fra appen eller en af dine reservekoder for at lave nye reservekoder."


def test_new_recovery_codes_need_a_current_code_from_the_app_or_a_recovery_code(client, enrolled):
    """A signed-in session alone (a borrowed, unlocked computer) cannot mint new codes."""
    user, device, old = enrolled
    _password_login(client, user)
    client.post(reverse("second_factor_verify"), {"code": app_code(device)})
    no_code = client.post(reverse("recovery_codes"))
    assert no_code.status_code == 200
    assert NEED_CODE in no_code.content.decode()
    wrong = client.post(reverse("recovery_codes"), {"code": "000000"})
    assert WRONG in wrong.content.decode()
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(old)
    assert not AuditEvent.objects.filter(criterion="recovery codes regenerated").exists()

    response = client.post(reverse("recovery_codes"), {"code": old[3]}, follow=True)
    assert "Der er lavet nye reservekoder. De gamle virker ikke længere." in response.content.decode()
    new = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(new) == 10 and not new & set(old)


# What an unverified session may open


def test_before_the_second_factor_only_its_steps_logout_language_and_health_check_open(client, enrolled):
    user, device, _codes = enrolled
    _password_login(client, user)
    verify = reverse("second_factor_verify")
    for url in (
        reverse("home"),
        reverse("staff_list"),
        reverse("recovery_codes"),
        reverse("password_change"),
        "/admin/",
    ):
        assert client.get(url)["Location"].startswith(verify), url
    # A form post is not repeated afterwards: the step without a way back.
    response = client.post(reverse("daycare_create"), {"name": "Snigvej", "kind": "nursery"})
    assert response["Location"] == verify
    assert not user.municipality.daycares.exists()
    assert client.get(reverse("healthz")).status_code == 200
    assert client.post(reverse("set_language"), {"language": "da", "next": "/"}).status_code == 302
    page = client.get(verify).content.decode()
    assert "Medarbejdere" not in page  # no menu to pages that are closed
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(verify)["Location"].startswith(reverse("login"))


def test_next_page_must_be_on_this_site(client, enrolled):
    user, device, _codes = enrolled
    _password_login(client, user)
    response = client.post(reverse("second_factor_verify"), {"code": app_code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")
