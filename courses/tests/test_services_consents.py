"""Actions on a course that share information are refused without the parents' consent, with a
Danish message naming the missing consent and the parent who has not given it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Visit
from courses.services import GoalResult, course_close, visit_log, visit_update
from families.services import consent_withdraw
from hjemmepaed.errors import DomainError
from visitation.services import GuardianData
from visitation.tests.factories import consents_give, course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
SHARE, INVOLVE, CONTACT = "share_with_daycare", "involve_professionals", "contact_for_questionnaire"
PARENTS = [
    GuardianData(name="Sara Nielsen", relation="mother"),
    GuardianData(name="Jonas Nielsen", relation="father"),
]


@pytest.fixture
def started(coordinator):
    """Both parents consented to the questionnaire contact only."""
    return course_started(
        coordinator=coordinator, start_date=TODAY() - timedelta(days=30), guardians=PARENTS, consents=(CONTACT,)
    )


def _visit(course, **overrides):
    fields = {
        "acting_user": course.primary_educator,
        "course": course,
        "date": TODAY() - timedelta(days=2),
        "duration_minutes": 90,
    }
    fields.update(overrides)
    return visit_log(**fields)


def _missing(action, scope, day, names):
    return (
        f"{action} kræver samtykket “{scope}” fra alle forældre med forældremyndighed, gældende den "
        f"{day:%d.%m.%Y}. Det mangler fra {names}. Registrér samtykket under “Samtykker” på forløbets side."
    )


def test_a_visit_in_the_daycare_needs_both_parents_consent_to_share(started, coordinator):
    with pytest.raises(DomainError) as error:
        _visit(started, kind="daycare")
    assert error.value.field == "kind"
    assert str(error.value) == _missing(
        "Et besøg i dagtilbuddet",
        "Deling af oplysninger med dagtilbuddet",
        TODAY() - timedelta(days=2),
        "Sara Nielsen og Jonas Nielsen",
    )
    sara, jonas = started.family.guardians.all()
    consents_give(course=started, acting_user=coordinator, scopes=[SHARE], guardians=[sara])
    with pytest.raises(DomainError, match="Det mangler fra Jonas Nielsen."):
        _visit(started, kind="daycare")
    consents_give(course=started, acting_user=coordinator, scopes=[SHARE], guardians=[jonas])
    assert _visit(started, kind="daycare").kind == "daycare"


def test_a_planned_visit_in_the_daycare_needs_the_consent_too(started):
    with pytest.raises(DomainError, match="Deling af oplysninger med dagtilbuddet"):
        _visit(started, kind="daycare", status="planned", date=TODAY() + timedelta(days=7), duration_minutes=None)
    assert not Visit.objects.exists()


def test_a_cancelled_visit_in_the_daycare_shares_nothing(started):
    assert _visit(started, kind="daycare", status="cancelled", duration_minutes=None).status == "cancelled"


def test_a_network_meeting_needs_the_consent_to_involve_professionals(started, coordinator):
    with pytest.raises(DomainError) as error:
        _visit(started, kind="network_meeting")
    assert str(error.value).startswith("Et netværksmøde kræver samtykket “Inddragelse af andre fagpersoner”")
    consents_give(course=started, acting_user=coordinator, scopes=[INVOLVE])
    assert _visit(started, kind="network_meeting").kind == "network_meeting"


def test_changing_a_home_visit_into_a_daycare_visit_needs_the_consent(started):
    visit = _visit(started)
    with pytest.raises(DomainError, match="Et besøg i dagtilbuddet kræver samtykket"):
        visit_update(acting_user=started.primary_educator, visit=visit, kind="daycare")
    visit.refresh_from_db()
    assert visit.kind == "home"


def test_a_daycare_visit_held_before_the_withdrawal_can_still_be_corrected(coordinator):
    course = course_started(coordinator=coordinator, start_date=TODAY() - timedelta(days=30))
    visit = _visit(course, kind="daycare", date=TODAY() - timedelta(days=10))
    consent_withdraw(
        acting_user=coordinator, course=course, consent=course.family.guardians.get().consents.get(scope=SHARE)
    )
    updated = visit_update(acting_user=course.primary_educator, visit=visit, note="Rettet note.")
    assert updated.note == "Rettet note."
    with pytest.raises(DomainError, match="Et besøg i dagtilbuddet kræver samtykket"):
        _visit(course, kind="daycare", date=TODAY())


def _close(course, **overrides):
    return course_close(
        acting_user=course.primary_educator,
        course=course,
        end_date=TODAY() - timedelta(days=1),
        end_reason="goals_reached",
        goals_reached_answer="agree",
        child_developed_answer="agree",
        goal_results=[GoalResult(goal=g, status="reached", weight_at_end=3) for g in course.goals.all()],
        **overrides,
    )


def test_a_handover_meeting_with_the_daycare_needs_the_consent_to_share(started, coordinator):
    handover = TODAY() - timedelta(days=3)
    with pytest.raises(DomainError) as error:
        _close(started, handover_meeting_on=handover)
    assert error.value.field == "handover_meeting_on"
    assert str(error.value) == _missing(
        "Et netværksmøde med dagtilbuddet ved overgangen",
        "Deling af oplysninger med dagtilbuddet",
        handover,
        "Sara Nielsen og Jonas Nielsen",
    )
    started.refresh_from_db()
    assert started.phase == "started"
    assert _close(started).phase == "closed"  # closing without a handover meeting shares nothing


def test_a_handover_meeting_with_consent_closes(started, coordinator):
    consents_give(course=started, acting_user=coordinator, scopes=[SHARE])
    assert _close(started, handover_meeting_on=TODAY() - timedelta(days=3)).closure.handover_meeting_on is not None
