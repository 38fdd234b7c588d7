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
            built = municipalities_with(SIZES, rates=[450, 500, 525] * 4, flaws=True)
        yield built


@pytest.fixture
def many_municipalities(db):
    """Twelve municipalities, small and large, with 0–46 courses closed in 2025 (and some in
    2023–2024), answers drawn at random (seeded), parents' and Ishøj questionnaires, a few
    without visitation date, and the few flaws the notes count as "<5"; hourly rates of 450,
    500 and 525 kr. Built per test: shared per module (`many_municipalities_built`), its rows
    met the per-test fixtures' municipalities under xdist."""
    return municipalities_with(SIZES, rates=[450, 500, 525] * 4, flaws=True)


# Four municipalities, two small (2 and 3 courses) beside two larger, each with its own hourly
# rate: the two small ones are the only hidden rows of Tabel 5.4.
FEW_SIZES = [2, 3, 14, 21]
FEW_RATES = [450, 520, 450, 480]


@pytest.fixture
def few_municipalities(db):
    """Four municipalities of 2, 3, 14 and 21 courses closed in 2025, with every course's visits,
    visit hours and visitation date (no note counts any), at hourly rates of 450-520 kr."""
    return municipalities_with(FEW_SIZES, rates=FEW_RATES, flaws=False, sdq=False)


def municipalities_with(sizes, *, rates, flaws: bool, sdq: bool = True, earlier: bool | None = None) -> list:
    """A municipality per size with that many courses closed in the year (see `many_municipalities`)."""
    rng = random.Random(15)
    from hjemmepaed.organisation.models import Role
    from hjemmepaed.organisation.tests.factories import user_for_role

    agreements = [a.value for a in Agreement]
    recruiters = [r.value for r in RecruitedBy][:4]
    municipalities = []
    serial = iter(range(1, 10**6))
    without_recruiter = WITHOUT_RECRUITER if flaws else set()
    not_answered = NOT_ANSWERED if flaws else set()
    for index, (size, rate) in enumerate(zip(sizes, rates, strict=True)):
        municipality = MunicipalityFactory(name=f"Kommune {index:02d}", code=f"9{index:02d}", visit_hourly_rate=rate)
        municipalities.append(municipality)
        coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
        # courses closed before the year (drawn only when wanted: the draws that follow stay the same)
        earlier_courses = rng.choice([0, 2, 6, 11]) if (flaws if earlier is None else earlier) else 0
        for number in range(size + earlier_courses):
            year = YEAR if number < size else rng.choice([2023, 2024])
            start = date(year - 1, 1, 1) + timedelta(days=rng.randrange(0, 300))
            end = max(start + timedelta(days=rng.randrange(60, 330)), date(year, 1, 1))
            end = min(end, date(year, 12, 31))
            visits = rng.choice([None, 0, 3, 6, 9, 14])
            if not flaws:  # every course with its visits and its visitation date: no note counts any
                visits = visits or 6
            course = imported_course(
                coordinator=coordinator,
                external_id=f"K{next(serial)}",
                start=start,
                end=end,
                visits=visits,
                minutes=None if visits is None else visits * rng.choice([45, 60, 90]),
                recruited_by="" if (index, number) in without_recruiter else rng.choice(recruiters),
                visitation=None if rng.random() < 0.1 and flaws else start - timedelta(days=rng.randrange(0, 60)),
                goals_answer="" if (index, number) in not_answered else rng.choice(agreements),
                child_answer="" if (index, number) in not_answered else rng.choice(agreements[:3]),
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
        for number in range(RUNNING.get(index, 0) if flaws else 0):
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
    for municipality, children in zip(municipalities[3:9:2] if sdq else [], (2, 3, 6), strict=False):
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
    "notes" (rule 7), "thin" (rule 7: a hidden total of a few hidden cells), "pinning" (rule
    7: a note's count of 5 or more), "weighted" (rule 9), "cycles" (rule 10: the municipality x
    year figures' cycles of sums), "uncounted" (rule 11: a note leaves its count out)."""
    monkeypatch.setattr("reporting.disclosure.strip", lambda rows: None)
    if "complementary" in without:
        monkeypatch.setattr("reporting.disclosure.protect_report", lambda sections, notes, known: set())
        monkeypatch.setattr("reporting.disclosure_cycles.protect_cycles", lambda sections: False)
    if "uncounted" in without:
        monkeypatch.setattr("reporting.disclosure_notes.notes_left_uncounted", lambda sections, notes: set())
        monkeypatch.setattr("reporting.disclosure_notes.responses_left_uncounted", lambda answered, not_invited: False)
    if "cycles" in without:
        monkeypatch.setattr("reporting.disclosure_cycles.protect_cycles", lambda sections: False)
    if "groups" in without:
        monkeypatch.setattr("reporting.disclosure._hide_same_groups", lambda cells: False)
    if "thin" in without:
        monkeypatch.setattr("reporting.disclosure._thin", lambda by_key, ref: False)
    if "pinning" in without:
        monkeypatch.setattr("reporting.disclosure._pins_a_hidden_cell", lambda by_key, note: False)
    if "weighted" in without:
        monkeypatch.setattr("reporting.disclosure._hide_weighted", lambda rows, layout: False)
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
