"""Build courses in any phase by calling the real services."""

from datetime import date, timedelta

from django.utils import timezone

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation import services
from visitation.services import ChildData, GuardianData


def referral_register(*, coordinator, received_on: date | None = None, birth_date: date | None = None, **overrides):
    today = timezone.localdate()
    fields = {
        "received_on": received_on or today - timedelta(days=20),
        "recruited_by": "health_visiting",
        "concern": "Mor oplever forældrerollen som svær efter fødslen.",
        "complexity": "low",
        "guardians": [GuardianData(name="Sara Nielsen", relation="mother", phone="20304050")],
        "children": [ChildData(name="Alma Nielsen", birth_date=birth_date or today - timedelta(days=300))],
        "parent_risk_factors": ["parent_role", "imbalance"],
        "child_risk_factors": ["hard_to_comfort"],
        "consent_given_on": today - timedelta(days=20),
        "consent_given_by": "Sara Nielsen",
    }
    fields.update(overrides)
    return services.referral_register(acting_user=coordinator, **fields)


def course_decided(
    *, coordinator, educator=None, second_educator=None, decided_on: date | None = None, **overrides
):
    course = referral_register(coordinator=coordinator, **overrides)
    educator = educator or user_for_role(Role.HOME_EDUCATOR, municipality=coordinator.municipality)
    return services.referral_approve(
        acting_user=coordinator,
        course=course,
        decided_on=decided_on or timezone.localdate() - timedelta(days=10),
        primary_educator=educator,
        second_educator=second_educator,
    )


def course_started(*, coordinator, educator=None, start_date=None, goals=None, **overrides):
    from courses.services import GoalData, course_start

    start_date = start_date or timezone.localdate() - timedelta(days=7)
    received_on = start_date - timedelta(days=21)
    overrides = {
        "received_on": received_on,
        "consent_given_on": received_on,
        "birth_date": start_date - timedelta(days=200),
        **overrides,
    }
    course = course_decided(
        coordinator=coordinator, educator=educator, decided_on=start_date - timedelta(days=7), **overrides
    )
    return course_start(
        acting_user=course.primary_educator,
        course=course,
        start_date=start_date,
        participants="Sara Nielsen (mor), Mette Hansen (hjemmepædagog)",
        goals=goals
        or [
            GoalData(theme="home_relations", description="Faste rammer ved sengetid", weight_at_start=8),
            GoalData(theme="child_development", description="Alma falder lettere til ro", weight_at_start=7),
        ],
    )


def course_closed(*, coordinator, end_date=None, **overrides):
    """A course that ran for two months and closed yesterday with its goals reached."""
    from courses.services import GoalResult, course_close

    today = timezone.localdate()
    course = course_started(coordinator=coordinator, start_date=today - timedelta(days=60), **overrides)
    return course_close(
        acting_user=course.primary_educator,
        course=course,
        end_date=end_date or today - timedelta(days=1),
        end_reason="goals_reached",
        goals_reached_answer="agree",
        child_developed_answer="agree",
        goal_results=[GoalResult(goal=goal, status="reached", weight_at_end=3) for goal in course.goals.all()],
    )
