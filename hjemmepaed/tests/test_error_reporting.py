"""Error reports reach a Sentry-protocol endpoint (a real HTTP server on loopback started here)
when SENTRY_DSN is set, and carry no CPR number, token, name, cookie, body or query string."""

import gzip
import json
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import close_old_connections
from django.test import RequestFactory

from hjemmepaed.error_reporting import error_reporting_init
from hjemmepaed.tests.ops_urls import CPR, NAME
from hjemmepaed.tests.test_settings import PRODUCTION_ENV, _production

pytestmark = pytest.mark.django_db

TOKEN = "Zm9vYmFyLXNlY3JldC10b2tlbi1vZi00My10ZWduIQ"
SESSION = "sessionvalue-that-must-not-leave"


def _decoded(body: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        import brotli

        return brotli.decompress(body)
    if encoding == "deflate":
        return zlib.decompress(body)
    return body


@pytest.fixture
def sentry_server():
    """The endpoint: every envelope posted, decompressed; Sentry's client on it, closed after."""
    received: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.append(_decoded(body, self.headers.get("Content-Encoding", "")))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    error_reporting_init(dsn=f"http://key@127.0.0.1:{server.server_address[1]}/1", environment="test")
    yield received
    sentry_sdk.get_client().close(timeout=2)
    sentry_sdk.init(dsn="")  # a client that sends nothing, for the rest of the run
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _events(envelopes: list[bytes]) -> list[dict]:
    events = []
    for envelope in envelopes:
        lines = envelope.split(b"\n")
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                events.append(json.loads(payload))
    return events


def test_an_error_in_a_view_is_reported_without_anything_personal(settings, sentry_server):
    """Through Django's WSGI handler, as gunicorn calls it (and Sentry wraps it)."""
    settings.ROOT_URLCONF = "hjemmepaed.tests.ops_urls"
    request = RequestFactory().post(
        f"/s/{TOKEN}/fejl/?cpr={CPR.replace('-', '')}&navn=Anna",
        {"guardian": NAME, "cpr": CPR},
        headers={"x-request-id": "5f0c6c1e6d2a4b9e8f3a2c1d0e9f8a7b", "cookie": f"sessionid={SESSION}"},
    )
    statuses = []
    # As Django's test client does: the handler would close the test's connection, and its transaction.
    request_started.disconnect(close_old_connections)
    try:
        b"".join(WSGIHandler()(request.environ, lambda status, headers, *_: statuses.append(status)))
    finally:
        request_started.connect(close_old_connections)
    assert statuses == ["500 Internal Server Error"]
    sentry_sdk.flush(timeout=5)
    [event] = [event for event in _events(sentry_server) if event.get("exception")]
    [exception] = event["exception"]["values"]
    assert exception["type"] == "RuntimeError"
    assert exception["value"] == "could not save [cpr] (guardian 13 letters)"
    assert exception["stacktrace"]["frames"][-1]["function"] == "fails"
    assert event["request"] == {"method": "POST", "url": "http://testserver/s/[token]/fejl/"}
    assert "saving for [cpr] at /s/[token]/fejl/" in json.dumps(event["breadcrumbs"])
    sent = b"".join(sentry_server).decode()
    for personal in (CPR, CPR.replace("-", ""), TOKEN, NAME, "Anna", SESSION, "sessionid", "navn"):
        assert personal not in sent, personal


def test_reports_are_off_without_a_dsn_and_on_with_one_in_production():
    code = (
        "import django; django.setup(); import sentry_sdk; client = sentry_sdk.get_client(); "
        "print(client.is_active(), client.should_send_default_pii(), (client.options.get('data_collection') or {}).get('stack_frame_variables'))"
    )
    off = _production(PRODUCTION_ENV, [sys.executable, "-c", code])
    assert off.returncode == 0, off.stderr
    assert off.stdout.split()[0] == "False"
    on = _production({**PRODUCTION_ENV, "SENTRY_DSN": "http://key@127.0.0.1:9/1"}, [sys.executable, "-c", code])
    assert on.returncode == 0, on.stderr
    assert on.stdout.split() == ["True", "False", "False"]
