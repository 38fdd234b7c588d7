"""Logging in with a password and an app's code, for the tests of the second factor
(test_second_factor.py, test_second_factor_admin.py)."""

import re
from base64 import b32decode
from binascii import hexlify

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import PASSWORD, user_for_role

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


@pytest.fixture
def enrolled(client, municipality):
    """A coordinator who set up the app and logged out; the device with the key they scanned."""
    user = user_for_role(Role.COORDINATOR, municipality=municipality)
    _enrol(client, user)
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    client.post(reverse("logout"))
    return user, TOTPDevice.objects.get(user=user), codes
