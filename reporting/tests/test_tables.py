"""Each table on small, hand-computed data, with its exclusions and small cells."""

import copy
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from hjemmepaed.tests.world import module_rows
from reporting.formatting import format_cell
from reporting.tests.factories import closed_course, imported_course, national_response
from reporting.tests.tables_cases import compute, row, section

pytestmark = pytest.mark.django_db


def _cohort_2025(coordinator):
    """Four courses closed in 2025 (one imported), one closed in 2024, hand-computed below.

    visitation→start: A 10, B 0, C 20 days; E imported without a visitation date.
    visits (minutes): A 60+90, B 4×60, C none, E 6 visits / 540 minutes (sheet totals).
    length: A 120, B 181, C 10, E 90 days.
    """
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=coordinator.municipality)
    courses = {
        "A": closed_course(
            coordinator=coordinator,
            educator=educator,
            visitation=date(2025, 1, 10),
            start=date(2025, 1, 20),
            end=date(2025, 5, 20),
            visit_minutes=[60, 90],
            recruited_by="health_visiting",
            goals_answer="agree",
        ),
        "B": closed_course(
            coordinator=coordinator,
            educator=educator,
            visitation=date(2025, 2, 1),
            start=date(2025, 2, 1),
            end=date(2025, 8, 1),
            visit_minutes=[60, 60, 60, 60],
            recruited_by="daycare",
            goals_answer="neutral",
        ),
        "C": closed_course(
            coordinator=coordinator,
            educator=educator,
            visitation=date(2025, 3, 1),
            start=date(2025, 3, 21),
            end=date(2025, 3, 31),
            recruited_by="daycare",
            goals_answer="strongly_agree",
            child_answer="disagree",
        ),
        "E": imported_course(
            coordinator=coordinator,
            external_id="T-17",
            start=date(2025, 4, 1),
            end=date(2025, 6, 30),
            visits=6,
            minutes=540,
            recruited_by="family",
        ),
        "D": closed_course(
            coordinator=coordinator,
            educator=educator,
            visitation=date(2024, 3, 1),
            start=date(2024, 3, 11),
            end=date(2024, 9, 1),
            visit_minutes=[480] * 3,
        ),
    }
    return courses


def _municipality():
    return MunicipalityFactory(name="København", authority_name="Københavns Kommune", code="101")


@pytest.fixture(scope="module")
def cohort_built(django_db_setup, django_db_blocker):
    """A municipality, its coordinator and `_cohort_2025`, built through the services once for the
    module's tests that read them (about a second each) and rolled back after the last one; each
    test's own changes are rolled back after that test, as always."""
    with module_rows(django_db_blocker):
        with django_db_blocker.unblock(), translation.override("da"):
            # Its rows stay for the module's later tests too, so another municipality than the
            # København each of those makes (names and codes are unique; the sheet import finds
            # its municipality by the code).
            municipality = MunicipalityFactory(name="Frederiksberg", authority_name="Frederiksberg Kommune", code="147")
            coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
            courses = _cohort_2025(coordinator)
        yield municipality, coordinator, courses


@pytest.fixture
def cohort_2025(cohort_built, db):
    return copy.deepcopy(cohort_built[2])


# A test with the cohort gets the cohort's municipality and coordinator; the other tests get an
# empty København of their own, as from the root conftest. The cohort
# comes first, so that its rows are there before the test's own transaction begins.
@pytest.fixture
def municipality(request):
    if "cohort_2025" in request.fixturenames:
        request.getfixturevalue("cohort_2025")  # the shared rows first, then the test's transaction
        return copy.deepcopy(request.getfixturevalue("cohort_built")[0])
    request.getfixturevalue("db")
    return _municipality()


@pytest.fixture
def coordinator(request, municipality):
    if "cohort_2025" in request.fixturenames:
        return copy.deepcopy(request.getfixturevalue("cohort_built")[1])
    return user_for_role(Role.COORDINATOR, municipality=municipality)


