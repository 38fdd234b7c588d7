"""The production shape on loopback (issue 16, "several servers"): nginx (Debian) in front of two
gunicorn app servers, each in a working directory of its own, a Celery worker in a third and beat
in a fourth, on this machine's PostgreSQL and Redis, all with production's settings.

A report ordered through one app server is downloaded through the other (the PDF is in the
shared database, `FILE_STORAGE=database`; neither server has it on its disk); the worker's pool
process killed while the report is being written and an app server stopped in the middle of an
order lose nothing and make nothing twice.

Run by `.ci/run` after the PostgreSQL pass, time-boxed, as `make production-shape` (with
`HJEMMEPAED_PRODUCTION_SHAPE=1`, PostgreSQL's `DATABASE_URL`, `REDIS_URL` and `make build`'s
static files); skipped elsewhere.
"""

import http.client
import json
import os
import re
import signal
import threading
import time
from contextlib import contextmanager
from datetime import date
from urllib.parse import urlencode

import psycopg
import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.db import connection
from django.test import Client

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from reporting.models import Report, ReportStatus, StoredFile
from reporting.tests.factories import closed_course
from tests.production_shape.processes import Shape, children, tail, wait_for_port

REDIS_URL = os.environ.get("REDIS_URL", "")
STATIC_ROOT = settings.BASE_DIR / os.environ.get("STATIC_ROOT", "staticfiles")
SECRET_KEY = "shape-Qe7vR2kLm9pZs4Wx-bN6yHc8JdF3gA5uE1oI0qT-rYwSzXvBnMlKjGh-production"

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("HJEMMEPAED_PRODUCTION_SHAPE"), reason="the production shape runs in .ci/run only"
    ),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the servers share PostgreSQL"),
    pytest.mark.skipif(not REDIS_URL, reason="the servers share Redis (REDIS_URL)"),
    pytest.mark.django_db(transaction=True),
]


class Browser:
    """A staff member's browser: cookies kept, redirects not followed, always through nginx."""

    def __init__(self, port: int, cookies: dict[str, str]):
        self.port = port
        self.cookies = dict(cookies)

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        origin = f"https://127.0.0.1:{self.port}"  # nginx tells the app the request came by https
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Origin": origin}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        connection.close()
        return response, content

    def order(self, municipality_id: int) -> tuple[dict, http.client.HTTPResponse]:
        response, page = self.request("GET", "/rapporter/")
        assert response.status == 200, page[:500]
        form = {
            name: re.search(rf'name="{name}" value="([^"]+)"'.encode(), page).group(1).decode()
            for name in ("csrfmiddlewaretoken", "form_key")
        }
        form.update(cohort_kind="closed_in_year", year="2025", municipalities=[str(municipality_id)])
        return form, response


def wait_for(condition, *, seconds: float, what: str, logs=()):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"{what} not within {seconds} s\n" + "\n".join(tail(log) for log in logs))


@pytest.fixture
def manager(municipality, coordinator):
    closed_course(coordinator=coordinator, visitation=date(2025, 1, 1), start=date(2025, 1, 5), end=date(2025, 3, 1))
    return user_for_role(Role.MANAGER, municipality=municipality)


@pytest.fixture
def shape(tmp_path, settings):
    assert (STATIC_ROOT / "staticfiles.json").exists(), f"no static build in {STATIC_ROOT}: run `make build` first"
    settings.SECRET_KEY = SECRET_KEY  # the session made here is read by the servers
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "MEDIA_ROOT", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        PYTHONPATH=str(settings.BASE_DIR),
        SECRET_KEY=SECRET_KEY,
        CPR_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        CPR_HASH_KEY="shape-hash-key",
        REDIS_URL=REDIS_URL,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        PROXY_COUNT="1",
        STATIC_ROOT=str(STATIC_ROOT),
        LOG_FORMAT="json",
    )
    shape = Shape(root=tmp_path, env=env)
    previous = signal.signal(signal.SIGTERM, _interrupted)  # .ci/run's time limit: stop them all first
    try:
        yield shape
    finally:
        shape.stop_all()
        signal.signal(signal.SIGTERM, previous)


