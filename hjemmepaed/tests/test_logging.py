"""JSON log lines with the request id: the fields, the id taken from the proxy when well-formed
and made otherwise, on every line of the request and of a task it runs; never a token or a CPR
number. Plain text for `make run`, JSON in production unless LOG_FORMAT says otherwise."""

import io
import json
import logging
import logging.config
import os
import uuid

import pytest
from django.conf import settings
from django.utils.log import configure_logging

from config.settings.logs import logging_config
from hjemmepaed.tests.test_settings import PRODUCTION_ENV, _production

pytestmark = pytest.mark.django_db

TOKEN = "Zm9vYmFyLXNlY3JldC10b2tlbi1vZi00My10ZWduIQ"
CPR = "010203-1234"


@pytest.fixture
def json_lines():
    """The production LOGGING (JSON), its handlers writing to a buffer, undone afterwards;
    returns a reader of the lines written since the last read."""
    logging.config.dictConfig(logging_config(log_format="json", level="INFO"))
    buffer = io.StringIO()
    for handler in {*logging.getLogger().handlers, *logging.getLogger("django.server").handlers}:
        handler.setStream(buffer)

    def read() -> list[dict]:
        written = buffer.getvalue()
        buffer.truncate(0)
        buffer.seek(0)
        return [json.loads(line) for line in written.splitlines() if line.strip()]

    yield read
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def test_a_request_logs_json_with_the_proxys_request_id(client, json_lines):
    request_id = uuid.uuid4().hex
    response = client.get(f"/s/{TOKEN}/", headers={"x-request-id": request_id})
    assert response.status_code == 404
    assert response["X-Request-ID"] == request_id
    [line] = json_lines()
    assert set(line) == {"time", "level", "logger", "message", "request_id", "status_code"}
    assert line["level"] == "WARNING" and line["logger"] == "django.request"
    assert line["message"] == "Not Found: /s/[token]/"
    assert line["request_id"] == request_id
    assert line["status_code"] == 404
    assert line["time"].endswith("+00:00")


@pytest.mark.parametrize("given", ["", "not-a-uuid", "1; DROP TABLE", "a" * 300])
def test_an_ill_formed_or_missing_request_id_is_replaced_by_a_new_one(client, json_lines, given):
    headers = {"x-request-id": given} if given else {}
    response = client.get("/s/ukendt/", headers=headers)
    made = response["X-Request-ID"]
    assert made != given and uuid.UUID(made).hex == made
    assert [line["request_id"] for line in json_lines()] == [made]


def test_every_line_of_a_request_and_of_the_task_it_runs_carries_its_id(client, json_lines, settings, monkeypatch):
    """A view that logs, runs a task (in-process, as embedded) that logs, and logs again."""
    from hjemmepaed import tasks

    original = tasks.sessions_clear_expired.run

    def task_that_logs():
        logging.getLogger("hjemmepaed.tests").info("the task runs")
        return original()

    monkeypatch.setattr(tasks.sessions_clear_expired, "run", task_that_logs)
    settings.ROOT_URLCONF = "hjemmepaed.tests.ops_urls"
    request_id = str(uuid.uuid4())
    assert client.get("/test/logs/", headers={"x-request-id": request_id}).status_code == 200
    lines = [line for line in json_lines() if line["logger"] == "hjemmepaed.tests"]
    assert [line["message"] for line in lines] == ["before the task", "the task runs", "after the task"]
    assert {line["request_id"] for line in lines} == {request_id}


