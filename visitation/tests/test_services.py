"""Registering referrals and the coordinator's intake decision, success and failure."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from courses.models import Course, Phase, PhaseChange
from families.models import Child, Guardian
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import DaycareFactory, user_for_role
from visitation import services
from visitation.services import ChildData
from visitation.tests.factories import cpr_for, recent_birth, referral_register

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def referred(coordinator):
    return referral_register(coordinator=coordinator)


def _approve(coordinator, course, educator, **overrides):
    fields = {"decided_on": TODAY() - timedelta(days=5), "primary_educator": educator}
    fields.update(overrides)
    return services.referral_approve(acting_user=coordinator, course=course, **fields)


# --- registering ---------------------------------------------------------------------------


def test_register_creates_family_course_history_and_audit(referred, coordinator):
    assert referred.phase == Phase.REFERRED
    assert Guardian.objects.get().name == "Sara Nielsen"
    assert Child.objects.get().family == referred.family
    factors = {(f.kind, f.factor) for f in referred.referral.risk_factors.all()}
    assert factors == {("parent", "parent_role"), ("parent", "imbalance"), ("child", "hard_to_comfort")}
    change = PhaseChange.objects.get()
    assert (change.from_phase, change.to_phase, change.by) == ("", "referred", coordinator)
    event = AuditEvent.objects.get()
    assert (event.action, event.subject_type, event.subject_id) == ("create", "family", str(referred.family.pk))


def test_unborn_child_with_expected_due_date_is_accepted(coordinator):
    course = referral_register(
        coordinator=coordinator,
        children=[ChildData(name="Ufødt barn", expected_due_date=TODAY() + timedelta(days=40))],
    )
    assert not course.family.children.get().is_born


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"children": []}, "children", "Tilføj mindst ét barn i målgruppen."),
        ({"children": [ChildData(name="Alma")]}, "children", "Angiv fødselsdatoen for Alma"),
        ({"guardians": []}, "guardians", "Tilføj mindst én forælder"),
        ({"received_on": TODAY() + timedelta(days=1)}, "received_on", "Modtagelsesdatoen kan ikke ligge i fremtiden."),
        ({"recruited_by": "other"}, "recruited_by_other", "Skriv, hvem der rekrutterede familien."),
        ({"consent_given_by": ""}, "consent_given_by", "Skriv, hvem der gav samtykket."),
    ],
)
def test_register_refuses_incomplete_referrals(coordinator, overrides, field, message):
    with pytest.raises(DomainError) as error:
        referral_register(coordinator=coordinator, **overrides)
    assert error.value.field == field
    assert message in str(error.value)
    assert not Course.objects.exists()


def test_register_refuses_another_municipalitys_daycare(coordinator, other_municipality):
    foreign = DaycareFactory(municipality=other_municipality)
    with pytest.raises(DomainError, match="Dagtilbuddet skal høre til kommunen."):
        referral_register(
            coordinator=coordinator,
            children=[
                ChildData(name="Alma", birth_date=TODAY() - timedelta(days=200), daycare=foreign, attends_daycare=True)
            ],
        )


def test_manager_cannot_register(municipality):
    with pytest.raises(DomainError):
        referral_register(coordinator=user_for_role(Role.MANAGER, municipality=municipality))


# --- approving -----------------------------------------------------------------------------


def test_approve_sets_visitation_date_educators_and_history(referred, coordinator, educator, municipality):
    second = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = _approve(coordinator, referred, educator, second_educator=second)
    course.refresh_from_db()
    assert course.phase == Phase.DECIDED
    assert course.visitation_date == TODAY() - timedelta(days=5)
    assert (course.primary_educator, course.second_educator) == (educator, second)
    change = course.phase_changes.last()
    assert (change.from_phase, change.to_phase, change.by) == ("referred", "decided", coordinator)
    assert AuditEvent.objects.filter(action="update", object_id=str(course.pk)).count() == 1


@pytest.mark.parametrize("role", [Role.HOME_EDUCATOR, Role.MANAGER])
def test_only_a_coordinator_decides(referred, educator, municipality, role):
    with pytest.raises(DomainError, match="Kun en tovholder i kommunen kan træffe visitationsbeslutningen."):
        _approve(user_for_role(role, municipality=municipality), referred, educator)


def test_coordinator_of_another_municipality_cannot_decide(referred, educator, other_municipality):
    with pytest.raises(DomainError):
        _approve(user_for_role(Role.COORDINATOR, municipality=other_municipality), referred, educator)


@pytest.mark.parametrize("reason", [{"section_52_decided": True}, {"complexity": "medium"}])
def test_outside_target_group_needs_a_justification(coordinator, educator, reason):
    course = referral_register(coordinator=coordinator, **reason)
    with pytest.raises(DomainError) as error:
        _approve(coordinator, course, educator)
    assert error.value.field == "justification"
    assert "servicelovens § 52" in str(error.value)
    course = _approve(coordinator, course, educator, justification="Afgrænset problem, aftalt med familieafdelingen.")
    assert course.decision_justification.startswith("Afgrænset problem")


def test_educators_must_be_two_active_educators_of_the_municipality(
    referred, coordinator, educator, other_municipality
):
    foreign = user_for_role(Role.HOME_EDUCATOR, municipality=other_municipality)
    with pytest.raises(DomainError, match="er ikke en aktiv hjemmepædagog i kommunen"):
        _approve(coordinator, referred, foreign)
    with pytest.raises(DomainError, match="en anden person"):
        _approve(coordinator, referred, educator, second_educator=educator)
    with pytest.raises(DomainError):
        _approve(coordinator, referred, coordinator)


def test_decision_date_between_received_and_today(referred, coordinator, educator):
    with pytest.raises(DomainError, match="før henvendelsen blev modtaget"):
        _approve(coordinator, referred, educator, decided_on=referred.referral.received_on - timedelta(days=1))
    with pytest.raises(DomainError, match="Beslutningsdatoen kan ikke ligge i fremtiden."):
        _approve(coordinator, referred, educator, decided_on=TODAY() + timedelta(days=1))


def test_second_approval_is_refused_and_changes_nothing(referred, coordinator, educator, municipality):
    _approve(coordinator, referred, educator)
    other = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    with pytest.raises(DomainError, match="fra “Visiteret” til “Visiteret”"):
        _approve(coordinator, referred, other)
    referred.refresh_from_db()
    assert referred.primary_educator == educator
    assert referred.phase_changes.filter(to_phase="decided").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite has none")
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_approving_at_once_produce_one_decision(municipality):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    course = referral_register(coordinator=coordinator)
    colleague = user_for_role(Role.COORDINATOR, municipality=municipality)
    educators = [user_for_role(Role.HOME_EDUCATOR, municipality=municipality) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(user, educator):
        barrier.wait()
        try:
            _approve(user, Course.objects.get(pk=course.pk), educator)
            outcomes.append("approved")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(user, educator))
        for user, educator in zip((coordinator, colleague), educators)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "refused"]
    assert PhaseChange.objects.filter(course=course, to_phase="decided").count() == 1


# --- waiting list, rejection, withdrawal --------------------------------------------------


def test_waiting_list_then_approval_keeps_the_first_decision_date(referred, coordinator, educator):
    placed_on = TODAY() - timedelta(days=15)
    course = services.referral_waitlist(acting_user=coordinator, course=referred, placed_on=placed_on, position=3)
    assert (course.phase, course.waiting_position, course.visitation_date) == ("waiting", 3, placed_on)
    course = _approve(coordinator, course, educator, decided_on=TODAY())
    assert (course.phase, course.visitation_date, course.waiting_position) == ("decided", placed_on, None)


def test_waiting_position_must_be_positive(referred, coordinator):
    with pytest.raises(DomainError, match="Pladsen på ventelisten er 1 eller derover."):
        services.referral_waitlist(acting_user=coordinator, course=referred, placed_on=TODAY(), position=0)


def test_reject_needs_a_reason_and_is_final(referred, coordinator, educator):
    with pytest.raises(DomainError, match="Skriv, hvorfor henvendelsen afvises."):
        services.referral_reject(acting_user=coordinator, course=referred, decided_on=TODAY(), reason=" ")
    course = services.referral_reject(
        acting_user=coordinator, course=referred, decided_on=TODAY(), reason="Behov for § 52-indsats."
    )
    assert (course.phase, course.visitation_date) == ("rejected", TODAY())
    with pytest.raises(DomainError):
        _approve(coordinator, course, educator)


def test_withdraw_before_start(referred, coordinator):
    with pytest.raises(DomainError, match="Skriv, hvorfor henvendelsen trækkes tilbage."):
        services.referral_withdraw(acting_user=coordinator, course=referred, reason="")
    course = services.referral_withdraw(acting_user=coordinator, course=referred, reason="Familien er flyttet.")
    assert course.phase == "withdrawn"
    assert course.phase_changes.last().note == "Familien er flyttet."


def test_cpr_is_stored_encrypted_and_must_match_the_birth_date(coordinator):
    born = recent_birth()
    day_after = cpr_for(born + timedelta(days=1))
    with pytest.raises(DomainError, match="passer ikke med fødselsdatoen"):
        referral_register(coordinator=coordinator, children=[ChildData(name="Alma", birth_date=born, cpr=day_after)])
    course = referral_register(
        coordinator=coordinator, children=[ChildData(name="Alma", birth_date=born, cpr=cpr_for(born))]
    )
    child = course.family.children.get()
    assert cpr_for(born, separator="") not in child.cpr_encrypted
    assert child.cpr_masked == f"{born:%d%m%y}-XXXX"
    assert not AuditEvent.objects.filter(criterion__contains=cpr_for(born, separator="")).exists()


def test_rotate_keys_command_re_encrypts_under_the_new_key(coordinator, settings, capsys):
    from cryptography.fernet import Fernet
    from django.core.management import call_command
    from django.test import override_settings

    born = recent_birth()
    course = referral_register(
        coordinator=coordinator, children=[ChildData(name="Alma", birth_date=born, cpr=cpr_for(born, separator=""))]
    )
    new_key = Fernet.generate_key().decode()
    with override_settings(CPR_ENCRYPTION_KEYS=[new_key, *settings.CPR_ENCRYPTION_KEYS]):
        call_command("cpr_rotate_keys")
    assert "Krypterede 1 CPR-numre igen" in capsys.readouterr().out
    with override_settings(CPR_ENCRYPTION_KEYS=[new_key]):
        assert course.family.children.get().cpr_masked == f"{born:%d%m%y}-XXXX"


# --- the age limit at the intake ---------------------------------------------------------


def test_a_child_older_than_36_months_when_received_cannot_be_registered(coordinator):
    from dateutil.relativedelta import relativedelta

    born = TODAY() - relativedelta(years=4, months=10)
    with pytest.raises(DomainError) as error:
        referral_register(coordinator=coordinator, received_on=TODAY(), birth_date=born)
    assert error.value.field == "children"
    assert "Alma Nielsen var ældre end 36 måneder, da henvendelsen blev modtaget" in str(error.value)
    assert "Forløbet er for børn på 0–36 måneder." in str(error.value)
    assert not Course.objects.exists()


def test_a_child_of_36_months_and_an_expected_birth_are_registered(coordinator):
    from dateutil.relativedelta import relativedelta

    on_the_birthday = referral_register(
        coordinator=coordinator, received_on=TODAY(), birth_date=TODAY() - relativedelta(months=36)
    )
    expected = referral_register(
        coordinator=coordinator,
        children=[ChildData(name="Ufødt barn", expected_due_date=TODAY() + timedelta(days=40))],
    )
    assert on_the_birthday.phase == expected.phase == Phase.REFERRED


@pytest.mark.parametrize("decision", ["approve", "waitlist"])
def test_a_child_who_turned_3_before_the_decision_date_is_not_approved(coordinator, decision):
    from dateutil.relativedelta import relativedelta

    born = TODAY() - relativedelta(months=36, days=10)
    course = referral_register(coordinator=coordinator, received_on=TODAY() - timedelta(days=20), birth_date=born)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=coordinator.municipality)
    with pytest.raises(DomainError) as error:
        if decision == "approve":
            _approve(coordinator, course, educator, decided_on=TODAY())
        else:
            services.referral_waitlist(acting_user=coordinator, course=course, placed_on=TODAY(), position=1)
    assert error.value.field == "decided_on"
    assert "Alma Nielsen er ældre end 36 måneder på visitationsdatoen" in str(error.value)
    course.refresh_from_db()
    assert course.phase == Phase.REFERRED
    # Decided while the child was still 36 months, the approval goes through.
    assert _approve(coordinator, course, educator, decided_on=TODAY() - timedelta(days=11)).phase == Phase.DECIDED


# --- the same CPR number at a second referral ----------------------------------------------


def _with_cpr(name="Alma Nielsen"):
    born = TODAY() - timedelta(days=300)
    return ChildData(name=name, birth_date=born, cpr=f"{born:%d%m%y}-4123")


def test_the_same_cpr_in_the_municipality_is_refused_naming_the_family_and_audited(coordinator):
    first = referral_register(coordinator=coordinator, children=[_with_cpr()])
    before = AuditEvent.objects.count()
    with pytest.raises(services.ExistingFamilyError) as error:
        referral_register(coordinator=coordinator, children=[_with_cpr("Alma N.")])
    assert f"allerede registreret i kommunen (forløb nr. {first.pk})" in str(error.value)
    assert error.value.family == first.family and error.value.field == "on_existing_family"
    assert Course.objects.count() == 1 and Child.objects.count() == 1
    assert AuditEvent.objects.count() == before + 1  # the look-up, kept though the registration is refused
    search = AuditEvent.objects.order_by("-pk").first()
    assert (search.action, search.object_type, search.subject_type) == ("search", "family", "family")
    digits = _with_cpr().cpr.replace("-", "")
    assert digits not in search.criterion and "CPR" in search.criterion


def test_another_municipality_s_child_with_the_same_cpr_is_not_found(coordinator):
    from hjemmepaed.organisation.tests.factories import MunicipalityFactory

    elsewhere = user_for_role(Role.COORDINATOR, municipality=MunicipalityFactory())
    referral_register(coordinator=elsewhere, children=[_with_cpr()])
    assert referral_register(coordinator=coordinator, children=[_with_cpr()]).family.children.count() == 1


def test_a_new_referral_on_the_existing_family_once_its_course_has_ended(coordinator):
    first = referral_register(coordinator=coordinator, children=[_with_cpr()])
    with pytest.raises(DomainError, match=f"Familien har allerede forløb nr. {first.pk}, som ikke er afsluttet"):
        referral_register(coordinator=coordinator, children=[_with_cpr()], on_existing_family=True)
    services.referral_reject(acting_user=coordinator, course=first, decided_on=TODAY(), reason="Ikke nu")
    second = referral_register(
        coordinator=coordinator,
        guardians=[
            services.GuardianData(name="Sara Nielsen", relation="mother"),
            services.GuardianData(name="Jonas Nielsen", relation="father", has_custody=False),
        ],
        children=[_with_cpr(), ChildData(name="Bo Nielsen", expected_due_date=TODAY() + timedelta(days=30))],
        on_existing_family=True,
    )
    assert second.family == first.family and second.pk != first.pk
    assert [g.name for g in second.family.guardians.all()] == ["Sara Nielsen", "Jonas Nielsen"]
    assert sorted(c.name for c in second.family.children.all()) == ["Alma Nielsen", "Bo Nielsen"]
    assert AuditEvent.objects.filter(criterion="referral registered on an existing family").count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two transactions at once need PostgreSQL; SQLite runs one writer at a time (BEGIN IMMEDIATE)",
)
@pytest.mark.django_db(transaction=True)
def test_two_referrals_of_the_same_child_at_the_same_moment_make_one_family(municipality):
    """Without the municipality's registration lock both look-ups find nothing and both make a
    family; with it the second waits, finds the first's family and is refused naming its course."""
    coordinators = [user_for_role(Role.COORDINATOR, municipality=municipality) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def register(coordinator):
        barrier.wait()
        try:
            outcomes.append(referral_register(coordinator=coordinator, children=[_with_cpr()]).pk)
        except services.ExistingFamilyError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(coordinator,)) for coordinator in coordinators]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    course = Course.objects.get()
    assert sorted(outcomes, key=str) == sorted(
        [
            course.pk,
            f"En familie med et barn med dette CPR-nummer er allerede registreret i kommunen "
            f"(forløb nr. {course.pk}). Registrér den nye henvendelse på den familie, eller tjek CPR-nummeret.",
        ],
        key=str,
    )
    assert Child.objects.count() == 1
    assert AuditEvent.objects.filter(action="search", object_type="family").count() == 1  # the refused one's look-up
