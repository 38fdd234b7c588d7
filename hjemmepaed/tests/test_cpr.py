"""CPR numbers: validation with the century digit, encryption, lookup hash, masking, rotation."""

from datetime import date

import pytest
from cryptography.fernet import Fernet
from django.test import override_settings

from hjemmepaed.cpr import (
    cpr_birth_date,
    cpr_decrypt,
    cpr_encrypt,
    cpr_lookup_hash,
    cpr_masked,
    cpr_normalise,
    cpr_rotate,
)
from hjemmepaed.errors import DomainError


@pytest.mark.parametrize(
    ("cpr", "born"),
    [
        ("010203-1234", date(1903, 2, 1)),  # 7th digit 1: 1900s
        ("0102034234", date(2003, 2, 1)),  # 4, year 03: 2000s
        ("0102504234", date(1950, 2, 1)),  # 4, year 50: 1900s
        ("0102235234", date(2023, 2, 1)),  # 5, year 23: 2000s
        ("0102605234", date(1860, 2, 1)),  # 5, year 60: 1800s
        ("0102249234", date(2024, 2, 1)),  # 9, year 24: 2000s
        ("290224 4000", date(2024, 2, 29)),  # leap day, space allowed
    ],
)
def test_century_rules(cpr, born):
    assert cpr_birth_date(cpr_normalise(cpr)) == born


def test_numbers_failing_modulus_11_are_accepted():
    # 010124-4001 has no valid modulus-11 check digit; numbers since 2007 may not either.
    assert cpr_normalise("010124-4001") == "0101244001"


@pytest.mark.parametrize(
    ("cpr", "message"),
    [
        ("12345", "Et CPR-nummer er 10 cifre"),
        ("01012a-1234", "Et CPR-nummer er 10 cifre"),
        ("320124-4001", "ikke en gyldig dato"),
        ("290223-4001", "ikke en gyldig dato"),  # 2023 is no leap year
    ],
)
def test_invalid_numbers_get_a_danish_message(cpr, message):
    with pytest.raises(DomainError, match=message):
        cpr_normalise(cpr)


def test_encrypted_not_plain_masked_and_hashed():
    token = cpr_encrypt("0101244001")
    assert "0101244001" not in token
    assert cpr_decrypt(token) == "0101244001"
    assert cpr_masked("0101244001") == "010124-XXXX"
    assert cpr_lookup_hash("0101244001") == cpr_lookup_hash("0101244001") != cpr_lookup_hash("0101244002")


def test_key_rotation_keeps_old_numbers_readable(settings):
    old_token = cpr_encrypt("0101244001")
    new_key = Fernet.generate_key().decode()
    with override_settings(CPR_ENCRYPTION_KEYS=[new_key, *settings.CPR_ENCRYPTION_KEYS]):
        assert cpr_decrypt(old_token) == "0101244001"
        rotated = cpr_rotate(old_token)
    with override_settings(CPR_ENCRYPTION_KEYS=[new_key]):
        assert cpr_decrypt(rotated) == "0101244001"