def test_days_from_visitation_to_start_leave_out_courses_without_a_visitation_date(cohort_2025, municipality):
    result = compute(municipality)
    # A 10, B 0, C 20 and D 10 days (D closed in 2024: Tabel 3.1 covers the whole period)
    assert row(result, "tabel-3-1", municipality.name) == ["10,0", "0", "20", "4"]
    assert "1 forløb er ikke talt med, da det mangler en visitationsdato" in " ".join(
        section(result, "tabel-3-1")["notes"]
    )


def test_days_from_visitation_to_start_cover_every_closed_course_up_to_the_periods_end(
    cohort_2025, municipality, coordinator
):
    """As the national evaluation: all courses up to the end, without those lacking an end date
    and those whose visitation is registered after the start, each counted in the note."""
    from visitation.tests.factories import course_started

    course_started(coordinator=coordinator, start_date=date(2025, 11, 1))  # running: no end date
    closed_course(  # closed after the period's end: no end date by then
        coordinator=coordinator,
        visitation=date(2025, 12, 1),
        start=date(2025, 12, 10),
        end=date(2026, 1, 31),
    )
    late = imported_course(
        coordinator=coordinator,
        external_id="T-18",
        start=date(2025, 3, 1),
        end=date(2025, 9, 1),
        visits=4,
        minutes=240,
        visitation=date(2025, 3, 1),
    )
    # The import keeps a course whose visitation is registered after its start (the evaluation
    # had them); written here past the check the app's own forms keep.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # rolled back with the test's transaction
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks on the table
            cursor.execute("ALTER TABLE courses_course DROP CONSTRAINT course_visitation_not_after_start")
        else:
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        cursor.execute("UPDATE courses_course SET visitation_date = '2025-03-15' WHERE id = %s", [late.pk])
        if connection.vendor != "postgresql":
            cursor.execute("PRAGMA ignore_check_constraints = OFF")
    result = compute(municipality)
    assert row(result, "tabel-3-1", municipality.name) == ["10,0", "0", "20", "4"]
    notes = " ".join(section(result, "tabel-3-1")["notes"])
    assert (
        "Alle kommunernes afsluttede forløb startet fra 11.03.2024 til 31.12.2025, ikke kun rapportens forløb." in notes
    )
    assert "2 forløb er ikke talt med, da de mangler en slutdato (ikke afsluttet ved periodens slutning)." in notes
    assert "1 forløb er ikke talt med, da visitationen er registreret efter forløbets start." in notes
    assert "1 forløb er ikke talt med, da det mangler en visitationsdato" in notes


def test_visits_per_course_count_held_visits_and_the_imported_totals(cohort_2025, municipality):
    result = compute(municipality)
    # (2 + 4 + 0 + 6) / 4
    assert row(result, "tabel-5-1", municipality.name) == ["3,0", "0", "6", "4"]


def test_hours_per_visit_are_each_courses_hours_over_its_visits(cohort_2025, municipality):
    result = compute(municipality)
    # A 150/2 = 75 min = 1.25 h; B 1.00 h; E 540/6 = 1.50 h; C has no visits and counts out.
    assert row(result, "tabel-5-2", municipality.name) == ["1,25", "1,00", "1,50", "3"]
    assert "1 forløb er ikke talt med" in " ".join(section(result, "tabel-5-2")["notes"])


def test_course_length_in_days(cohort_2025, municipality):
    result = compute(municipality)
    # (120 + 181 + 10 + 90) / 4 = 100.25
    assert row(result, "tabel-5-3", municipality.name) == ["100,3", "10", "181", "4"]


def test_cost_uses_the_municipalitys_hourly_rate(cohort_2025, municipality):
    municipality.visit_hourly_rate = Decimal("500")
    municipality.save()
    result = compute(municipality)
    # 150 + 240 + 0 + 540 = 930 minutes = 15.5 hours; 15.5 / 4 = 3.875; 15.5 × 500 / 4 = 1937.5
    assert row(result, "tabel-5-4", municipality.name) == [
        "0",
        "15,5",
        "3,9",
        "500 kr.",
        "1.938 kr.",
        "7.750 kr.",
        "4",
    ]


