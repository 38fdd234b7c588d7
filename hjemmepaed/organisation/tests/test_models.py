"""The database refuses staff and daycares that break the organisation's rules."""

import pytest
from django.db import IntegrityError, transaction

from hjemmepaed.organisation.models import Daycare, Municipality, Profession, Role, StaffRole, User, role_q
from hjemmepaed.organisation.tests.factories import (
    CoordinatorFactory,
    DaycareFactory,
    EducatorFactory,
    ManagerFactory,
    MunicipalityFactory,
    educator_coordinator,
)

pytestmark = pytest.mark.django_db


def _refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username=f"u{len(fields)}{fields.get('role')}", **fields)


def test_municipal_roles_need_a_municipality():
    for role in (Role.HOME_EDUCATOR, Role.COORDINATOR, Role.MANAGER):
        extra = {"profession": "pedagogue", "anchoring": "daycare"} if role == Role.HOME_EDUCATOR else {}
        _refused(role=role, municipality=None, **extra)


def test_analyst_and_administrator_belong_to_no_municipality(municipality):
    _refused(role=Role.ANALYST, municipality=municipality)
    _refused(role=Role.ADMINISTRATOR, municipality=municipality)


def test_unknown_role_is_refused(municipality):
    _refused(role="superhero", municipality=municipality)


def test_educator_needs_profession_and_anchoring(municipality):
    _refused(role=Role.HOME_EDUCATOR, municipality=municipality, anchoring="daycare")
    _refused(role=Role.HOME_EDUCATOR, municipality=municipality, profession="pedagogue")
    _refused(role=Role.HOME_EDUCATOR, municipality=municipality, profession="astronaut", anchoring="daycare")


def test_analyst_and_administrator_have_no_profession():
    _refused(role=Role.ANALYST, profession=Profession.PEDAGOGUE, anchoring="daycare")
    _refused(role=Role.ADMINISTRATOR, profession=Profession.PEDAGOGUE)


def test_a_coordinator_may_have_a_profession_for_an_extra_educator_role(municipality):
    """The constraint is relaxed for municipal roles: a coordinator who is also a home educator
    has her profession on her user; the staff services require it (test_staff_services)."""
    user = User.objects.create(
        username="tovholder-paedagog",
        role=Role.COORDINATOR,
        municipality=municipality,
        profession=Profession.PEDAGOGUE,
        anchoring="daycare",
    )
    assert user.profession == Profession.PEDAGOGUE
    _refused(role=Role.COORDINATOR, municipality=municipality, profession="astronaut")


def test_extra_roles_are_municipal_and_unique(municipality):
    user = CoordinatorFactory(municipality=municipality)
    for role in (Role.ANALYST, Role.ADMINISTRATOR, "superhero"):
        with pytest.raises(IntegrityError), transaction.atomic():
            StaffRole.objects.create(user=user, role=role)
    StaffRole.objects.create(user=user, role=Role.HOME_EDUCATOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffRole.objects.create(user=user, role=Role.HOME_EDUCATOR)


def test_roles_are_the_primary_and_the_extra_ones(municipality, django_assert_num_queries):
    person = educator_coordinator(municipality)
    fresh = User.objects.get(pk=person.pk)
    with django_assert_num_queries(1):
        assert fresh.roles == {Role.HOME_EDUCATOR, Role.COORDINATOR}
        assert fresh.is_home_educator and fresh.is_coordinator and not fresh.is_manager
    annotated = User.objects.with_roles().get(pk=person.pk)
    with django_assert_num_queries(0):
        assert annotated.roles == {Role.HOME_EDUCATOR, Role.COORDINATOR}


def test_role_q_finds_primary_and_extra_holders_once(municipality):
    both = educator_coordinator(municipality)
    coordinator = CoordinatorFactory(municipality=municipality)
    educator = EducatorFactory(municipality=municipality)
    ManagerFactory(municipality=municipality)
    assert list(User.objects.filter(role_q(Role.COORDINATOR)).order_by("pk")) == [both, coordinator]
    assert list(User.objects.filter(role_q(Role.HOME_EDUCATOR)).order_by("pk")) == [both, educator]
    # Through a relation: the one extra-role row's user holds both roles.
    assert StaffRole.objects.filter(role_q(Role.COORDINATOR, prefix="user__")).get().user == both
    assert not StaffRole.objects.filter(role_q(Role.MANAGER, prefix="user__")).exists()


def test_valid_staff_of_every_role(municipality):
    User.objects.create(
        username="paedagog",
        role=Role.HOME_EDUCATOR,
        municipality=municipality,
        profession=Profession.HEALTH_VISITOR,
        anchoring="area_manager",
    )
    User.objects.create(username="tovholder", role=Role.COORDINATOR, municipality=municipality)
    User.objects.create(username="analytiker", role=Role.ANALYST)
    assert User.objects.count() == 3


def test_createsuperuser_makes_an_administrator():
    user = User.objects.create_superuser("root", "root@example.invalid", "x" * 12)
    assert user.role == Role.ADMINISTRATOR
    assert user.municipality is None


def test_municipality_code_is_three_digits():
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(name="Fejlby", authority_name="Fejlby Kommune", code="12a")


def test_daycare_names_are_unique_within_a_municipality(municipality, other_municipality):
    DaycareFactory(municipality=municipality, name="Vuggestuen Mælkebøtten")
    DaycareFactory(municipality=other_municipality, name="Vuggestuen Mælkebøtten")
    with pytest.raises(IntegrityError), transaction.atomic():
        DaycareFactory(municipality=municipality, name="Vuggestuen Mælkebøtten")


def test_daycare_kind_must_be_known(municipality):
    with pytest.raises(IntegrityError), transaction.atomic():
        Daycare.objects.create(municipality=municipality, name="X", kind="zoo")


def test_factories_build_valid_objects():
    assert MunicipalityFactory().code.isdigit()


def test_a_municipality_has_the_name_it_writes_itself():
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(name="Fejlby", authority_name="", code="123")
