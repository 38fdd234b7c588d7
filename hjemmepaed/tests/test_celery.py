"""Celery: in-process without a broker; through a real Redis broker and worker when given."""

import importlib
import inspect
import json
import os
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from config.celery import app
from hjemmepaed.tasks import sessions_clear_expired
from hjemmepaed.tests.test_access_matrix import _app_modules


def _expired_and_live_sessions():
    for expiry in (timezone.now() - timedelta(hours=1), timezone.now() + timedelta(hours=1)):
        store = SessionStore()
        store["x"] = 1
        store.set_expiry(expiry)
        store.save()


@pytest.mark.django_db
def test_clearing_expired_sessions_in_process():
    _expired_and_live_sessions()
    assert sessions_clear_expired.delay().get() == 1
    assert Session.objects.count() == 1
    assert sessions_clear_expired.delay().get() == 0  # idempotent


def test_beat_schedules_the_cleanup_daily():
    entry = app.conf.beat_schedule["sessions-clear-expired"]
    assert entry["task"] == sessions_clear_expired.name
    assert entry["schedule"] == timedelta(hours=24)


@pytest.mark.broker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis broker (REDIS_URL)")
@pytest.mark.django_db(transaction=True)
def test_task_runs_through_redis_and_a_real_worker(settings):
    from celery.contrib.testing.worker import start_worker

    _expired_and_live_sessions()
    app.conf.update(
        task_always_eager=False,
        broker_url=os.environ["REDIS_URL"],
        result_backend=os.environ["REDIS_URL"],
    )
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            result = sessions_clear_expired.delay()
            assert result.get(timeout=30) == 1
    finally:
        app.conf.update(task_always_eager=True)
    assert Session.objects.count() == 1


# ---------------------------------------------------------------- every task of the project

PROJECT_APPS = ("hjemmepaed", "families", "visitation", "courses", "surveys", "reporting", "sdq", "privacy")
# hjemmepaed itself is a package, not an app: its housekeeping tasks' cases are named here.
TASK_CASE_MODULES = [importlib.import_module("hjemmepaed.tests.task_cases"), *_app_modules("task_cases")]
TASK_CASES = {case.name: case for module in TASK_CASE_MODULES for case in module.CASES}
PRIMITIVES = (int, bool, float)


def project_tasks() -> dict:
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if task.__module__.split(".")[0] in PROJECT_APPS}


def test_every_project_task_has_a_case():
    tasks = project_tasks()
    assert "reporting.tasks.report_build" in tasks  # the discovery works
    assert set(tasks) - set(TASK_CASES) == set(), "tasks without a case in some <app>/tests/task_cases.py"
    assert set(TASK_CASES) - set(tasks) == set(), "cases for tasks that are not registered"


@pytest.mark.parametrize("name", sorted(TASK_CASES))
def test_task_is_acked_late_with_time_limits(name):
    task = project_tasks()[name]
    assert task.acks_late is True
    assert task.reject_on_worker_lost is True
    hard = task.time_limit or app.conf.task_time_limit
    soft = task.soft_time_limit or app.conf.task_soft_time_limit
    assert hard and soft and soft < hard
    assert app.conf.result_expires and app.conf.result_expires <= timedelta(days=1)
    assert app.conf.task_serializer == app.conf.result_serializer == "json"


@pytest.mark.parametrize("name", sorted(TASK_CASES))
def test_task_takes_ids_and_primitives_only(name):
    signature = inspect.signature(project_tasks()[name].run)
    for parameter in signature.parameters.values():
        assert parameter.annotation in PRIMITIVES, f"{name}({parameter.name}: {parameter.annotation})"
        assert parameter.annotation is not int or parameter.name.endswith("_id"), f"{name}({parameter.name})"


def _counts_and_ids_only(value) -> bool:
    if value is None or isinstance(value, PRIMITIVES):
        return True
    if isinstance(value, dict):
        return all(isinstance(key, str) and _counts_and_ids_only(item) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return all(_counts_and_ids_only(item) for item in value)
    return False


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(TASK_CASES))
def test_task_returns_no_personal_data_and_a_second_run_changes_nothing(name, monkeypatch):
    task = project_tasks()[name]
    run = TASK_CASES[name].setup(monkeypatch)
    before = run.state()
    first = task.delay(*run.args).get()
    after_first = run.state()
    second = task.delay(*run.args).get()
    assert run.state() == after_first, f"{name} changed something again on its second run"
    assert after_first != before or first in (0, False, None), f"{name} did nothing the first time"
    for result in (first, second):
        assert _counts_and_ids_only(result), f"{name} returned {result!r}"
        assert not any(text in json.dumps(result) for text in run.personal)
