"""Writes of referrals and intake decisions, one module per concern; this package re-exports
their public names, so callers import `from visitation.services import referral_register`."""

# The parts of a referral are families' to store; referral_register's callers import them from here.
from families.services import ChildData, GuardianData
from visitation.services.anonymise import referral_anonymise
from visitation.services.decisions import referral_approve, referral_reject, referral_waitlist, referral_withdraw
from visitation.services.intake_rules import (
    age_range_check,
    intake_variant,
    no_visitation_note,
    own_approval_check,
    participation_check,
)
from visitation.services.local_lists import local_risk_factor_active_set, local_risk_factor_add
from visitation.services.registration import ExistingFamilyError, referral_register
from visitation.services.revisions import REVISABLE_PHASES, referral_revise
from visitation.services.statements import daycare_statement_give

__all__ = [
    "ChildData",
    "ExistingFamilyError",
    "GuardianData",
    "REVISABLE_PHASES",
    "age_range_check",
    "daycare_statement_give",
    "intake_variant",
    "no_visitation_note",
    "own_approval_check",
    "participation_check",
    "local_risk_factor_active_set",
    "local_risk_factor_add",
    "referral_anonymise",
    "referral_approve",
    "referral_reject",
    "referral_register",
    "referral_revise",
    "referral_waitlist",
    "referral_withdraw",
]
