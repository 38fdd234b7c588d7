"""Eight people saving a visit at the same moment on the embedded default (an SQLite file): all
eight visits are stored and nobody gets an error page.

The suite's own database is in memory and never locks, so this test runs the app as `make run`
does: `manage.py runserver` (a thread per request) in a process of its own, on a fresh SQLite
file, with eight signed-in sessions posting the visit form over HTTP at once. It makes its own
database, so it runs in the PostgreSQL pass too, and always tests the SQLite settings."""

import http.client
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from tests.databases import sqlite_template

POSTS = 8
ROOT = Path(settings.BASE_DIR)

# Run in a process of its own (test settings: the fast password hasher): migrate the new file,
# then a started course, its educator and a session per post that has passed both login steps.
SETUP = """
import json
import django

django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client

call_command("migrate", verbosity=0, interactive=False)

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from hjemmepaed.organisation.tests.second_factor import session_mark_verified
from visitation.tests.factories import course_started

municipality = MunicipalityFactory(name="København", code="101")
coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
course = course_started(coordinator=coordinator, educator=educator)
sessions = []
for _ in range(%(posts)d):
    client = Client()
    client.force_login(educator)
    session_mark_verified(client, educator)
    sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
print(json.dumps({"course": course.pk, "goal": course.goals.first().pk, "sessions": sessions}))
"""


def environment(database: Path, settings_module: str) -> dict:
    """The embedded default: an SQLite file, no Redis."""
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env.update({"DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": settings_module})
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the server stopped:\n{log.read_text()[-3000:]}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"the server did not start:\n{log.read_text()[-3000:]}")


def request(port: int, method: str, path: str, cookies: dict, body: str = "") -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    response.text = response.read().decode()
    connection.close()
    return response


def test_eight_visits_posted_at_once_are_all_stored(tmp_path):
    database = tmp_path / "hjemmepaed.sqlite3"
    shutil.copy(sqlite_template(), database)  # migrated already: the migrate below finds nothing to do
    setup = subprocess.run(
        [sys.executable, "-c", SETUP % {"posts": POSTS}],
        cwd=ROOT,
        env=environment(database, "config.settings.test"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert setup.returncode == 0, setup.stderr[-3000:]
    made = json.loads(setup.stdout.strip().splitlines()[-1])
    path = reverse("visit_create", args=[made["course"]])

    port = free_port()
    log = tmp_path / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=environment(database, "config.settings.development"),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_listening(port, server, log)
        # Each session opens the form first (its CSRF token), one after the other.
        forms = []
        for session in made["sessions"]:
            cookies = {settings.SESSION_COOKIE_NAME: session}
            page = request(port, "GET", path, cookies)
            assert page.status == 200, page.text[-2000:]
            cookies[settings.CSRF_COOKIE_NAME] = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie")).group(1)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            forms.append((cookies, token))

        start = threading.Barrier(POSTS)
        statuses = [None] * POSTS

        def post(number: int) -> None:
            cookies, token = forms[number]
            body = urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "date": time.strftime("%Y-%m-%d"),
                    "status": "held",
                    "duration_minutes": "60",
                    "kind": "home",
                    "goals": [made["goal"]],
                    "note": f"Besøg {number}",
                },
                doseq=True,
            )
            start.wait()
            statuses[number] = request(port, "POST", path, cookies, body).status

        threads = [threading.Thread(target=post, args=(number,)) for number in range(POSTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=90)
    finally:
        server.terminate()
        server.wait(timeout=10)

    server_log = log.read_text()
    assert statuses == [302] * POSTS, f"answers {statuses}; the server said:\n{server_log[-4000:]}"
    with sqlite3.connect(database) as stored:
        notes = sorted(row[0] for row in stored.execute("SELECT note FROM courses_visit"))
    assert notes == sorted(f"Besøg {number}" for number in range(POSTS))
    assert "database is locked" not in server_log
