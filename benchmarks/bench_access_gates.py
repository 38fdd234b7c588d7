"""Time the gated pages with many municipalities, daycares and staff in the database.

Uses a throw-away test database (Django's test runner machinery), so it never touches data.
"""

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
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

MUNICIPALITIES = 98
DAYCARES_PER_MUNICIPALITY = 60
EDUCATORS_PER_MUNICIPALITY = 40
REPEAT = 20


def build():
    from hjemmepaed.organisation.models import Daycare, Municipality, Role, User

    municipalities = Municipality.objects.bulk_create(
        Municipality(name=f"Kommune {i}", code=f"{100 + i:03d}") for i in range(MUNICIPALITIES)
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
    return User.objects.create(username="tovholder", role=Role.COORDINATOR, municipality=municipalities[0])


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        coordinator = build()
        client = Client()
        client.force_login(coordinator)
        print(
            f"{MUNICIPALITIES} municipalities, {MUNICIPALITIES * DAYCARES_PER_MUNICIPALITY} daycares, "
            f"{MUNICIPALITIES * EDUCATORS_PER_MUNICIPALITY} staff ({connection.vendor})"
        )
        for name in ("home", "daycare_list", "staff_list"):
            timings = []
            for _ in range(REPEAT):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    assert client.get(reverse(name)).status_code == 200
                    timings.append(time.perf_counter() - start)
            print(
                f"{name:<14} median {statistics.median(timings) * 1000:6.1f} ms   "
                f"max {max(timings) * 1000:6.1f} ms   {len(queries)} queries"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
