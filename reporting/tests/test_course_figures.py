"""`selectors.course_figures` reads the visits in raw SQL on PostgreSQL (one grouped scan of the
cohort's held visits instead of the per-course view) and through the ORM and the view elsewhere:
both must give the same figures, of the same types, for app and imported courses alike; so must
Tabel 3.1's (`selectors.days_visitation_to_start`, reporting/selectors_postgresql.py); and the
report's queries run without JIT or parallel workers, the settings put back afterwards
(`selectors.report_reads`)."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.models import Count

from hjemmepaed.organisation.models import Municipality, Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from reporting import selectors
from reporting.grouping import TOTAL, grouped
from reporting.models import CohortKind
from reporting.tests.factories import closed_course, imported_course

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the raw SQL path and JIT exist on PostgreSQL only"
)


def _world():
    ishoej, thisted, svendborg = (
        MunicipalityFactory(name="Ishøj", code="183"),
        MunicipalityFactory(name="Thisted", code="787"),
        MunicipalityFactory(name="Svendborg", code="479"),
    )
    coordinator = user_for_role(Role.COORDINATOR, municipality=ishoej)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=ishoej)
    second = user_for_role(Role.HOME_EDUCATOR, municipality=ishoej)
    closed_course(
        coordinator=coordinator,
        educator=educator,
        second_educator=second,
        visitation=date(2024, 1, 2),
        start=date(2024, 1, 10),
        end=date(2024, 6, 1),
        visit_minutes=[60, 90, 45],
        paired=[1],
    )
    closed_course(
        coordinator=coordinator,
        educator=educator,
        visitation=date(2024, 1, 2),
        start=date(2024, 2, 1),
        end=date(2024, 3, 1),
        visit_minutes=[],  # no visit: 0 visits, out of the hours per visit
    )
    thisted_coordinator = user_for_role(Role.COORDINATOR, municipality=thisted)
    imported_course(
        coordinator=thisted_coordinator,
        external_id="T-1",
        start=date(2024, 1, 5),
        end=date(2024, 5, 5),
        visits=8,
        minutes=600,
    )
    imported_course(
        coordinator=thisted_coordinator,
        external_id="T-2",
        start=date(2024, 2, 5),
        end=date(2024, 7, 5),
        visits=None,
        minutes=None,
    )
    closed_course(
        coordinator=user_for_role(Role.COORDINATOR, municipality=svendborg),
        visitation=date(2024, 1, 2),
        start=date(2024, 9, 1),
        end=date(2025, 1, 15),  # closed after the period: not in the cohort
        visit_minutes=[30],
    )
    return selectors.Cohort(
        kind=CohortKind.CLOSED_IN_YEAR,
        start=date(2024, 1, 1),
        end=date(2024, 12, 31),
        municipality_ids=(ishoej.pk, thisted.pk, svendborg.pk),
    )


def test_the_course_figures_count_app_and_imported_courses_alike():
    cohort = _world()
    figures = selectors.course_figures(cohort)
    total = figures[TOTAL]
    assert total["n"] == 4
    assert total["visits_n"] == 3  # the imported course without totals counts out
    assert (total["visits_min"], total["visits_max"]) == (0, 8)
    assert total["minutes_sum"] == 195 + 600
    assert total["person_minutes_sum"] == 195 + 90 + 600  # the paired visit counts twice
    assert total["paired_visits_sum"] == 1
    assert total["hpv_n"] == 2  # the course without visits has no hours per visit
    assert abs(total["hpv_mean"] - (195 / 3 / 60 + 600 / 8 / 60) / 2) < 1e-9
    assert total["length_max"].days == 151


@postgresql_only
def test_the_raw_sql_gives_the_orm_figures():
    cohort = _world()
    length = {f"length_{name}": a for name, a in selectors._stats(selectors._days("end_date", "start_date")).items()}
    expected = grouped(selectors.cohort_courses(cohort), n=Count("pk"), **selectors._visit_aggregates(), **length)
    got = selectors.course_figures(cohort)
    assert set(got) == set(expected)
    for key, row in expected.items():
        assert set(got[key]) == set(row)
        for name, value in row.items():
            assert type(got[key][name]) is type(value), (key, name)
            if isinstance(value, float):
                assert abs(got[key][name] - value) < 1e-9, (key, name)
            else:
                assert got[key][name] == value, (key, name)


@postgresql_only
def test_tabel_3_1_in_raw_sql_gives_the_orm_figures(monkeypatch):
    cohort = _world()
    thisted = Municipality.objects.get(code="787")
    coordinator = user_for_role(Role.COORDINATOR, municipality=thisted)
    for external_id, visitation, start in (
        ("T-3", date(2024, 1, 1), date(2024, 1, 5)),
        ("T-4", date(2024, 1, 1), date(2024, 1, 6)),  # Thisted's mean 4.5 days, the total's 11.75
        ("T-5", date(2024, 3, 1), date(2024, 2, 1)),  # the visitation after the start: left out
    ):
        imported_course(
            coordinator=coordinator,
            external_id=external_id,
            visitation=visitation,
            start=start,
            end=date(2024, 8, 1),
            visits=4,
            minutes=240,
        )
    got = selectors.days_visitation_to_start(cohort)
    monkeypatch.setattr(selectors, "connection", SimpleNamespace(vendor="the ORM's"))  # the other path
    expected = selectors.days_visitation_to_start(cohort)
    assert got == expected  # the intervals to the microsecond, the counts, the first start
    assert got.stats[TOTAL]["mean"] == timedelta(days=11.75)
    assert (got.without_end, got.visitation_after_start, got.without_visitation) == (1, 1, 2)


@postgresql_only
def test_the_report_reads_without_jit_or_parallel_workers_and_puts_the_settings_back():
    def settings():
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('jit'), current_setting('max_parallel_workers_per_gather')")
            return cursor.fetchone()

    before = settings()
    with selectors.report_reads():
        assert settings() == ("off", "0")
    assert settings() == before
