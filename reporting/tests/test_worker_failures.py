"""Redis down when ordering, and a worker killed while rendering: real Redis, real worker processes.

The worker runs in a process of its own (`reporting/tests/worker_process.py`) so a test can kill
it with SIGKILL, as the kernel's OOM killer or a pulled plug would; it reads the test database,
which only PostgreSQL shares between processes.
"""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from config.celery import app
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from reporting import services
from reporting.models import Report, ReportStatus
from reporting.tests.factories import closed_course

REDIS_URL = os.environ.get("REDIS_URL", "")
WAITING = "Rapporten er bestilt, men kan ikke startes lige nu. Den starter automatisk, når forbindelsen er tilbage."

pytestmark = [
    pytest.mark.broker,
    pytest.mark.skipif(not REDIS_URL, reason="needs a Redis broker (REDIS_URL)"),
    pytest.mark.django_db(transaction=True),
]
needs_shared_database = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the killed worker is a process of its own and must share the test database (PostgreSQL)",
)


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free now, and nothing listens on it


@contextmanager
def broker(url: str):
    """Send tasks through `url` from this process; back to in-process tasks afterwards."""

    def use(**conf):
        app.conf.update(**conf)
        app._pool = None  # connections are pooled per broker URL: forget the old one
        app.amqp._producer_pool = None

    use(task_always_eager=False, broker_url=url, result_backend=REDIS_URL)
    try:
        yield
    finally:
        use(task_always_eager=True, broker_url=REDIS_URL, result_backend=REDIS_URL)


@pytest.fixture
def clean_redis():
    """No message or unacknowledged delivery of an earlier test in this test's Redis database."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = ("celery", "unacked", "unacked_index", "unacked_mutex")
    client.delete(*keys)
    yield
    client.delete(*keys)


@pytest.fixture
def manager(municipality, coordinator):
    closed_course(
        coordinator=coordinator,
        visitation=date(2025, 1, 1),
        start=date(2025, 1, 5),
        end=date(2025, 3, 1),
        visit_minutes=[60, 90],
    )
    return user_for_role(Role.MANAGER, municipality=municipality)


def order(manager) -> Report:
    return services.report_order(
        acting_user=manager, municipalities=[manager.municipality], cohort_kind="closed_in_year", year=2025
    )


class Worker:
    def __init__(self, tmp_path: Path, name: str, **env):
        database = connection.settings_dict
        self.log = tmp_path / f"{name}.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
            "REDIS_URL": REDIS_URL,
            "HP_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "HP_TEST_SLOW_ONCE": str(tmp_path / "slow-render-done"),
            **env,
        }
        self.process = None

    def start(self):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "reporting.tests.worker_process"],
                env=self.env,
                cwd=settings.BASE_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def pool_processes(self) -> list[int]:
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                children.append(int(stat.parent.name))
        return children

    def kill_whole(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill_whole()


@contextmanager
def running(worker: Worker):
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()


def follow(report: Report, client: Client, *, until, seconds: float, worker: Worker | None = None) -> list[str]:
    """The statuses the report page's poll sees, in order, until one of `until`."""
    seen = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = client.get(reverse("report_status", args=[report.pk])).json()["status"]
        if not seen or seen[-1] != status:
            seen.append(status)
        if status in until:
            return seen
        time.sleep(0.1)
    log = worker.log.read_text()[-3000:] if worker else ""
    raise AssertionError(f"report {report.pk} stayed {seen} for {seconds} s\n{log}")


