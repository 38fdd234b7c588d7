"""The report's two largest reads in raw SQL on PostgreSQL, where the ORM cannot say them in one
pass (`reporting.selectors` calls them there and keeps the ORM's form for SQLite; the test suite
runs each path on its database against the same expected figures).

Each takes the ORM's own queryset of the cohort (`selectors.cohort_courses`, with the
selectors' expressions), so the cohort's and the values' definitions stay in one place; only
the grouping is written here, and every value is a parameter.
"""

from django.db import connection
from django.db.models import F, Func, IntegerField, QuerySet

from courses.choices import CourseSource, VisitStatus
from courses.models import Visit
from reporting.grouping import TOTAL, weight_name

# course_figures -------------------------------------------------------------------------

# `selectors.course_figures`: the same figures as `selectors._visit_aggregates` through the view,
# but the cohort's held visits are read in one index scan (`course_id = ANY (ARRAY(...))`)
# and grouped once, then joined to the cohort by hash. Through the view (a LATERAL subquery per
# course, which the ORM cannot avoid: it joins a model, not a grouped subquery) PostgreSQL looks
# each course up once more and aggregates its visits one course at a time: 2 x the time of the
# grouped form at 100,000 courses (benchmarks/bench_report.py). The cohort is the ORM's own
# (`cohort_courses`). The length's mean is the interval `avg` gives, computed as `avg` computes it
# (see `_VISITATION_TO_START_SQL`). The per-course figures are the view's (migration 0007): an app course counts its held visits
# (0 without any), an imported course carries its sheet's totals. GROUPING SETS gives the total
# in the same pass.
_COURSE_FIGURES_SQL = """
WITH cohort AS ({cohort}),
held AS (
    SELECT v.course_id, count(*) AS visits, sum(v.duration_minutes) AS minutes,
           sum(v.duration_minutes * (CASE WHEN v.second_educator_present THEN 2 ELSE 1 END)) AS person_minutes,
           sum(CASE WHEN v.second_educator_present THEN 1 ELSE 0 END) AS paired_visits
    FROM {visits} v
    WHERE v.status = %s AND v.course_id = ANY (ARRAY(SELECT id FROM cohort))
    GROUP BY v.course_id
),
per_course AS (
    SELECT c.municipality_id,
           c.end_date - c.start_date AS length_days,
           CASE WHEN c.source = %s THEN c.imported_visit_count ELSE coalesce(h.visits, 0) END AS visits,
           CASE WHEN c.source = %s THEN c.imported_visit_minutes ELSE coalesce(h.minutes, 0) END AS minutes,
           CASE WHEN c.source = %s THEN c.imported_visit_minutes ELSE coalesce(h.person_minutes, 0) END
               AS person_minutes,
           CASE WHEN c.source = %s THEN NULL ELSE coalesce(h.paired_visits, 0) END AS paired_visits
    FROM cohort c LEFT JOIN held h ON h.course_id = c.id
),
with_hpv AS (
    SELECT *, CASE WHEN visits > 0 AND minutes IS NOT NULL
                   THEN minutes::float8 / visits::float8 / 60.0 END AS hpv
    FROM per_course
)
SELECT grouping(municipality_id) = 1, municipality_id, count(*),
       avg(visits)::float8, min(visits), max(visits), count(visits),
       avg(hpv), min(hpv), max(hpv), count(hpv),
       sum(minutes)::bigint, count(minutes), sum(person_minutes)::bigint, sum(paired_visits)::bigint,
       (interval '1 day' * sum(length_days)) / count(length_days),
       interval '1 day' * min(length_days), interval '1 day' * max(length_days), count(length_days)
FROM with_hpv
GROUP BY GROUPING SETS ((municipality_id), ())
"""
_COURSE_FIGURES_NAMES = (
    "n visits_mean visits_min visits_max visits_n hpv_mean hpv_min hpv_max hpv_n minutes_sum minutes_n "
    "person_minutes_sum paired_visits_sum length_mean length_min length_max length_n"
).split()


def course_figures(cohort_courses: QuerySet) -> dict:
    """{municipality_id or TOTAL: {the figures of `_COURSE_FIGURES_NAMES`}} of the cohort."""
    columns = (
        "id",
        "municipality_id",
        "source",
        "start_date",
        "end_date",
        "imported_visit_count",
        "imported_visit_minutes",
    )
    cohort_sql, cohort_params = cohort_courses.order_by().values(*columns).query.sql_with_params()
    sql = _COURSE_FIGURES_SQL.format(cohort=cohort_sql, visits=connection.ops.quote_name(Visit._meta.db_table))
    params = (*cohort_params, VisitStatus.HELD, *[CourseSource.IMPORT] * 4)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = {}
    for is_total, municipality_id, *values in rows:
        found[TOTAL if is_total else municipality_id] = dict(zip(_COURSE_FIGURES_NAMES, values, strict=True))
    return found


