"""Goals added, reworded and ended in phase 3, and what the closure and the visits make of them."""

import uuid
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import Goal, GoalChange
from courses.services import (
    MAX_ACTIVE_GOALS,
    GoalData,
    GoalResult,
    course_close,
    goal_add,
    goal_end,
    goal_reword,
    visit_log,
)
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.formkeys import form_key_repeated
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.tests.factories import course_closed, course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def started(coordinator):
    return course_started(coordinator=coordinator, start_date=TODAY() - timedelta(days=60))


def _add(course, **overrides):
    arguments = {
        "acting_user": course.primary_educator,
        "course": course,
        "on": TODAY(),
        "theme": "daycare_cooperation",
        "description": "Mor taler med vuggestuen om Almas dag",
        "weight_at_start": 6,
        **overrides,
    }
    return goal_add(**arguments)


def _first(course):
    return course.goals.order_by("pk").first()


def _close(course, results):
    return course_close(
        acting_user=course.primary_educator,
        course=course,
        end_date=TODAY(),
        end_reason="goals_reached",
        goals_reached_answer="agree",
        child_developed_answer="agree",
        goal_results=results,
    )


def test_a_goal_added_during_the_course_keeps_its_weight_and_date_in_the_history(started):
    goal = _add(started, on=TODAY() - timedelta(days=3), focus_points="Aflevering\nAfhentning")
    assert (goal.theme, goal.weight_at_start, goal.focus_points) == ("daycare_cooperation", 6, "Aflevering\nAfhentning")
    [change] = goal.changes.all()
    assert (change.kind, change.on, change.by) == ("added", TODAY() - timedelta(days=3), started.primary_educator)
    event = AuditEvent.objects.filter(object_type="goal").get()
    assert (event.action, event.object_id, event.subject_type) == ("create", str(goal.pk), "family")


def test_an_added_goal_sent_twice_is_one_goal(started):
    key = uuid.uuid4()
    first = _add(started, form_key=key)
    again = _add(started, form_key=key)
    assert again.pk == first.pk and form_key_repeated(again)
    assert started.goals.count() == 3


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"theme": "sleep"}, "Vælg målets tema."),
        ({"description": "  "}, "Hvert mål skal have et tema og en konkret beskrivelse."),
        ({"weight_at_start": 11}, "et tal fra 1 til 10"),
        ({"weight_at_start": 0}, "et tal fra 1 til 10"),
        ({"on": TODAY() + timedelta(days=1)}, "Datoen ligger mellem forløbets start"),
        ({"on": TODAY() - timedelta(days=61)}, "Datoen ligger mellem forløbets start"),
    ],
)
def test_an_added_goal_needs_a_theme_words_a_weight_and_a_date_in_the_course(started, overrides, message):
    with pytest.raises(DomainError, match=message):
        _add(started, **overrides)
    assert started.goals.count() == 2


def test_a_course_holds_at_most_nine_goals_at_a_time_but_ended_ones_do_not_count(started):
    for n in range(MAX_ACTIVE_GOALS - 2):
        _add(started, description=f"Mål {n}")
    with pytest.raises(DomainError, match="Et forløb har højst 9 mål ad gangen. Afslut et mål"):
        _add(started, description="Et mål for meget")
    goal_end(acting_user=started.primary_educator, course=started, goal=_first(started), on=TODAY(), reason="Nået")
    assert _add(started, description="Nu er der plads").pk


def test_a_closed_course_takes_no_goal_changes(coordinator):
    closed = course_closed(coordinator=coordinator)
    message = "Mål kan kun ændres, mens forløbet er i gang; et afsluttet forløb kan ikke ændres."
    with pytest.raises(DomainError, match=message):
        _add(closed)
    with pytest.raises(DomainError, match=message):
        goal_reword(acting_user=coordinator, course=closed, goal=_first(closed), on=TODAY(), description="Nyt")
    with pytest.raises(DomainError, match=message):
        goal_end(acting_user=coordinator, course=closed, goal=_first(closed), on=TODAY(), reason="Nået")


