"""Time the evaluation report over 100,000 courses and about 1,000,000 visits, against hand SQL.

Uses a throw-away test database (Django's test runner machinery), so it never touches data.
Fills it fast (benchmarks/report_data.py: rows made in Python, loaded with COPY; no ORM saves),
then times `reporting.tables.report_compute` for the courses closed in 2024 in all
municipalities against hand-written SQL of the same main aggregates (benchmarks/report_sql.py),
measured in the same run, checks that both give the same numbers (benchmarks/report_checks.py)
and that the report takes at most RATIO times the hand SQL's time and stays in its query budget.
Exits 1 when a check fails.
The full size is for PostgreSQL; `--smoke` (2,000 courses) runs on PostgreSQL and SQLite.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hjemmepaed_bench .venv/bin/python benchmarks/bench_report.py
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402

from benchmarks.harness import finish, throwaway_database, verdict  # noqa: E402
from benchmarks.report_checks import compare  # noqa: E402
from benchmarks.report_data import FULL, SMOKE, build  # noqa: E402
from benchmarks.report_sql import SQL_COURSE_STATS, hand_sql, params_for  # noqa: E402

COHORT_START, COHORT_END = date(2024, 1, 1), date(2024, 12, 31)
REPEAT = 5
# The floor: report_compute's fastest run at most this many times the hand SQL's fastest, both
# measured in this run (the fastest of several is the figure least disturbed by other work on
# the machine; the medians are printed too). At the smoke size the report's fixed work (its
# small queries, the questions, SDQ and building the tables) outweighs the aggregates (about 5x
# on PostgreSQL, 10x on SQLite), so the smoke run has a looser bound; there the query budget is
# what catches a report that starts to query per course.
RATIO = {"full": 1.2, "smoke": 25.0}


def query_budget(municipalities: int) -> int:
    """The report's queries grow neither with the courses nor with the municipalities: each
    aggregate is one grouped query with its total derived from the groups, and SDQ is banded once
    per norm set in use (one here): 20 measured on SQLite and 23 on PostgreSQL (the same 20, and
    the transaction's BEGIN and COMMIT and the setting query of `selectors.report_reads`), at
    both sizes (before 2026-12-06: 22 and 26, with a count of the revised courses, Tabel 3.2 in
    two queries and the settings put back in a query of their own). The argument stays for the
    day a per-municipality query is needed again (it would have to be argued for)."""
    return 40


# Timing -------------------------------------------------------------------------------------


def timed(function, repeat: int):
    timings, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            value = function()
            timings.append(time.perf_counter() - start)
        queries = len(captured)
    return value, timings, queries


def timed_in_turns(first, second, repeat: int):
    """`timed` for both, taking turns (first, second, first, ...): whatever else the machine does
    (a neighbour's tests, autovacuum after the load) falls on both alike. Run one after the
    other, the report's five runs met an autovacuum the hand SQL's did not: 2.2 x, where the
    same code measured 1.02 x after the dead rows a minute later."""
    first_timings, second_timings = [], []
    for _ in range(repeat):
        first_value, timings, first_queries = timed(first, 1)
        first_timings += timings
        second_value, timings, second_queries = timed(second, 1)
        second_timings += timings
    return (first_value, first_timings, first_queries), (second_value, second_timings, second_queries)


def selector_breakdown(run_report) -> list[tuple[str, float, int]]:
    """Wall time and queries per selector during one report: the selectors are wrapped in place."""
    from reporting import selectors

    spent: dict = {}
    originals = {}
    names = [
        name
        for name, value in vars(selectors).items()
        if callable(value)
        and getattr(value, "__module__", "") == selectors.__name__
        and not name.startswith("_")
        and name not in ("Cohort", "cohort_courses", "cohort_responses", "recruiter_expression", "VisitationToStart")
    ]

    def wrap(name, original):
        def wrapper(*args, **kwargs):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                value = original(*args, **kwargs)
                elapsed = time.perf_counter() - start
            label = name + ("(" + kwargs["field"] + ")" if "field" in kwargs else "")
            seconds, queries = spent.get(label, (0.0, 0))
            spent[label] = (seconds + elapsed, queries + len(captured))
            return value

        return wrapper

    for name in names:
        originals[name] = getattr(selectors, name)
        setattr(selectors, name, wrap(name, originals[name]))
    try:
        start = time.perf_counter()
        run_report()
        whole = time.perf_counter() - start
    finally:
        for name, original in originals.items():
            setattr(selectors, name, original)
    rows = sorted(((label, s, q) for label, (s, q) in spent.items()), key=lambda row: -row[1])
    rows.append(("(rest: questions, SDQ, building the tables)", whole - sum(s for _l, s, _q in rows), 0))
    return rows


def leave_dead_rows() -> None:
    """Every course, closure, referral and visit written once more in a transaction that
    is rolled back, as an import that fails at its last row leaves them: PostgreSQL keeps the
    dead row versions in the tables until a vacuum, and the statistics do not know of them."""
    from django.db import transaction
    from django.db.models import F

    from courses.models import Closure, Course, Visit
    from visitation.models import Referral

    with transaction.atomic():
        Course.objects.update(phase=F("phase"))
        Closure.objects.update(course_id=F("course_id"))
        Referral.objects.update(course_id=F("course_id"))
        Visit.objects.update(status=F("status"))  # the visit totals are a view over the visits
        transaction.set_rollback(True)


def explain(queryset_or_sql, params=None) -> str:
    with connection.cursor() as cursor:
        if isinstance(queryset_or_sql, str):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + queryset_or_sql, params)
        else:
            sql, qparams = queryset_or_sql.query.sql_with_params()
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, qparams)
        return "\n".join(row[0] for row in cursor.fetchall())


def visit_figures_sql(cohort) -> str:
    """The query of `selectors.course_figures` as it ran (on PostgreSQL its raw SQL), to show its plan."""
    from reporting import selectors

    with CaptureQueriesContext(connection) as captured:
        selectors.course_figures(cohort)
    return captured.captured_queries[-1]["sql"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--smoke", "--small", action="store_true", help="2,000 courses, 2 runs: the CI smoke run, also on SQLite"
    )
    parser.add_argument("--repeat", type=int, help=f"runs of each (default {REPEAT}, smoke 2)")
    parser.add_argument(
        "--explain", action="store_true", help="print EXPLAIN ANALYZE of the course figures and of the hand SQL's"
    )
    parser.add_argument("--no-jit", action="store_true", help="SET jit = off for this connection first")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the test database afterwards, to look at it with psql (the next run replaces it)",
    )
    args = parser.parse_args()
    if connection.vendor not in ("postgresql", "sqlite"):
        sys.exit(f"bench_report.py has hand SQL for PostgreSQL and SQLite, not {connection.vendor}.")
    if connection.vendor != "postgresql" and not args.smoke:
        sys.exit(
            "bench_report.py measures PostgreSQL: set DATABASE_URL=postgres://... "
            "(or pass --smoke for the smoke run on this database)."
        )
    mode = "smoke" if args.smoke else "full"
    repeat = args.repeat or (2 if args.smoke else REPEAT)
    with throwaway_database("report", keep=args.keep):
        passed = run(size=SMOKE if args.smoke else FULL, ratio_goal=RATIO[mode], repeat=repeat, args=args)
    finish(passed)


def run(*, size: dict, ratio_goal: float, repeat: int, args) -> bool:
    from hjemmepaed.organisation.models import User
    from hjemmepaed.pdf import render_pdf
    from reporting.exports import pdf_context
    from reporting.models import CohortKind, Report
    from reporting.selectors import Cohort
    from reporting.tables import report_compute

    postgres = connection.vendor == "postgresql"
    if args.no_jit and postgres:
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
    start = time.perf_counter()
    built = build(size)
    generation = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if postgres else "SELECT sqlite_version()")
        server = cursor.fetchone()[0].split(" on ")[0]
        jit = ""
        if postgres:
            cursor.execute("SHOW jit")
            jit = f", jit {cursor.fetchone()[0]}"
    print(f"Database: {server}, test database {connection.settings_dict['NAME']}{jit}")
    print(f"Generated in {generation:.1f} s: " + ", ".join(f"{n:,} {name}" for name, n in built["counts"].items()))

    cohort = Cohort(
        kind=CohortKind.CLOSED_IN_YEAR, start=COHORT_START, end=COHORT_END, municipality_ids=built["municipality_ids"]
    )
    params = params_for(cohort)

    def run_report():
        with translation.override("da"):
            return report_compute(cohort=cohort, suppress=True)

    run_report()  # warm the caches and the translations once
    hand_sql(params)
    (result, report_times, report_queries), (sql, sql_times, sql_queries) = timed_in_turns(
        run_report, lambda: hand_sql(params), repeat
    )
    ratio = min(report_times) / min(sql_times)
    budget = query_budget(len(cohort.municipality_ids))

    print(
        f"\nCohort: courses closed in 2024 in all {len(cohort.municipality_ids)} municipalities: "
        f"{result['cohort']['courses']:,} courses; {repeat} runs each"
    )
    print(f"{'':<22}{'median s':>10}{'min s':>10}{'queries':>9}")
    print(
        f"{'report_compute':<22}{statistics.median(report_times):>10.3f}{min(report_times):>10.3f}{report_queries:>9}"
    )
    print(f"{'hand SQL':<22}{statistics.median(sql_times):>10.3f}{min(sql_times):>10.3f}{sql_queries:>9}")
    print(f"{'ratio (min)':<22}{'':>10}{ratio:>10.2f}   goal: at most {ratio_goal:.2f}")

    dead = None
    if postgres:
        # A failed import leaves dead rows behind until a vacuum (issue 15 measured 2.48 x there):
        # the plans must not depend on a fresh table or on JIT flipping on a bloated one.
        leave_dead_rows()
        (_again, dead_report_times, _queries), (_sql, dead_sql_times, _queries) = timed_in_turns(
            run_report, lambda: hand_sql(params), repeat
        )
        dead = min(dead_report_times) / min(dead_sql_times)
        print(
            f"{'after dead rows':<22}{min(dead_report_times):>10.3f}{min(dead_sql_times):>10.3f}"
            f"   report / hand SQL (fastest): {dead:.2f}"
        )

    # The PDF of that result, as the Celery task renders it.
    report = Report.objects.create(
        ordered_by=User.objects.filter(role="coordinator").first(),
        cohort_kind=cohort.kind,
        period_start=cohort.start,
        period_end=cohort.end,
        suppress_small_cells=True,
        result=result,
    )
    with translation.override("da"):
        start = time.perf_counter()
        pdf = render_pdf("reporting/pdf/report.html", pdf_context(report))
        pdf_seconds = time.perf_counter() - start
    print(f"{'PDF render (once)':<22}{pdf_seconds:>10.3f}{'':>10}{'':>9}   {len(pdf) / 1024:.0f} KiB")

    print("\nTime per selector in one report run:")
    for label, seconds, queries in selector_breakdown(run_report):
        print(f"  {label:<44}{seconds:>8.3f} s{queries:>5} queries")

    checks = compare(cohort, sql, result)
    checks.append(("the PDF renders", pdf.startswith(b"%PDF"), ""))
    checks.append(
        (f"report at most {ratio_goal:.2f} x the hand SQL (fastest runs)", ratio <= ratio_goal, f"{ratio:.2f}")
    )
    if dead is not None:
        checks.append(
            (
                f"after a failed import's dead rows, at most {ratio_goal:.2f} x the hand SQL",
                dead <= ratio_goal,
                f"{dead:.2f}",
            )
        )
    checks.append((f"report within {budget} queries", report_queries <= budget, f"{report_queries}"))
    passed = verdict(checks, title="The report against the hand SQL:")
    if postgres and args.explain:
        sql = visit_figures_sql(cohort)
        print("\nselectors.course_figures:\n" + sql)
        print("\n" + explain(sql))
        print("\nThe hand SQL's course statistics:\n" + explain(SQL_COURSE_STATS, params))
    return passed


if __name__ == "__main__":
    main()
