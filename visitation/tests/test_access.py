"""Who registers a referral, who decides it, and who may be assigned as home educator."""

from types import SimpleNamespace

import pytest

from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_in_memory
from visitation.access import educator_assignable_check, referral_decide_check, referral_register_check

COURSE = SimpleNamespace(municipality_id=1)


def _user(role, *, municipality_id=1, is_active=True):
    return user_in_memory(role, pk=7, municipality_id=municipality_id, is_active=is_active)


def test_coordinators_and_home_educators_of_a_municipality_register_referrals():
    referral_register_check(acting_user=_user(Role.COORDINATOR))
    referral_register_check(acting_user=_user(Role.HOME_EDUCATOR))
    for user in (_user(Role.MANAGER), _user(Role.ANALYST, municipality_id=None)):
        with pytest.raises(DomainError, match="Kun en tovholder eller hjemmepædagog"):
            referral_register_check(acting_user=user)


def test_only_a_coordinator_of_the_courses_municipality_decides():
    referral_decide_check(acting_user=_user(Role.COORDINATOR), course=COURSE)
    for user in (_user(Role.HOME_EDUCATOR), _user(Role.COORDINATOR, municipality_id=2)):
        with pytest.raises(DomainError, match="Kun en tovholder i kommunen"):
            referral_decide_check(acting_user=user, course=COURSE)


def test_only_an_active_home_educator_of_the_municipality_is_assigned():
    educator_assignable_check(educator=_user(Role.HOME_EDUCATOR), course=COURSE, field="primary_educator")
    for educator in (
        _user(Role.COORDINATOR),
        _user(Role.HOME_EDUCATOR, municipality_id=2),
        _user(Role.HOME_EDUCATOR, is_active=False),
    ):
        with pytest.raises(DomainError) as refused:
            educator_assignable_check(educator=educator, course=COURSE, field="second_educator")
        assert refused.value.field == "second_educator"
