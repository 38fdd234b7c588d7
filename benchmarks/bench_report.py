"""Time the evaluation report over 100,000 courses and about 1,000,000 visits, against hand SQL.

Uses a throw-away test database (Django's test runner machinery), so it never touches data.
Fills it fast (rows made in Python, loaded with COPY; no ORM saves), then times
`reporting.tables.report_compute` for the courses closed in 2024 in all municipalities, and a
hand-written SQL version of the same main aggregates, checks that both give the same numbers
and prints the figures. PostgreSQL only, unless `--small` (a smoke run, also on SQLite, where
the hand SQL part is skipped).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hjemmepaed_bench .venv/bin/python benchmarks/bench_report.py
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management.color import no_style  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import translation  # noqa: E402

SEED = 20261123
COHORT_START, COHORT_END = date(2024, 1, 1), date(2024, 12, 31)
FULL = {"municipalities": 20, "courses": 100_000, "educators": 25}
SMALL = {"municipalities": 5, "courses": 2_000, "educators": 5}
REPEAT = 5

AGREEMENT_WEIGHTS = {
    "strongly_agree": 35,
    "agree": 40,
    "neutral": 12,
    "disagree": 5,
    "strongly_disagree": 2,
    "dont_know": 6,
}
RECRUITER_WEIGHTS = {
    "health_visiting": 45,
    "daycare": 25,
    "family": 10,
    "other_municipal": 8,
    "gp": 4,
    "midwife": 3,
    "other": 5,
}
PROFESSIONS = ["pedagogue", "support_pedagogue", "resource_pedagogue", "room_pedagogue", "health_visitor", "other"]
ANCHORINGS = ["administration", "daycare", "area_manager"]
END_REASONS = ["goals_reached", "other_service", "moved", "no_interest", "no_time", "child_turned_3", "other"]


def weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# Loading ----------------------------------------------------------------------------------


def insert(table: str, columns: list[str], rows) -> int:
    """COPY on PostgreSQL, executemany elsewhere; returns the number of rows."""
    count = 0
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count
    adapt = connection.ops.adapt_datetimefield_value
    rows = [tuple(adapt(v) if isinstance(v, datetime) else v for v in row) for row in rows]
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows)
    return len(rows)


def build(size: dict) -> dict:
    """Fill the empty test database; returns the row counts and the municipality ids."""
    from courses.models import Closure, Course, Visit
    from families.models import Family
    from hjemmepaed.organisation.models import Municipality, User
    from surveys.models import Answer, Question, Questionnaire, Response
    from visitation.models import Referral

    rng = random.Random(SEED)
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    counts = {}
    n_mun, n_courses, n_edu = size["municipalities"], size["courses"], size["educators"]

    # Explicit ids from 1 (the database is new and these tables are empty); sequences reset after.
    municipality_ids = list(range(1, n_mun + 1))
    counts["municipalities"] = insert(
        Municipality._meta.db_table,
        ["id", "name", "code", "visit_hourly_rate"],
        ((m, f"Kommune {m:02d}", f"{100 + m:03d}", 450 + 5 * m) for m in municipality_ids),
    )

    # Users: one coordinator per municipality (id 1000 + m), educators from 2000.
    def coordinator(m):
        return 1000 + m

    def educator(m, k):
        return 2000 + (m - 1) * n_edu + k

    user_columns = [
        "id",
        "password",
        "is_superuser",
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
        "date_joined",
        "role",
        "municipality_id",
        "profession",
        "anchoring",
    ]
    users = [
        (
            coordinator(m),
            "!",
            False,
            f"tovholder-{m}",
            "Tove",
            f"Holder {m}",
            "",
            False,
            True,
            now,
            "coordinator",
            m,
            "",
            "",
        )
        for m in municipality_ids
    ] + [
        (
            educator(m, k),
            "!",
            False,
            f"paedagog-{m}-{k}",
            "Pia",
            f"Pædagog {m}-{k}",
            "",
            False,
            True,
            now,
            "home_educator",
            m,
            rng.choice(PROFESSIONS),
            rng.choice(ANCHORINGS),
        )
        for m in municipality_ids
        for k in range(n_edu)
    ]
    counts["users"] = insert(User._meta.db_table, user_columns, users)

    counts["families"] = insert(
        Family._meta.db_table,
        ["id", "municipality_id", "single_parent", "language", "interpreter_needed", "created_at"],
        ((c, 1 + c % n_mun, rng.random() < 0.2, "dansk", False, now) for c in range(1, n_courses + 1)),
    )

    # Courses ------------------------------------------------------------------------------
    course_columns = [
        "id",
        "municipality_id",
        "family_id",
        "phase",
        "primary_educator_id",
        "second_educator_id",
        "visitation_date",
        "decision_justification",
        "rejection_reason",
        "waiting_since",
        "waiting_position",
        "start_date",
        "planned_end_date",
        "end_date",
        "end_reason",
        "end_reason_detail",
        "source",
        "external_id",
        "imported_recruited_by",
        "imported_visit_count",
        "imported_visit_minutes",
        "imported_child_birth_month",
        "created_at",
        "updated_at",
    ]
    plans = []  # (course id, municipality, phase, source, primary, start, end, visitation)
    course_rows = []
    first_end = date(2022, 1, 1)
    for c in range(1, n_courses + 1):
        m = 1 + c % n_mun
        r = rng.random()
        phase = (
            "closed"
            if r < 0.88
            else "started"
            if r < 0.94
            else "waiting"
            if r < 0.96
            else "decided"
            if r < 0.98
            else "referred"
            if r < 0.99
            else "rejected"
        )
        source = "import" if phase == "closed" and rng.random() < 0.1 else "app"
        visitation = start = planned_end = end = waiting_since = None
        end_reason = ""
        primary = second = None
        imported = {"external_id": "", "recruited": "", "count": None, "minutes": None, "birth": None}
        if phase == "closed":
            end = first_end + timedelta(days=rng.randrange(4 * 365 + 1))
            start = end - timedelta(days=rng.randint(30, 280))
            visitation = start - timedelta(days=rng.randint(0, 60))
            planned_end = start + timedelta(days=280)
            end_reason = rng.choice(END_REASONS)
        elif phase == "started":
            start = date(2025, 6, 1) + timedelta(days=rng.randrange(180))
            visitation = start - timedelta(days=rng.randint(0, 60))
            planned_end = start + timedelta(days=280)
        elif phase in ("waiting", "decided"):
            visitation = date(2025, 10, 1) + timedelta(days=rng.randrange(60))
            waiting_since = visitation if phase == "waiting" else None
        if phase in ("closed", "started") and (source == "app" or rng.random() < 0.7):
            primary = educator(m, rng.randrange(n_edu))
            if source == "app" and rng.random() < 0.15:
                second = educator(m, (primary - educator(m, 0) + 1 + rng.randrange(n_edu - 1)) % n_edu)
        if source == "import":
            imported["external_id"] = f"ARK-{c}"
            if rng.random() < 0.3:
                visitation = None  # old sheets often lack the visitation date
            if rng.random() < 0.9:
                imported["count"] = rng.randint(1, 25)
                if rng.random() < 0.9:
                    imported["minutes"] = imported["count"] * 15 * rng.randint(3, 8)
            if rng.random() < 0.85:
                imported["recruited"] = weighted(rng, RECRUITER_WEIGHTS)
        course_rows.append(
            (
                c,
                m,
                c,
                phase,
                primary,
                second,
                visitation,
                "",
                "Uden for målgruppen" if phase == "rejected" else "",
                waiting_since,
                1 if waiting_since else None,
                start,
                planned_end,
                end,
                end_reason,
                "",
                source,
                imported["external_id"],
                imported["recruited"],
                imported["count"],
                imported["minutes"],
                imported["birth"],
                now,
                now,
            )
        )
        plans.append((c, m, phase, source, primary, start, end, visitation))
    counts["courses"] = insert(Course._meta.db_table, course_columns, course_rows)
    del course_rows

    # Visits: 1-19 held per app course (10 on average), and 0-3 planned, cancelled or no-show.
    visit_columns = [
        "course_id",
        "date",
        "status",
        "duration_minutes",
        "kind",
        "is_booster",
        "participants",
        "methods",
        "methods_other",
        "note",
        "next_steps",
        "logged_by_id",
        "logged_at",
    ]
    kinds = ["home"] * 8 + ["daycare", "outdoors", "remote", "network_meeting"]

    def visits():
        for c, _m, phase, source, primary, start, end, _v in plans:
            if source != "app" or phase not in ("closed", "started"):
                continue
            held = rng.randint(1, 19)
            other = rng.randint(0, 3)
            booster = phase == "closed" and rng.random() < 0.2
            span = ((end - start).days if end else 200) or 1
            for k in range(held + other):
                day = start + timedelta(days=(k * span) // (held + other))
                if k < held:
                    minutes = 15 * rng.randint(1, 32) if rng.random() < 0.02 else 15 * rng.randint(4, 8)
                    yield (
                        c,
                        day,
                        "held",
                        minutes,
                        rng.choice(kinds),
                        booster and k == held - 1,
                        "",
                        "[]",
                        "",
                        "",
                        "",
                        primary,
                        now,
                    )
                else:
                    status = "planned" if phase == "started" else rng.choice(["cancelled", "no_show"])
                    yield (c, day, status, None, "home", False, "", "[]", "", "", "", primary, now)

    counts["visits"] = insert(Visit._meta.db_table, visit_columns, visits())

    referral_columns = [
        "course_id",
        "received_on",
        "recruited_by",
        "recruited_by_other",
        "referring_professional",
        "concern",
        "complexity",
        "section_52_decided",
        "consent_given_on",
        "consent_given_by",
    ]

    def referrals():
        for c, _m, _phase, source, _p, _s, _e, visitation in plans:
            if source != "app" or rng.random() < 0.05:
                continue
            recruiter = weighted(rng, RECRUITER_WEIGHTS)
            received = (visitation or date(2025, 11, 1)) - timedelta(days=rng.randint(0, 30))
            complexity = rng.choices(["low", "medium", "high"], weights=[90, 8, 2])[0]
            yield (
                c,
                received,
                recruiter,
                "Familiens netværk" if recruiter == "other" else "",
                "",
                "Bekymring",
                complexity,
                False,
                None,
                "",
            )

    counts["referrals"] = insert(Referral._meta.db_table, referral_columns, referrals())

    def closures():
        for c, m, phase, source, _p, _s, _end, _v in plans:
            if phase == "closed" and source == "app" and rng.random() < 0.97:
                yield (
                    c,
                    weighted(rng, AGREEMENT_WEIGHTS),
                    weighted(rng, AGREEMENT_WEIGHTS),
                    None,
                    rng.random() < 0.6,
                    None,
                    coordinator(m),
                )

    counts["closures"] = insert(
        Closure._meta.db_table,
        [
            "course_id",
            "goals_reached_answer",
            "child_developed_answer",
            "handover_meeting_on",
            "reflection_sheet_given",
            "booster_planned_on",
            "closed_by_id",
        ],
        closures(),
    )

    # The national questionnaire (installed by surveys/0002), answered for 40 % of the closed
    # courses and by some parents without a course (imported sheets), as imported responses.
    national = Questionnaire.objects.get(key="national", version=1)
    question = {q.number: q.pk for q in Question.objects.filter(questionnaire=national)}
    responses, answers = [], []
    untied = [(None, 1 + i % n_mun, first_end + timedelta(days=rng.randrange(4 * 365))) for i in range(n_courses // 40)]
    tied = [(c, m, end) for c, m, phase, _s, _p, _st, end, _v in plans if phase == "closed" and rng.random() < 0.4]
    for response_id, (course_id, m, day) in enumerate(tied + untied, start=1):
        children = rng.choices([1, 2, 3], weights=[70, 25, 5])[0]
        submitted = datetime.combine(
            day + timedelta(days=rng.randint(1, 30)), datetime.min.time(), tzinfo=UTC
        ) + timedelta(hours=rng.randint(6, 22))
        responses.append(
            (
                response_id,
                national.pk,
                m,
                "import",
                None,
                None,
                course_id,
                children,
                False,
                submitted,
                f"ARK-SVAR-{response_id}",
            )
        )

        def answer(number, child=0, choice="", value=None):
            answers.append((response_id, question[number], child, choice, value, ""))  # noqa: B023  (called within the iteration)

        answer("1", choice=rng.choices(["mother", "father", "other"], weights=[75, 20, 5])[0])
        answer("2", choice="yes" if rng.random() < 0.2 else "no")
        answer("3", choice=str(children))
        for child in range(1, children + 1):
            in_daycare = rng.random() < 0.7
            answer("4", child, choice="yes" if in_daycare else "no")
            answer("5", child, choice=weighted(rng, AGREEMENT_WEIGHTS))
            answer("6", child, choice=weighted(rng, AGREEMENT_WEIGHTS))
            if in_daycare:
                answer("8", child, choice=weighted(rng, AGREEMENT_WEIGHTS))
        answer("7", choice=weighted(rng, AGREEMENT_WEIGHTS))
        answer("9", value=rng.choices(range(1, 11), weights=[1, 1, 1, 2, 3, 5, 10, 20, 25, 32])[0])
    counts["responses"] = insert(
        Response._meta.db_table,
        [
            "id",
            "questionnaire_id",
            "municipality_id",
            "source",
            "invitation_id",
            "open_link_id",
            "course_id",
            "children",
            "low_rating_confirmed",
            "submitted_at",
            "external_id",
        ],
        responses,
    )
    counts["answers"] = insert(
        Answer._meta.db_table, ["response_id", "question_id", "child", "choice", "number", "text"], answers
    )

    models = [Municipality, User, Family, Course, Visit, Referral, Closure, Response, Answer]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            # As after any bulk load: fresh statistics and visibility map (index-only scans).
            for model in models:
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
        else:
            cursor.execute("ANALYZE")
    return {"counts": counts, "municipality_ids": tuple(municipality_ids)}


# The hand-written SQL -----------------------------------------------------------------------

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
           c.start_date - c.visitation_date AS wait_days,
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
       avg(wait_days)::float8, min(wait_days), max(wait_days), count(wait_days),
       avg(length_days)::float8, min(length_days), max(length_days), count(length_days),
       avg(visits)::float8, min(visits), max(visits), count(visits),
       avg(hpv), min(hpv), max(hpv), count(hpv),
       sum(minutes), count(minutes)
FROM per_course_hpv
GROUP BY GROUPING SETS ((municipality_id), ())
"""
STAT_NAMES = [
    "n",
    "wait_mean",
    "wait_min",
    "wait_max",
    "wait_n",
    "length_mean",
    "length_min",
    "length_max",
    "length_n",
    "visits_mean",
    "visits_min",
    "visits_max",
    "visits_n",
    "hpv_mean",
    "hpv_min",
    "hpv_max",
    "hpv_n",
    "minutes_sum",
    "minutes_n",
]

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

