"""The database refuses staff and daycares that break the organisation's rules."""

import pytest
from django.db import IntegrityError, transaction

from hjemmepaed.organisation.models import Daycare, Municipality, Profession, Role, User
from hjemmepaed.organisation.tests.factories import DaycareFactory, MunicipalityFactory

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


def test_only_educators_have_a_profession(municipality):
    _refused(role=Role.COORDINATOR, municipality=municipality, profession=Profession.PEDAGOGUE)


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
        Municipality.objects.create(name="Fejlby", code="12a")


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
