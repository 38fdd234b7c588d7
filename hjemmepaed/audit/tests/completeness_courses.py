"""The courses' services, each run once against the access matrix's world, with the audit
events it must write (`test_completeness_services.py` checks them)."""

from datetime import time, timedelta

from hjemmepaed.audit.tests.completeness import (
    Expect,
    call,
    call_sent_twice,
    course_started_for,
    referral_for,
    today,
)
from hjemmepaed.organisation.models import Role


def course_service_cases():
    from courses import services
    from courses.models import Phase
    from hjemmepaed.organisation.tests.factories import user_for_role
    from visitation.tests.factories import course_closed, course_decided

    def close(world):
        course = course_started_for(world, start_date=today() - timedelta(days=30))
        return call(
            services.course_close,
            acting_user=world.users[Role.COORDINATOR],
            course=course,
            end_date=today(),
            end_reason="goals_reached",
            goals_reached_answer="agree",
            child_developed_answer="agree",
            goal_results=[
                services.GoalResult(goal=goal, status="reached", weight_at_end=3) for goal in course.goals.all()
            ],
        )

    def start(world):
        course = course_decided(
            coordinator=world.users[Role.COORDINATOR],
            educator=world.users[Role.HOME_EDUCATOR],
            birth_date=today() - timedelta(days=200),
        )
        call(
            services.course_start,
            acting_user=world.users[Role.COORDINATOR],
            course=course,
            start_date=today(),
            participants="Mor",
            goals=[services.GoalData(theme="home_relations", description="Ro ved sengetid", weight_at_start=7)],
        )

    coordinator = lambda world: world.users[Role.COORDINATOR]  # noqa: E731
    educator = lambda world: world.users[Role.HOME_EDUCATOR]  # noqa: E731
    course = lambda world: world.obj("course", "own")  # noqa: E731

    def _with_feed(user):
        services.calendar_feed_create(acting_user=user)
        return user

    return {
        "courses.services.course_move": (
            lambda world: call(
                services.course_move, acting_user=coordinator(world), course=referral_for(world), target=Phase.WITHDRAWN
            ),
            Expect("update", "course", "family"),
        ),
        "courses.services.course_start": (start, Expect("update", "course", "family")),
        "courses.services.course_extend": (
            lambda world: call(
                services.course_extend,
                acting_user=coordinator(world),
                course=course(world),
                new_planned_end=course(world).planned_end_date + timedelta(days=7),
                reason="Behov",
                other_service_needed=False,
                other_service_assessment="Ikke nødvendigt",
            ),
            Expect("update", "course", "family"),
        ),
        "courses.services.visit_log": (
            lambda world: call_sent_twice(
                services.visit_log,
                acting_user=coordinator(world),
                course=course(world),
                date=today(),
                duration_minutes=60,
            ),
            Expect("create", "visit", "family"),
        ),
        # Closing is two things: the move to closed, and the parents' invitations (one event for all).
        "courses.services.course_close": (close, Expect("update", "course", "family", count=2)),
        "courses.services.course_consent_withdraw": (
            lambda world: call(
                services.course_consent_withdraw,
                acting_user=coordinator(world),
                course=course_started_for(world),
                on=today(),
            ),
            Expect("update", "course", "family"),
        ),
        "courses.services.course_adjust": (
            lambda world: call_sent_twice(
                services.course_adjust,
                acting_user=coordinator(world),
                course=course(world),
                on=today(),
                description="Kortere besøg",
                reason="Barnet er træt",
            ),
            Expect("create", "adjustment", "family"),
        ),
        "courses.services.concern_notification_record": (
            lambda world: call_sent_twice(
                services.concern_notification_record,
                acting_user=coordinator(world),
                course=course(world),
                on=today(),
                recipient="Familieafdelingen",
            ),
            Expect("create", "concern_notification", "family"),
        ),
        "courses.services.course_transfer": (
            lambda world: call(
                services.course_transfer,
                acting_user=coordinator(world),
                course=course(world),
                on=today(),
                reason="Nyt dagtilbud",
                to_educator=user_for_role(Role.HOME_EDUCATOR, municipality=world.own),
            ),
            Expect("update", "course", "family"),
        ),
        "courses.services.course_correct_closed": (
            lambda world: call(
                services.course_correct_closed,
                acting_user=coordinator(world),
                course=course_closed(coordinator=coordinator(world)),
                reason="Forkert årsag",
                end_reason="moved",
            ),
            Expect("update", "course", "family"),
        ),
        "courses.services.visit_series_plan": (
            lambda world: call_sent_twice(
                services.visit_series_plan,
                acting_user=coordinator(world),
                course=course(world),
                first_date=today() + timedelta(days=1),
                until_date=today() + timedelta(days=29),
                interval_days=14,
                time_of_day=time(9, 0),
            ),
            Expect("create", "visit_series", "family"),
        ),
        "courses.services.calendar_feed_create": (
            lambda world: call_sent_twice(services.calendar_feed_create, acting_user=educator(world)),
            Expect("create", "calendar_feed", role=Role.HOME_EDUCATOR),
        ),
        "courses.services.calendar_feed_revoke": (
            lambda world: call(
                services.calendar_feed_revoke,
                acting_user=_with_feed(educator(world)),
            ),
            Expect("delete", "calendar_feed", role=Role.HOME_EDUCATOR),
        ),
        "courses.services.goal_add": (
            lambda world: call_sent_twice(
                services.goal_add,
                acting_user=coordinator(world),
                course=course(world),
                on=today(),
                theme="child_development",
                description="Leg på gulvet hver dag",
                weight_at_start=6,
            ),
            Expect("create", "goal", "family"),
        ),
        "courses.services.goal_reword": (
            lambda world: call(
                services.goal_reword,
                acting_user=coordinator(world),
                course=course(world),
                goal=course(world).goals.first(),
                on=today(),
                description="Rolig sengetid i hverdagene",
            ),
            Expect("update", "goal", "family"),
        ),
        "courses.services.goal_end": (
            lambda world: call(
                services.goal_end,
                acting_user=coordinator(world),
                course=(started := course_started_for(world)),
                goal=started.goals.first(),
                on=today(),
                reason="Nået før tid",
            ),
            Expect("update", "goal", "family"),
        ),
        "courses.services.visit_update": (
            lambda world: call(
                services.visit_update, acting_user=coordinator(world), visit=world.obj("visit", "own"), note="Rettet"
            ),
            Expect("update", "visit", "family"),
        ),
    }
