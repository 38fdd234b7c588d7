"""CPR numbers: validated, stored encrypted, found by a keyed hash, shown masked.

* Validation: 10 digits, a real date, and the century from the 7th digit. No modulus-11 check:
  numbers issued since 2007 need not pass it.
* Storage: Fernet (the `cryptography` package) under `CPR_ENCRYPTION_KEYS`, a comma-separated
  list whose first key encrypts and all of which decrypt, so keys can be rotated
  (`manage.py cpr_rotate_keys` re-encrypts everything under the first key).
* Lookup: HMAC-SHA256 under `CPR_HASH_KEY`, so an exact search needs no decryption.
* Display: DDMMÅÅ-XXXX. Showing the whole number is a deliberate, audited action.

A CPR number never goes into a URL, a log line, a file name, a PDF, a QR code or a task argument.
"""

import hashlib
import hmac
import re
from datetime import date

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.utils.translation import gettext as _

from hjemmepaed.errors import DomainError

_DIGITS = re.compile(r"^(\d{6})-?(\d{4})$")


def cpr_century(seventh: int, year: int) -> int:
    """The century of a CPR number's birth year, from its 7th digit (the CPR office's table)."""
    if seventh <= 3:
        return 1900
    if seventh in (4, 9):
        return 2000 if year <= 36 else 1900
    return 2000 if year <= 57 else 1800


def cpr_normalise(value: str, *, field: str = "cpr") -> str:
    """The number as 10 digits, or a Danish DomainError saying what is wrong."""
    match = _DIGITS.match(value.strip().replace(" ", ""))
    if not match:
        raise DomainError(_("A CPR number is 10 digits, e.g. 010203-1234."), field=field)
    digits = match.group(1) + match.group(2)
    cpr_birth_date(digits, field=field)
    return digits


def cpr_birth_date(digits: str, *, field: str = "cpr") -> date:
    day, month, year = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    try:
        return date(cpr_century(int(digits[6]), year) + year, month, day)
    except ValueError as error:
        raise DomainError(_("The first six digits of the CPR number are not a real date."), field=field) from error


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key.strip().encode()) for key in settings.CPR_ENCRYPTION_KEYS])


def cpr_encrypt(digits: str) -> str:
    return _fernet().encrypt(digits.encode()).decode()


def cpr_decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def cpr_rotate(token: str) -> str:
    """The same number encrypted under the first (newest) key."""
    return _fernet().rotate(token.encode()).decode()


def cpr_lookup_hash(digits: str) -> str:
    return hmac.new(settings.CPR_HASH_KEY.encode(), digits.encode(), hashlib.sha256).hexdigest()


def cpr_masked(digits: str) -> str:
    return f"{digits[:6]}-XXXX"