def test_only_the_courses_staff_change_its_goals(started, municipality):
    outsider = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    with pytest.raises(DomainError):
        _add(started, acting_user=outsider)
    with pytest.raises(DomainError):
        goal_reword(acting_user=outsider, course=started, goal=_first(started), on=TODAY(), description="Nyt")
    assert not GoalChange.objects.exists()


def test_rewording_keeps_the_old_words_and_the_start_weight(started):
    goal = _first(started)
    old, weight = goal.description, goal.weight_at_start
    goal_reword(
        acting_user=started.primary_educator,
        course=started,
        goal=goal,
        on=TODAY(),
        description="Sengetid kl. 19 med godnathistorie",
        reason="Forældrene vil gøre målet mere konkret",
    )
    goal.refresh_from_db()
    assert (goal.description, goal.weight_at_start) == ("Sengetid kl. 19 med godnathistorie", weight)
    [change] = goal.changes.all()
    assert (change.kind, change.previous_description, change.reason) == (
        "reworded",
        old,
        "Forældrene vil gøre målet mere konkret",
    )
    assert AuditEvent.objects.filter(object_type="goal", action="update", criterion="reworded").count() == 1


def test_a_rewording_needs_other_words(started):
    goal = _first(started)
    with pytest.raises(DomainError, match="Den nye formulering er den samme som målets nuværende"):
        goal_reword(
            acting_user=started.primary_educator, course=started, goal=goal, on=TODAY(), description=goal.description
        )
    with pytest.raises(DomainError, match="Hvert mål skal have et tema og en konkret beskrivelse."):
        goal_reword(acting_user=started.primary_educator, course=started, goal=goal, on=TODAY(), description=" ")
    assert not GoalChange.objects.exists()


def test_new_focus_points_alone_are_a_rewording(started):
    goal = _first(started)
    goal_reword(
        acting_user=started.primary_educator,
        course=started,
        goal=goal,
        on=TODAY(),
        description=goal.description,
        focus_points="Fast godnatsang",
    )
    assert goal.changes.get().previous_focus_points == ""


def test_an_ended_goal_is_kept_with_its_date_and_reason_and_cannot_be_reworded(started):
    goal = _first(started)
    goal_end(
        acting_user=started.primary_educator,
        course=started,
        goal=goal,
        on=TODAY() - timedelta(days=1),
        reason="Nået før tid",
    )
    goal.refresh_from_db()
    assert goal.ended_on == TODAY() - timedelta(days=1)
    assert goal.changes.get().reason == "Nået før tid"
    with pytest.raises(DomainError, match="Målet blev afsluttet den .* og kan ikke længere ændres."):
        goal_reword(acting_user=started.primary_educator, course=started, goal=goal, on=TODAY(), description="Nyt")
    with pytest.raises(DomainError, match="kan ikke længere ændres"):
        goal_end(acting_user=started.primary_educator, course=started, goal=goal, on=TODAY(), reason="Igen")


def test_ending_a_goal_needs_a_reason_and_leaves_one_goal_standing(started):
    first, second = started.goals.order_by("pk")
    with pytest.raises(DomainError, match="Skriv, hvorfor målet afsluttes."):
        goal_end(acting_user=started.primary_educator, course=started, goal=first, on=TODAY(), reason=" ")
    goal_end(acting_user=started.primary_educator, course=started, goal=first, on=TODAY(), reason="Nået")
    with pytest.raises(DomainError, match="Det er forløbets sidste mål, der ikke er afsluttet"):
        goal_end(acting_user=started.primary_educator, course=started, goal=second, on=TODAY(), reason="Nået")


