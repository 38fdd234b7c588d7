"""Time the gated pages with many municipalities, daycares and staff in the database.

A coordinator's start page, daycare list and staff list go through the access gates. They are
timed first with the coordinator's own municipality alone in the database (the baseline), then
with many other municipalities added; their own rows stay the same, so a page passes when it
makes as many queries as at the baseline and its fastest request takes at most RATIO times the
baseline's fastest, plus SLACK_MS (the fastest of several is the figure least disturbed by other
work on the machine). A gate that starts to scan other municipalities' rows fails.
Exits 1 when a check fails. Uses a throw-away test database, so it never touches data.

    .venv/bin/python benchmarks/bench_access_gates.py [--smoke]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from benchmarks.harness import finish, signed_in_client, throwaway_database, verdict  # noqa: E402

SIZES = {"full": {"municipalities": 98, "repeat": 20}, "smoke": {"municipalities": 20, "repeat": 7}}
DAYCARES_PER_MUNICIPALITY = 60
EDUCATORS_PER_MUNICIPALITY = 40
PAGES = ("home", "daycare_list", "staff_list")
RATIO = 2.0
SLACK_MS = 5.0


def add_municipalities(numbers: range) -> list:
    """Municipalities with their daycares and home educators, made through the models (and so
    with every column's default)."""
    from hjemmepaed.organisation.models import Daycare, Municipality, Role, User

    municipalities = Municipality.objects.bulk_create(
        Municipality(name=f"Kommune {i}", authority_name=f"Kommune {i}", code=f"{100 + i:03d}") for i in numbers
    )
    Daycare.objects.bulk_create(
        Daycare(municipality=m, name=f"Dagtilbud {m.code}-{j}", kind="nursery")
        for m in municipalities
        for j in range(DAYCARES_PER_MUNICIPALITY)
    )
    User.objects.bulk_create(
        User(
            username=f"p{m.code}-{j}",
            role=Role.HOME_EDUCATOR,
            municipality=m,
            profession="pedagogue",
            anchoring="daycare",
        )
        for m in municipalities
        for j in range(EDUCATORS_PER_MUNICIPALITY)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner sees the rows, as on a database in use
    return municipalities


def measure(client: Client, repeat: int) -> dict:
    """{page: (status codes, min ms, median ms, queries of the last request)}"""
    figures = {}
    for name in PAGES:
        client.get(reverse(name))  # templates and translations loaded once
        timings, statuses = [], set()
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                statuses.add(client.get(reverse(name)).status_code)
                timings.append((time.perf_counter() - start) * 1000)
        figures[name] = (statuses, min(timings), statistics.median(timings), len(queries))
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="20 municipalities, 7 requests a page: the CI smoke run")
    args = parser.parse_args()
    size = SIZES["smoke" if args.smoke else "full"]
    with throwaway_database("gates"):
        passed = run(municipalities=size["municipalities"], repeat=size["repeat"])
    finish(passed)


def run(*, municipalities: int, repeat: int) -> bool:
    from hjemmepaed.organisation.models import Role, User

    own = add_municipalities(range(1))[0]
    coordinator = User.objects.create(username="tovholder", role=Role.COORDINATOR, municipality=own)
    client = signed_in_client(coordinator)
    baseline = measure(client, repeat)
    add_municipalities(range(1, municipalities))
    scaled = measure(client, repeat)

    print(
        f"{DAYCARES_PER_MUNICIPALITY} daycares and {EDUCATORS_PER_MUNICIPALITY} staff per municipality, "
        f"{repeat} requests a page ({connection.vendor})"
    )
    print(f"{'':<14}{'1 municipality':>30}{f'{municipalities} municipalities':>30}")
    print(f"{'':<14}{'min ms  median ms  queries':>30}{'min ms  median ms  queries':>30}")
    checks = []
    for name in PAGES:
        (base_status, base_fastest, base_median, base_queries) = baseline[name]
        (status, fastest, median, queries) = scaled[name]
        print(
            f"{name:<14}{base_fastest:>10.1f}{base_median:>11.1f}{base_queries:>9}"
            f"{fastest:>10.1f}{median:>11.1f}{queries:>9}"
        )
        checks.append((f"{name}: 200 for the signed-in coordinator", base_status | status == {200}, ""))
        checks.append(
            (f"{name}: as many queries as at the baseline", queries == base_queries, f"{queries} / {base_queries}")
        )
        checks.append(
            (
                f"{name}: fastest at most {RATIO:.1f} x the baseline's + {SLACK_MS:.0f} ms",
                fastest <= RATIO * base_fastest + SLACK_MS,
                f"{fastest:.1f} / {base_fastest:.1f} ms",
            )
        )
    return verdict(checks, title=f"{municipalities} municipalities against one:")


if __name__ == "__main__":
    main()
