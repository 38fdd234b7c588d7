"""Who records and withdraws consents: the course's own educators and the municipality's
coordinators, for a parent of the course's family. The checks read the course's fields only."""

from types import SimpleNamespace

import pytest

from families.access import consent_can_write, consent_write_check, course_staff_check
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_in_memory

COURSE = SimpleNamespace(municipality_id=1, family_id=10, primary_educator_id=100, second_educator_id=101, source="app")


def _user(role, *, pk=200, municipality_id=1):
    return user_in_memory(role, pk=pk, municipality_id=municipality_id)


@pytest.mark.parametrize(
    "user",
    [_user(Role.COORDINATOR), _user(Role.HOME_EDUCATOR, pk=100), _user(Role.HOME_EDUCATOR, pk=101)],
    ids=["coordinator", "primary educator", "second educator"],
)
def test_the_course_staff_pass(user):
    course_staff_check(acting_user=user, course=COURSE)


@pytest.mark.parametrize(
    "user",
    [
        _user(Role.HOME_EDUCATOR),
        _user(Role.MANAGER),
        _user(Role.COORDINATOR, municipality_id=2),
        _user(Role.HOME_EDUCATOR, pk=100, municipality_id=2),
    ],
    ids=["a colleague", "a manager", "another municipality's coordinator", "an educator moved elsewhere"],
)
def test_anyone_else_is_refused_in_danish(user):
    with pytest.raises(DomainError, match="Kun forløbets hjemmepædagoger eller en tovholder"):
        course_staff_check(acting_user=user, course=COURSE)


def test_a_parent_of_another_family_is_refused_on_the_guardian_field():
    with pytest.raises(DomainError) as refused:
        consent_write_check(acting_user=_user(Role.COORDINATOR), course=COURSE, guardian=SimpleNamespace(family_id=11))
    assert refused.value.field == "guardian"
    consent_write_check(acting_user=_user(Role.COORDINATOR), course=COURSE, guardian=SimpleNamespace(family_id=10))


def test_the_course_page_offers_writing_to_educators_and_coordinators_on_an_app_course():
    assert consent_can_write(user=_user(Role.HOME_EDUCATOR), course=COURSE)
    assert consent_can_write(user=_user(Role.COORDINATOR), course=COURSE)
    assert not consent_can_write(user=_user(Role.MANAGER), course=COURSE)
    assert not consent_can_write(user=_user(Role.COORDINATOR), course=SimpleNamespace(source="import"))
