"""The intake follows the municipality's model (issue 14): each preset's characteristic path
through the real services, and each local rule broken with its Danish message."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Phase, PhaseChange
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from hjemmepaed.variants.models import Preset, ReferralQuestion
from hjemmepaed.variants.tests.factories import variant_from_preset
from visitation import services
from visitation.models import IntakeDecision, ReferralAnswer
from visitation.services import ChildData
from visitation.tests.factories import referral_register

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _approve(coordinator, course, educator, **overrides):
    fields = {"decided_on": TODAY() - timedelta(days=5), "primary_educator": educator}
    fields.update(overrides)
    return services.referral_approve(acting_user=coordinator, course=course, **fields)


# --- Ishøj: no prior visitation --------------------------------------------------------------


@pytest.fixture
def ishoj():
    municipality = MunicipalityFactory(name="Ishøj", code="183")
    variant_from_preset(municipality=municipality, preset=Preset.ISHOJ)
    return municipality


def test_ishoj_a_home_educators_referral_is_approved_at_once_and_recorded(ishoj):
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=ishoj)
    course = referral_register(coordinator=educator, recruited_by="daycare")
    assert course.phase == Phase.DECIDED
    assert course.primary_educator == educator
    assert course.visitation_date == course.referral.received_on  # the reports count it from there
    decision = IntakeDecision.objects.get(course=course)
    assert (decision.kind, decision.note) == ("no_visitation", "ingen visitation i Ishøjs model")
    moves = list(PhaseChange.objects.filter(course=course).values_list("to_phase", "note"))
    assert moves == [("referred", ""), ("decided", "ingen visitation i Ishøjs model")]
    assert AuditEvent.objects.filter(criterion__contains="no visitation in the municipality's model").exists()


def test_ishoj_a_coordinator_names_the_educator_or_is_told_why(ishoj):
    coordinator = user_for_role(Role.COORDINATOR, municipality=ishoj)
    with pytest.raises(DomainError) as error:
        referral_register(coordinator=coordinator)
    assert error.value.field == "primary_educator"
    assert "Ishøj kræver ikke forudgående visitation" in str(error.value)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=ishoj)
    course = referral_register(coordinator=coordinator, primary_educator=educator)
    assert (course.phase, course.primary_educator) == (Phase.DECIDED, educator)


def test_ishoj_refuses_an_educator_of_another_municipality(ishoj, municipality):
    coordinator = user_for_role(Role.COORDINATOR, municipality=ishoj)
    stranger = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    with pytest.raises(DomainError, match="er ikke en aktiv hjemmepædagog i kommunen"):
        referral_register(coordinator=coordinator, primary_educator=stranger)
    assert not IntakeDecision.objects.exists()


def test_the_national_model_keeps_the_decision_step(coordinator):
    course = referral_register(coordinator=coordinator)
    assert course.phase == Phase.REFERRED
    assert not IntakeDecision.objects.exists()


# --- København: the visitation team --------------------------------------------------------


@pytest.fixture
def team(municipality):
    members = [user_for_role(Role.COORDINATOR, municipality=municipality) for _ in range(2)]
    variant = variant_from_preset(municipality=municipality, preset=Preset.KOBENHAVN)
    variant.team_members.set(members)
    return members


def test_kobenhavn_the_decision_records_the_team_members_present(coordinator, educator, team):
    course = referral_register(coordinator=coordinator)
    course = _approve(coordinator, course, educator, team_members=[team[0]])
    assert course.phase == Phase.DECIDED
    decision = IntakeDecision.objects.get(course=course)
    assert decision.kind == "approve"
    assert decision.visitation == "team"
    assert list(decision.team_members.all()) == [team[0]]


def test_kobenhavn_refuses_a_decision_without_the_team(coordinator, educator, team):
    course = referral_register(coordinator=coordinator)
    with pytest.raises(DomainError) as error:
        _approve(coordinator, course, educator)
    assert error.value.field == "team_members"
    assert "København: visitationsteamet træffer beslutningen. Vælg de af teamets medlemmer, der deltog." in str(
        error.value
    )
    course.refresh_from_db()
    assert course.phase == Phase.REFERRED


def test_kobenhavn_refuses_someone_not_on_the_team(coordinator, educator, team):
    course = referral_register(coordinator=coordinator)
    with pytest.raises(DomainError, match=f"København: {coordinator} er ikke medlem af visitationsteamet."):
        _approve(coordinator, course, educator, team_members=[coordinator])


def test_kobenhavn_the_waiting_list_asks_the_team_too(coordinator, team):
    course = referral_register(coordinator=coordinator)
    with pytest.raises(DomainError, match="visitationsteamet træffer beslutningen"):
        services.referral_waitlist(acting_user=coordinator, course=course, placed_on=TODAY(), position=1)
    course = services.referral_waitlist(
        acting_user=coordinator, course=course, placed_on=TODAY(), position=1, team_members=team
    )
    assert set(IntakeDecision.objects.get(course=course, kind="waitlist").team_members.all()) == set(team)


def test_kobenhavn_asks_its_own_referral_questions(coordinator, municipality, other_municipality):
    asked = ReferralQuestion.objects.create(municipality=municipality, text="Hvad har I allerede prøvet?", position=1)
    ReferralQuestion.objects.create(municipality=municipality, text="Udgået spørgsmål", is_active=False)
    course = referral_register(
        coordinator=coordinator, referral_answers={asked.pk: " Vi har talt med sundhedsplejen. "}
    )
    answer = ReferralAnswer.objects.get(referral=course.referral)
    assert (answer.question_text, answer.answer) == ("Hvad har I allerede prøvet?", "Vi har talt med sundhedsplejen.")
    foreign = ReferralQuestion.objects.create(municipality=other_municipality, text="Thisteds spørgsmål")
    with pytest.raises(DomainError, match="Spørgsmålet er ikke et af dem, kommunen stiller ved henvendelsen."):
        referral_register(coordinator=coordinator, referral_answers={foreign.pk: "Svar"})


# --- Helsingør: the daycare leader's statement ----------------------------------------------


@pytest.fixture
def helsingor(municipality):
    variant_from_preset(municipality=municipality, preset=Preset.HELSINGOR)
    municipality.name = "Helsingør"
    municipality.save(update_fields=["name"])
    return municipality


def test_helsingor_the_decision_holds_the_daycare_leaders_statement(coordinator, educator, helsingor):
    course = referral_register(coordinator=coordinator)
    course = _approve(
        coordinator,
        course,
        educator,
        daycare_leader_name=" Lone Berg ",
        daycare_leader_statement="Alma trives, men mor har brug for støtte derhjemme.",
    )
    decision = IntakeDecision.objects.get(course=course)
    assert (decision.daycare_leader_name, decision.daycare_leader_statement) == (
        "Lone Berg",
        "Alma trives, men mor har brug for støtte derhjemme.",
    )


@pytest.mark.parametrize(
    ("given", "field", "message"),
    [
        (
            {},
            "daycare_leader_name",
            "Helsingør: dagtilbudslederen deltager i visitationen. Skriv dagtilbudslederens navn.",
        ),
        (
            {"daycare_leader_name": "Lone Berg", "daycare_leader_statement": "  "},
            "daycare_leader_statement",
            "Helsingør: beslutningen kræver dagtilbudslederens udtalelse.",
        ),
    ],
)
def test_helsingor_refuses_a_decision_without_the_statement(coordinator, educator, helsingor, given, field, message):
    course = referral_register(coordinator=coordinator)
    with pytest.raises(DomainError) as error:
        _approve(coordinator, course, educator, **given)
    assert error.value.field == field
    assert message in str(error.value)
    assert not IntakeDecision.objects.exists()


# --- Thisted: a coordinator who is also the home educator ---------------------------------


@pytest.fixture
def coordinator_also_educator(coordinator):
    """The coordinator holds the home educator's role too (Thisted), a real second role."""
    from hjemmepaed.organisation.models import Anchoring, Profession, Role, StaffRole

    coordinator.profession, coordinator.anchoring = Profession.PEDAGOGUE, Anchoring.ADMINISTRATION
    coordinator.save(update_fields=["profession", "anchoring"])
    StaffRole.objects.create(user=coordinator, role=Role.HOME_EDUCATOR)
    coordinator.roles_forget()
    return coordinator


