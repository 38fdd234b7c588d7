"""A real HTTP server on 127.0.0.1 (port 0) that plays the SMS gateway in tests: it records each
request's path, headers and JSON body and answers with the status the test sets."""

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class GatewayRecord:
    requests: list = field(default_factory=list)
    status: int = 202
    url: str = ""
    key: str = "test-gateway-key"

    @property
    def bodies(self) -> list[dict]:
        return [request["body"] for request in self.requests]


def _handler(record: GatewayRecord):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            length = int(self.headers.get("Content-Length", 0))
            raw = self.rfile.read(length)
            record.requests.append(
                {"path": self.path, "headers": dict(self.headers.items()), "raw": raw, "body": json.loads(raw or b"{}")}
            )
            self.send_response(record.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"status": "queued"}')

        def log_message(self, *args):  # quiet: nothing on the test's output
            pass

    return Handler


def gateway_start(settings) -> tuple[GatewayRecord, Callable[[], None]]:
    """Start the server and make it the app's gateway (`settings`: pytest-django's fixture or a
    monkeypatched `django.conf.settings`); returns the record and how to stop it."""
    record = GatewayRecord()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(record))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    record.url = f"http://127.0.0.1:{server.server_address[1]}/sms"
    settings.SMS_GATEWAY_URL = record.url
    settings.SMS_GATEWAY_KEY = record.key
    settings.SMS_GATEWAY_TIMEOUT = 5.0

    def stop():
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return record, stop


@pytest.fixture
def sms_server(settings):
    """The SMS gateway as a thread of the test, configured as the app's gateway."""
    record, stop = gateway_start(settings)
    try:
        yield record
    finally:
        stop()
