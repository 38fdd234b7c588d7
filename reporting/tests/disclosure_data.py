"""An analyst's report over many municipalities for the disclosure audit (disclosure_audit.py):
twelve municipalities of 0-46 courses with a few flaws the notes count."""

import random
from datetime import date, timedelta

import pytest
from django.utils import translation

from courses.choices import Agreement, RecruitedBy
from courses.models import Course, Phase
from hjemmepaed.organisation.tests.factories import MunicipalityFactory
from hjemmepaed.tests.world import module_rows
from reporting.selectors import Cohort
from reporting.tables import report_compute
from reporting.tests.factories import imported_course, national_response

YEAR = 2025
SIZES = [0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 17, 46]  # courses closed in 2025 per municipality
# A few flaws the notes count, each under 5 in all: courses without who recruited the family,
# closures without the educator's assessment, courses still running at the end of the year.
WITHOUT_RECRUITER = {(10, 0), (11, 3)}
NOT_ANSWERED = {(9, 1), (10, 2), (11, 5)}
RUNNING = {5: 1, 11: 1}


@pytest.fixture(scope="module")
def many_municipalities_built(django_db_setup, django_db_blocker):
    """The municipalities below, built through the services once for the module's tests (about
    five seconds of CPU each time), which only read them, and rolled back after the last one."""
    with module_rows(django_db_blocker):
        with django_db_blocker.unblock(), translation.override("da"):
            built = _many_municipalities()
        yield built


@pytest.fixture
def many_municipalities(many_municipalities_built, db):
    """Twelve municipalities, small and large, with 0–46 courses closed in 2025 (and some in
    2023–2024), answers drawn at random (seeded), parents' and Ishøj questionnaires, a few
    without visitation date, and the few flaws the notes count as "<5". A test that imports
    this fixture imports `many_municipalities_built` too."""
    return many_municipalities_built


def _many_municipalities():
    rng = random.Random(15)
    from hjemmepaed.organisation.models import Role
    from hjemmepaed.organisation.tests.factories import user_for_role

    agreements = [a.value for a in Agreement]
    recruiters = [r.value for r in RecruitedBy][:4]
    municipalities = []
    serial = iter(range(1, 10**6))
    for index, size in enumerate(SIZES):
        municipality = MunicipalityFactory(name=f"Kommune {index:02d}", code=f"9{index:02d}", visit_hourly_rate=450)
        municipalities.append(municipality)
        coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
        earlier = rng.choice([0, 2, 6, 11])
        for number in range(size + earlier):
            year = YEAR if number < size else rng.choice([2023, 2024])
            start = date(year - 1, 1, 1) + timedelta(days=rng.randrange(0, 300))
            end = max(start + timedelta(days=rng.randrange(60, 330)), date(year, 1, 1))
            end = min(end, date(year, 12, 31))
            visits = rng.choice([None, 0, 3, 6, 9, 14])
            course = imported_course(
                coordinator=coordinator,
                external_id=f"K{next(serial)}",
                start=start,
                end=end,
                visits=visits,
                minutes=None if visits is None else visits * rng.choice([45, 60, 90]),
                recruited_by="" if (index, number) in WITHOUT_RECRUITER else rng.choice(recruiters),
                visitation=None if rng.random() < 0.1 else start - timedelta(days=rng.randrange(0, 60)),
                goals_answer="" if (index, number) in NOT_ANSWERED else rng.choice(agreements),
                child_answer="" if (index, number) in NOT_ANSWERED else rng.choice(agreements[:3]),
            )
            if year == YEAR and rng.random() < 0.7:
                national_response(
                    municipality=municipality,
                    course=course,
                    submitted_on=end,
                    answers={
                        "1": rng.choice(["mother", "mother", "father", "other"]),
                        "2": rng.choice(["yes", "no", "no"]),
                        "9": rng.randrange(4, 11),
                        "7": rng.choice(agreements[:4]),
                        ("5", 1): rng.choice(agreements[:3]),
                        ("6", 1): rng.choice(agreements[:3]),
                    },
                )
            if year == YEAR and rng.random() < 0.5:
                national_response(
                    municipality=municipality,
                    course=course,
                    submitted_on=end,
                    key="ishoej",
                    answers={
                        "1": rng.choice(["yes", "yes", "no"]),
                        "4": rng.randrange(3, 11),
                        "5": rng.randrange(1, 9),
                        "6": rng.choice(["less", "less", "same", "more"]),
                        "7": rng.choice(["yes", "no"]),
                    },
                )
        for number in range(RUNNING.get(index, 0)):
            course = imported_course(
                coordinator=coordinator,
                external_id=f"K{next(serial)}",
                start=date(YEAR, 10, 1 + number),
                end=date(YEAR, 12, 1),
                visits=3,
                minutes=180,
                visitation=date(YEAR, 9, 1),
            )
            Course.objects.filter(pk=course.pk).update(phase=Phase.STARTED, end_date=None)
    for municipality, children in zip(municipalities[3:9:2], (2, 3, 6), strict=True):
        coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
        for child in range(children):
            _sdq_course(coordinator, start=date(YEAR, 1, 10 + child), boxes=(rng.randrange(0, 3), rng.randrange(0, 3)))
    return municipalities


def _sdq_course(coordinator, *, start, boxes):
    """A course with a 2½-year-old measured by the parents at the start and the end, closed in the year."""
    from courses.services import GoalResult, course_close
    from sdq.tests.factories import answers, course_with_toddler, measurement

    course = course_with_toddler(coordinator=coordinator, start_date=start)
    end = start + timedelta(days=200)
    measurement(course=course, timing="start", answers=answers(boxes[0]), measured_on=start)
    measurement(course=course, timing="end", answers=answers(boxes[1]), measured_on=end)
    course_close(
        acting_user=course.primary_educator,
        course=course,
        end_date=end,
        end_reason="goals_reached",
        goals_reached_answer="agree",
        child_developed_answer="agree",
        goal_results=[GoalResult(goal=goal, status="reached", weight_at_end=3) for goal in course.goals.all()],
    )


def analyst_report(municipalities, monkeypatch, *, without=()) -> dict:
    """The report as an analyst gets it, with each cell's count kept (the audit's right answer).

    `without` leaves rules out, to show the audit finds what they protect: "complementary"
    (primary suppression alone, as before issue 15), "groups" (rule 6: each table on its own),
    "notes" (rule 7)."""
    monkeypatch.setattr("reporting.disclosure.strip", lambda rows: None)
    if "complementary" in without:
        monkeypatch.setattr("reporting.disclosure.protect_report", lambda sections, notes, known: None)
    if "groups" in without:
        monkeypatch.setattr("reporting.disclosure._hide_same_groups", lambda sections: False)
    if "notes" in without:
        monkeypatch.setattr("reporting.disclosure._protect_note", lambda by_key, note: False)
    cohort = Cohort(
        kind="closed_in_year",
        start=date(YEAR, 1, 1),
        end=date(YEAR, 12, 31),
        municipality_ids=tuple(m.pk for m in municipalities),
    )
    with translation.override("da"):
        return report_compute(cohort=cohort, suppress=True)
