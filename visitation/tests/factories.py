"""Build courses in any phase by calling the real services."""

from datetime import date, timedelta

from django.utils import timezone

from families.models import ConsentScope
from families.selectors import consent_text_current
from families.services import consent_record, consent_texts_install
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation import services
from visitation.services import ChildData, GuardianData


def recent_birth(days: int = 300) -> date:
    """A child's birth date relative to today, so that no test reaches the 36-month limit as the
    calendar moves on."""
    return timezone.localdate() - timedelta(days=days)


def cpr_for(born: date, *, serial: str = "4001", separator: str = "-") -> str:
    """A CPR number for a child born on `born` (serial 4xxx: born 2000-2036)."""
    return f"{born:%d%m%y}{separator}{serial}"


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


ALL_SCOPES = tuple(ConsentScope.values)


def consents_give(*, course, acting_user, scopes=ALL_SCOPES, given_on: date | None = None, guardians=None):
    """Every guardian with custody (or `guardians`) consents to `scopes`, by the real service."""
    consent_texts_install()
    given_on = given_on or course.referral.received_on
    guardians = guardians if guardians is not None else course.family.guardians.filter(has_custody=True)
    return [
        consent_record(
            acting_user=acting_user,
            course=course,
            guardian=guardian,
            scope=scope,
            text_version=consent_text_current(scope=scope),
            given_on=given_on,
        )
        for guardian in guardians
        for scope in scopes
    ]


def course_decided(
    *,
    coordinator,
    educator=None,
    second_educator=None,
    decided_on: date | None = None,
    consents=ALL_SCOPES,
    **overrides,
):
    """An approved course. Its guardians with custody have consented to `consents` (every scope
    unless told otherwise) on the day the referral was received."""
    course = referral_register(coordinator=coordinator, **overrides)
    educator = educator or user_for_role(Role.HOME_EDUCATOR, municipality=coordinator.municipality)
    course = services.referral_approve(
        acting_user=coordinator,
        course=course,
        decided_on=decided_on or timezone.localdate() - timedelta(days=10),
        primary_educator=educator,
        second_educator=second_educator,
    )
    consents_give(course=course, acting_user=coordinator, scopes=consents)
    return course


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
