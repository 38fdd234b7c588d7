"""The second factor's pure parts: the authenticator app's set-up link, its QR code, the secret
as a person types it, and the code an app shows. No database writes here (see services.py).

django-otp stores the TOTP key as hex; authenticator apps take it in base32, in an
`otpauth://` link (the QR code) or typed by hand.
"""

import io
import re
from base64 import b32encode
from urllib.parse import quote, urlencode

import segno
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

# The name the authenticator app shows above the code.
ISSUER = "Hjemmepaed"
RECOVERY_CODE_COUNT = 10
TOTP_CODE = re.compile(r"[0-9]{6}")


def secret_base32(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in groups of four, as apps accept it when typed ("ABCD EFGH ...")."""
    secret = secret_base32(device)
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def otpauth_uri(device: TOTPDevice, *, label: str | None = None) -> str:
    """The key URI apps read from a QR code (Google's "Key Uri Format")."""
    label = label or device.user.get_username()
    params = urlencode(
        {
            "secret": secret_base32(device),
            "algorithm": "SHA1",
            "digits": device.digits,
            "period": device.step,
        }
    )
    return f"otpauth://totp/{quote(f'{ISSUER}:{label}')}?{params}&issuer={quote(ISSUER)}"


def qr_svg(uri: str) -> bytes:
    """The set-up link as an SVG file: served from our own origin, so a strict CSP lets it in."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="svg", scale=6, border=4, dark="#000", light="#fff", title="QR")
    return buffer.getvalue()


def code_at_step(device: TOTPDevice, step: int) -> str:
    """The code an app shows in time step `step` (Unix time // 30, as the device counts)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, 0)
    totp.time = device.t0 + step * device.step
    return str(totp.token()).zfill(device.digits)


def current_step(device: TOTPDevice, now: float) -> int:
    """The time step the device counts at Unix time `now`, its learnt clock drift included."""
    return int((now - device.t0) // device.step) + device.drift


def next_accepted_code(device: TOTPDevice, now: float) -> str | None:
    """The code the device accepts at `now`: the current one, or, when that was used already
    (a code works once), the next step's, which the device's tolerance lets through.
    None when even that was used; then the next code comes within `device.step` seconds."""
    step = max(current_step(device, now), device.last_t + 1)
    if step > current_step(device, now) + device.tolerance:
        return None
    return code_at_step(device, step)


def code_already_used(device: TOTPDevice, code: str, now: float) -> bool:
    """True when `code` is what the app shows in a step the device accepts now (within its
    tolerance) but which was used already: a code works once, so it is refused, though right."""
    current = current_step(device, now)
    steps = range(current - device.tolerance, current + device.tolerance + 1)
    return any(step <= device.last_t and code_at_step(device, step) == code for step in steps)


def normalise_code(code: str) -> str:
    """What the person typed, without the spaces and dashes apps and printouts add."""
    return re.sub(r"[\s-]", "", code).lower()
