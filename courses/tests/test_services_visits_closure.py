"""Phase 3 (visits) and phase 4 (closure), and voluntary participation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Phase, Visit
from courses.services import GoalResult, course_close, course_consent_withdraw, visit_log, visit_update
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.tests.factories import course_decided, course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def started(coordinator):
    return course_started(coordinator=coordinator, start_date=TODAY() - timedelta(days=30))


def _visit(course, **overrides):
    fields = {
        "acting_user": course.primary_educator,
        "course": course,
        "date": TODAY() - timedelta(days=2),
        "duration_minutes": 90,
    }
    fields.update(overrides)
    return visit_log(**fields)


def _close(course, **overrides):
    fields = {
        "acting_user": course.primary_educator,
        "course": course,
        "end_date": TODAY() - timedelta(days=1),
        "end_reason": "goals_reached",
        "goals_reached_answer": "agree",
        "child_developed_answer": "strongly_agree",
        "goal_results": [GoalResult(goal=g, status="reached", weight_at_end=3) for g in course.goals.all()],
    }
    fields.update(overrides)
    return course_close(**fields)


# --- visits ---------------------------------------------------------------------------------


def test_log_a_held_home_visit_with_goals_and_methods(started):
    goal = started.goals.first()
    visit = _visit(
        started, goals=[goal], methods=["loft", "dialogic_reading"], note="God stemning.", next_steps="Sengetid."
    )
    assert (visit.duration_hours, visit.kind, visit.status) == (1.5, "home", "held")
    assert list(visit.goals.all()) == [goal]
    assert visit.methods == ["dialogic_reading", "loft"]
    assert AuditEvent.objects.filter(object_type="visit", object_id=str(visit.pk)).count() == 1


@pytest.mark.parametrize("minutes", [None, 0, 10, 50, 495, 600])
def test_duration_is_quarter_hours_above_0_up_to_8(started, minutes):
    with pytest.raises(DomainError, match="kvarte timer: mere end 0 og højst 8 timer"):
        _visit(started, duration_minutes=minutes)


def test_eight_hours_is_allowed(started):
    assert _visit(started, duration_minutes=480).duration_hours == 8


def test_visit_before_start_or_held_in_future_is_refused(started):
    with pytest.raises(DomainError, match="Besøg ligger inden for forløbet"):
        _visit(started, date=started.start_date - timedelta(days=1))
    with pytest.raises(DomainError, match="kan ikke ligge i fremtiden"):
        _visit(started, date=TODAY() + timedelta(days=1))


def test_planned_cancelled_and_no_show_are_recorded(started):
    planned = _visit(started, status="planned", date=TODAY() + timedelta(days=7), duration_minutes=None)
    cancelled = _visit(started, status="cancelled", duration_minutes=None)
    no_show = _visit(started, status="no_show", duration_minutes=None)
    assert {v.status for v in Visit.objects.all()} == {"planned", "cancelled", "no_show"}
    assert not started.visits.filter(status="held").exists()
    assert planned.pk and cancelled.pk and no_show.pk


def test_only_the_courses_own_staff_log_visits(started, municipality):
    with pytest.raises(DomainError):
        _visit(started, acting_user=user_for_role(Role.HOME_EDUCATOR, municipality=municipality))


def test_visits_need_a_started_course(coordinator):
    decided = course_decided(coordinator=coordinator)
    with pytest.raises(DomainError, match="forløb, der er i gang"):
        _visit(decided, date=TODAY())


def test_unknown_method_is_refused(started):
    with pytest.raises(DomainError, match="Vælg metoder fra listen"):
        _visit(started, methods=["hypnose"])


# --- closure -----------------------------------------------------------------------------------


def test_close_records_reason_goal_results_and_assessment(started):
    _visit(started)
    course = _close(started, handover_meeting_on=TODAY() - timedelta(days=1), reflection_sheet_given=True)
    assert (course.phase, course.end_reason) == (Phase.CLOSED, "goals_reached")
    assert {(g.status, g.weight_at_end) for g in course.goals.all()} == {("reached", 3)}
    assert course.closure.goals_reached_answer == "agree"
    assert course.phase_changes.last().to_phase == "closed"


def test_every_goal_needs_its_result(started):
    first = started.goals.first()
    with pytest.raises(DomainError, match="Giv hvert mål sin status"):
        _close(started, goal_results=[GoalResult(goal=first, status="reached", weight_at_end=2)])
    started.refresh_from_db()
    assert started.phase == "started"


def test_other_service_needs_to_say_which(started):
    with pytest.raises(DomainError, match="Skriv hvilken anden indsats"):
        _close(started, end_reason="other_service")
    course = _close(started, end_reason="other_service", end_reason_detail="Familieafdelingen, § 11")
    assert course.end_reason_detail == "Familieafdelingen, § 11"


def test_end_after_planned_end_needs_an_extension_first(coordinator):
    course = course_started(coordinator=coordinator, start_date=TODAY() - timedelta(weeks=41))
    with pytest.raises(DomainError, match="En tovholder skal først forlænge forløbet"):
        _close(course, end_date=TODAY())


def test_closing_cancels_the_visits_planned_after_the_end_with_the_reason(started):
    later = _visit(
        started, status="planned", date=TODAY() + timedelta(days=7), duration_minutes=None, note="Ring først"
    )
    other = _visit(started, status="planned", date=TODAY() + timedelta(days=21), duration_minutes=None)
    events_before = AuditEvent.objects.count()
    course = _close(started)
    later.refresh_from_db()
    other.refresh_from_db()
    yesterday = (TODAY() - timedelta(days=1)).strftime("%d.%m.%Y")
    assert (later.status, other.status) == ("cancelled", "cancelled")
    assert later.note == f"Ring først\n\nAflyst: forløbet sluttede {yesterday}."
    assert other.note == f"Aflyst: forløbet sluttede {yesterday}."
    assert course.phase_changes.last().note == "2 planlagte besøg efter slutdatoen blev aflyst."
    move = AuditEvent.objects.filter(object_type="course", criterion__startswith="phase started -> closed").get()
    assert move.criterion == "phase started -> closed; 2 planned visits cancelled"
    assert AuditEvent.objects.count() - events_before == 2  # the move and the invitations, as before


def test_a_visit_planned_on_or_before_the_end_must_be_settled_first(started):
    planned = _visit(started, status="planned", date=TODAY(), duration_minutes=None)
    with pytest.raises(DomainError, match=r"Besøget planlagt til .* er stadig åbent\. Registrér, om det blev holdt"):
        _close(started, end_date=TODAY())
    planned.refresh_from_db()
    started.refresh_from_db()
    assert (started.phase, planned.status) == ("started", "planned")
    visit_update(acting_user=started.primary_educator, visit=planned, status="held", duration_minutes=60)
    assert _close(started, end_date=TODAY()).phase == "closed"
    planned.refresh_from_db()
    assert planned.status == "held"


def test_closed_course_takes_no_visits_but_one_booster_within_3_months(started):
    course = _close(started, end_date=TODAY() - timedelta(days=10))
    with pytest.raises(DomainError, match="tager ikke imod flere besøg"):
        _visit(course, date=TODAY())
    with pytest.raises(DomainError, match="Et booster-besøg ligger efter slutdatoen"):
        _visit(course, date=TODAY() - timedelta(days=10), is_booster=True)
    _visit(course, date=TODAY(), is_booster=True)
    with pytest.raises(DomainError, match="allerede sit ene booster-besøg"):
        _visit(course, date=TODAY(), is_booster=True)


def test_booster_is_only_after_closure(started):
    with pytest.raises(DomainError, match="efter forløbet er afsluttet"):
        _visit(started, is_booster=True)


def test_closed_course_cannot_be_closed_again(started):
    course = _close(started)
    with pytest.raises(DomainError, match="fra “Afsluttet” til “Afsluttet”"):
        _close(course)


# --- voluntariness ----------------------------------------------------------------------------


def test_withdrawn_consent_closes_a_started_course(started):
    course = course_consent_withdraw(acting_user=started.primary_educator, course=started, on=TODAY())
    assert (course.phase, course.end_reason, course.end_date) == ("closed", "no_interest", TODAY())
    assert course.phase_changes.last().note == "Forældrene trak deres samtykke tilbage."


def test_withdrawn_consent_cancels_the_visits_planned_after_the_end(started):
    planned = _visit(started, status="planned", date=TODAY() + timedelta(days=7), duration_minutes=None)
    course = course_consent_withdraw(acting_user=started.primary_educator, course=started, on=TODAY())
    planned.refresh_from_db()
    assert planned.status == "cancelled"
    assert course.phase_changes.last().note == (
        "Forældrene trak deres samtykke tilbage. 1 planlagt besøg efter slutdatoen blev aflyst."
    )


def test_withdrawn_consent_before_start_withdraws_the_referral(coordinator):
    decided = course_decided(coordinator=coordinator)
    course = course_consent_withdraw(acting_user=coordinator, course=decided, on=TODAY())
    assert course.phase == "withdrawn"


def test_visits_of_a_closed_course_cannot_be_edited(started):
    from courses.services import visit_update

    visit = _visit(started)
    course = _close(started)
    with pytest.raises(DomainError, match="tager ikke imod flere besøg"):
        visit_update(acting_user=course.primary_educator, visit=visit, duration_minutes=120)
    visit.refresh_from_db()
    assert visit.duration_minutes == 90
