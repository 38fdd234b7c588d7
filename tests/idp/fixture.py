"""The `oidc_provider` fixture: the test identity provider (`serve.py`) in its own process on a
free loopback port, for the whole session, and `identity_provider(...)` to point a
municipality at it."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.idp import people

ROOT = Path(__file__).resolve().parents[2]
SECRET_VARIABLE = "SSO_CLIENT_SECRET_TEST"
# The app's callback as the tests reach it: the test client's host, and the live server's on
# any port (RFC 8252's loopback rule, which django-oauth-toolkit follows).
CALLBACKS = ["http://127.0.0.1/log-ind/kommune/retur/", "http://localhost/log-ind/kommune/retur/"]


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str = people.CLIENT_ID
    client_secret: str = people.CLIENT_SECRET


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider():
    port = _free_port()
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.idp.serve", str(port), *CALLBACKS],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log,
        env={key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"},
    )
    issuer = f"http://127.0.0.1:{port}/o"
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail("the test identity provider did not start: " + log.read().decode()[-2000:])
        try:
            if requests.get(issuer + "/.well-known/openid-configuration", timeout=2).ok:
                break
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the test identity provider did not answer within 60 seconds")
        time.sleep(0.2)
    old = os.environ.get(SECRET_VARIABLE)
    os.environ[SECRET_VARIABLE] = people.CLIENT_SECRET
    yield Provider(issuer=issuer)
    if old is None:
        os.environ.pop(SECRET_VARIABLE, None)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
