"""The hand-written SQL the report is measured against: the same main aggregates as
`reporting.selectors`, written for each database (PostgreSQL: GROUPING SETS, one pass each;
SQLite, for the smoke run: UNION ALL in place of GROUPING SETS, the period's bounds in UTC in
place of AT TIME ZONE). `hand_sql` runs the one for the connection and reads both the same way."""

import json
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection

TIME_ZONE = "Europe/Copenhagen"

# PostgreSQL ---------------------------------------------------------------------------------

COHORT_CTE = """
cohort AS (
    SELECT c.id, c.municipality_id, c.source, c.visitation_date, c.start_date, c.end_date,
           c.imported_visit_count, c.imported_visit_minutes, c.imported_recruited_by,
           c.primary_educator_id, c.second_educator_id
    FROM courses_course c
    WHERE c.municipality_id = ANY(%(municipalities)s)
      AND c.phase = 'closed' AND c.end_date BETWEEN %(start)s AND %(end)s
)"""

# Per-course figures in one pass over the cohort's held visits, then every statistic per
# municipality and for all together (GROUPING SETS).
SQL_COURSE_STATS = f"""
WITH {COHORT_CTE},
held AS (
    SELECT v.course_id, count(*) AS visits, sum(v.duration_minutes) AS minutes
    FROM courses_visit v
    WHERE v.status = 'held' AND v.course_id = ANY (ARRAY(SELECT id FROM cohort))  -- by the course_id index
    GROUP BY v.course_id
),
per_course AS (
    SELECT c.municipality_id,
           c.end_date - c.start_date AS length_days,
           CASE WHEN c.source = 'import' THEN c.imported_visit_count ELSE coalesce(h.visits, 0) END AS visits,
           CASE WHEN c.source = 'import' THEN c.imported_visit_minutes ELSE coalesce(h.minutes, 0) END AS minutes
    FROM cohort c LEFT JOIN held h ON h.course_id = c.id
),
per_course_hpv AS (
    SELECT *, CASE WHEN visits > 0 AND minutes IS NOT NULL THEN minutes::float8 / visits / 60 END AS hpv
    FROM per_course
)
SELECT CASE WHEN grouping(municipality_id) = 1 THEN NULL ELSE municipality_id END,
       count(*),
       avg(length_days)::float8, min(length_days), max(length_days), count(length_days),
       avg(visits)::float8, min(visits), max(visits), count(visits),
       avg(hpv), min(hpv), max(hpv), count(hpv),
       sum(minutes), count(minutes)
FROM per_course_hpv
GROUP BY GROUPING SETS ((municipality_id), ())
"""
STAT_NAMES = (
    "n length_mean length_min length_max length_n visits_mean visits_min "
    "visits_max visits_n hpv_mean hpv_min hpv_max hpv_n minutes_sum minutes_n"
).split()

SQL_CATEGORIES = f"""
WITH {COHORT_CTE}
SELECT grouping(recruiter, goals, child), municipality_id, coalesce(recruiter, goals, child), count(*)
FROM (
    SELECT c.municipality_id,
           coalesce(nullif(c.imported_recruited_by, ''), r.recruited_by) AS recruiter,
           cl.goals_reached_answer AS goals, cl.child_developed_answer AS child
    FROM cohort c
    LEFT JOIN visitation_referral r ON r.course_id = c.id
    LEFT JOIN courses_closure cl ON cl.course_id = c.id
) x
GROUP BY GROUPING SETS ((municipality_id, recruiter), (municipality_id, goals), (municipality_id, child))
"""
CATEGORY_SETS = {3: "recruiter", 5: "goals", 6: "child"}  # grouping() bits of the two absent columns

SQL_PER_YEAR = """
SELECT 'start_date', municipality_id, extract(year FROM start_date)::int, count(*)
FROM courses_course
WHERE municipality_id = ANY(%(municipalities)s) AND phase IN ('started', 'closed') AND start_date <= %(end)s
GROUP BY 2, 3
UNION ALL
SELECT 'end_date', municipality_id, extract(year FROM end_date)::int, count(*)
FROM courses_course
WHERE municipality_id = ANY(%(municipalities)s) AND phase = 'closed' AND end_date <= %(end)s
GROUP BY 2, 3
"""

