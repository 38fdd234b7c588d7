"""The organisation's gates: each user sees only what the role and municipality allow."""

import pytest
from django.http import Http404

from hjemmepaed.organisation import selectors
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import DaycareFactory, user_for_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def daycares(municipality, other_municipality):
    return DaycareFactory(municipality=municipality), DaycareFactory(municipality=other_municipality)


@pytest.mark.parametrize("role", [Role.HOME_EDUCATOR, Role.COORDINATOR, Role.MANAGER])
def test_municipal_staff_see_their_own_daycares_only(role, municipality, daycares):
    own, other = daycares
    user = user_for_role(role, municipality=municipality)
    assert list(selectors.daycare_list_visible_to(user=user)) == [own]
    assert selectors.daycare_get_for_user_or_404(user=user, pk=own.pk) == own
    with pytest.raises(Http404):
        selectors.daycare_get_for_user_or_404(user=user, pk=other.pk)


def test_other_municipality_looks_exactly_like_missing(municipality, daycares):
    own, other = daycares
    user = user_for_role(Role.COORDINATOR, municipality=municipality)
    with pytest.raises(Http404) as foreign:
        selectors.daycare_get_for_user_or_404(user=user, pk=other.pk)
    with pytest.raises(Http404) as missing:
        selectors.daycare_get_for_user_or_404(user=user, pk=other.pk + 1000)
    assert str(foreign.value) == str(missing.value)


def test_analyst_sees_no_single_daycare_and_no_person(municipality, daycares):
    analyst = user_for_role(Role.ANALYST)
    user_for_role(Role.COORDINATOR, municipality=municipality)
    assert not selectors.daycare_list_visible_to(user=analyst).exists()
    assert not selectors.staff_list_visible_to(user=analyst).exists()
    assert selectors.municipality_list_visible_to(user=analyst).count() == 2


def test_administrator_sees_everything(municipality, daycares):
    admin = user_for_role(Role.ADMINISTRATOR)
    assert selectors.daycare_list_visible_to(user=admin).count() == 2


def test_staff_lists(municipality, other_municipality):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    foreign = user_for_role(Role.HOME_EDUCATOR, municipality=other_municipality)
    assert set(selectors.staff_list_visible_to(user=coordinator)) == {coordinator, educator}
    assert list(selectors.educator_list_for_municipality(user=coordinator)) == [educator]
    assert list(selectors.staff_list_visible_to(user=educator)) == [educator]
    assert foreign not in selectors.staff_list_visible_to(user=coordinator)


def test_deactivated_user_sees_nothing(municipality, daycares):
    user = user_for_role(Role.COORDINATOR, municipality=municipality, is_active=False)
    assert not selectors.daycare_list_visible_to(user=user).exists()
    assert not selectors.municipality_list_visible_to(user=user).exists()


def test_educators_to_assign_include_a_coordinator_who_is_also_an_educator(municipality):
    from hjemmepaed.organisation.selectors import educator_list_for_municipality
    from hjemmepaed.organisation.tests.factories import CoordinatorFactory, extra_role_give

    coordinator = CoordinatorFactory(municipality=municipality)
    also_educator = extra_role_give(
        CoordinatorFactory(municipality=municipality, profession="pedagogue", anchoring="daycare"), "home_educator"
    )
    assert list(educator_list_for_municipality(user=coordinator)) == [also_educator]
