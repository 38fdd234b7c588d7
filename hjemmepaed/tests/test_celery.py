"""Celery: in-process without a broker; through a real Redis broker and worker when given."""

import os
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from hjemmepaed.celery import app
from hjemmepaed.tasks import sessions_clear_expired


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
