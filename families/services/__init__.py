"""The families' writes, by concern: the family and its members (`members`), the parents'
consents (`consents`). Callers import from the package."""

from families.services.consent_answers import ConsentAnswer, consent_decline_record, consents_answer
from families.services.consents import consent_record, consent_require, consent_texts_install, consent_withdraw
from families.services.members import (
    ChildData,
    GuardianData,
    child_cpr_reveal,
    cpr_keys_rotate,
    family_anonymise,
    family_create,
    family_find_by_child_cpr,
    family_import_create,
    family_members_add,
    guardian_email_set,
)

__all__ = [
    "ChildData",
    "ConsentAnswer",
    "GuardianData",
    "child_cpr_reveal",
    "consent_decline_record",
    "consent_record",
    "consent_require",
    "consent_texts_install",
    "consent_withdraw",
    "consents_answer",
    "cpr_keys_rotate",
    "family_anonymise",
    "family_create",
    "family_find_by_child_cpr",
    "family_import_create",
    "family_members_add",
    "guardian_email_set",
]