def test_a_cpr_number_and_a_token_never_reach_a_line_nor_its_traceback(json_lines):
    logger = logging.getLogger("hjemmepaed")
    logger.warning("Looked up %s at /s/%s/ and /forloeb/kalender/%s.ics", CPR, TOKEN, TOKEN)
    try:
        raise ValueError(f"duplicate key (cpr)=({CPR.replace('-', '')}) at /s/{TOKEN}/")
    except ValueError:
        logger.exception("refused")
    logger.warning("no CPR in ids or counts: request 1a0102031234b, 12345678901 bytes")
    first, second, third = json_lines()
    assert first["message"] == "Looked up [cpr] at /s/[token]/ and /forloeb/kalender/[token].ics"
    assert "duplicate key (cpr)=([cpr]) at /s/[token]/" in second["exc_info"]
    assert third["message"] == "no CPR in ids or counts: request 1a0102031234b, 12345678901 bytes"
    for line in (first, second):
        text = json.dumps(line)
        assert TOKEN not in text and CPR not in text and CPR.replace("-", "") not in text


def test_what_a_caller_attaches_to_a_record_is_left_out(json_lines):
    logging.getLogger("hjemmepaed").warning(
        "odd", extra={"request": f"<WSGIRequest: GET '/s/{TOKEN}/'>", "name_": "Anna"}
    )
    [line] = json_lines()
    assert set(line) == {"time", "level", "logger", "message", "request_id"}


def test_plain_text_for_make_run_json_in_production_unless_asked_otherwise():
    code = "import django; django.setup(); from django.conf import settings as s; print(s.LOGGING['handlers']['console']['formatter'])"
    import sys

    assert (
        settings.LOGGING_CONFIG
        and logging_config(log_format="plain", level="INFO")["handlers"]["console"]["formatter"] == "plain"
    )
    for extra, expected in (({}, "json"), ({"LOG_FORMAT": "plain"}, "plain")):
        result = _production({**PRODUCTION_ENV, **extra}, [sys.executable, "-c", code])
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == [expected]
    refused = _production({**PRODUCTION_ENV, "LOG_FORMAT": "xml"}, [sys.executable, "-c", code])
    assert refused.returncode != 0 and "LOG_FORMAT must be one of json, plain" in refused.stderr


@pytest.mark.broker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis broker (REDIS_URL)")
@pytest.mark.django_db(transaction=True)
def test_a_task_on_a_real_worker_logs_under_the_id_of_the_request_that_queued_it(json_lines, monkeypatch):
    from celery.contrib.testing.worker import start_worker
    from django_guid import set_guid

    from config.celery import app
    from hjemmepaed import tasks

    def task_that_logs():
        logging.getLogger("hjemmepaed.tests").info("the task runs")
        return 0

    monkeypatch.setattr(tasks.sessions_clear_expired, "run", task_that_logs)
    url = os.environ["REDIS_URL"]
    app.conf.update(task_always_eager=False, broker_url=url, result_backend=url)
    request_id = uuid.uuid4().hex
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            set_guid(request_id)
            tasks.sessions_clear_expired.delay().get(timeout=30)
            set_guid(None)
            tasks.sessions_clear_expired.delay().get(timeout=30)  # as beat queues one: no id
    finally:
        app.conf.update(task_always_eager=True)
    first, second = [line for line in json_lines() if line["logger"] == "hjemmepaed.tests"]
    assert first["request_id"] == request_id
    assert second["request_id"] not in (None, request_id)


def test_gunicorns_access_log_line_ends_with_the_request_id(tmp_path):
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config

    from config.gunicorn_logging import GunicornLogger
    from hjemmepaed.tests.test_log_redaction import _gunicorn_conf

    config = Config()
    for name, value in _gunicorn_conf().items():
        config.set(name, value)
    config.set("accesslog", str(tmp_path / "access.log"))
    logger = GunicornLogger(config)
    request_id = uuid.uuid4().hex
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"/s/{TOKEN}/", "PATH_INFO": f"/s/{TOKEN}/", "QUERY_STRING": ""}
    environ.update({"SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "192.0.2.1"})
    response = SimpleNamespace(status="200 OK", sent=10, headers=[("X-Request-ID", request_id)])
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=5))
    for handler in logger.access_log.handlers:
        handler.flush()
    line = (tmp_path / "access.log").read_text().strip()
    assert line.endswith(f" {request_id}") and '"GET /s/[token]/ HTTP/1.1" 200' in line
