"""The evaluation report benchmark's data: municipalities, educators, families, courses in every
phase (some imported from sheets), visits, referrals, closures and national questionnaire
responses, made in Python from a fixed seed and bulk-loaded (`harness.insert`: COPY on
PostgreSQL). Columns not named here get the model's default."""

import random
from datetime import UTC, date, datetime, timedelta

from django.core.management.color import no_style
from django.db import connection

from benchmarks.harness import insert

SEED = 20261123
FULL = {"municipalities": 20, "courses": 100_000, "educators": 25}
SMOKE = {"municipalities": 5, "courses": 2_000, "educators": 5}

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
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
FIRST_END = date(2022, 1, 1)


def weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def coordinator(m: int) -> int:
    """User ids: one coordinator per municipality from 1001, the educators from 2000."""
    return 1000 + m


def educator(m: int, k: int, n_edu: int) -> int:
    return 2000 + (m - 1) * n_edu + k


def build(size: dict) -> dict:
    """Fill the empty test database; returns the row counts and the municipality ids."""
    from courses.models import Closure, Course, Visit
    from families.models import Family
    from hjemmepaed.organisation.models import Municipality, User
    from surveys.models import Answer, Response
    from visitation.models import Referral

    rng = random.Random(SEED)
    counts = {}
    n_mun, n_courses, n_edu = size["municipalities"], size["courses"], size["educators"]

    # Explicit ids from 1 (the database is new and these tables are empty); sequences reset after.
    municipality_ids = list(range(1, n_mun + 1))
    counts["municipalities"] = insert(
        Municipality,
        ["id", "name", "authority_name", "code", "visit_hourly_rate"],
        ((m, f"Kommune {m:02d}", f"Kommune {m:02d}", f"{100 + m:03d}", 450 + 5 * m) for m in municipality_ids),
    )

    user_columns = ["id", "password", "username", "first_name", "last_name", "date_joined", "role"]
    user_columns += ["municipality_id", "profession", "anchoring"]
    users = [
        (coordinator(m), "!", f"tovholder-{m}", "Tove", f"Holder {m}", NOW, "coordinator", m, "", "")
        for m in municipality_ids
    ] + [
        (
            educator(m, k, n_edu),
            "!",
            f"paedagog-{m}-{k}",
            "Pia",
            f"Pædagog {m}-{k}",
            NOW,
            "home_educator",
            m,
            rng.choice(PROFESSIONS),
            rng.choice(ANCHORINGS),
        )
        for m in municipality_ids
        for k in range(n_edu)
    ]
    counts["users"] = insert(User, user_columns, users)

    counts["families"] = insert(
        Family,
        ["id", "municipality_id", "single_parent", "language", "interpreter_needed", "created_at"],
        ((c, 1 + c % n_mun, rng.random() < 0.2, "dansk", False, NOW) for c in range(1, n_courses + 1)),
    )

    plans = _courses(rng, Course, n_mun, n_courses, n_edu, counts)
    _visits(rng, Visit, plans, counts)
    _referrals_and_closures(rng, Referral, Closure, plans, counts)
    _responses(rng, Response, Answer, plans, n_mun, n_courses, counts)

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


def _phase(r: float) -> str:
    if r < 0.88:
        return "closed"
    for limit, phase in ((0.94, "started"), (0.96, "waiting"), (0.98, "decided"), (0.99, "referred")):
        if r < limit:
            return phase
    return "rejected"


def _courses(rng, Course, n_mun, n_courses, n_edu, counts) -> list[tuple]:
    """The courses; returns their plans (id, municipality, phase, source, primary educator,
    start, end, visitation date) for the rows that hang off them."""
    columns = ["id", "municipality_id", "family_id", "phase", "primary_educator_id", "second_educator_id"]
    columns += ["visitation_date", "rejection_reason", "waiting_since", "waiting_position", "start_date"]
    columns += ["planned_end_date", "end_date", "end_reason", "source", "external_id", "imported_recruited_by"]
    columns += ["imported_visit_count", "imported_visit_minutes", "imported_child_birth_month"]
    columns += ["created_at", "updated_at"]
    plans, rows = [], []
    for c in range(1, n_courses + 1):
        m = 1 + c % n_mun
        phase = _phase(rng.random())
        source = "import" if phase == "closed" and rng.random() < 0.1 else "app"
        visitation = start = planned_end = end = waiting_since = None
        end_reason = ""
        primary = second = None
        imported = {"external_id": "", "recruited": "", "count": None, "minutes": None, "birth": None}
        if phase == "closed":
            end = FIRST_END + timedelta(days=rng.randrange(4 * 365 + 1))
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
            primary = educator(m, rng.randrange(n_edu), n_edu)
            if source == "app" and rng.random() < 0.15:
                first = educator(m, 0, n_edu)
                second = educator(m, (primary - first + 1 + rng.randrange(n_edu - 1)) % n_edu, n_edu)
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
        rows.append(
            (
                *(c, m, c, phase, primary, second, visitation),
                "Uden for målgruppen" if phase == "rejected" else "",
                *(waiting_since, 1 if waiting_since else None, start, planned_end, end, end_reason, source),
                *(imported["external_id"], imported["recruited"], imported["count"], imported["minutes"]),
                *(imported["birth"], NOW, NOW),
            )
        )
        plans.append((c, m, phase, source, primary, start, end, visitation))
    counts["courses"] = insert(Course, columns, rows)
    return plans


