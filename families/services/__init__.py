"""The families' writes, by concern: the family and its members (`members`), the parents'
consents (`consents`), a child's changes over time (`changes`), the guardians' and household's
changes after the referral (`guardians`). Callers import from the package."""

from families.services.changes import child_birth_record, child_daycare_change, child_sex_set
from families.services.consent_answers import ConsentAnswer, consent_decline_record, consents_answer
from families.services.consents import (
    consent_record,
    consent_require,
    consent_texts_install,
    consent_withdraw,
    consents_end_for_guardian,
)
from families.services.guardians import (
    email_normalise,
    family_household_update,
    guardian_add,
    guardian_contact_update,
    guardian_custody_change,
    guardian_remove,
    phone_normalise,
)
from families.services.members import (
    ChildData,
    GuardianData,
    ImportedChild,
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
    "child_birth_record",
    "child_cpr_reveal",
    "child_daycare_change",
    "child_sex_set",
    "consent_decline_record",
    "consent_record",
    "consent_require",
    "consent_texts_install",
    "consent_withdraw",
    "consents_end_for_guardian",
    "email_normalise",
    "family_household_update",
    "guardian_add",
    "guardian_contact_update",
    "guardian_custody_change",
    "guardian_remove",
    "phone_normalise",
    "consents_answer",
    "cpr_keys_rotate",
    "family_anonymise",
    "family_create",
    "family_find_by_child_cpr",
    "ImportedChild",
    "family_import_create",
    "family_members_add",
    "guardian_email_set",
]
