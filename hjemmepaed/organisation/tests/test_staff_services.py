"""A municipality's managers and coordinators administer its staff; the services' rules, each
broken once with its Danish message."""

import pytest
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role, StaffRole, User
from hjemmepaed.organisation.services import second_factor_reset, staff_create, staff_deactivate, staff_update
from hjemmepaed.organisation.tests.factories import (
    AdministratorFactory,
    CoordinatorFactory,
    EducatorFactory,
    ManagerFactory,
    educator_coordinator,
)

pytestmark = pytest.mark.django_db

PASSWORD = "et-langt-kodeord-42"


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


def _create(acting_user, **overrides):
    values = {
        "username": "ny-paedagog",
        "first_name": "Nanna",
        "last_name": "Nielsen",
        "email": "nanna@kommune.invalid",
        "roles": [Role.HOME_EDUCATOR, Role.COORDINATOR],
        "profession": "pedagogue",
        "anchoring": "daycare",
        "password": PASSWORD,
    }
    return staff_create(acting_user=acting_user, **{**values, **overrides})


def _refused(message, service, **arguments):
    with pytest.raises(DomainError) as error:
        service(**arguments)
    assert error.value.message == message
    return error.value


@pytest.mark.parametrize("factory", [ManagerFactory, CoordinatorFactory])
def test_a_manager_or_coordinator_creates_an_educator_coordinator(municipality, factory):
    boss = factory(municipality=municipality)
    person = _create(boss)
    fresh = User.objects.get(pk=person.pk)
    assert fresh.municipality == municipality
    assert fresh.roles == {Role.HOME_EDUCATOR, Role.COORDINATOR}
    assert fresh.role == Role.HOME_EDUCATOR and fresh.profession == "pedagogue"
    assert fresh.check_password(PASSWORD)
    event = AuditEvent.objects.get(object_type="staff_user")
    assert (event.action, event.actor, event.object_id, event.municipality) == (
        "create",
        boss,
        str(person.pk),
        municipality,
    )


def test_a_home_educator_needs_profession_and_anchoring(municipality, coordinator):
    error = _refused("Vælg hjemmepædagogens faggruppe.", _create, acting_user=coordinator, profession="", username="a")
    assert error.field == "profession"
    _refused("Vælg, hvor hjemmepædagogen er forankret.", _create, acting_user=coordinator, anchoring="", username="b")
    # Without the educator's role the two are not asked for, and not kept.
    manager = _create(coordinator, username="c", roles=[Role.MANAGER], profession="pedagogue")
    assert (manager.profession, manager.anchoring) == ("", "")
    assert not User.objects.filter(username__in=["a", "b"]).exists()


def test_nobody_grants_analyst_or_administrator_here(coordinator):
    for role in (Role.ANALYST, Role.ADMINISTRATOR):
        _refused(
            "Rollerne som national analytiker og administrator kan kun gives af den nationale administrator.",
            _create,
            acting_user=coordinator,
            roles=[Role.COORDINATOR, role],
        )
    _refused("Vælg mindst én rolle.", _create, acting_user=coordinator, roles=[])
    assert not User.objects.filter(username="ny-paedagog").exists()


def test_educators_and_others_create_no_staff(municipality, educator):
    for user in (educator, AdministratorFactory()):
        _refused(
            "Kun en leder eller tovholder i kommunen kan oprette kommunens medarbejdere.", _create, acting_user=user
        )


def test_the_username_is_unique_and_the_password_validated(coordinator):
    _create(coordinator)
    _refused(
        "Brugernavnet “NY-paedagog” er optaget. Vælg et andet.",
        _create,
        acting_user=coordinator,
        username="NY-paedagog",
    )
    with pytest.raises(DomainError) as short:
        _create(coordinator, username="kort", password="kort")
    assert short.value.field == "password" and "adgangskode" in short.value.message
    assert not User.objects.filter(username="kort").exists()


