"""Test helpers for the second factor: a confirmed authenticator app with a known key, and the
code it shows. Tests of the second factor itself go through the real pages with these codes;
every other test gets a verified session from `client.force_login` (root conftest.py)."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from hjemmepaed.organisation.middleware import PASSED_KEY
from hjemmepaed.organisation.second_factor import next_accepted_code

# A fixed test key (hex, 20 bytes), so a failing test can be replayed with an app.
TEST_KEY = "3132333435363738393031323334353637383930"


def confirmed_app(user, key: str = TEST_KEY) -> TOTPDevice:
    """The user's confirmed authenticator app, created with `key` when there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", key=key, confirmed=True)
    return device


def app_code(device: TOTPDevice) -> str:
    """The code the app shows that the device accepts now: a code works once, so a second
    login in the same 30 seconds takes the next step's code, or waits for it."""
    while True:
        device.refresh_from_db()
        code = next_accepted_code(device, time.time())
        if code is not None:
            return code
        time.sleep(1)


def session_mark_verified(client, user) -> None:
    """What django_otp.login does after a right code, for a test client's session."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_app(user).persistent_id
    session[PASSED_KEY] = True
    session.save()