def test_a_visit_by_two_educators_costs_their_hours_twice(cohort_2025, coordinator, municipality):
    """København's courses were “dyre, specielt fordi de har haft to personer ude ad gangen”:
    the cost counts a visit's hours once per home educator present (the old cost counted once)."""
    municipality.visit_hourly_rate = Decimal("500")
    municipality.save()
    pair = [user_for_role(Role.HOME_EDUCATOR, municipality=municipality) for _ in range(2)]
    closed_course(
        coordinator=coordinator,
        educator=pair[0],
        second_educator=pair[1],
        visitation=date(2025, 3, 1),
        start=date(2025, 3, 10),
        end=date(2025, 6, 1),
        visit_minutes=[120, 60],
        paired=[0],
    )
    result = compute(municipality)
    # 930 minutes as before, plus 120 × 2 (two educators) + 60 = 1230 minutes = 20.5 hours over
    # 5 courses: 4.1 hours and 2,050 kr. a course, 10,250 kr. in all (counted once, as before: 18.5 hours).
    assert row(result, "tabel-5-4", municipality.name) == [
        "1",
        "20,5",
        "4,1",
        "500 kr.",
        "2.050 kr.",
        "10.250 kr.",
        "5",
    ]
    # The family's time is not doubled: hours per visit stay each visit's duration.
    notes = section(result, "tabel-5-4")["notes"]
    assert any("to pædagoger tæller dobbelt" in note for note in notes)


def test_cost_without_a_rate_says_so(cohort_2025, municipality):
    result = compute(municipality)
    assert row(result, "tabel-5-4", municipality.name)[3:6] == ["–", "–", "–"]
    assert f"Ingen timepris angivet: {municipality.name}." in section(result, "tabel-5-4")["notes"]


def test_recruitment_shares(cohort_2025, municipality):
    result = compute(municipality)
    # health visiting 1, daycare 2, the family itself 1 (the imported course) of 4
    assert row(result, "figur-3-3", municipality.name) == ["25 %", "50 %", "25 %", "0 %", "0 %", "0 %", "0 %", "4"]


def test_educator_assessment_shares_and_agreeing(cohort_2025, municipality):
    result = compute(municipality)
    # goals: A agree, B neutral, C strongly agree, E agree
    assert row(result, "figur-4-1", municipality.name) == ["25 %", "50 %", "25 %", "0 %", "0 %", "0 %", "75 %", "4"]
    # child: A, B, E agree; C disagree
    assert row(result, "figur-4-1-b", municipality.name) == ["0 %", "75 %", "0 %", "25 %", "0 %", "0 %", "75 %", "4"]


def test_courses_per_year_cover_the_whole_history(cohort_2025, municipality):
    result = compute(municipality)
    started = section(result, "figur-3-1")
    assert started["columns"] == ["Kommune", "2024", "2025", "I alt"]
    assert row(result, "figur-3-1", municipality.name) == ["1", "4", "5"]
    assert row(result, "figur-3-2", municipality.name) == ["1", "4", "5"]


def test_educators_by_profession_and_anchoring(cohort_2025, municipality):
    result = compute(municipality)
    rows = {r["label"]: format_cell(r["cells"][0]) for r in section(result, "tabel-3-2")["rows"]}
    # one educator on the app courses of 2025; the imported course has none
    assert rows["Hjemmepædagoger i alt"] == "1"