def test_thisted_own_approval_is_allowed_and_recorded(coordinator_also_educator, municipality):
    variant_from_preset(municipality=municipality, preset=Preset.THISTED)
    course = referral_register(coordinator=coordinator_also_educator)
    course = _approve(coordinator_also_educator, course, coordinator_also_educator)
    assert course.primary_educator == coordinator_also_educator
    decision = IntakeDecision.objects.get(course=course)
    assert decision.approved_by_own_coordinator
    assert decision.note == "godkendt af egen tovholder"
    assert PhaseChange.objects.get(course=course, to_phase="decided").note == "godkendt af egen tovholder"


def test_the_national_model_refuses_own_approval(coordinator_also_educator):
    course = referral_register(coordinator=coordinator_also_educator)
    with pytest.raises(DomainError) as error:
        _approve(coordinator_also_educator, course, coordinator_also_educator)
    assert error.value.field == "primary_educator"
    assert str(error.value).startswith(
        "København: en tovholder godkender ikke et forløb, hvor tovholderen selv er primær hjemmepædagog."
    )
    course.refresh_from_db()
    assert course.phase == Phase.REFERRED


def test_another_educator_is_no_own_approval(coordinator, educator, municipality):
    variant_from_preset(municipality=municipality, preset=Preset.THISTED)
    course = _approve(coordinator, referral_register(coordinator=coordinator), educator)
    assert not IntakeDecision.objects.get(course=course).approved_by_own_coordinator


