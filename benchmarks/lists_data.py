"""The list benchmark's data: municipalities with their coordinator and home educators, families
(guardians and a child each), courses in every phase with their referrals and, for the
municipality whose lists are timed, visits. Made in Python from a fixed seed, relative to today
(so the week and age warnings and the reminders are due as on a real day), and bulk-loaded
(`harness.insert`: COPY on PostgreSQL). Columns not named here get the model's default.

Ids are given in blocks per municipality, so a second call adds municipalities to the same
database without clashing (the sequences are reset after each call)."""

import random
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from benchmarks.harness import insert

SEED = 20261202
EDUCATORS = 60  # more than a page of the staff list (50), the floor's one-query 50-row view
DAYCARES = 40  # the course list's daycare filter offers them all
OWN_COURSES = 200  # "Mine forløb": the first educator's courses in the timed municipality
PHASES = {"closed": 78, "started": 12, "referred": 3, "waiting": 3, "decided": 2, "rejected": 2}
KINDS = ["home"] * 8 + ["daycare", "outdoors", "remote", "network_meeting"]
COURSE_BLOCK = 1_000_000  # course, family and child ids of municipality m start at m * COURSE_BLOCK


def coordinator_id(m: int) -> int:
    return 1000 * m


def educator_id(m: int, k: int) -> int:
    return 1000 * m + 1 + k


def build(*, municipality: int, courses: int, visits: bool, own_courses: int = OWN_COURSES) -> dict:
    """One municipality (number `municipality`) with `courses` courses; returns the row counts.
    The first educator is the primary educator of `own_courses` of them."""
    from courses.models import Course, Visit
    from families.models import Child, Family, Guardian
    from hjemmepaed.organisation.models import Daycare, Municipality, User
    from visitation.models import Referral

    rng = random.Random(SEED + municipality)
    today = timezone.localdate()
    now = timezone.now()
    m = municipality
    counts = {}
    counts["municipalities"] = insert(
        Municipality,
        ["id", "name", "authority_name", "code"],
        [(m, f"Kommune {m:02d}", f"Kommune {m:02d}", f"{100 + m:03d}")],
    )
    columns = ["id", "password", "username", "first_name", "last_name", "date_joined", "role", "municipality_id"]
    columns += ["profession", "anchoring", "email"]
    users = [(coordinator_id(m), "!", f"tovholder-{m}", "Tove", f"Holder {m}", now, "coordinator", m, "", "", "")]
    users += [
        (educator_id(m, k), "!", f"paedagog-{m}-{k}", "Pia", f"Pædagog {k}", now, "home_educator", m)
        + ("pedagogue", "daycare", f"p{m}-{k}@example.org")
        for k in range(EDUCATORS)
    ]
    counts["users"] = insert(User, columns, users)
    counts["daycares"] = insert(
        Daycare, ["municipality_id", "name", "kind"], ((m, f"Dagtilbud {m}-{j}", "nursery") for j in range(DAYCARES))
    )

    first = m * COURSE_BLOCK
    ids = range(first, first + courses)
    counts["families"] = insert(
        Family, ["id", "municipality_id", "language", "created_at"], ((c, m, "dansk", now) for c in ids)
    )
    plans = [_plan(rng, c, c - first, today=today, m=m, own_courses=own_courses) for c in ids]
    guardians = []
    for c, *_rest in plans:
        guardians.append((c, f"Mor {c}", "mother", "20304050"))
        if rng.random() < 0.6:
            guardians.append((c, f"Far {c}", "father", ""))
    counts["guardians"] = insert(Guardian, ["family_id", "name", "relation", "phone"], guardians)
    counts["children"] = insert(
        Child, ["id", "family_id", "name", "birth_date"], ((p[0], p[0], f"Barn {p[0]}", p[5]) for p in plans)
    )
    columns = ["id", "municipality_id", "family_id", "phase", "primary_educator_id", "visitation_date"]
    columns += ["waiting_since", "waiting_position", "start_date", "planned_end_date", "end_date", "end_reason"]
    columns += ["rejection_reason", "created_at", "updated_at"]
    counts["courses"] = insert(Course, columns, (_course_row(plan, now) for plan in plans))
    counts["referrals"] = insert(
        Referral,
        ["course_id", "received_on", "recruited_by", "concern", "complexity"],
        ((c, received, "health_visiting", "Bekymring", "low") for c, _p, _e, received, *_r in plans),
    )
    if visits:
        counts["visits"] = insert(
            Visit,
            ["course_id", "date", "status", "duration_minutes", "kind", "methods", "logged_by_id", "logged_at"],
            _visits(rng, plans, today=today, now=now),
        )

    models = [Municipality, User, Daycare, Family, Guardian, Child, Course, Referral, Visit]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            for model in models:  # as after any bulk load: fresh statistics and visibility map
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
        else:
            cursor.execute("ANALYZE")
    return counts


def _plan(rng, c: int, n: int, *, today, m: int, own_courses: int) -> tuple:
    """(id, phase, primary educator, referral received, dates, child's birth date)"""
    phase = rng.choices(list(PHASES), weights=list(PHASES.values()))[0]
    educator = educator_id(m, 0) if n < own_courses else educator_id(m, 1 + n % (EDUCATORS - 1))
    dates = {"visitation": None, "waiting": None, "start": None, "planned_end": None, "end": None}
    if phase == "closed":
        dates["end"] = today - timedelta(days=rng.randint(1, 3 * 365))
        dates["start"] = dates["end"] - timedelta(days=rng.randint(30, 280))
        dates["planned_end"] = dates["start"] + timedelta(weeks=40)
        born = dates["start"] - relativedelta(months=rng.randint(1, 24))
    elif phase == "started":
        dates["start"] = today - timedelta(days=rng.randint(0, 279))
        dates["planned_end"] = dates["start"] + timedelta(weeks=40)
        born = dates["start"] - relativedelta(months=rng.randint(1, 30))
    else:
        born = today - relativedelta(months=rng.randint(1, 30))
    if phase in ("closed", "started", "waiting", "decided"):
        dates["visitation"] = (dates["start"] or today) - timedelta(days=rng.randint(0, 60))
    if phase == "waiting":
        dates["waiting"] = dates["visitation"]
    received = (dates["visitation"] or today) - timedelta(days=rng.randint(0, 30))
    if phase in ("referred", "rejected"):
        educator = None
    return (c, phase, educator, received, dates, born, n)


def _course_row(plan, now) -> tuple:
    c, phase, educator, _received, dates, _born, n = plan
    m = c // COURSE_BLOCK
    return (
        *(c, m, c, phase, educator, dates["visitation"], dates["waiting"], n + 1 if dates["waiting"] else None),
        *(dates["start"], dates["planned_end"], dates["end"], "goals_reached" if phase == "closed" else ""),
        *("Uden for målgruppen" if phase == "rejected" else "", now - timedelta(minutes=n), now),
    )


def _visits(rng, plans, *, today, now):
    """Held visits every 7-14 days from the start (to the end or today), and for running courses
    one or two planned ahead."""
    for c, phase, educator, _received, dates, _born, _n in plans:
        if phase not in ("closed", "started"):
            continue
        day, until = dates["start"], dates["end"] or today
        while day <= until:
            if rng.random() < 0.9:
                yield (c, day, "held", 60, rng.choice(KINDS), "[]", educator, now)
            day += timedelta(days=rng.randint(7, 14))
        if phase == "started":
            for k in range(rng.randint(0, 2)):
                yield (c, today + timedelta(days=3 + 14 * k), "planned", None, "home", "[]", educator, now)
