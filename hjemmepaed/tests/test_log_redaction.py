"""Link tokens never reach a log: Django's request log, the development server's access log and
gunicorn's access log, each as the production settings set them up, write `[token]` instead."""

import logging.config
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIRequestHandler
from django.utils.log import configure_logging
from gunicorn.config import Config

from config.gunicorn_logging import GunicornLogger
from config.settings import base

pytestmark = pytest.mark.django_db

TOKEN = "Zm9vYmFyLXNlY3JldC10b2tlbi1vZi00My10ZWduIQ"


@pytest.fixture
def product_logging(capfd):
    """The product's LOGGING (the test settings log nothing), undone afterwards; its handlers
    write to the standard error that `capfd` captures."""
    logging.config.dictConfig(base.LOGGING)
    yield
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def test_the_request_log_names_no_questionnaire_or_calendar_token(client, product_logging, capfd):
    assert client.get(f"/s/{TOKEN}/").status_code == 404
    assert client.get(f"/s/{TOKEN}/tak/").status_code == 404
    client.get(f"/forloeb/kalender/{TOKEN}.ics")
    logged = capfd.readouterr().err
    assert "Not Found: /s/[token]/" in logged
    assert "Not Found: /s/[token]/tak/" in logged
    assert TOKEN not in logged


def test_the_development_servers_access_log_names_no_token(product_logging, capfd):
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
    handler.request, handler.client_address = None, ("127.0.0.1", 50000)
    handler.log_message('"%s" %s %s', f"GET /s/{TOKEN}/side-2/ HTTP/1.1", "200", "5120")
    handler.log_message('"%s" %s %s', f"GET /forloeb/kalender/{TOKEN}.ics HTTP/1.1", "200", "300")
    logged = capfd.readouterr().err
    assert '"GET /s/[token]/side-2/ HTTP/1.1" 200 5120' in logged
    assert '"GET /forloeb/kalender/[token].ics HTTP/1.1" 200 300' in logged
    assert TOKEN not in logged


def test_gunicorns_access_log_names_no_token_in_path_request_line_or_referrer(tmp_path):
    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    config.set("access_log_format", '%(h)s "%(r)s" %(s)s %(U)s "%(f)s"')
    logger = GunicornLogger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/s/{TOKEN}/?mangler=1",
        "PATH_INFO": f"/s/{TOKEN}/",
        "QUERY_STRING": "mangler=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": f"https://hjemmepaed.example/s/{TOKEN}/side-3/",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=5))
    for handler in logger.access_log.handlers:
        handler.flush()
    logged = (tmp_path / "access.log").read_text()
    assert logged.strip() == (
        '192.0.2.1 "GET /s/[token]/?mangler=1 HTTP/1.1" 200 /s/[token]/ "https://hjemmepaed.example/s/[token]/side-3/"'
    )


def test_gunicorn_reads_the_redacting_logger_from_its_config_file():
    config = Config()
    for name, value in _gunicorn_conf().items():
        config.set(name, value)
    assert config.logger_class is GunicornLogger


def _gunicorn_conf() -> dict:
    namespace: dict = {}
    exec((settings.BASE_DIR / "gunicorn.conf.py").read_text(), namespace)  # noqa: S102  (as gunicorn reads it)
    return {name: value for name, value in namespace.items() if not name.startswith("__")}


def test_the_access_log_names_no_single_sign_on_code_state_or_id_token(product_logging, capfd):
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
    handler.request, handler.client_address = None, ("127.0.0.1", 50000)
    handler.log_message('"%s" %s %s', f"GET /log-ind/kommune/retur/?code={TOKEN}&state=S{TOKEN} HTTP/1.1", "302", "0")
    handler.log_message('"%s" %s %s', f"GET /o/logout/?client_id=x&id_token_hint={TOKEN} HTTP/1.1", "302", "0")
    logged = capfd.readouterr().err
    assert '"GET /log-ind/kommune/retur/?code=[token]&state=[token] HTTP/1.1" 302 0' in logged
    assert "client_id=x&id_token_hint=[token]" in logged
    assert TOKEN not in logged