# --- the age range at intake ----------------------------------------------------------------


def test_a_narrower_age_range_is_named_at_registration(coordinator, municipality):
    variant_from_preset(municipality=municipality, preset=Preset.NATIONAL, max_age_months=24)
    born = TODAY() - timedelta(days=30 * 26)
    with pytest.raises(DomainError) as error:
        referral_register(coordinator=coordinator, children=[ChildData(name="Alma", birth_date=born)])
    assert error.value.field == "children"
    assert "København: forløbet er for børn på 0–24 måneder ved start; Alma er ældre end 24 måneder" in str(error.value)


def test_a_minimum_age_is_named_at_the_decision(coordinator, educator, municipality):
    course = referral_register(coordinator=coordinator, birth_date=TODAY() - timedelta(days=40))
    variant_from_preset(municipality=municipality, preset=Preset.NATIONAL, min_age_months=3, valid_from=TODAY())
    with pytest.raises(
        DomainError,
        match="København: forløbet er for børn på 3–36 måneder ved start; Alma Nielsen er yngre end 3 måneder",
    ):
        _approve(coordinator, course, educator, decided_on=TODAY())


def test_a_wider_age_range_with_its_reason_accepts_an_older_child(coordinator, municipality):
    variant_from_preset(
        municipality=municipality, preset=Preset.NATIONAL, max_age_months=48, deviation_reason="Forsøg med 3-4-årige"
    )
    born = TODAY() - timedelta(days=365 * 3 + 60)
    course = referral_register(coordinator=coordinator, children=[ChildData(name="Alma", birth_date=born)])
    assert course.phase == Phase.REFERRED


def test_the_national_range_keeps_its_message(coordinator):
    born = TODAY() - timedelta(days=365 * 3 + 60)
    with pytest.raises(DomainError, match="ældre end 36 måneder, da henvendelsen blev modtaget"):
        referral_register(coordinator=coordinator, children=[ChildData(name="Alma", birth_date=born)])


# --- retention ------------------------------------------------------------------------------


def test_retention_empties_the_answers_and_the_statement(coordinator, educator, helsingor):
    from families.models import ANONYMISED
    from visitation.services import referral_anonymise

    question = ReferralQuestion.objects.create(municipality=helsingor, text="Hvad har familien selv prøvet?")
    course = referral_register(coordinator=coordinator, referral_answers={question.pk: "Faste rutiner hos mormor"})
    course = _approve(
        coordinator, course, educator, daycare_leader_name="Lone Berg", daycare_leader_statement="Mor er presset."
    )
    referral_anonymise(course=course)
    assert ReferralAnswer.objects.get().answer == ANONYMISED
    decision = IntakeDecision.objects.get()
    assert (decision.daycare_leader_name, decision.daycare_leader_statement) == ("Lone Berg", ANONYMISED)