SQL_EDUCATORS = f"""
WITH {COHORT_CTE},
educator AS (
    SELECT primary_educator_id AS id FROM cohort WHERE primary_educator_id IS NOT NULL
    UNION
    SELECT second_educator_id FROM cohort WHERE second_educator_id IS NOT NULL
)
SELECT grouping(u.profession, u.anchoring), u.municipality_id, coalesce(u.profession, u.anchoring), count(*)
FROM organisation_user u JOIN educator e ON e.id = u.id
WHERE u.role = 'home_educator'
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


def hand_sql(params: dict) -> dict:
    out = {}
    with connection.cursor() as cursor:
        cursor.execute(SQL_COURSE_STATS, params)
        out["stats"] = {row[0]: dict(zip(STAT_NAMES, row[1:])) for row in cursor.fetchall()}
        cursor.execute(SQL_CATEGORIES, params)
        out.update({name: {} for name in CATEGORY_SETS.values()})
        for bits, m, value, n in cursor.fetchall():
            out[CATEGORY_SETS[bits]][(m, value)] = n
        cursor.execute(SQL_PER_YEAR, params)
        out["start_date"], out["end_date"] = {}, {}
        for field, m, year, n in cursor.fetchall():
            out[field][(m, year)] = n
        cursor.execute(SQL_EDUCATORS, params)
        out["profession"], out["anchoring"] = {}, {}
        for bits, m, value, n in cursor.fetchall():
            out["profession" if bits == 1 else "anchoring"][(m, value)] = n
        cursor.execute(SQL_RESPONSES, params)
        out["responses"] = {(m, key, tied): n for m, key, tied, n in cursor.fetchall()}
        cursor.execute(SQL_ANSWERS, params)
        out["answers"] = {tuple(row[:5]): row[5] for row in cursor.fetchall()}
    return out


# Checking the two against each other --------------------------------------------------------


def compare(cohort, sql: dict, result: dict) -> list[tuple[str, bool, str]]:
    """The selectors' figures (the report's input) against the hand SQL's, a few key numbers
    in full and the histograms as a whole."""
    from reporting import selectors
    from reporting.tables import _days

    def close(a, b):
        if a is None or b is None:
            return a is b
        return abs(float(a) - float(b)) < 1e-6

    checks = []
    total = sql["stats"][None]
    checks.append(
        (
            "cohort size (report)",
            result["cohort"]["courses"] == total["n"],
            f"{result['cohort']['courses']} / {total['n']}",
        )
    )
    size = selectors.cohort_size(cohort)
    checks.append(
        (
            "cohort size per municipality",
            all(size.get(m, {}).get("n") == row["n"] for m, row in sql["stats"].items()),
            "",
        )
    )
    figures = selectors.visit_figures(cohort)
    for name in (
        "visits_mean",
        "visits_min",
        "visits_max",
        "visits_n",
        "hpv_mean",
        "hpv_min",
        "hpv_max",
        "hpv_n",
        "minutes_sum",
        "minutes_n",
    ):
        orm = figures[None][name]
        checks.append((f"{name} (total)", close(orm, total[name]), f"{orm} / {total[name]}"))
    checks.append(
        (
            "visit figures per municipality",
            all(
                close(figures[m][name], row[name])
                for m, row in sql["stats"].items()
                for name in ("visits_mean", "hpv_mean", "minutes_sum")
            ),
            "",
        )
    )
    wait = selectors.days_visitation_to_start(cohort)[None]
    length = selectors.course_length_days(cohort)[None]
    checks.append(
        (
            "days visitation to start, mean/min/max/N",
            close(_days(wait["mean"]), total["wait_mean"])
            and close(_days(wait["min"]), total["wait_min"])
            and close(_days(wait["max"]), total["wait_max"])
            and wait["n"] == total["wait_n"],
            f"{_days(wait['mean']):.4f} / {total['wait_mean']:.4f}",
        )
    )
    checks.append(
        (
            "course length, mean/min/max/N",
            close(_days(length["mean"]), total["length_mean"]) and length["n"] == total["length_n"],
            f"{_days(length['mean']):.4f} / {total['length_mean']:.4f}",
        )
    )
    from django.db.models import F

    checks.append(
        (
            "recruiter counts",
            selectors.counts_by(cohort, expression=selectors.recruiter_expression()) == sql["recruiter"],
            "",
        )
    )
    checks.append(
        (
            "closure answers (goals)",
            selectors.counts_by(cohort, expression=F("closure__goals_reached_answer")) == sql["goals"],
            "",
        )
    )
    checks.append(
        (
            "closure answers (child)",
            selectors.counts_by(cohort, expression=F("closure__child_developed_answer")) == sql["child"],
            "",
        )
    )
    for field in ("start_date", "end_date"):
        checks.append(
            (f"courses per year ({field})", selectors.courses_per_year(cohort, field=field) == sql[field], "")
        )
    for field in ("profession", "anchoring"):
        checks.append((f"educators by {field}", selectors.educators_by(cohort, field=field) == sql[field], ""))
    checks.append(("responses", selectors.response_counts(cohort) == sql["responses"], ""))
    checks.append(
        (
            "answer histograms",
            selectors.answer_counts(cohort, keys=("national", "ishoej")) == sql["answers"],
            f"{len(sql['answers'])} cells",
        )
    )
    return checks


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
        and name not in ("Cohort", "cohort_courses", "cohort_responses", "recruiter_expression")
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


def explain(queryset_or_sql, params=None) -> str:
    with connection.cursor() as cursor:
        if isinstance(queryset_or_sql, str):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + queryset_or_sql, params)
        else:
            sql, qparams = queryset_or_sql.query.sql_with_params()
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, qparams)
        return "\n".join(row[0] for row in cursor.fetchall())


def visit_figures_queryset(cohort):
    """The grouped query of `selectors.visit_figures`, rebuilt to show its plan."""
    from reporting import selectors

    captured_qs = {}
    original = selectors._grouped

    def grab(queryset, **aggregates):
        captured_qs["qs"] = queryset.order_by().values("municipality_id").annotate(**aggregates)
        return original(queryset, **aggregates)

    selectors._grouped = grab
    try:
        selectors.visit_figures(cohort)
    finally:
        selectors._grouped = original
    return captured_qs["qs"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="2,000 courses: a smoke run, also on SQLite")
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the visit figures")
    parser.add_argument("--no-jit", action="store_true", help="SET jit = off for this connection first")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the test database afterwards, to look at it with psql (the next run replaces it)",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql" and not args.small:
        sys.exit(
            "bench_report.py measures PostgreSQL: set DATABASE_URL=postgres://... "
            "(or pass --small for a smoke run on this database)."
        )
    size = SMALL if args.small else FULL

    from reporting.exports import pdf_context
    from reporting.models import CohortKind, Report
    from reporting.selectors import Cohort
    from reporting.tables import report_compute

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        if args.no_jit and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET jit = off")
        start = time.perf_counter()
        built = build(size)
        generation = time.perf_counter() - start
        counts = built["counts"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
            server = cursor.fetchone()[0].split(" on ")[0]
        jit = ""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW jit")
                jit = f", jit {cursor.fetchone()[0]}"
        print(f"Database: {server}, test database {connection.settings_dict['NAME']}{jit}")
        print(f"Generated in {generation:.1f} s: " + ", ".join(f"{n:,} {name}" for name, n in counts.items()))

        cohort = Cohort(
            kind=CohortKind.CLOSED_IN_YEAR,
            start=COHORT_START,
            end=COHORT_END,
            municipality_ids=built["municipality_ids"],
        )
        params = {
            "municipalities": list(cohort.municipality_ids),
            "start": cohort.start,
            "end": cohort.end,
            "tz": "Europe/Copenhagen",
        }

        def run_report():
            with translation.override("da"):
                return report_compute(cohort=cohort, suppress=True)

        postgres = connection.vendor == "postgresql"
        run_report()  # warm the caches and the translations once
        if postgres:
            hand_sql(params)
        result, report_times, report_queries = timed(run_report, args.repeat)
        sql_times = []
        if postgres:
            sql, sql_times, sql_queries = timed(lambda: hand_sql(params), args.repeat)

        print(
            f"\nCohort: courses closed in 2024 in all {len(cohort.municipality_ids)} municipalities: "
            f"{result['cohort']['courses']:,} courses; {args.repeat} runs each"
        )
        print(f"{'':<22}{'median s':>10}{'min s':>10}{'queries':>9}")
        print(
            f"{'report_compute':<22}{statistics.median(report_times):>10.3f}{min(report_times):>10.3f}"
            f"{report_queries:>9}"
        )
        if postgres:
            ratio = statistics.median(report_times) / statistics.median(sql_times)
            print(f"{'hand SQL':<22}{statistics.median(sql_times):>10.3f}{min(sql_times):>10.3f}{sql_queries:>9}")
            print(f"{'ratio (median)':<22}{ratio:>10.2f}   goal: at most 2.00 -> {'met' if ratio <= 2 else 'NOT met'}")

        # The PDF of that result, as the Celery task renders it.
        from hjemmepaed.organisation.models import User
        from hjemmepaed.pdf import render_pdf

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

        if postgres:
            print("\nThe report and the hand SQL agree:")
            checks = compare(cohort, sql, result)
            for name, ok, detail in checks:
                print(f"  {'yes' if ok else 'NO ':<4} {name}{'  (' + detail + ')' if detail else ''}")
            print("All figures agree." if all(ok for _n, ok, _d in checks) else "SOME FIGURES DIFFER.")
        if postgres and args.explain:
            queryset = visit_figures_queryset(cohort)
            print("\nselectors.visit_figures, the grouped query:\n" + str(queryset.query))
            print("\n" + explain(queryset))
            print("\nThe hand SQL's course statistics:\n" + explain(SQL_COURSE_STATS, params))
    finally:
        if args.keep:
            connection.close()
            print(f"\nKept the test database {connection.settings_dict['NAME']}.")
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
