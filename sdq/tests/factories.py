"""SDQ states built with the real services."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from courses.services import GoalData, course_start
from sdq import scoring
from sdq.services import Answers, measurement_record
from visitation.tests.factories import ALL_SCOPES, course_decided


def course_with_toddler(
    *,
    coordinator,
    educator=None,
    second_educator=None,
    months_at_start: int = 30,
    start_date=None,
    consents=ALL_SCOPES,
):
    """A started course whose child is `months_at_start` months old on the start date.

    A child past 2 turns 3 during a 40-week course, so the start records the special reason.
    """
    start_date = start_date or timezone.localdate() - timedelta(days=14)
    course = course_decided(
        coordinator=coordinator,
        educator=educator,
        second_educator=second_educator,
        decided_on=start_date - timedelta(days=7),
        received_on=start_date - timedelta(days=21),
        consent_given_on=start_date - timedelta(days=21),
        birth_date=start_date - relativedelta(months=months_at_start),
        consents=consents,
    )
    return course_start(
        acting_user=course.primary_educator,
        course=course,
        start_date=start_date,
        participants="Sara Nielsen (mor)",
        goals=[GoalData(theme="home_relations", description="Faste rammer ved sengetid", weight_at_start=7)],
        third_birthday_reason="Overgang til børnehave planlægges sammen med familien.",
    )


def answers(box: int = 1, **impact) -> Answers:
    return Answers(items=dict.fromkeys(scoring.ITEMS, box), impact=impact)


def measurement(*, course, acting_user=None, timing="start", informant="parent", measured_on=None, **kwargs):
    return measurement_record(
        acting_user=acting_user or course.primary_educator,
        course=course,
        child=course.family.children.get(),
        timing=timing,
        informant=informant,
        measured_on=measured_on or timezone.localdate(),
        answers=kwargs.pop("answers", None) or answers(),
        **kwargs,
    )