def test_started_in_a_period_counts_running_courses_out_of_the_length(cohort_2025, municipality, coordinator):
    from visitation.tests.factories import course_started

    course_started(coordinator=coordinator, start_date=date(2025, 12, 1))
    result = compute(municipality, kind="started_in_period", start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert row(result, "tabel-5-3", municipality.name)[-1] == "4"
    assert "1 forløb er ikke talt med, da det ikke er afsluttet endnu" in " ".join(
        section(result, "tabel-5-3")["notes"]
    )


def test_small_cells_are_hidden_across_municipalities(cohort_2025, municipality, other_municipality):
    other = user_for_role(Role.COORDINATOR, municipality=other_municipality)
    for day in range(1, 6):
        closed_course(
            coordinator=other,
            visitation=date(2025, 5, day),
            start=date(2025, 5, 10),
            end=date(2025, 6, 10),
            visit_minutes=[60],
        )
    result = compute(municipality, other_municipality, suppress=True)
    # four courses in one municipality: every figure based on them is "<5"
    assert row(result, "tabel-5-1", municipality.name) == ["<5", "<5", "<5", "<5"]
    # and the other's too, or 9 − 5 would give the four back
    assert row(result, "tabel-5-1", other_municipality.name) == ["<5", "<5", "<5", "<5"]
    # (2 + 4 + 0 + 6 + 5 × 1) / 9 = 1.89; the minimum 0 and maximum 6 are single courses of a hidden group
    assert row(result, "tabel-5-1", "Alle kommuner") == ["1,9", "<5", "<5", "9"]
    # the sums over the four courses hide with them: hours and cost in all over N give the mean back
    paired, hours, per_course, _rate, cost_per_course, cost, n = row(result, "tabel-5-4", municipality.name)
    assert [paired, hours, per_course, cost_per_course, cost, n] == ["<5"] * 6
    assert row(result, "figur-3-3", other_municipality.name) == ["<5"] * 8
    # 6 health visiting (67 %), 2 daycare, 1 family: 9 − 6 = 3 would bound the two small ones
    assert row(result, "figur-3-3", "Alle kommuner")[:4] == ["<5", "<5", "<5", "0 %"]


def test_a_municipalitys_own_report_shows_small_numbers(cohort_2025, municipality):
    result = compute(municipality, suppress=False)
    assert "<5" not in str([format_cell(c) for s in result["sections"] for r in s["rows"] for c in r["cells"]])


def test_parent_questionnaire(cohort_2025, municipality, coordinator):
    course = cohort_2025["A"]
    ratings = [10, 9, 8, 9, 7]
    for index, rating in enumerate(ratings):
        answers = {
            "1": "mother" if index < 3 else "father",
            "2": "yes" if index == 0 else "no",
            "9": rating,
            "7": "agree",
            ("5", 1): "strongly_agree",
            ("4", 1): "no",
        }
        if index == 4:  # two children, the second in daycare
            answers.update({("5", 2): "neutral", ("4", 2): "yes", ("8", 2): "agree"})
        national_response(
            municipality=municipality,
            course=course if index < 2 else None,
            submitted_on=date(2025, 6, 1),
            answers=answers,
        )
    # an open-link answer from another year is not in the cohort
    national_response(municipality=municipality, submitted_on=date(2024, 6, 1), answers={"9": 1})
    result = compute(municipality)
    assert row(result, "tabel-4-1", municipality.name) == ["8,60", "7", "10", "5"]
    assert row(result, "tabel-4-2", municipality.name) == ["60 %", "40 %", "0 %", "20 %", "5"]
    # per child: five first children strongly agree, one second child neutral
    assert row(result, "figur-4-4", municipality.name) == ["83 %", "0 %", "17 %", "0 %", "0 %", "0 %", "83 %", "6"]
    # only the child in daycare was asked about the daycare
    assert row(result, "figur-4-5", municipality.name)[-1] == "1"
    assert "3 besvarelser er givet via det åbne link" in " ".join(section(result, "tabel-4-1")["notes"])


def test_the_number_of_queries_does_not_grow_with_the_courses(municipality, coordinator):
    def queries():
        with CaptureQueriesContext(connection) as context:
            compute(municipality)
        return len(context.captured_queries)

    closed_course(
        coordinator=coordinator,
        visitation=date(2025, 1, 1),
        start=date(2025, 1, 5),
        end=date(2025, 3, 1),
        visit_minutes=[60],
    )
    few = queries()
    for day in range(2, 8):
        closed_course(
            coordinator=coordinator,
            visitation=date(2025, 2, day),
            start=date(2025, 2, 10),
            end=date(2025, 4, 1),
            visit_minutes=[60, 90],
        )
    assert queries() == few
