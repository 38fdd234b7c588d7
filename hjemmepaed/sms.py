"""Text messages to parents through an SMS gateway: one seam, one concrete gateway.

`sms_gateway()` gives the configured gateway; callers (the questionnaire's SMS invitations and
reminders, `surveys/tasks.py`) know only `SmsGateway.send(to=..., message=...)`. The one
implementation speaks the shape most Danish SMS gateways accept: an HTTP POST of JSON
`{"to": "+4512345678", "message": "..."}` with `Authorization: Bearer <key>`, any 2xx meaning
accepted. `SMS_GATEWAY_URL` and `SMS_GATEWAY_KEY` come from the environment; without a URL no
SMS is sent (`SmsNotConfigured`). Digital Post would be a second implementation of the same
seam (docs/messaging.md).
"""

import json
import re
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings

# A Danish number as the gateway wants it: +45 and 8 digits, nothing else.
DANISH_NUMBER = re.compile(r"\+45\d{8}")


class SmsError(OSError):
    """The gateway could not be reached or refused the message (a task retries an OSError)."""


class SmsNotConfigured(RuntimeError):
    """No `SMS_GATEWAY_URL`: SMS is not offered (the channel falls back to a letter)."""


def sms_number(phone: str) -> str:
    """A stored Danish phone number ("12 34 56 78" or "+45 12 34 56 78") as +45 and 8 digits;
    ValueError for anything else."""
    compact = "".join(phone.split())
    if re.fullmatch(r"\d{8}", compact):
        compact = f"+45{compact}"
    if not DANISH_NUMBER.fullmatch(compact):
        raise ValueError("not a Danish phone number")
    return compact


class SmsGateway(Protocol):
    def send(self, *, to: str, message: str) -> None: ...


class HttpSmsGateway:
    """POST JSON {to, message} with a bearer key; a non-2xx answer or no answer is an SmsError."""

    def __init__(self, *, url: str, key: str, timeout: float = 10.0):
        self.url = url
        self.key = key
        self.timeout = timeout

    def send(self, *, to: str, message: str) -> None:
        if not DANISH_NUMBER.fullmatch(to):
            raise ValueError("an SMS goes to +45 and 8 digits")
        request = urllib.request.Request(
            self.url,
            data=json.dumps({"to": to, "message": message}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.key}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(
                request, timeout=self.timeout
            ) as response:  # the URL is the setting, never typed
                status = response.status
        except urllib.error.HTTPError as error:
            raise SmsError(f"SMS gateway answered HTTP {error.code}") from None
        except (urllib.error.URLError, TimeoutError) as error:
            raise SmsError(f"SMS gateway not reached: {error.__class__.__name__}") from None
        if not 200 <= status < 300:
            raise SmsError(f"SMS gateway answered HTTP {status}")


def sms_configured() -> bool:
    return bool(settings.SMS_GATEWAY_URL)


def sms_gateway() -> SmsGateway:
    if not sms_configured():
        raise SmsNotConfigured("SMS_GATEWAY_URL is not set")
    return HttpSmsGateway(
        url=settings.SMS_GATEWAY_URL, key=settings.SMS_GATEWAY_KEY, timeout=settings.SMS_GATEWAY_TIMEOUT
    )
