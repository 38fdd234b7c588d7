"""Adjustments, notifications of concern, transfers and corrections of closed courses."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Transfer
from courses.services import (
    GoalResult,
    concern_notification_record,
    course_adjust,
    course_close,
    course_correct_closed,
    course_transfer,
)
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.tests.factories import course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def started(coordinator):
    return course_started(coordinator=coordinator, start_date=TODAY() - timedelta(days=60))


@pytest.fixture
def closed(started):
    return course_close(
        acting_user=started.primary_educator,
        course=started,
        end_date=TODAY() - timedelta(days=2),
        end_reason="goals_reached",
        goals_reached_answer="agree",
        child_developed_answer="agree",
        goal_results=[GoalResult(goal=g, status="reached", weight_at_end=2) for g in started.goals.all()],
    )


def test_adjustment_is_recorded_and_needs_what_and_why(started):
    adjustment = course_adjust(
        acting_user=started.primary_educator,
        course=started,
        on=TODAY(),
        description="Besøg flyttes til dagtilbuddet",
        reason="Mor ønsker at se Alma i vuggestuen",
    )
    assert adjustment.course == started
    with pytest.raises(DomainError, match="Skriv, hvad der blev justeret, og hvorfor."):
        course_adjust(acting_user=started.primary_educator, course=started, on=TODAY(), description="x", reason=" ")


def test_closed_course_takes_no_adjustments(closed):
    with pytest.raises(DomainError, match="et afsluttet forløb kan ikke redigeres"):
        course_adjust(acting_user=closed.primary_educator, course=closed, on=TODAY(), description="x", reason="y")


def test_notification_of_concern_is_recorded_with_recipient(started):
    notification = concern_notification_record(
        acting_user=started.primary_educator, course=started, on=TODAY(), recipient="Familieafdelingen"
    )
    assert notification.recipient == "Familieafdelingen"
    assert AuditEvent.objects.filter(object_type="concern_notification").count() == 1
    with pytest.raises(DomainError, match="Skriv, hvem der modtog underretningen."):
        concern_notification_record(acting_user=started.primary_educator, course=started, on=TODAY(), recipient="")


def test_coordinator_transfers_keeping_the_history(started, coordinator, municipality):
    previous = started.primary_educator
    successor = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = course_transfer(
        acting_user=coordinator, course=started, to_educator=successor, on=TODAY(), reason="Barnet skifter dagtilbud"
    )
    assert course.primary_educator == successor
    transfer = Transfer.objects.get()
    assert (transfer.from_educator, transfer.to_educator) == (previous, successor)


def test_transfer_rules(started, coordinator, municipality, other_municipality):
    with pytest.raises(DomainError, match="Kun en tovholder kan overdrage"):
        course_transfer(
            acting_user=started.primary_educator,
            course=started,
            to_educator=user_for_role(Role.HOME_EDUCATOR, municipality=municipality),
            on=TODAY(),
            reason="x",
        )
    with pytest.raises(DomainError, match="har allerede denne primære hjemmepædagog"):
        course_transfer(
            acting_user=coordinator, course=started, to_educator=started.primary_educator, on=TODAY(), reason="x"
        )
    with pytest.raises(DomainError, match="er ikke en aktiv hjemmepædagog i kommunen"):
        course_transfer(
            acting_user=coordinator,
            course=started,
            to_educator=user_for_role(Role.HOME_EDUCATOR, municipality=other_municipality),
            on=TODAY(),
            reason="x",
        )


def test_coordinator_corrects_a_closed_course_and_it_is_audited(closed, coordinator):
    course = course_correct_closed(
        acting_user=coordinator,
        course=closed,
        reason="Forkert årsag registreret",
        end_reason="other_service",
        end_reason_detail="Familieafdelingen",
    )
    assert (course.end_reason, course.end_reason_detail) == ("other_service", "Familieafdelingen")
    event = AuditEvent.objects.filter(criterion__startswith="correction of closed course").get()
    assert "Forkert årsag registreret" in event.criterion


def test_only_a_coordinator_corrects_and_only_closure_fields(closed, coordinator):
    with pytest.raises(DomainError, match="Kun en tovholder kan rette et afsluttet forløb."):
        course_correct_closed(acting_user=closed.primary_educator, course=closed, reason="x", end_reason="moved")
    with pytest.raises(DomainError, match="Kun slutdatoen og afslutningsårsagen kan rettes."):
        course_correct_closed(acting_user=coordinator, course=closed, reason="x", start_date=TODAY())
    with pytest.raises(DomainError, match="Skriv, hvorfor det afsluttede forløb rettes."):
        course_correct_closed(acting_user=coordinator, course=closed, reason="", end_reason="moved")
