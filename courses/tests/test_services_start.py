"""Phase 2 (start-up meeting and goals) and the 40-week and age rules."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from courses import rules
from courses.models import Extension, Phase
from courses.services import GoalData, course_extend, course_start
from families.services import consent_withdraw
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.services import ChildData, GuardianData
from visitation.tests.factories import consents_give, course_decided, course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
GOALS = [GoalData(theme="home_relations", description="Faste rammer ved sengetid", weight_at_start=8)]


@pytest.fixture
def decided(coordinator):
    return course_decided(coordinator=coordinator)


def _start(course, **overrides):
    fields = {
        "acting_user": course.primary_educator,
        "course": course,
        "start_date": TODAY() - timedelta(days=3),
        "participants": "Mor og hjemmepædagog",
        "goals": GOALS,
    }
    fields.update(overrides)
    return course_start(**fields)


def test_start_sets_dates_goals_and_moves_phase(decided):
    course = _start(decided)
    assert course.phase == Phase.STARTED
    assert course.start_date == TODAY() - timedelta(days=3)
    assert course.planned_end_date == course.start_date + timedelta(weeks=40)
    goal = course.goals.get()
    assert (goal.theme, goal.weight_at_start) == ("home_relations", 8)
    assert course.start_up.participants == "Mor og hjemmepædagog"
    assert course.phase_changes.last().to_phase == "started"


def test_coordinator_may_start_but_not_another_educator(decided, municipality):
    stranger = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    with pytest.raises(DomainError, match="Kun forløbets hjemmepædagoger eller en tovholder"):
        _start(decided, acting_user=stranger)
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    assert _start(decided, acting_user=coordinator).phase == "started"


def test_start_before_the_intake_decision_is_refused(decided):
    with pytest.raises(DomainError, match="Startdatoen kan ikke ligge før visitationen"):
        _start(decided, start_date=decided.visitation_date - timedelta(days=1))


def test_planned_end_beyond_40_weeks_is_refused(decided):
    start = TODAY() - timedelta(days=3)
    with pytest.raises(DomainError, match="Et forløb varer højst 40 uger"):
        _start(decided, start_date=start, planned_end_date=start + timedelta(weeks=40, days=1))
    course = _start(decided, start_date=start, planned_end_date=start + timedelta(weeks=30))
    assert course.planned_end_date == start + timedelta(weeks=30)


def test_unborn_child_cannot_start(coordinator):
    course = course_decided(
        coordinator=coordinator,
        children=[ChildData(name="Ufødt barn", expected_due_date=TODAY() + timedelta(days=30))],
    )
    with pytest.raises(DomainError, match="Ufødt barn er ikke født endnu: forløbet begynder efter fødslen"):
        _start(course)


def test_child_over_36_months_cannot_start(coordinator):
    born = TODAY() - relativedelta(months=37)
    # Referred and approved while the child was still 35 months: the intake's own age check passes.
    earlier = TODAY() - relativedelta(months=2)
    course = course_decided(
        coordinator=coordinator, birth_date=born, received_on=earlier, consent_given_on=earlier, decided_on=earlier
    )
    with pytest.raises(DomainError, match="er ældre end 36 måneder på startdatoen"):
        _start(course)


def test_third_birthday_before_planned_end_needs_a_special_reason(coordinator):
    born = TODAY() - relativedelta(months=30)
    course = course_decided(coordinator=coordinator, birth_date=born)
    with pytest.raises(DomainError) as error:
        _start(course)
    assert error.value.field == "third_birthday_reason"
    assert "fylder 3 år den" in str(error.value)
    course = _start(course, third_birthday_reason="Overgang til børnehave planlægges med forældrene.")
    assert course.start_up.third_birthday_reason.startswith("Overgang")


def test_other_professionals_need_both_custodians_consent(coordinator):
    """The referral's own consent is not enough: every parent with custody consents to involving
    other professionals, and the refusal names the consent and who has not given it."""
    course = course_decided(
        coordinator=coordinator,
        guardians=[
            GuardianData(name="Sara Nielsen", relation="mother"),
            GuardianData(name="Jonas Nielsen", relation="father"),
        ],
        consents=(),
    )
    sara, jonas = course.family.guardians.all()
    consents_give(course=course, acting_user=coordinator, scopes=["involve_professionals"], guardians=[sara])
    with pytest.raises(DomainError) as error:
        _start(course, other_professionals_present=True)
    assert error.value.field == "other_professionals_present"
    assert str(error.value) == (
        "Andre fagpersoner ved opstartsmødet kræver samtykket “Inddragelse af andre fagpersoner” fra alle "
        f"forældre med forældremyndighed, gældende den {(TODAY() - timedelta(days=3)):%d.%m.%Y}. Det mangler fra "
        "Jonas Nielsen. Registrér samtykket under “Samtykker” på forløbets side."
    )
    consents_give(course=course, acting_user=coordinator, scopes=["involve_professionals"], guardians=[jonas])
    assert _start(course, other_professionals_present=True).start_up.other_professionals_present


def test_other_professionals_refused_after_the_consent_is_withdrawn(coordinator):
    course = course_decided(coordinator=coordinator, consents=("involve_professionals",))
    consent = course.family.guardians.get().consents.get()
    consent_withdraw(acting_user=coordinator, course=course, consent=consent)
    with pytest.raises(DomainError, match="Inddragelse af andre fagpersoner"):
        _start(course, start_date=TODAY(), other_professionals_present=True)
    assert _start(course, start_date=TODAY()).start_up.other_professionals_present is False


@pytest.mark.parametrize(
    ("goals", "message"),
    [
        ([], "Aftal mindst ét mål med forældrene."),
        ([GoalData(theme="fun", description="x", weight_at_start=5)], "Hvert mål skal have et tema"),
        ([GoalData(theme="home_relations", description="  ", weight_at_start=5)], "Hvert mål skal have et tema"),
        ([GoalData(theme="home_relations", description="x", weight_at_start=11)], "et tal fra 1 til 10"),
    ],
)
def test_goal_rules(decided, goals, message):
    with pytest.raises(DomainError, match=message):
        _start(decided, goals=goals)
    decided.refresh_from_db()
    assert decided.phase == "decided"


def test_start_twice_is_refused(decided):
    course = _start(decided)
    with pytest.raises(DomainError, match="fra “I gang” til “I gang”"):
        _start(course)


# --- extension ------------------------------------------------------------------------------


def _extend(course, user, **overrides):
    fields = {
        "acting_user": user,
        "course": course,
        "new_planned_end": course.planned_end_date + timedelta(weeks=6),
        "reason": "Familien er midt i en overgang til dagtilbud.",
        "other_service_needed": False,
        "other_service_assessment": "Ingen anden indsats er nødvendig.",
    }
    fields.update(overrides)
    return course_extend(**fields)


def test_coordinator_extends_with_reason_and_assessment(coordinator):
    course = course_started(coordinator=coordinator)
    old_end = course.planned_end_date
    course = _extend(course, coordinator)
    assert course.planned_end_date == old_end + timedelta(weeks=6)
    extension = Extension.objects.get()
    assert (extension.previous_planned_end, extension.by) == (old_end, coordinator)


def test_only_a_coordinator_extends(coordinator):
    course = course_started(coordinator=coordinator)
    with pytest.raises(DomainError, match="Kun en tovholder kan forlænge et forløb ud over 40 uger."):
        _extend(course, course.primary_educator)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"reason": ""}, "Skriv, hvorfor forløbet forlænges."),
        ({"other_service_assessment": " "}, "Skriv din vurdering af, om familien har brug for en anden indsats."),
    ],
)
def test_extension_needs_reason_and_assessment(coordinator, overrides, message):
    course = course_started(coordinator=coordinator)
    with pytest.raises(DomainError, match=message):
        _extend(course, coordinator, **overrides)


def test_extension_must_move_the_end_later(coordinator):
    course = course_started(coordinator=coordinator)
    with pytest.raises(DomainError, match="Den nye planlagte slutdato skal ligge efter den nuværende"):
        _extend(course, coordinator, new_planned_end=course.planned_end_date)


def test_rules_arithmetic():
    from datetime import date

    assert rules.course_week(date(2026, 1, 5), date(2026, 1, 5)) == 1
    assert rules.course_week(date(2026, 1, 5), date(2026, 1, 12)) == 2
    # A leap-day child has its birthday on 28 February in other years, the same rule both ways.
    assert rules.age_in_months(date(2024, 2, 29), date(2026, 2, 28)) == 24
    assert rules.age_in_months(date(2024, 2, 29), date(2026, 2, 27)) == 23
    assert rules.third_birthday(date(2024, 2, 29)) == date(2027, 2, 28)


def test_extension_past_the_third_birthday_needs_the_special_reason(coordinator):
    born = TODAY() - relativedelta(months=26)
    course = course_started(coordinator=coordinator, birth_date=born, start_date=TODAY() - timedelta(days=7))
    past_birthday = rules.third_birthday(born) + timedelta(days=7)
    with pytest.raises(DomainError) as error:
        _extend(course, coordinator, new_planned_end=past_birthday)
    assert error.value.field == "third_birthday_reason"
    course = _extend(course, coordinator, new_planned_end=past_birthday, third_birthday_reason="Overgang til børnehave")
    assert course.planned_end_date == past_birthday
    assert course.start_up.third_birthday_reason == "Overgang til børnehave"
