"""The target-group table counts complexity and § 52 as revised up to the period's end
(the reason is in reporting/target_group.py), and says how many were revised."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reporting.tests.factories import imported_course
from reporting.tests.test_tables import compute, row, section
from visitation.services import referral_revise
from visitation.tests.factories import course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _period(days_back=40, end=None):
    return {"kind": "started_in_period", "start": TODAY() - timedelta(days=days_back), "end": end or TODAY()}


@pytest.fixture
def courses(coordinator, educator):
    """Four courses started 30 days ago, all low and without § 52 at the referral."""
    return [
        course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=30))
        for _ in range(4)
    ]


def _revise(course, coordinator, *, on, complexity, section_52=False):
    referral_revise(
        acting_user=coordinator,
        course=course,
        on=on,
        complexity=complexity,
        section_52_decided=section_52,
        justification="Ny vurdering",
    )


def test_the_table_counts_the_revised_assessment_and_says_how_many_were_revised(courses, coordinator, municipality):
    _revise(courses[0], coordinator, on=TODAY() - timedelta(days=10), complexity="medium")
    _revise(courses[1], coordinator, on=TODAY() - timedelta(days=10), complexity="low", section_52=True)
    _revise(courses[1], coordinator, on=TODAY() - timedelta(days=5), complexity="high", section_52=True)
    result = compute(municipality, **_period())
    # Low, Medium, High, § 52, N
    assert row(result, "maalgruppe", municipality.name) == ["50 %", "25 %", "25 %", "25 %", "4"]
    assert "2 forløb tælles med en revideret vurdering." in section(result, "maalgruppe")["notes"]


def test_a_revision_after_the_period_is_not_counted(courses, coordinator, municipality):
    _revise(courses[0], coordinator, on=TODAY(), complexity="high", section_52=True)
    result = compute(municipality, **_period(end=TODAY() - timedelta(days=1)))
    assert row(result, "maalgruppe", municipality.name) == ["100 %", "0 %", "0 %", "0 %", "4"]
    assert not any("tælles med en revideret vurdering" in note for note in section(result, "maalgruppe")["notes"])


def test_imported_courses_without_a_referral_are_left_out_and_said_so(coordinator, municipality):
    imported_course(
        coordinator=coordinator,
        external_id="R-1",
        start=TODAY() - timedelta(days=20),
        end=TODAY() - timedelta(days=1),
        visits=3,
        minutes=180,
    )
    course_started(coordinator=coordinator, start_date=TODAY() - timedelta(days=3))
    result = compute(municipality, **_period())
    assert row(result, "maalgruppe", municipality.name) == ["100 %", "0 %", "0 %", "0 %", "1"]
    notes = section(result, "maalgruppe")["notes"]
    assert "1 forløb tælles ikke med, da det ikke har en henvendelse (importeret fra et registreringsark)." in notes


def test_the_table_reads_in_a_constant_number_of_queries(courses, coordinator, municipality):
    with CaptureQueriesContext(connection) as few:
        compute(municipality, **_period())
    for course in courses:
        _revise(course, coordinator, on=TODAY() - timedelta(days=2), complexity="medium")
    with CaptureQueriesContext(connection) as many:
        compute(municipality, **_period())
    assert len(many.captured_queries) == len(few.captured_queries)