def test_a_goal_cannot_end_before_a_visit_that_worked_on_it(started):
    goal = _first(started)
    visit_log(
        acting_user=started.primary_educator,
        course=started,
        date=TODAY() - timedelta(days=2),
        duration_minutes=60,
        goals=[goal],
    )
    with pytest.raises(DomainError, match="Besøg efter denne dato har arbejdet med målet"):
        goal_end(
            acting_user=started.primary_educator,
            course=started,
            goal=goal,
            on=TODAY() - timedelta(days=5),
            reason="Nået",
        )


def test_a_visit_after_a_goal_ended_cannot_work_on_it(started):
    goal = _first(started)
    goal_end(
        acting_user=started.primary_educator, course=started, goal=goal, on=TODAY() - timedelta(days=3), reason="Nået"
    )
    goal.refresh_from_db()
    with pytest.raises(DomainError, match="blev afsluttet den .*: et besøg efter den dato kan ikke arbejde med det."):
        visit_log(acting_user=started.primary_educator, course=started, date=TODAY(), duration_minutes=60, goals=[goal])
    # On the day it ended, it still can.
    visit_log(
        acting_user=started.primary_educator,
        course=started,
        date=TODAY() - timedelta(days=3),
        duration_minutes=60,
        goals=[goal],
    )


def test_closure_assesses_the_added_goals_and_leaves_the_ended_ones_without_result(started):
    ended = _first(started)
    goal_end(acting_user=started.primary_educator, course=started, goal=ended, on=TODAY(), reason="Ikke aktuelt")
    added = _add(started)
    open_goals = list(started.goals.filter(ended_on__isnull=True))
    assert added in open_goals and ended not in open_goals
    _close(started, [GoalResult(goal=goal, status="reached", weight_at_end=2) for goal in open_goals])
    added.refresh_from_db()
    ended.refresh_from_db()
    assert (added.status, added.weight_at_start, added.weight_at_end) == ("reached", 6, 2)
    assert (ended.status, ended.weight_at_end, ended.ended_on) == ("", None, TODAY())


def test_closure_refuses_a_result_for_an_ended_goal_and_wants_one_for_an_added_goal(started):
    ended = _first(started)
    goal_end(acting_user=started.primary_educator, course=started, goal=ended, on=TODAY(), reason="Ikke aktuelt")
    added = _add(started)
    with pytest.raises(DomainError, match="Giv hvert mål sin status og vægt ved afslutningen."):
        _close(started, [GoalResult(goal=g, status="reached", weight_at_end=2) for g in started.goals.all()])
    with pytest.raises(DomainError, match="Giv hvert mål sin status og vægt ved afslutningen."):
        _close(
            started,
            [GoalResult(goal=g, status="reached", weight_at_end=2) for g in started.goals.exclude(pk=added.pk)],
        )


def test_the_database_refuses_a_result_on_an_ended_goal(started):
    goal = _first(started)
    with pytest.raises(IntegrityError), transaction.atomic():
        Goal.objects.filter(pk=goal.pk).update(ended_on=TODAY(), status="reached", weight_at_end=2)


def test_goals_agreed_at_the_start_up_meeting_have_no_added_row(coordinator):
    course = course_started(
        coordinator=coordinator,
        goals=[GoalData(theme="home_relations", description="Ro ved måltider", weight_at_start=5)],
    )
    assert not GoalChange.objects.filter(course=course).exists()


def test_anonymising_the_course_empties_the_goals_history_text(started):
    from courses.services import course_anonymise

    goal = _first(started)
    goal_reword(acting_user=started.primary_educator, course=started, goal=goal, on=TODAY(), description="Nye ord")
    goal_end(acting_user=started.primary_educator, course=started, goal=goal, on=TODAY(), reason="Mor er tryg nu")
    course_anonymise(course=started, now=timezone.now())
    reworded, ended = GoalChange.objects.order_by("pk")
    assert (reworded.previous_description, reworded.reason) == ("", "")
    assert (ended.reason, ended.on) == ("Anonymiseret", TODAY())
