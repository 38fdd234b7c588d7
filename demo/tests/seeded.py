"""The demo seeded once per test run and copied into each test that needs it.

`seed_demo` goes through the real services (five municipalities, their courses, answers and
measurements): 10-20 s. The demo's tests (test_seed_demo.py) and the README's tour
(tests/browser/test_readme_tour.py) each seeded it. Now the first of them in a test run seeds
it once, inside a transaction rolled back afterwards, and keeps every table's rows and what the
command printed (tests/rows.py); each user then gets the database as `seed_demo` left it, its
rows copied in, and the same printed output.

The rows are kept in a file for the run (`PYTEST_XDIST_TESTRUNUID`, the same on every xdist
worker of one run), so another worker copies them instead of seeding again: the first seeds
under a file lock the others wait on. Outside xdist they are kept in the process only.
"""

import fcntl
import io
import os
import pickle
import tempfile
import time
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

from tests.rows import rows_read, rows_write

_kept: dict = {}


def _seed() -> tuple[dict, str]:
    """Seed the demo in a transaction (a savepoint inside a test's), read the rows, roll it back."""
    out = io.StringIO()
    with transaction.atomic(), override_settings(DEMO_DATA_ALLOWED=True):
        call_command("seed_demo", stdout=out)
        rows = rows_read()
        transaction.set_rollback(True)
    return rows, out.getvalue()


def _seeded() -> tuple[dict, str]:
    if "seeded" in _kept:
        return _kept["seeded"]
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None:
        _kept["seeded"] = _seed()
        return _kept["seeded"]
    folder = Path(tempfile.gettempdir()) / "hjemmepaed-seeded-demo"
    folder.mkdir(exist_ok=True)
    name = f"{run}-{connection.vendor}"
    path = folder / f"{name}.pickle"
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one worker seeds; the others wait, then read its rows
        if path.exists():
            _kept["seeded"] = pickle.loads(path.read_bytes())
        else:
            _kept["seeded"] = _seed()
            for stale in folder.glob("*.pickle"):  # earlier runs' (not another run of these hours)
                if stale.stat().st_mtime < time.time() - 6 * 3600:
                    stale.unlink(missing_ok=True)
            building = path.with_suffix(f".{os.getpid()}")
            building.write_bytes(pickle.dumps(_kept["seeded"]))
            building.rename(path)  # a failed build leaves no file
    return _kept["seeded"]


def seeded_demo() -> str:
    """The database as `seed_demo` leaves it (every table's rows replaced by the seeded ones);
    returns what the command printed. Needs database access, as a call of the command would."""
    rows, out = _seeded()
    rows_write(rows)
    return out
