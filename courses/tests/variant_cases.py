"""Municipalities under a preset and courses through the real services, for the tests of the
rules that read the municipality's model (test_variant_rules.py, test_variant_limits.py)."""

from datetime import date, timedelta

from django.utils import timezone

from courses.services import GoalData, GoalResult, course_close, course_start, visit_log
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from hjemmepaed.variants.tests.factories import variant_from_preset
from visitation import services as visitation_services
from visitation.tests.factories import consents_give, referral_register

TODAY = timezone.localdate
LONG_AGO = date(2020, 1, 1)


def _municipality(name: str, code: str, preset: str | None = None, **changes):
    municipality = MunicipalityFactory(name=name, code=code)
    if preset is not None:
        variant_from_preset(municipality=municipality, preset=preset, valid_from=LONG_AGO, **changes)
    return municipality


def _staff(municipality):
    return (
        user_for_role(Role.COORDINATOR, municipality=municipality, email="tovholder@kommune.invalid"),
        user_for_role(Role.HOME_EDUCATOR, municipality=municipality, email="paedagog@kommune.invalid"),
    )


def _started(*, coordinator, educator, start_date, **decision):
    """A started course through the merged intake of the municipality's model: where it requires
    no visitation (Ishøj) the referral names its primary educator and is approved at registration;
    otherwise the coordinator decides with what the model asks (`decision`: a daycare leader's
    statement in Helsingør)."""
    received_on = start_date - timedelta(days=21)
    registration = {"received_on": received_on, "consent_given_on": received_on}
    registration["birth_date"] = start_date - timedelta(days=200)
    if decision:
        course = referral_register(coordinator=coordinator, **registration)
        course = visitation_services.referral_approve(
            acting_user=coordinator,
            course=course,
            decided_on=start_date - timedelta(days=7),
            primary_educator=educator,
            **decision,
        )
    else:
        course = referral_register(coordinator=coordinator, primary_educator=educator, **registration)
    consents_give(course=course, acting_user=coordinator)
    return _start(course, start_date=start_date)


def _held(course, on, **overrides):
    return visit_log(acting_user=course.primary_educator, course=course, date=on, duration_minutes=90, **overrides)


def _close(course, *, end_date, **overrides):
    return course_close(
        acting_user=course.primary_educator,
        course=course,
        end_date=end_date,
        end_reason="goals_reached",
        goals_reached_answer="agree",
        child_developed_answer="agree",
        goal_results=[GoalResult(goal=g, status="reached", weight_at_end=3) for g in course.goals.all()],
        **overrides,
    )


def _start(course, *, start_date, **overrides):
    return course_start(
        acting_user=course.primary_educator,
        course=course,
        start_date=start_date,
        participants="Mor og hjemmepædagog",
        goals=[GoalData(theme="home_relations", description="Faste rammer", weight_at_start=7)],
        **overrides,
    )
