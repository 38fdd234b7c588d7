"""Who sets the municipality's questionnaires and sends a parent's link."""

from types import SimpleNamespace

import pytest

from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_in_memory
from surveys.access import invitation_send_check, questionnaire_settings_check

INVITATION = SimpleNamespace(course=SimpleNamespace(municipality_id=1, primary_educator_id=100, second_educator_id=101))


def _user(role, *, pk=200, municipality_id=1):
    return user_in_memory(role, pk=pk, municipality_id=municipality_id)


def test_only_a_coordinator_of_a_municipality_sets_the_questionnaires():
    questionnaire_settings_check(acting_user=_user(Role.COORDINATOR))
    for user in (_user(Role.HOME_EDUCATOR), _user(Role.COORDINATOR, municipality_id=None)):
        with pytest.raises(DomainError, match="Kun en tovholder kan vælge kommunens spørgeskemaer"):
            questionnaire_settings_check(acting_user=user)


def test_the_course_staff_send_the_link_and_a_colleague_does_not():
    for user in (_user(Role.COORDINATOR), _user(Role.HOME_EDUCATOR, pk=101)):
        invitation_send_check(acting_user=user, invitation=INVITATION)
    with pytest.raises(DomainError):
        invitation_send_check(acting_user=_user(Role.HOME_EDUCATOR), invitation=INVITATION)