# Tabel 3.1 by the evaluation's definition: every course started up to the period's end that
# closed by then, its visitation not after its start; and the courses it leaves out.
SQL_WAIT = """
WITH started AS (
    SELECT municipality_id, start_date - visitation_date AS wait_days,
           (phase = 'closed' AND end_date IS NOT NULL AND end_date <= %(end)s) AS ended,
           coalesce(visitation_date > start_date, false) AS after_start
    FROM courses_course
    WHERE municipality_id = ANY(%(municipalities)s) AND phase IN ('started', 'closed') AND start_date <= %(end)s
)
SELECT CASE WHEN grouping(municipality_id) = 1 THEN NULL ELSE municipality_id END,
       avg(wait_days) FILTER (WHERE ended AND NOT after_start)::float8,
       min(wait_days) FILTER (WHERE ended AND NOT after_start),
       max(wait_days) FILTER (WHERE ended AND NOT after_start),
       count(wait_days) FILTER (WHERE ended AND NOT after_start),
       count(*) FILTER (WHERE NOT ended),
       count(*) FILTER (WHERE ended AND after_start)
FROM started
GROUP BY GROUPING SETS ((municipality_id), ())
"""
WAIT_NAMES = "mean min max n without_end visitation_after_start".split()

SQL_EDUCATORS = f"""
WITH {COHORT_CTE},
educator AS (
    SELECT primary_educator_id AS id FROM cohort WHERE primary_educator_id IS NOT NULL
    UNION
    SELECT second_educator_id FROM cohort WHERE second_educator_id IS NOT NULL
)
SELECT grouping(u.profession, u.anchoring), u.municipality_id, coalesce(u.profession, u.anchoring), count(*)
FROM organisation_user u JOIN educator e ON e.id = u.id
WHERE (u.role = 'home_educator'
       OR u.id IN (SELECT user_id FROM organisation_staffrole WHERE role = 'home_educator'))
GROUP BY GROUPING SETS ((u.municipality_id, u.profession), (u.municipality_id, u.anchoring))
"""

RESPONSES_CTE = f"""
{COHORT_CTE},
response AS (
    SELECT r.id, r.municipality_id, r.questionnaire_id, r.course_id
    FROM surveys_response r
    WHERE r.municipality_id = ANY(%(municipalities)s)
      AND (r.course_id IN (SELECT id FROM cohort)
           OR (r.course_id IS NULL
               AND (r.submitted_at AT TIME ZONE %(tz)s)::date BETWEEN %(start)s AND %(end)s))
)"""

SQL_RESPONSES = f"""
WITH {RESPONSES_CTE}
SELECT r.municipality_id, qn.key, r.course_id IS NOT NULL, count(*)
FROM response r JOIN surveys_questionnaire qn ON qn.id = r.questionnaire_id
GROUP BY 1, 2, 3
"""

SQL_ANSWERS = f"""
WITH {RESPONSES_CTE}
SELECT r.municipality_id, qn.key, q.number, a.choice, a.number, count(*)
FROM surveys_answer a
JOIN response r ON r.id = a.response_id
JOIN surveys_question q ON q.id = a.question_id
JOIN surveys_questionnaire qn ON qn.id = q.questionnaire_id
WHERE qn.key IN ('national', 'ishoej') AND q.kind <> 'free_text'
GROUP BY 1, 2, 3, 4, 5
"""


# SQLite --------------------------------------------------------------------------------------

SQLITE_COHORT_CTE = """
cohort AS (
    SELECT c.id, c.municipality_id, c.source, c.visitation_date, c.start_date, c.end_date,
           c.imported_visit_count, c.imported_visit_minutes, c.imported_recruited_by,
           c.primary_educator_id, c.second_educator_id
    FROM courses_course c
    WHERE c.municipality_id IN (SELECT value FROM json_each(%(municipalities)s))
      AND c.phase = 'closed' AND c.end_date BETWEEN %(start)s AND %(end)s
)"""

