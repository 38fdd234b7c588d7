"""The second factor in the Django admin, a coordinator's reset of a lost phone, sessions, and the
code field's details."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from hjemmepaed.admin import HjemmepaedAdminSite
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from hjemmepaed.organisation.tests.second_factor import app_code, confirmed_app
from hjemmepaed.organisation.tests.second_factor_cases import (  # noqa: F401 (fixtures among them)
    _enrol,
    _password_login,
    _secret_on_page,
    _throttled,
    app_code_from,
    educator_logged_in_with_password,
    enrolled,
)

WRONG = "Koden er forkert. Tjek koden, og prøv igen."
USED = "Koden er allerede brugt – vent på den næste."

pytestmark = pytest.mark.django_db


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
