"""Recording versions of a municipality's model and its own referral questions."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from hjemmepaed.variants.models import Preset, ReferralQuestion, Variant, Visitation
from hjemmepaed.variants.selectors import variant_for_start, variant_in_force, variants_for_period
from hjemmepaed.variants.services import (
    referral_question_add,
    referral_question_deactivate,
    referral_question_ids_moved_up,
    referral_question_order,
    referral_question_reword,
    variant_from_preset_record,
    variant_record,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


@pytest.fixture
def ishoj():
    return MunicipalityFactory(name="Ishøj", code="183")


@pytest.fixture
def manager(ishoj):
    return user_for_role(Role.MANAGER, municipality=ishoj)


def _record(manager, **changes):
    return variant_record(acting_user=manager, municipality=manager.municipality, valid_from=TODAY(), **changes)


def _message(excinfo):
    return str(excinfo.value)


def test_a_version_from_today_is_in_force_and_audited(manager, ishoj):
    variant = _record(manager, visit_cap=10, offer_name="Hjemmebaseret indsats")
    assert variant_in_force(municipality=ishoj, on=TODAY()) == variant
    assert variant.recorded_by == manager
    event = AuditEvent.objects.get(object_type="variant")
    assert (event.action, event.actor, event.municipality, event.object_id) == (
        "create",
        manager,
        ishoj,
        str(variant.pk),
    )


def test_a_version_cannot_be_back_dated(manager):
    with pytest.raises(DomainError) as excinfo:
        variant_record(acting_user=manager, municipality=manager.municipality, valid_from=TODAY() - timedelta(days=1))
    assert excinfo.value.field == "valid_from"
    assert "tidligst gælde fra i dag" in _message(excinfo)
    assert not Variant.objects.exists()


def test_a_running_course_keeps_its_version_when_the_model_changes(coordinator):
    from visitation.tests.factories import course_started

    municipality = coordinator.municipality
    manager = user_for_role(Role.MANAGER, municipality=municipality)
    before = Variant.objects.create(municipality=municipality, valid_from=TODAY() - timedelta(days=100), visit_cap=20)
    course = course_started(coordinator=coordinator, start_date=TODAY() - timedelta(days=30))
    _record(manager, visit_cap=8)
    assert variant_for_start(municipality=municipality, start_date=course.start_date) == before
    assert variant_for_start(municipality=municipality, start_date=TODAY()).visit_cap == 8


def test_an_upcoming_version_may_be_replaced_but_not_one_in_force(manager, ishoj):
    later = TODAY() + timedelta(days=10)
    first = variant_record(acting_user=manager, municipality=ishoj, valid_from=later, visit_cap=10)
    again = variant_record(acting_user=manager, municipality=ishoj, valid_from=later, visit_cap=12)
    assert again.pk == first.pk and Variant.objects.get().visit_cap == 12
    assert list(AuditEvent.objects.filter(object_type="variant").order_by("pk").values_list("action", flat=True)) == [
        "create",
        "update",
    ]
    _record(manager, visit_cap=10)
    with pytest.raises(DomainError) as excinfo:
        _record(manager, visit_cap=11)
    assert "er allerede i kraft" in _message(excinfo)
    assert variant_in_force(municipality=ishoj, on=TODAY()).visit_cap == 10


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"max_age_months": 48}, "Ishøj: den nationale model tager børn op til 36 måneder"),
        ({"max_weeks": 52}, "Ishøj: den nationale model varer højst 40 uger"),
    ],
)
def test_widening_needs_a_reason_naming_the_national_limit(manager, changes, words):
    with pytest.raises(DomainError) as excinfo:
        _record(manager, **changes)
    assert excinfo.value.field == "deviation_reason"
    assert words in _message(excinfo)
    variant = _record(manager, deviation_reason="Forløbet udspringer af et dagtilbudsforløb", **changes)
    assert variant.deviates_from_national


def test_narrowing_is_free(manager):
    variant = _record(manager, min_age_months=6, max_age_months=24, max_weeks=20)
    assert not variant.deviates_from_national


def test_the_age_range_must_be_a_range(manager):
    with pytest.raises(DomainError) as excinfo:
        _record(manager, min_age_months=24, max_age_months=12)
    assert "Den yngste alder ved start skal være under den ældste" in _message(excinfo)


def test_out_of_range_numbers_are_refused_with_a_message(manager):
    with pytest.raises(DomainError) as excinfo:
        _record(manager, booster_window_months=13)
    assert (excinfo.value.field, _message(excinfo)) == ("booster_window_months", "Skriv et helt tal fra 0 til 12.")


def test_team_members_must_be_active_staff_of_the_municipality(manager, ishoj):
    own = user_for_role(Role.COORDINATOR, municipality=ishoj)
    stranger = user_for_role(Role.COORDINATOR, municipality=MunicipalityFactory(name="Thisted", code="787"))
    with pytest.raises(DomainError) as excinfo:
        _record(manager, visitation=Visitation.TEAM, team_members=[own, stranger])
    assert "kun have aktive medarbejdere i Ishøj" in _message(excinfo)
    with pytest.raises(DomainError) as excinfo:
        _record(manager, visitation=Visitation.TEAM)
    assert "mindst ét medlem" in _message(excinfo)
    variant = _record(manager, visitation=Visitation.TEAM, team_members=[own])
    assert list(variant.team_members.all()) == [own]


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.HOME_EDUCATOR])
def test_only_the_municipalitys_manager_records_a_version(ishoj, role):
    with pytest.raises(DomainError) as excinfo:
        variant_record(acting_user=user_for_role(role, municipality=ishoj), municipality=ishoj, valid_from=TODAY())
    assert "Kun en leder i kommunen" in _message(excinfo)
    other_manager = user_for_role(Role.MANAGER, municipality=MunicipalityFactory(name="Thisted", code="787"))
    with pytest.raises(DomainError):
        variant_record(acting_user=other_manager, municipality=ishoj, valid_from=TODAY())


def test_a_version_from_a_preset_takes_its_settings(manager, ishoj):
    variant = variant_from_preset_record(
        acting_user=manager, municipality=ishoj, valid_from=TODAY(), preset=Preset.ISHOJ
    )
    assert (variant.preset, variant.visitation, variant.visit_cap, variant.first_visit_is_startup) == (
        "ishoj",
        "none",
        10,
        True,
    )
    assert not variant.visitation_required


def test_the_versions_of_a_period(manager, ishoj):
    Variant.objects.create(municipality=ishoj, valid_from=TODAY() - timedelta(days=400), visit_cap=12)
    Variant.objects.create(municipality=ishoj, valid_from=TODAY() - timedelta(days=100), visit_cap=10)
    found = variants_for_period(municipality=ishoj, start=TODAY() - timedelta(days=365), end=TODAY())
    assert [v.visit_cap for v in found] == [12, 10]
    nothing = variants_for_period(municipality=MunicipalityFactory(), start=TODAY(), end=TODAY())
    assert [v.pk for v in nothing] == [None]  # the national model


# ------------------------------------------------------------------------------ questions
def test_questions_are_added_in_order_reworded_deactivated_and_reordered(manager, ishoj):
    first = referral_question_add(acting_user=manager, municipality=ishoj, text=" Hvordan forstår forældrene det? ")
    second = referral_question_add(acting_user=manager, municipality=ishoj, text="Hvad håber de?")
    assert (first.text, first.position, second.position) == ("Hvordan forstår forældrene det?", 0, 1)
    referral_question_reword(acting_user=manager, question=second, text="Hvad håber de kan blive anderledes?")
    ids = referral_question_ids_moved_up(question_ids=[first.pk, second.pk], question_id=second.pk)
    referral_question_order(acting_user=manager, municipality=ishoj, question_ids=ids)
    assert list(ReferralQuestion.objects.values_list("text", flat=True)) == [
        "Hvad håber de kan blive anderledes?",
        "Hvordan forstår forældrene det?",
    ]
    referral_question_deactivate(acting_user=manager, question=first)
    first.refresh_from_db()
    assert not first.is_active
    assert AuditEvent.objects.filter(object_type__startswith="referral_question").count() == 5


def test_a_question_needs_words(manager, ishoj):
    with pytest.raises(DomainError) as excinfo:
        referral_question_add(acting_user=manager, municipality=ishoj, text="  ")
    assert _message(excinfo) == "Skriv spørgsmålet."


def test_an_order_must_name_every_question_once(manager, ishoj):
    question = referral_question_add(acting_user=manager, municipality=ishoj, text="Hvad håber de?")
    with pytest.raises(DomainError) as excinfo:
        referral_question_order(acting_user=manager, municipality=ishoj, question_ids=[question.pk, question.pk])
    assert "genindlæs siden" in _message(excinfo)


def test_a_coordinator_cannot_change_the_questions(ishoj):
    coordinator = user_for_role(Role.COORDINATOR, municipality=ishoj)
    with pytest.raises(DomainError):
        referral_question_add(acting_user=coordinator, municipality=ishoj, text="Hvad håber de?")


def test_the_versions_of_a_period_for_many_municipalities_in_one_query(ishoj, django_assert_num_queries):
    from hjemmepaed.variants.selectors import variants_for_period_many

    thisted = MunicipalityFactory(name="Thisted", code="787")
    Variant.objects.create(municipality=ishoj, valid_from=TODAY() - timedelta(days=400), visit_cap=12)
    Variant.objects.create(
        municipality=ishoj, valid_from=TODAY() - timedelta(days=100), max_weeks=52, deviation_reason="Længere"
    )
    with django_assert_num_queries(1):
        found = variants_for_period_many(
            municipalities=[ishoj, thisted], start=TODAY() - timedelta(days=365), end=TODAY()
        )
    assert [v.visit_cap for v in found[ishoj]] == [12, None]
    assert found[ishoj][1].deviates_from_national
    assert [v.pk for v in found[thisted]] == [None]