# category_counts ------------------------------------------------------------------------

# `selectors.category_counts`: the cohort's courses, one row each with the recruiter, the two
# closure answers and the referral's complexity and § 52 (the ORM's values query), counted per
# municipality by each of them in one pass (GROUPING SETS, each set hashed), as the hand SQL of
# benchmarks/report_sql.py counts the first three. Grouped by all of them at once and whether
# the course was revised (the ORM's form, before), the benchmark's 21,842 courses made about
# 4,500 groups, which PostgreSQL sorted on seven keys, and each came back as a row for Python to
# add up again; here each set gives 20-200 rows.
_CATEGORY_SQL = """
SELECT grouping(recruiter_value, goals_answer, child_answer, complexity, section_52), municipality_id,
       recruiter_value, goals_answer, child_answer, complexity, section_52, count(*)
FROM ({courses}) x
GROUP BY GROUPING SETS (
    (municipality_id, recruiter_value), (municipality_id, goals_answer), (municipality_id, child_answer),
    (municipality_id, complexity, section_52)
)
"""
# grouping()'s bits, the first argument the highest: 1 for each value the set leaves out.
_CATEGORY_SETS = {0b01111: "recruiter", 0b10111: "goals", 0b11011: "child", 0b11100: "target"}


def category_counts(values: QuerySet) -> dict:
    """`values`: the cohort's courses with the columns the SQL names (`selectors.category_counts`).
    {"recruiter" | "goals" | "child": {(municipality_id, value): count},
    "target": {(municipality_id, complexity, section_52_decided): count}}"""
    sql, params = values.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_CATEGORY_SQL.format(courses=sql), params)
        rows = cursor.fetchall()
    found = {name: {} for name in _CATEGORY_SETS.values()}
    for bits, municipality_id, recruiter, goals, child, complexity, section_52, n in rows:
        name = _CATEGORY_SETS[bits]
        value = {"recruiter": (recruiter,), "goals": (goals,), "child": (child,)}.get(name, (complexity, section_52))
        found[name][(municipality_id, *value)] = n
    return found


# days_visitation_to_start ---------------------------------------------------------------


class DayCount(Func):
    """The days from one date to a later one: a date minus a date is an integer on PostgreSQL."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()

    def __init__(self, later: str, earlier: str):
        super().__init__(F(later), F(earlier))


# `selectors.days_visitation_to_start` (Tabel 3.1) over every started course of the
# municipalities (75,000 in the benchmark): the ORM's form evaluates each of its four conditions
# again in every aggregate filtered by it, and averages the days as intervals (PostgreSQL 15
# keeps an array as each average's state, one allocation a row): 2 x the hand SQL's time. Here
# the conditions are the ORM's, one column each, computed once per course (OFFSET 0 keeps the
# subquery from being merged back into the aggregates), and the days are integers. The mean is
# the interval `avg` would give, computed as it computes it: PostgreSQL's avg of intervals is
# their sum divided by their count (interval_div), and the sum of `interval '1 day' * days` is
# `interval '1 day' * sum(days)`, the same interval; the minimum and maximum the same way.
_VISITATION_TO_START_SQL = """
SELECT municipality_id,
       (interval '1 day' * sum(days) FILTER (WHERE counted)) / count(days) FILTER (WHERE counted),
       interval '1 day' * min(days) FILTER (WHERE counted),
       interval '1 day' * max(days) FILTER (WHERE counted),
       count(days) FILTER (WHERE counted),
       min(start_date),
       count(*) FILTER (WHERE without_end),
       count(*) FILTER (WHERE visitation_after_start),
       count(*) FILTER (WHERE without_visitation)
FROM ({courses} OFFSET 0) x
GROUP BY municipality_id
"""
_VISITATION_TO_START_NAMES = "mean min max n first_start without_end visitation_after_start without_visitation".split()


def visitation_to_start(per_course: QuerySet) -> dict:
    """`per_course`: the started courses with the columns the SQL names. {municipality_id: the
    figures of `selectors.days_visitation_to_start`, with the mean's count for its total}."""
    sql, params = per_course.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_VISITATION_TO_START_SQL.format(courses=sql), params)
        rows = cursor.fetchall()
    found = {}
    for municipality_id, *values in rows:
        found[municipality_id] = dict(zip(_VISITATION_TO_START_NAMES, values, strict=True))
        found[municipality_id][weight_name("mean")] = found[municipality_id]["n"]
    return found
