"""The total of a grouped aggregate is derived from its groups (`reporting.grouping`): it must
equal what one ungrouped query over all the municipalities' courses gives."""

from datetime import date

import pytest
from django.db.models import Avg, Count, F, Max, Min, Q, Sum

from courses.models import Course
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from reporting.grouping import TOTAL, grouped
from reporting.selectors import _days
from reporting.tests.factories import closed_course, imported_course

pytestmark = pytest.mark.django_db

RECRUITER = "daycare"


def _courses(municipality, *spans, recruited_by="health_visiting"):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    for start, end, minutes in spans:
        closed_course(
            coordinator=coordinator,
            educator=educator,
            visitation=date(2024, 1, 2),
            start=start,
            end=end,
            visit_minutes=minutes,
            recruited_by=recruited_by,
        )


def test_the_derived_total_equals_one_query_over_all_municipalities():
    _courses(
        MunicipalityFactory(name="Ishøj", code="183"),
        (date(2024, 1, 10), date(2024, 6, 1), [60, 90, 45]),
        (date(2024, 2, 1), date(2024, 3, 1), [30]),
    )
    _courses(MunicipalityFactory(name="Thisted", code="787"), (date(2024, 1, 20), date(2024, 9, 30), [120, 60]))
    _courses(MunicipalityFactory(name="Svendborg", code="479"), (date(2024, 3, 1), date(2024, 4, 1), []))
    visits, minutes = F("visit_totals__visits"), F("visit_totals__minutes")
    length = _days("end_date", "start_date")
    aggregates = {
        "visits_mean": Avg(visits),
        "visits_min": Min(visits),
        "visits_max": Max(visits),
        "visits_n": Count(visits),
        "minutes_sum": Sum(minutes),
        "length_mean": Avg(length),  # a mean of durations
        "length_max": Max(length),
        "long_ones": Count("pk", filter=Q(end_date__gt=date(2024, 5, 1))),
        "long_mean": Avg(visits, filter=Q(end_date__gt=date(2024, 5, 1))),  # a filtered mean
        "n": Count("pk"),
    }
    courses = Course.objects.all()
    rows = grouped(courses, **aggregates)
    expected = courses.aggregate(**aggregates)
    assert len(rows) == 4  # three municipalities and the total
    for name, value in expected.items():
        got = rows[TOTAL][name]
        if name.endswith("_mean"):
            assert abs((got - value).total_seconds() if name == "length_mean" else got - value) < 1e-9, name
        else:
            assert got == value, name
    assert set(rows[TOTAL]) == set(aggregates)  # the hidden counts are not in the result
    assert all(set(row) == set(aggregates) for row in rows.values())


def test_a_distinct_count_gets_its_own_query_for_the_total():
    _courses(MunicipalityFactory(name="Ishøj", code="183"), (date(2024, 1, 10), date(2024, 6, 1), [60]))
    _courses(MunicipalityFactory(name="Thisted", code="787"), (date(2024, 1, 10), date(2024, 6, 1), [60]))
    rows = grouped(Course.objects.all(), starts=Count("start_date", distinct=True))
    assert rows[TOTAL]["starts"] == 1  # one date, not 1 + 1


def test_the_four_category_counts_from_one_scan_equal_one_query_each():
    from reporting.models import CohortKind
    from reporting.selectors import Cohort, category_counts, cohort_courses, recruiter_expression

    ishoj, thisted = MunicipalityFactory(name="Ishøj", code="183"), MunicipalityFactory(name="Thisted", code="787")
    _courses(ishoj, (date(2024, 1, 10), date(2024, 6, 1), [60]), (date(2024, 2, 1), date(2024, 3, 1), [30]))
    _courses(thisted, (date(2024, 1, 20), date(2024, 9, 30), [120]), recruited_by=RECRUITER)
    imported_course(  # no referral, the sheet's recruiter
        coordinator=user_for_role(Role.COORDINATOR, municipality=thisted),
        external_id="T-1",
        start=date(2024, 2, 5),
        end=date(2024, 7, 5),
        visits=3,
        minutes=180,
    )
    cohort = Cohort(
        kind=CohortKind.CLOSED_IN_YEAR,
        start=date(2024, 1, 1),
        end=date(2024, 12, 31),
        municipality_ids=(ishoj.pk, thisted.pk),
    )

    def one_query(*expressions):
        names = {f"value_{i}": expression for i, expression in enumerate(expressions)}
        rows = cohort_courses(cohort).order_by().values("municipality_id", **names).annotate(n=Count("pk"))
        return {(row["municipality_id"], *(row[name] for name in names)): row["n"] for row in rows}

    # On PostgreSQL one query of GROUPING SETS (reporting/selectors_postgresql.py), elsewhere the ORM's.
    found = category_counts(cohort)
    assert found["recruiter"] == one_query(recruiter_expression())
    assert found["goals"] == one_query(F("closure__goals_reached_answer"))
    assert found["child"] == one_query(F("closure__child_developed_answer"))
    assert found["target"] == one_query(F("referral__complexity"), F("referral__section_52_decided"))
    assert (thisted.pk, RECRUITER) in found["recruiter"] and (ishoj.pk, "health_visiting") in found["recruiter"]
