"""Who records SDQ measurements and chooses the norm set, and what the course page offers."""

from types import SimpleNamespace

import pytest

from courses.models import Phase
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_in_memory
from sdq.access import measurement_can_record, measurement_write_check, norm_set_can_choose, norm_set_choose_check

COURSE = SimpleNamespace(municipality_id=1, primary_educator_id=100, second_educator_id=None, phase=Phase.STARTED)


def _user(role, *, pk=200, municipality_id=1):
    return user_in_memory(role, pk=pk, municipality_id=municipality_id)


def test_the_course_staff_write_measurements_and_a_colleague_does_not():
    measurement_write_check(acting_user=_user(Role.HOME_EDUCATOR, pk=100), course=COURSE)
    measurement_write_check(acting_user=_user(Role.COORDINATOR), course=COURSE)
    with pytest.raises(DomainError):
        measurement_write_check(acting_user=_user(Role.HOME_EDUCATOR), course=COURSE)


def test_the_course_page_offers_recording_on_a_started_or_closed_course_to_all_but_managers():
    closed, decided = (SimpleNamespace(phase=phase) for phase in (Phase.CLOSED, Phase.DECIDED))
    assert measurement_can_record(user=_user(Role.HOME_EDUCATOR), course=COURSE)
    assert measurement_can_record(user=_user(Role.COORDINATOR), course=closed)
    assert not measurement_can_record(user=_user(Role.MANAGER), course=COURSE)
    assert not measurement_can_record(user=_user(Role.COORDINATOR), course=decided)


def test_only_a_coordinator_chooses_the_norm_set():
    norm_set_choose_check(acting_user=_user(Role.COORDINATOR))
    assert norm_set_can_choose(user=_user(Role.COORDINATOR))
    for user in (_user(Role.MANAGER), _user(Role.COORDINATOR, municipality_id=None)):
        with pytest.raises(DomainError, match="normsæt"):
            norm_set_choose_check(acting_user=user)
    assert not norm_set_can_choose(user=_user(Role.HOME_EDUCATOR))
