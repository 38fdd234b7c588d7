"""Exactly one beat sends the schedule, however many run (config/beat.py): a lock in real Redis."""

import os
import time

import pytest
from celery.beat import PersistentScheduler

from config.beat import LOCK_KEY, SingleBeatScheduler
from config.celery import app

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [pytest.mark.broker, pytest.mark.skipif(not REDIS_URL, reason="needs Redis (REDIS_URL)")]


@pytest.fixture
def beats(tmp_path, settings, monkeypatch):
    import redis

    settings.REDIS_URL = REDIS_URL
    client = redis.Redis.from_url(REDIS_URL)
    client.delete(LOCK_KEY)
    sent = []
    monkeypatch.setattr(PersistentScheduler, "tick", lambda self, *a, **k: sent.append(self.holder) or 15)
    made = []

    def beat(name: str) -> SingleBeatScheduler:
        scheduler = SingleBeatScheduler(app=app, schedule_filename=str(tmp_path / name), lazy=True)
        scheduler.holder = name  # two beats on two machines
        made.append(scheduler)
        return scheduler

    yield beat, sent, client
    for scheduler in made:
        scheduler.close()
    client.delete(LOCK_KEY)


def test_the_second_beat_sends_nothing_while_the_first_runs(beats):
    beat, sent, client = beats
    first, second = beat("first"), beat("second")
    assert first.tick() == 15 and second.tick() == second.standby_seconds
    assert first.tick() == 15 and second.tick() == second.standby_seconds
    assert sent == ["first", "first"]
    assert client.get(LOCK_KEY) == b"first" and 0 < client.pttl(LOCK_KEY) <= first.lock_seconds * 1000


def test_a_beat_stopped_cleanly_hands_over_at_once(beats):
    beat, sent, _ = beats
    first, second = beat("first"), beat("second")
    first.tick()
    first.close()
    assert second.tick() == 15 and sent == ["first", "second"]


def test_a_beat_that_died_is_replaced_once_its_lock_runs_out(beats):
    beat, sent, _ = beats
    first, second = beat("first"), beat("second")
    first.lock_seconds = 0.5
    first.tick()  # and then nothing more: the process died
    assert second.tick() == second.standby_seconds
    time.sleep(0.7)
    assert second.tick() == 15 and sent == ["first", "second"]
    assert first.tick() == first.standby_seconds  # come back, it finds the other holding the lock
