"""The readiness page: every check green against the real services, red (503, naming the check)
when one is away; open without a login and naming nothing but the checks."""

import os
import socket

import pytest
from django.test import Client
from django.urls import reverse

from config.celery import app

pytestmark = pytest.mark.django_db


def _ready(client=None):
    response = (client or Client()).get(reverse("healthz_ready"))
    return response, response.json()


def _dead_port() -> int:
    """A port on loopback that nothing listens on: bound, then freed."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pooled_connections_dropped():
    """The app's broker connections are pooled for the URL they were made with: dropped, as
    Celery itself drops them in a forked child (`app.close()` would also unregister the app, and
    tasks imported later would be missing from it)."""
    app._after_fork()


def _redis_everywhere(settings, url):
    """Redis at `url` as the production settings use it: cache, broker and result backend."""
    settings.REDIS_URL = url
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    _pooled_connections_dropped()
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)


@pytest.fixture(autouse=True)
def _embedded(settings):
    """The embedded default unless a test points the app at a Redis: no broker to check."""
    settings.REDIS_URL = ""


@pytest.fixture
def celery_conf_restored():
    before = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    yield
    _pooled_connections_dropped()
    app.conf.update(before)


def test_the_embedded_default_checks_database_cache_and_storage():
    response, answer = _ready()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert answer["status"] == "ok" and answer["failed"] == []
    assert {name: check["status"] for name, check in answer["checks"].items()} == {
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
    }


def test_the_page_asks_for_no_login_and_shows_a_signed_in_user_nothing_more(client, coordinator):
    anonymous, _ = _ready()
    client.force_login(coordinator)
    signed_in, _ = _ready(client)
    assert anonymous.status_code == signed_in.status_code == 200
    page = signed_in.content.decode()
    for personal in (coordinator.username, coordinator.first_name, coordinator.last_name, "København"):
        assert personal and personal not in page


def test_any_format_asked_for_is_answered_with_the_json():
    for accept in ("text/html", "text/plain", "application/rss+xml"):
        response = Client().get(reverse("healthz_ready"), headers={"accept": accept})
        assert response.status_code == 200
        assert response.json()["status"] == "ok"


def test_an_address_asking_in_a_loop_is_slowed(settings):
    settings.RATE_LIMIT_READINESS_PER_IP = "3/m"
    assert [_ready()[0].status_code for _ in range(4)] == [200, 200, 200, 429]
    assert _ready()[1]["status"] == "rate_limited"


def test_storage_that_cannot_be_written_is_red(settings, tmp_path):
    not_a_folder = tmp_path / "media"
    not_a_folder.write_text("a file where the folder should be")
    settings.MEDIA_ROOT = not_a_folder
    response, answer = _ready()
    assert response.status_code == 503
    assert answer["status"] == "error" and answer["failed"] == ["storage"]
    assert answer["checks"]["database"]["status"] == "ok"


def test_redis_on_a_dead_port_is_red_for_redis_cache_and_workers(settings, celery_conf_restored):
    _redis_everywhere(settings, f"redis://127.0.0.1:{_dead_port()}/12")
    response, answer = _ready()
    assert response.status_code == 503
    assert set(answer["failed"]) == {"redis", "cache", "celery"}
    assert answer["checks"]["redis"]["error"].startswith("Unavailable: Unable to connect to Redis")
    assert answer["checks"]["database"]["status"] == answer["checks"]["storage"]["status"] == "ok"
    assert "127.0.0.1" not in response.content.decode()  # no address of the infrastructure


@pytest.mark.broker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis broker (REDIS_URL)")
def test_every_check_is_green_against_the_real_redis_and_a_running_worker(settings, celery_conf_restored):
    from celery.contrib.testing.worker import start_worker

    _redis_everywhere(settings, os.environ["REDIS_URL"])
    response, answer = _ready()
    assert response.status_code == 503
    assert answer["failed"] == ["celery"]  # Redis answers, but no worker runs yet
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        response, answer = _ready()
    assert response.status_code == 200, answer
    assert {name: check["status"] for name, check in answer["checks"].items()} == {
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
        "redis": "ok",
        "celery": "ok",
    }