def _visits(rng, Visit, plans, counts) -> None:
    """1-19 held visits per app course (10 on average), and 0-3 planned, cancelled or no-show."""
    columns = ["course_id", "date", "status", "duration_minutes", "kind", "is_booster", "methods"]
    columns += ["logged_by_id", "logged_at"]
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
                    yield (c, day, "held", minutes, rng.choice(kinds), booster and k == held - 1, "[]", primary, NOW)
                else:
                    status = "planned" if phase == "started" else rng.choice(["cancelled", "no_show"])
                    yield (c, day, status, None, "home", False, "[]", primary, NOW)

    counts["visits"] = insert(Visit, columns, visits())


def _referrals_and_closures(rng, Referral, Closure, plans, counts) -> None:
    def referrals():
        for c, _m, _phase, source, _p, _s, _e, visitation in plans:
            if source != "app" or rng.random() < 0.05:
                continue
            recruiter = weighted(rng, RECRUITER_WEIGHTS)
            received = (visitation or date(2025, 11, 1)) - timedelta(days=rng.randint(0, 30))
            complexity = rng.choices(["low", "medium", "high"], weights=[90, 8, 2])[0]
            other = "Familiens netværk" if recruiter == "other" else ""
            yield (c, received, recruiter, other, "Bekymring", complexity)

    counts["referrals"] = insert(
        Referral,
        ["course_id", "received_on", "recruited_by", "recruited_by_other", "concern", "complexity"],
        referrals(),
    )

    def closures():
        for c, m, phase, source, _p, _s, _end, _v in plans:
            if phase == "closed" and source == "app" and rng.random() < 0.97:
                goals, child = weighted(rng, AGREEMENT_WEIGHTS), weighted(rng, AGREEMENT_WEIGHTS)
                yield (c, goals, child, rng.random() < 0.6, coordinator(m))

    counts["closures"] = insert(
        Closure,
        ["course_id", "goals_reached_answer", "child_developed_answer", "reflection_sheet_given", "closed_by_id"],
        closures(),
    )


def _responses(rng, Response, Answer, plans, n_mun, n_courses, counts) -> None:
    """The national questionnaire (installed by surveys/0002), answered for 40 % of the closed
    courses and by some parents without a course (imported sheets), as imported responses."""
    from surveys.models import Question, Questionnaire

    national = Questionnaire.objects.get(key="national", version=1)
    question = {q.number: q.pk for q in Question.objects.filter(questionnaire=national)}
    responses, answers = [], []
    untied = [(None, 1 + i % n_mun, FIRST_END + timedelta(days=rng.randrange(4 * 365))) for i in range(n_courses // 40)]
    tied = [(c, m, end) for c, m, phase, _s, _p, _st, end, _v in plans if phase == "closed" and rng.random() < 0.4]
    for response_id, (course_id, m, day) in enumerate(tied + untied, start=1):
        children = rng.choices([1, 2, 3], weights=[70, 25, 5])[0]
        submitted = datetime.combine(
            day + timedelta(days=rng.randint(1, 30)), datetime.min.time(), tzinfo=UTC
        ) + timedelta(hours=rng.randint(6, 22))
        responses.append(
            (response_id, national.pk, m, "import", course_id, children, submitted, f"ARK-SVAR-{response_id}")
        )

        def answer(number, child=0, choice="", value=None):
            answers.append((response_id, question[number], child, choice, value))  # noqa: B023  (called within the iteration)

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
    columns = ["id", "questionnaire_id", "municipality_id", "source", "course_id", "children"]
    columns += ["submitted_at", "external_id"]
    counts["responses"] = insert(Response, columns, responses)
    counts["answers"] = insert(Answer, ["response_id", "question_id", "child", "choice", "number"], answers)
