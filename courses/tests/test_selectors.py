"""The course gate: own courses for educators, the municipality's for coordinators and managers."""

import pytest
from django.http import Http404

from courses.selectors import course_get_for_user_or_404, course_list_visible_to
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.tests.factories import course_decided

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses(municipality, other_municipality):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    own = course_decided(coordinator=coordinator)
    colleagues = course_decided(coordinator=coordinator)
    foreign = course_decided(coordinator=user_for_role(Role.COORDINATOR, municipality=other_municipality))
    return own, colleagues, foreign


def test_educator_sees_only_her_own_courses(courses):
    own, colleagues, foreign = courses
    educator = own.primary_educator
    assert list(course_list_visible_to(user=educator)) == [own]
    with pytest.raises(Http404):
        course_get_for_user_or_404(user=educator, pk=colleagues.pk)


def test_second_educator_sees_the_course(courses, municipality):
    own, _, _ = courses
    second = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    type(own).objects.filter(pk=own.pk).update(second_educator=second)
    assert course_get_for_user_or_404(user=second, pk=own.pk) == own


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER])
def test_coordinator_and_manager_see_the_municipality(courses, municipality, role):
    own, colleagues, foreign = courses
    user = user_for_role(role, municipality=municipality)
    assert set(course_list_visible_to(user=user)) == {own, colleagues}
    with pytest.raises(Http404):
        course_get_for_user_or_404(user=user, pk=foreign.pk)


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMINISTRATOR])
def test_analyst_and_administrator_see_no_single_course(courses, role):
    assert not course_list_visible_to(user=user_for_role(role)).exists()