def _interrupted(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def _redis_clean():
    import redis

    redis.Redis.from_url(REDIS_URL).delete("celery", "unacked", "unacked_index", "unacked_mutex")


def test_two_app_servers_a_worker_and_beat_behind_nginx_lose_and_duplicate_nothing(shape, manager, municipality):
    _redis_clean()
    app1, app2 = shape.gunicorn("app1"), shape.gunicorn("app2")
    worker = shape.celery(
        "worker", "worker", "--pool=prefork", "--concurrency=1", "--prefetch-multiplier=1", "-n", "shape@%h"
    )
    # Two beats started, as on two servers by mistake: one holds the lock and sends the schedule.
    beats = [shape.celery(name, "beat", "--schedule=celerybeat-schedule") for name in ("beat", "beat2")]
    for app in (app1, app2):
        wait_for_port(app.port, process=app.process, log=app.log)
    nginx = shape.nginx(app1.port, app2.port)
    wait_for_port(nginx.port, process=nginx.process, log=nginx.log)
    logs = [process.log for process in shape.processes]

    client = Client()
    client.force_login(manager)
    browser = Browser(nginx.port, {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value})
    upstream = {f"127.0.0.1:{app1.port}": "app1", f"127.0.0.1:{app2.port}": "app2"}

    # The static files come from the build, by their hashed names, with no npm on the servers.
    response, page = browser.request("GET", "/rapporter/")
    stylesheet = re.search(rb'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page).group(1).decode()
    assert browser.request("GET", stylesheet)[0].status == 200

    # 1. Ordered through one server while the PDF cannot be written yet: the worker's pool process
    # is killed with the PDF rendered and its row not yet written.
    with table_locked(shape, "reporting_storedfile"):
        form, _ = browser.order(municipality.pk)
        response, _ = browser.request("POST", "/rapporter/", form)
        assert response.status == 302, response.status
        ordered_on = upstream[response.getheader("X-Upstream")]
        first = Report.objects.get()
        wait_for(
            lambda: (
                Report.objects.filter(pk=first.pk, status=ReportStatus.RENDERING).exists()
                and _waiting_on_a_lock("shape-worker")
            ),
            seconds=40,
            what="the worker waiting to write the PDF",
            logs=logs,
        )
        [pool_process] = children(worker.process.pid)
        os.kill(pool_process, signal.SIGKILL)
    wait_for(
        lambda: Report.objects.filter(pk=first.pk, status=ReportStatus.READY).exists(),
        seconds=40,
        what="the report built again",
        logs=logs,
    )
    first.refresh_from_db()
    assert first.attempts == 2 and worker.process.poll() is None

    # 2. Downloaded through the other server: neither has it on its own disk.
    for _ in range(4):
        response, pdf = browser.request("GET", f"/rapporter/{first.pk}/rapport.pdf")
        if upstream[response.getheader("X-Upstream")] != ordered_on:
            break
    assert upstream[response.getheader("X-Upstream")] != ordered_on
    assert response.status == 200 and pdf.startswith(b"%PDF")
    assert response.getheader("Content-Disposition") == f'attachment; filename="rapport-{first.pk}.pdf"'
    assert not any((shape.root / name / "media").exists() for name in ("app1", "app2", "worker"))
    # Ready as monitoring sees it: the database, the cache, the storage (a file written to the
    # database and deleted again), Redis and the worker answering.
    response, body = browser.request("GET", "/healthz/ready/")
    assert response.status == 200 and set(json.loads(body)["checks"]) == {
        "database",
        "cache",
        "storage",
        "redis",
        "celery",
    }

    # 3. An app server stopped (as a deploy does) while an order is in its hands: the order is
    # answered, built once, and the same form sent again makes no second report.
    form, _ = browser.order(municipality.pk)
    answers = []
    sending = threading.Thread(target=lambda: answers.append(browser.request("POST", "/rapporter/", form)))
    with table_locked(shape, "reporting_report"):
        sending.start()
        busy = wait_for(lambda: _waiting_on_a_lock("shape-app"), seconds=20, what="the order in an app server")
        stopped = app1 if busy == "shape-app1" else app2
        os.killpg(stopped.process.pid, signal.SIGTERM)
        time.sleep(0.5)
    sending.join(timeout=40)
    stopped.process.wait(timeout=40)
    [(response, _)] = answers
    assert response.status == 302
    second = Report.objects.exclude(pk=first.pk).get()
    response, _ = browser.request("POST", "/rapporter/", form)  # the same form again, to the other server
    assert response.status == 302 and response.getheader("Location") == f"/rapporter/{second.pk}/"
    wait_for(
        lambda: Report.objects.filter(pk=second.pk, status=ReportStatus.READY).exists(),
        seconds=40,
        what="the second report",
        logs=logs,
    )
    for _ in range(3):  # every page now from the server still running
        response, pdf = browser.request("GET", f"/rapporter/{second.pk}/rapport.pdf")
        assert response.status == 200 and pdf.startswith(b"%PDF")

    assert Report.objects.count() == 2
    assert sorted(StoredFile.objects.values_list("name", flat=True)) == sorted(
        f"reports/rapport-{report.pk}.pdf" for report in (first, second)
    )
    assert AuditEvent.objects.filter(action="create", object_type="report").count() == 2
    assert worker.process.poll() is None
    holding = wait_for(
        lambda: [beat for beat in beats if "holds the lock and runs the schedule" in tail(beat.log, 100_000)],
        seconds=15,
        what="a beat holding the lock",
        logs=[beat.log for beat in beats],
    )
    standing_by = wait_for(
        lambda: [beat for beat in beats if "Another beat runs the schedule" in tail(beat.log, 100_000)],
        seconds=15,
        what="the other beat standing by",
        logs=[beat.log for beat in beats],
    )
    assert len(holding) == len(standing_by) == 1 and holding != standing_by
    assert all(beat.process.poll() is None for beat in beats)


@contextmanager
def table_locked(shape: Shape, table: str):
    """Writes to `table` wait (reads do not) until the block ends, however it ends."""
    lock = psycopg.connect(shape.database_url("lock").split("?")[0], autocommit=False)
    try:
        lock.execute(f"LOCK TABLE {table} IN SHARE MODE")
        yield
    finally:
        lock.rollback()
        lock.close()


def _waiting_on_a_lock(application: str) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT application_name FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name LIKE %s",
            [f"{application}%"],
        )
        row = cursor.fetchone()
    return row[0] if row else None
