"""The second factor as staff meet it: set up the app at the first login, recovery codes, the
code at every later login, wrong codes, a coordinator's reset, and the admin's double check.

These tests log in through the real login page and type codes computed from the device's key
(or from the key the set-up page shows), never through force_login's verified session."""

import re
from base64 import b32decode
from binascii import hexlify
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hjemmepaed.admin import HjemmepaedAdminSite
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import PASSWORD, user_for_role
from hjemmepaed.organisation.tests.second_factor import app_code, confirmed_app
from hjemmepaed.organisation.views import RECOVERY_CODES_SESSION_KEY

pytestmark = pytest.mark.django_db

WRONG = "Koden er forkert. Tjek koden, og prøv igen."
USED = "Koden er allerede brugt – vent på den næste."


def _throttled(seconds: int) -> str:
    return f"For mange forkerte koder. Vent {seconds} sekund{'er' if seconds != 1 else ''}, og prøv igen."


def _password_login(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _secret_on_page(page: str) -> TOTPDevice:
    """The key the set-up page shows for typing, as the app would store it."""
    secret = re.search(r'id="second-factor-secret"[^>]*>([A-Z2-7 ]+)<', page).group(1)
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return TOTPDevice(key=hexlify(key).decode(), step=30, t0=0, digits=6, last_t=-1)


def _enrol(client, user):
    """Password, then the set-up page, confirmed with the code an app makes from its key."""
    _password_login(client, user)
    page = client.get(reverse("second_factor_enrol")).content.decode()
    response = client.post(reverse("second_factor_enrol"), {"code": app_code_from(page)})
    assert response.status_code == 302, response.content.decode()
    return response


def app_code_from(page: str) -> str:
    from hjemmepaed.organisation.second_factor import code_at_step

    device = _secret_on_page(page)
    return code_at_step(device, int(timezone.now().timestamp()) // 30)


@pytest.fixture
def educator_logged_in_with_password(client, municipality):
    user = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    _password_login(client, user)
    return user


# Setting up at the first login


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


@pytest.fixture
def enrolled(client, municipality):
    """A coordinator who set up the app and logged out; the device with the key they scanned."""
    user = user_for_role(Role.COORDINATOR, municipality=municipality)
    _enrol(client, user)
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    client.post(reverse("logout"))
    return user, TOTPDevice.objects.get(user=user), codes


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


# The Django admin


def test_admin_refuses_an_administrator_without_a_verified_second_factor(client):
    administrator = user_for_role(Role.ADMINISTRATOR)
    confirmed_app(administrator)
    _password_login(client, administrator)
    response = client.get("/admin/")
    assert response["Location"] == reverse("second_factor_verify") + "?next=%2Fadmin%2F"
    # The admin's own check refuses too, should a request ever get past the middleware.
    request = RequestFactory().get("/admin/")
    request.user = administrator
    administrator.is_verified = lambda: False
    assert not HjemmepaedAdminSite().has_permission(request)
    administrator.is_verified = lambda: True
    assert HjemmepaedAdminSite().has_permission(request)


def test_admin_refuses_a_verified_user_who_is_not_administrator(client, municipality):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality, is_staff=True)
    device = confirmed_app(coordinator)
    _password_login(client, coordinator)
    client.post(reverse("second_factor_verify"), {"code": app_code(device)})
    assert client.get(reverse("home")).status_code == 200  # verified
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_opens_for_an_administrator_after_the_apps_code(client):
    administrator = user_for_role(Role.ADMINISTRATOR)
    device = confirmed_app(administrator)
    _password_login(client, administrator)
    client.post(reverse("second_factor_verify"), {"code": app_code(device)})
    assert client.get("/admin/").status_code == 200
    # The device admins of django-otp (keys, unaudited changes) are not there.
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404


# A coordinator resets a lost phone


def test_coordinator_resets_a_colleagues_app_who_then_sets_up_again(client, municipality):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Louise", last_name="Larsen")
    educators_client = Client()
    educators_client.force_login(educator)  # a verified session on the lost phone
    assert educators_client.get(reverse("my_courses")).status_code == 200
    client.force_login(coordinator)
    staff = client.get(reverse("staff_list")).content.decode()
    reset_url = reverse("staff_second_factor_reset", args=[educator.pk])
    assert f'href="{reset_url}"' in staff
    assert "Nulstil totrinsbekræftelse" in client.get(reset_url).content.decode()
    response = client.post(reset_url, follow=True)
    assert "Totrinsbekræftelsen for Louise Larsen er nulstillet." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=educator).exists()
    assert not StaticDevice.objects.filter(user=educator).exists()
    event = AuditEvent.objects.get(criterion="second factor reset")
    assert (event.action, event.object_type, event.object_id, event.actor) == (
        "delete",
        "user",
        str(educator.pk),
        coordinator,
    )
    # The session on the lost phone ends: it cannot set up an app of its own.
    response = educators_client.get(reverse("my_courses"), follow=True)
    assert response.redirect_chain[0] == (reverse("login"), 302)
    assert "Din totrinsbekræftelse er nulstillet. Log ind igen." in response.content.decode()
    assert "_auth_user_id" not in educators_client.session
    # The educator's next login sets up a new app.
    _password_login(educators_client, educator)
    assert educators_client.get(reverse("my_courses"))["Location"].startswith(reverse("second_factor_enrol"))