def test_editing_changes_name_roles_and_profession(municipality, coordinator):
    person = EducatorFactory(municipality=municipality, first_name="Pia")
    staff_update(
        acting_user=coordinator,
        person=person,
        first_name="Pia Marie",
        last_name="Holm",
        email="pia@kommune.invalid",
        roles=[Role.HOME_EDUCATOR, Role.COORDINATOR],
        profession="health_visitor",
        anchoring="administration",
    )
    fresh = User.objects.get(pk=person.pk)
    assert (fresh.first_name, fresh.profession) == ("Pia Marie", "health_visitor")
    assert fresh.roles == {Role.HOME_EDUCATOR, Role.COORDINATOR}
    event = AuditEvent.objects.get(action="update", object_type="staff_user")
    assert "roles" in event.criterion and "Pia" not in event.criterion
    # Dropping the primary role moves it to one still held; the profession goes with the educator's role.
    staff_update(
        acting_user=coordinator,
        person=fresh,
        first_name="Pia Marie",
        last_name="Holm",
        email="",
        roles=[Role.COORDINATOR],
    )
    fresh = User.objects.get(pk=person.pk)
    assert (fresh.role, fresh.roles, fresh.profession) == (Role.COORDINATOR, {Role.COORDINATOR}, "")
    assert not StaffRole.objects.filter(user=fresh).exists()


def test_another_municipalitys_staff_cannot_be_changed(coordinator, other_municipality):
    foreign = EducatorFactory(municipality=other_municipality)
    _refused(
        "Kun en leder eller tovholder i kommunen kan ændre kommunens medarbejdere.",
        staff_update,
        acting_user=coordinator,
        person=foreign,
        first_name="X",
        last_name="Y",
        email="",
        roles=[Role.MANAGER],
    )
    _refused(
        "Kun en leder eller tovholder i kommunen kan ændre kommunens medarbejdere.",
        staff_deactivate,
        acting_user=coordinator,
        person=foreign,
    )
    assert User.objects.get(pk=foreign.pk).is_active


def test_nobody_takes_away_her_own_administration(coordinator):
    _refused(
        "Du kan ikke fjerne din egen rolle som leder eller tovholder. Bed en anden leder eller tovholder om det.",
        staff_update,
        acting_user=coordinator,
        person=coordinator,
        first_name="T",
        last_name="H",
        email="",
        roles=[Role.HOME_EDUCATOR],
        profession="pedagogue",
        anchoring="daycare",
    )


def test_deactivating_a_colleague_but_not_oneself(municipality, coordinator):
    person = educator_coordinator(municipality)
    staff_deactivate(acting_user=coordinator, person=person)
    assert not User.objects.get(pk=person.pk).is_active
    assert AuditEvent.objects.get(object_type="staff_user").criterion == "deactivated"
    _refused(
        "Du kan ikke deaktivere dig selv. Bed en anden leder eller tovholder om det.",
        staff_deactivate,
        acting_user=coordinator,
        person=coordinator,
    )
    assert User.objects.get(pk=coordinator.pk).is_active


def test_a_manager_resets_a_colleagues_second_factor_but_not_another_municipalitys(municipality, other_municipality):
    manager = ManagerFactory(municipality=municipality)
    person = EducatorFactory(municipality=municipality)
    TOTPDevice.objects.create(user=person, name="app", confirmed=True)
    second_factor_reset(acting_user=manager, user=person)
    assert not TOTPDevice.objects.filter(user=person).exists()
    foreign = EducatorFactory(municipality=other_municipality)
    _refused(
        "Du kan ikke nulstille denne medarbejders totrinsbekræftelse.",
        second_factor_reset,
        acting_user=manager,
        user=foreign,
    )