def nothing_left_to_restore(*, seconds: float, worker: Worker) -> None:
    """Wait until Redis holds no message of the queue and no unacknowledged delivery."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if client.llen("celery") == 0 and client.hlen("unacked") == 0 and client.zcard("unacked_index") == 0:
            return
        time.sleep(0.1)
    raise AssertionError(f"Redis still holds a message after {seconds} s\n{worker.log.read_text()[-3000:]}")


def pdf_files() -> list[str]:
    return sorted(path.name for path in (Path(settings.MEDIA_ROOT) / "reports").glob("*.pdf"))


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_order_made_while_redis_is_unreachable_is_kept_and_built_when_it_is_back(manager, clean_redis):
    client = logged_in(manager)
    with broker(f"redis://127.0.0.1:{_closed_port()}/0"):
        started = time.monotonic()
        response = client.post(
            reverse("report_list"),
            {
                "cohort_kind": "closed_in_year",
                "year": "2025",
                "municipalities": [manager.municipality.pk],
            },
        )
        assert time.monotonic() - started < 30  # the order page does not hang on the broker
    report = Report.objects.get()
    assert response.status_code == 302
    assert WAITING in client.get(response["Location"]).content.decode()
    assert report.status == ReportStatus.QUEUED

    from celery.contrib.testing.worker import start_worker

    Report.objects.filter(pk=report.pk).update(ordered_at=report.ordered_at - timedelta(minutes=6))
    with broker(REDIS_URL), start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        assert services.reports_requeue() == 1
        seen = follow(report, client, until={"ready", "failed"}, seconds=120)
    report.refresh_from_db()
    assert (report.status, report.attempts, report.error) == (ReportStatus.READY, 1, "")
    assert "failed" not in seen
    assert pdf_files() == [f"rapport-{report.pk}.pdf"]


@needs_shared_database
def test_a_pool_process_killed_while_rendering_is_redelivered_and_makes_one_pdf(manager, clean_redis, tmp_path):
    client = logged_in(manager)
    with broker(REDIS_URL), running(Worker(tmp_path, "worker")) as worker:
        report = order(manager)
        seen = follow(report, client, until={"rendering"}, seconds=120, worker=worker)
        [pool_process] = worker.pool_processes()
        os.kill(pool_process, signal.SIGKILL)
        # reject_on_worker_lost: the worker gives the task back to Redis, a new pool process takes it.
        seen += follow(report, client, until={"ready", "failed"}, seconds=120, worker=worker)
        assert worker.process.poll() is None  # the worker itself lived on
    assert pool_process not in worker.pool_processes()
    report.refresh_from_db()
    assert report.status == ReportStatus.READY, worker.log.read_text()[-3000:]
    assert report.attempts == 2  # the killed build and the one that finished
    assert "failed" not in seen and seen[-1] == "ready"
    assert pdf_files() == [f"rapport-{report.pk}.pdf"]
    assert Report.objects.count() == 1
    assert report.pdf.read().startswith(b"%PDF")


@needs_shared_database
def test_a_worker_killed_whole_while_rendering_is_picked_up_by_reports_requeue(manager, clean_redis, tmp_path):
    """The task stays unacknowledged in Redis until the visibility timeout (ten minutes); the
    beat task sends the stuck report again as soon as it is past the hard time limit."""
    client = logged_in(manager)
    with broker(REDIS_URL):
        first = Worker(tmp_path, "first").start()
        try:
            report = order(manager)
            follow(report, client, until={"rendering"}, seconds=120, worker=first)
        finally:
            first.kill_whole()
        assert services.reports_requeue() == 0  # within the hard time limit it may still be running
        report.refresh_from_db()
        assert report.status == ReportStatus.RENDERING
        Report.objects.filter(pk=report.pk).update(
            started_at=report.started_at - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 61)
        )
        with running(Worker(tmp_path, "second")) as second:
            assert services.reports_requeue() == 1
            seen = follow(report, client, until={"ready", "failed"}, seconds=120, worker=second)
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.READY, 2)
    assert "failed" not in seen
    assert pdf_files() == [f"rapport-{report.pk}.pdf"]
    # When Redis later delivers the dead worker's task again, the ready report is left alone.
    assert services.report_build(report_id=report.pk) is False
    report.refresh_from_db()
    assert report.attempts == 2 and pdf_files() == [f"rapport-{report.pk}.pdf"]


@needs_shared_database
def test_a_worker_killed_whole_has_its_task_redelivered_after_the_visibility_timeout(manager, clean_redis, tmp_path):
    """The same path without the beat task: Redis gives the unacknowledged task to the next
    worker once the visibility timeout has passed (here 5 s instead of ten minutes)."""
    client = logged_in(manager)
    with broker(REDIS_URL):
        first = Worker(tmp_path, "first").start()
        try:
            report = order(manager)
            follow(report, client, until={"rendering"}, seconds=120, worker=first)
        finally:
            first.kill_whole()
        with running(Worker(tmp_path, "second", HP_TEST_VISIBILITY_TIMEOUT="5")) as second:
            seen = follow(report, client, until={"ready", "failed"}, seconds=120, worker=second)
            # Once the restored task is acknowledged, Redis holds nothing a second restore could give.
            nothing_left_to_restore(seconds=60, worker=second)
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.READY, 2)
    assert "failed" not in seen
    assert pdf_files() == [f"rapport-{report.pk}.pdf"]