# The total is the rows once more under a NULL municipality.
SQLITE_COURSE_STATS = f"""
WITH {SQLITE_COHORT_CTE},
held AS (
    SELECT v.course_id, count(*) AS visits, sum(v.duration_minutes) AS minutes
    FROM courses_visit v
    WHERE v.status = 'held' AND v.course_id IN (SELECT id FROM cohort)
    GROUP BY v.course_id
),
per_course AS (
    SELECT c.municipality_id,
           julianday(c.end_date) - julianday(c.start_date) AS length_days,
           CASE WHEN c.source = 'import' THEN c.imported_visit_count ELSE coalesce(h.visits, 0) END AS visits,
           CASE WHEN c.source = 'import' THEN c.imported_visit_minutes ELSE coalesce(h.minutes, 0) END AS minutes
    FROM cohort c LEFT JOIN held h ON h.course_id = c.id
),
per_course_hpv AS (
    SELECT *, CASE WHEN visits > 0 AND minutes IS NOT NULL THEN CAST(minutes AS REAL) / visits / 60 END AS hpv
    FROM per_course
),
grouped AS (
    SELECT municipality_id AS m, * FROM per_course_hpv
    UNION ALL
    SELECT NULL, * FROM per_course_hpv
)
SELECT m,
       count(*),
       avg(length_days), min(length_days), max(length_days), count(length_days),
       avg(visits), min(visits), max(visits), count(visits),
       avg(hpv), min(hpv), max(hpv), count(hpv),
       sum(minutes), count(minutes)
FROM grouped
GROUP BY m
"""

# The first column gives the grouping() bits PostgreSQL's GROUPING SETS would (CATEGORY_SETS).
SQLITE_CATEGORIES = f"""
WITH {SQLITE_COHORT_CTE},
x AS (
    SELECT c.municipality_id,
           coalesce(nullif(c.imported_recruited_by, ''), r.recruited_by) AS recruiter,
           cl.goals_reached_answer AS goals, cl.child_developed_answer AS child
    FROM cohort c
    LEFT JOIN visitation_referral r ON r.course_id = c.id
    LEFT JOIN courses_closure cl ON cl.course_id = c.id
)
SELECT 3, municipality_id, recruiter, count(*) FROM x GROUP BY 2, 3
UNION ALL
SELECT 5, municipality_id, goals, count(*) FROM x GROUP BY 2, 3
UNION ALL
SELECT 6, municipality_id, child, count(*) FROM x GROUP BY 2, 3
"""

SQLITE_PER_YEAR = """
SELECT 'start_date', municipality_id, CAST(strftime('%%Y', start_date) AS INTEGER), count(*)
FROM courses_course
WHERE municipality_id IN (SELECT value FROM json_each(%(municipalities)s))
  AND phase IN ('started', 'closed') AND start_date <= %(end)s
GROUP BY 2, 3
UNION ALL
SELECT 'end_date', municipality_id, CAST(strftime('%%Y', end_date) AS INTEGER), count(*)
FROM courses_course
WHERE municipality_id IN (SELECT value FROM json_each(%(municipalities)s))
  AND phase = 'closed' AND end_date <= %(end)s
GROUP BY 2, 3
"""

SQLITE_WAIT = """
WITH started AS (
    SELECT municipality_id, julianday(start_date) - julianday(visitation_date) AS wait_days,
           (phase = 'closed' AND end_date IS NOT NULL AND end_date <= %(end)s) AS ended,
           coalesce(visitation_date > start_date, 0) AS after_start
    FROM courses_course
    WHERE municipality_id IN (SELECT value FROM json_each(%(municipalities)s))
      AND phase IN ('started', 'closed') AND start_date <= %(end)s
),
grouped AS (SELECT municipality_id AS m, * FROM started UNION ALL SELECT NULL, * FROM started)
SELECT m,
       avg(wait_days) FILTER (WHERE ended AND NOT after_start),
       min(wait_days) FILTER (WHERE ended AND NOT after_start),
       max(wait_days) FILTER (WHERE ended AND NOT after_start),
       count(wait_days) FILTER (WHERE ended AND NOT after_start),
       count(*) FILTER (WHERE NOT ended),
       count(*) FILTER (WHERE ended AND after_start)
FROM grouped
GROUP BY m
"""

SQLITE_EDUCATORS = f"""
WITH {SQLITE_COHORT_CTE},
educator AS (
    SELECT primary_educator_id AS id FROM cohort WHERE primary_educator_id IS NOT NULL
    UNION
    SELECT second_educator_id FROM cohort WHERE second_educator_id IS NOT NULL
),
u AS (SELECT u.* FROM organisation_user u JOIN educator e ON e.id = u.id
    WHERE u.role = 'home_educator'
       OR u.id IN (SELECT user_id FROM organisation_staffrole WHERE role = 'home_educator'))
SELECT 1, municipality_id, profession, count(*) FROM u GROUP BY 2, 3
UNION ALL
SELECT 2, municipality_id, anchoring, count(*) FROM u GROUP BY 2, 3
"""