def test_a_deactivated_colleague_is_reactivated_with_her_roles_and_audited(municipality, coordinator):
    from hjemmepaed.organisation.services import staff_reactivate

    person = educator_coordinator(municipality)
    staff_deactivate(acting_user=coordinator, person=person)
    staff_reactivate(acting_user=coordinator, person=person)
    person = User.objects.get(pk=person.pk)
    assert person.is_active and person.roles == {Role.HOME_EDUCATOR, Role.COORDINATOR}
    assert list(
        AuditEvent.objects.filter(object_type="staff_user", object_id=person.pk)
        .order_by("pk")
        .values_list("criterion", flat=True)
    ) == ["deactivated", "reactivated"]
    staff_reactivate(acting_user=coordinator, person=person)  # already active: nothing more
    assert AuditEvent.objects.filter(criterion="reactivated").count() == 1


def test_another_municipalitys_staff_is_not_reactivated(coordinator, other_municipality):
    from hjemmepaed.organisation.services import staff_reactivate

    foreign = EducatorFactory(municipality=other_municipality, is_active=False)
    _refused(
        "Kun en leder eller tovholder i kommunen kan ændre kommunens medarbejdere.",
        staff_reactivate,
        acting_user=coordinator,
        person=foreign,
    )
    assert not User.objects.get(pk=foreign.pk).is_active


# --- a daycare leader leads a daycare (her statements are on its children's referrals) -------


def _leader(boss, **overrides):
    return _create(boss, username="dagtilbudsleder", roles=[Role.DAYCARE_LEADER], profession="", **overrides)


def test_a_daycare_leader_is_created_with_her_daycare_and_keeps_it_until_changed(municipality):
    from hjemmepaed.organisation.tests.factories import DaycareFactory

    boss = ManagerFactory(municipality=municipality)
    daycare, other = DaycareFactory(municipality=municipality), DaycareFactory(municipality=municipality)
    leader = _leader(boss, daycare=daycare)
    assert User.objects.get(pk=leader.pk).daycare == daycare
    daycare.is_active = False
    daycare.save(update_fields=["is_active"])
    names = {"first_name": "Lone", "last_name": "Berg", "email": "", "roles": [Role.DAYCARE_LEADER]}
    staff_update(acting_user=boss, person=leader, daycare=daycare, **names)  # an inactive daycare she leads stays
    staff_update(acting_user=boss, person=leader, daycare=other, **names)
    assert User.objects.get(pk=leader.pk).daycare == other
    assert AuditEvent.objects.filter(object_id=str(leader.pk), criterion__startswith="first_name, last_name").exists()
    assert AuditEvent.objects.filter(object_id=str(leader.pk), criterion="daycare").exists()


def test_a_daycare_leader_needs_a_daycare_of_the_municipality(municipality, other_municipality):
    from hjemmepaed.organisation.tests.factories import DaycareFactory

    boss = CoordinatorFactory(municipality=municipality)
    error = _refused("Vælg det dagtilbud, dagtilbudslederen er leder af.", _leader, boss=boss)
    assert error.field == "daycare"
    foreign = DaycareFactory(municipality=other_municipality)
    _refused("Dagtilbuddet hører ikke til kommunen.", _leader, boss=boss, daycare=foreign)
    closed = DaycareFactory(municipality=municipality, name="Lukket Vuggestue", is_active=False)
    _refused("Lukket Vuggestue er inaktivt og kan ikke vælges.", _leader, boss=boss, daycare=closed)
    assert not User.objects.filter(username="dagtilbudsleder").exists()


def test_only_a_daycare_leader_keeps_a_daycare(municipality):
    from hjemmepaed.organisation.tests.factories import DaycareFactory

    boss = ManagerFactory(municipality=municipality)
    daycare = DaycareFactory(municipality=municipality)
    educator = _create(boss, daycare=daycare)  # an educator-coordinator: the daycare is not kept
    assert User.objects.get(pk=educator.pk).daycare is None
    leader = _leader(boss, daycare=daycare)
    staff_update(
        acting_user=boss,
        person=leader,
        first_name="Lone",
        last_name="Berg",
        email="",
        roles=[Role.COORDINATOR],
        daycare=daycare,
    )
    assert User.objects.get(pk=leader.pk).daycare is None