def test_coordinator_cannot_reset_in_another_municipality_nor_an_educator_at_all(
    client, municipality, other_municipality
):
    """Issue 14: a municipality's manager resets as its coordinator does; an educator cannot."""
    foreign = user_for_role(Role.HOME_EDUCATOR, municipality=other_municipality)
    colleague = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    for person in (foreign, colleague):
        confirmed_app(person)
    client.force_login(user_for_role(Role.COORDINATOR, municipality=municipality))
    response = client.post(reverse("staff_second_factor_reset", args=[foreign.pk]))
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=foreign).exists()
    client.force_login(user_for_role(Role.HOME_EDUCATOR, municipality=municipality))
    response = client.post(reverse("staff_second_factor_reset", args=[colleague.pk]))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=colleague).exists()
    assert not AuditEvent.objects.filter(criterion="second factor reset").exists()
    client.force_login(user_for_role(Role.MANAGER, municipality=municipality))
    assert "Nulstil" in client.get(reverse("staff_list")).content.decode()
    client.post(reverse("staff_second_factor_reset", args=[colleague.pk]))
    assert not TOTPDevice.objects.filter(user=colleague).exists()


def test_administrator_resets_anyones_app_from_the_staff_page(client, other_municipality):
    analyst = user_for_role(Role.ANALYST)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=other_municipality)
    confirmed_app(analyst)
    confirmed_app(educator)
    client.force_login(user_for_role(Role.ADMINISTRATOR))
    staff = client.get(reverse("staff_list")).content.decode()
    assert "Aktive medarbejdere i alle kommuner." in staff and "Thisted" in staff
    for person in (analyst, educator):
        assert client.post(reverse("staff_second_factor_reset", args=[person.pk])).status_code == 302
        assert not TOTPDevice.objects.filter(user=person).exists()


def test_staff_page_shows_who_has_set_up_the_second_factor(client, municipality):
    with_app = user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Med", last_name="App")
    user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Uden", last_name="App")
    confirmed_app(with_app)
    client.force_login(user_for_role(Role.COORDINATOR, municipality=municipality))
    rows = re.findall(r"<tr>(.*?)</tr>", client.get(reverse("staff_list")).content.decode(), re.S)
    row = {re.search(r"<td>(?:<a [^>]*>)?([^<]+)", r).group(1): r for r in rows[1:]}
    assert "Sat op" in row["Med App"] and "Nulstil" in row["Med App"]
    assert "Ikke sat op" in row["Uden App"] and "Nulstil" not in row["Uden App"]


# Sessions


def test_deactivated_user_is_logged_out_everywhere_at_the_next_request(municipality):
    user = user_for_role(Role.COORDINATOR, municipality=municipality)
    office, phone = Client(), Client()
    for browser in (office, phone):
        browser.force_login(user)
        assert browser.get(reverse("home")).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    for browser in (office, phone):
        response = browser.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert browser.get(reverse("staff_list"))["Location"].startswith(reverse("login"))


def test_logout_ends_the_session_on_the_server(client, enrolled):
    user, device, _codes = enrolled
    _password_login(client, user)
    client.post(reverse("second_factor_verify"), {"code": app_code(device)})
    session_key = client.session.session_key
    cookie = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=session_key).exists()
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=session_key).exists()
    replay = Client()
    replay.cookies["sessionid"] = cookie  # a copied cookie is no good either
    assert replay.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_a_long_throttle_states_its_wait_in_minutes(client, enrolled):
    user, device, _codes = enrolled
    _password_login(client, user)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=10, throttling_failure_timestamp=timezone.now()
    )
    response = client.post(reverse("second_factor_verify"), {"code": app_code(device)})
    assert "For mange forkerte koder. Vent 9 minutter, og prøv igen." in response.content.decode()  # 512 s


def test_the_code_field_opens_the_number_pad_and_takes_the_apps_code(client, enrolled):
    user, _device, _codes = enrolled
    _password_login(client, user)
    page = client.get(reverse("second_factor_verify")).content.decode()
    field = re.search(r'<input[^>]*name="code"[^>]*id="id_code"[^>]*>', page).group(0)
    assert 'inputmode="numeric"' in field and 'autocomplete="one-time-code"' in field
    recovery = re.search(r'<input[^>]*id="id_recovery_code"[^>]*>', page).group(0)
    assert "inputmode" not in recovery  # a recovery code has letters: the full keyboard


def test_the_last_second_of_a_throttle_is_one_second():
    from hjemmepaed.organisation.services import _throttled_message

    assert _throttled_message(timezone.now() + timedelta(milliseconds=300)) == _throttled(1)