# A local date in the period is an instant from the first day's local midnight (in UTC, as
# Django stores it) up to the midnight after the last day.
SQLITE_RESPONSES_CTE = f"""
{SQLITE_COHORT_CTE},
response AS (
    SELECT r.id, r.municipality_id, r.questionnaire_id, r.course_id
    FROM surveys_response r
    WHERE r.municipality_id IN (SELECT value FROM json_each(%(municipalities)s))
      AND (r.course_id IN (SELECT id FROM cohort)
           OR (r.course_id IS NULL AND r.submitted_at >= %(from_utc)s AND r.submitted_at < %(until_utc)s))
)"""

SQLITE_RESPONSES = f"""
WITH {SQLITE_RESPONSES_CTE}
SELECT r.municipality_id, qn.key, r.course_id IS NOT NULL, count(*)
FROM response r JOIN surveys_questionnaire qn ON qn.id = r.questionnaire_id
GROUP BY 1, 2, 3
"""

SQLITE_ANSWERS = f"""
WITH {SQLITE_RESPONSES_CTE}
SELECT r.municipality_id, qn.key, q.number, a.choice, a.number, count(*)
FROM surveys_answer a
JOIN response r ON r.id = a.response_id
JOIN surveys_question q ON q.id = a.question_id
JOIN surveys_questionnaire qn ON qn.id = q.questionnaire_id
WHERE qn.key IN ('national', 'ishoej') AND q.kind <> 'free_text'
GROUP BY 1, 2, 3, 4, 5
"""

QUERIES = {
    "postgresql": (
        SQL_COURSE_STATS,
        SQL_CATEGORIES,
        SQL_PER_YEAR,
        SQL_EDUCATORS,
        SQL_RESPONSES,
        SQL_ANSWERS,
        SQL_WAIT,
    ),
    "sqlite": (
        SQLITE_COURSE_STATS,
        SQLITE_CATEGORIES,
        SQLITE_PER_YEAR,
        SQLITE_EDUCATORS,
        SQLITE_RESPONSES,
        SQLITE_ANSWERS,
        SQLITE_WAIT,
    ),
}


def params_for(cohort) -> dict:
    """The queries' parameters for a cohort, on this connection."""
    if connection.vendor == "postgresql":
        return {
            "municipalities": list(cohort.municipality_ids),
            "start": cohort.start,
            "end": cohort.end,
            "tz": TIME_ZONE,
        }
    zone = ZoneInfo(TIME_ZONE)
    first = datetime.combine(cohort.start, time.min, tzinfo=zone).astimezone(UTC)
    after = datetime.combine(cohort.end + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC)
    return {
        "municipalities": json.dumps(list(cohort.municipality_ids)),
        "start": cohort.start.isoformat(),
        "end": cohort.end.isoformat(),
        "from_utc": connection.ops.adapt_datetimefield_value(first),
        "until_utc": connection.ops.adapt_datetimefield_value(after),
    }


def hand_sql(params: dict) -> dict:
    stats, categories, per_year, educators, responses, answers, wait = QUERIES[connection.vendor]
    out = {}
    with connection.cursor() as cursor:
        cursor.execute(stats, params)
        out["stats"] = {row[0]: dict(zip(STAT_NAMES, row[1:])) for row in cursor.fetchall()}
        cursor.execute(categories, params)
        out.update({name: {} for name in CATEGORY_SETS.values()})
        for bits, m, value, n in cursor.fetchall():
            out[CATEGORY_SETS[bits]][(m, value)] = n
        cursor.execute(per_year, params)
        out["start_date"], out["end_date"] = {}, {}
        for field, m, year, n in cursor.fetchall():
            out[field][(m, year)] = n
        cursor.execute(educators, params)
        out["profession"], out["anchoring"] = {}, {}
        for bits, m, value, n in cursor.fetchall():
            out["profession" if bits == 1 else "anchoring"][(m, value)] = n
        cursor.execute(responses, params)
        out["responses"] = {(m, key, bool(tied)): n for m, key, tied, n in cursor.fetchall()}
        cursor.execute(answers, params)
        out["answers"] = {tuple(row[:5]): row[5] for row in cursor.fetchall()}
        cursor.execute(wait, params)
        out["wait"] = {row[0]: dict(zip(WAIT_NAMES, row[1:])) for row in cursor.fetchall()}
    return out
