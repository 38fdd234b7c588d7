"""The daycare leader's own statement (Helsingør, issue 14): she gives and revises it until the
intake decision, which records it; each rule broken with its Danish message."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from courses.models import Phase
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import DaycareFactory, user_for_role
from hjemmepaed.variants.models import Preset
from hjemmepaed.variants.tests.factories import variant_from_preset
from visitation import services
from visitation.models import DaycareStatement, IntakeDecision
from visitation.selectors_statements import (
    children_shown,
    daycare_statement_course_list_visible_to,
    daycare_statements_awaiting,
)
from visitation.services import ChildData
from visitation.tests.factories import recent_birth, referral_register
from visitation.tests.helsingor import daycare, helsingor, leader  # noqa: F401  (the fixtures)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _referral_in(coordinator, daycare, *, name="Alma Nielsen", born=None):
    born = born or recent_birth(days=400)
    return referral_register(
        coordinator=coordinator, children=[ChildData(name=name, birth_date=born, daycare=daycare, attends_daycare=True)]
    )


def _give(leader, course, text="Alma trives, men er ofte træt om morgenen."):
    return services.daycare_statement_give(acting_user=leader, course=course, text=text)


def _refused(message, leader, course, text="Alma trives."):
    with pytest.raises(DomainError) as error:
        _give(leader, course, text)
    assert str(error.value) == message
    return error.value


# --- the Helsingør path through the real services ------------------------------------------


def test_helsingor_the_leaders_statement_is_recorded_in_the_decision(coordinator, educator, leader, daycare):
    course = _referral_in(coordinator, daycare)
    assert list(daycare_statements_awaiting(user=leader)) == [course]
    statement = _give(leader, course, "  Alma trives, men mor virker presset ved aflevering.  ")
    assert statement.text == "Alma trives, men mor virker presset ved aflevering."
    assert (statement.author, statement.daycare, statement.revised_at) == (leader, daycare, None)
    revised = _give(leader, course, "Alma trives. Mor har brug for støtte derhjemme.")
    assert revised.pk == statement.pk and revised.revised_at is not None
    assert DaycareStatement.objects.count() == 1

    # The coordinator types nothing: the statement the leader gave is the decision's.
    course = services.referral_approve(
        acting_user=coordinator, course=course, decided_on=TODAY() - timedelta(days=1), primary_educator=educator
    )
    assert course.phase == Phase.DECIDED
    decision = IntakeDecision.objects.get(course=course)
    assert [s.text for s in decision.daycare_statements.all()] == ["Alma trives. Mor har brug for støtte derhjemme."]
    assert (decision.daycare_leader_name, decision.daycare_leader_statement) == ("", "")
    move = AuditEvent.objects.filter(object_type="course", criterion__contains="statements given: 1")
    assert move.exists()
    events = AuditEvent.objects.filter(object_type="daycare_statement", object_id=str(statement.pk))
    assert list(events.order_by("pk").values_list("action", "subject_type")) == [
        ("create", "family"),
        ("update", "family"),
    ]


def test_the_waiting_list_records_the_statement_too(coordinator, leader, daycare):
    course = _referral_in(coordinator, daycare)
    _give(leader, course)
    course = services.referral_waitlist(acting_user=coordinator, course=course, placed_on=TODAY(), position=1)
    assert IntakeDecision.objects.get(course=course, kind="waitlist").daycare_statements.count() == 1
    _refused(f"Visitationen blev afgjort den {TODAY():%d.%m.%Y}: udtalelsen kan ikke længere ændres.", leader, course)


def test_without_a_leaders_statement_the_coordinator_still_types_it(coordinator, educator, daycare, leader):
    """The fallback: no leader has given a statement through the system (no account, or she
    spoke at a meeting): the typed name and statement are required, as before."""
    course = _referral_in(coordinator, daycare)
    with pytest.raises(DomainError, match="Helsingør: dagtilbudslederen deltager i visitationen"):
        services.referral_approve(acting_user=coordinator, course=course, decided_on=TODAY(), primary_educator=educator)
    services.referral_approve(
        acting_user=coordinator,
        course=course,
        decided_on=TODAY(),
        primary_educator=educator,
        daycare_leader_name="Lone Berg",
        daycare_leader_statement="Sagt på netværksmødet: Alma trives.",
    )
    decision = IntakeDecision.objects.get(course=course)
    assert decision.daycare_leader_name == "Lone Berg" and not decision.daycare_statements.exists()


# --- the rules, each with its Danish message ------------------------------------------------


def test_an_empty_statement_is_refused(coordinator, leader, daycare):
    course = _referral_in(coordinator, daycare)
    error = _refused("Skriv din udtalelse.", leader, course, text="   ")
    assert error.field == "text"
    assert not DaycareStatement.objects.exists()


def test_a_decided_referral_takes_no_statement(coordinator, educator, leader, daycare):
    course = _referral_in(coordinator, daycare)
    course = services.referral_approve(
        acting_user=coordinator,
        course=course,
        decided_on=TODAY() - timedelta(days=2),
        primary_educator=educator,
        daycare_leader_name="Lone Berg",
        daycare_leader_statement="Telefonisk: Alma trives.",
    )
    day = (TODAY() - timedelta(days=2)).strftime("%d.%m.%Y")
    _refused(f"Visitationen blev afgjort den {day}: udtalelsen kan ikke længere ændres.", leader, course)
    assert not DaycareStatement.objects.exists()


def test_a_leader_of_another_daycare_is_refused_and_does_not_see_it(coordinator, leader, helsingor):
    course = _referral_in(coordinator, DaycareFactory(municipality=helsingor, name="Børnehuset Mælkebøtten"))
    _refused(
        "Ingen af familiens børn går i dit dagtilbud: det er lederen af barnets dagtilbud, der giver udtalelsen.",
        leader,
        course,
    )
    assert not daycare_statement_course_list_visible_to(user=leader).exists()


def test_a_leader_of_another_municipality_is_refused(coordinator, daycare, other_municipality):
    course = _referral_in(coordinator, daycare)
    stranger = user_for_role(
        Role.DAYCARE_LEADER, municipality=other_municipality, daycare=DaycareFactory(municipality=other_municipality)
    )
    _refused("Kun en dagtilbudsleder i kommunen kan give en udtalelse.", stranger, course)


def test_a_coordinator_does_not_give_the_leaders_statement(coordinator, daycare):
    course = _referral_in(coordinator, daycare)
    _refused("Kun en dagtilbudsleder i kommunen kan give en udtalelse.", coordinator, course)


def test_a_model_without_the_statement_asks_none(coordinator, leader, daycare, helsingor):
    course = _referral_in(coordinator, daycare)
    variant_from_preset(municipality=helsingor, preset=Preset.NATIONAL, valid_from=TODAY())
    _refused("Helsingør: kommunens model beder ikke om dagtilbudslederens udtalelse.", leader, course)
    assert not daycare_statement_course_list_visible_to(user=leader).exists()


def test_too_long_a_statement_is_refused(coordinator, leader, daycare):
    course = _referral_in(coordinator, daycare)
    _refused("Udtalelsen må højst være på 4000 tegn.", leader, course, text="a" * 4001)


def test_the_same_text_again_is_no_revision(coordinator, leader, daycare):
    course = _referral_in(coordinator, daycare)
    first = _give(leader, course)
    again = _give(leader, course)
    assert again.revised_at is None and again.pk == first.pk
    assert AuditEvent.objects.filter(object_type="daycare_statement").count() == 1


# --- what she is shown -----------------------------------------------------------------------


def test_she_sees_her_daycares_child_by_first_name_and_age_only(coordinator, leader, daycare, helsingor):
    born = TODAY() - timedelta(days=400)
    elsewhere = DaycareFactory(municipality=helsingor)
    course = referral_register(
        coordinator=coordinator,
        children=[
            ChildData(name="Alma Marie Nielsen", birth_date=born, daycare=daycare, attends_daycare=True),
            ChildData(name="Oskar Nielsen", birth_date=born - timedelta(days=300), daycare=elsewhere),
        ],
    )
    [row] = daycare_statements_awaiting(user=leader)
    [shown] = children_shown(course=row, user=leader)
    assert shown.first_name == "Alma"
    assert shown.age_months in (12, 13)
    assert course.pk == row.pk


def test_her_statement_keeps_a_decided_referral_readable_to_her_alone(coordinator, educator, leader, daycare):
    course = _referral_in(coordinator, daycare)
    other = _referral_in(coordinator, daycare, name="Ida Holm")
    _give(leader, course)
    for decided in (course, other):
        services.referral_reject(acting_user=coordinator, course=decided, decided_on=TODAY(), reason="Ikke målgruppen")
    assert list(daycare_statement_course_list_visible_to(user=leader)) == [course]
    assert list(daycare_statements_awaiting(user=leader)) == []


def test_retention_empties_the_statement_and_keeps_who_gave_it(coordinator, leader, daycare):
    from families.models import ANONYMISED
    from visitation.services import referral_anonymise

    course = _referral_in(coordinator, daycare)
    _give(leader, course, "Mor er presset.")
    referral_anonymise(course=course)
    statement = DaycareStatement.objects.get()
    assert (statement.text, statement.author, statement.daycare) == (ANONYMISED, leader, daycare)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite has none")
@pytest.mark.django_db(transaction=True)
def test_a_revision_at_the_moment_of_the_decision_is_in_it_or_refused(coordinator, educator, leader, daycare):
    """Both lock the course row: a revision either comes before the decision, which records the
    revised statement, or after it, and is refused; never a change after the decision."""
    course = _referral_in(coordinator, daycare)
    _give(leader, course, "Første udgave.")
    barrier = threading.Barrier(2)
    outcomes = []

    def run(name, work):
        barrier.wait()
        try:
            work()
            outcomes.append(f"{name} saved")
        except DomainError:
            outcomes.append(f"{name} refused")
        finally:
            connection.close()

    def revise():
        services.daycare_statement_give(acting_user=leader, course=course, text="Anden udgave.")

    def decide():
        services.referral_approve(acting_user=coordinator, course=course, decided_on=TODAY(), primary_educator=educator)

    threads = [threading.Thread(target=run, args=args) for args in (("revision", revise), ("decision", decide))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert "decision saved" in outcomes
    decision = IntakeDecision.objects.get(course=course)
    statement = decision.daycare_statements.get()
    if "revision saved" in outcomes:
        assert statement.text == "Anden udgave." and statement.revised_at < decision.at
    else:
        assert (statement.text, statement.revised_at) == ("Første udgave.", None)
