"""The web app's manifest and service worker (hjemmepaed/offline.py)."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from hjemmepaed.offline import SHELL
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import PASSWORD, MunicipalityFactory, user_for_role

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_app_in_danish_with_png_icons(client):
    data = json.loads(client.get(reverse("web_manifest")).content)
    assert data["name"] == "Hjemmepædagogiske forløb"
    assert data["short_name"] == "Hjemmebesøg"
    assert data["start_url"] == reverse("my_courses")
    assert [icon["sizes"] for icon in data["icons"]] == ["192x192", "512x512"]
    for icon in data["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path and open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n"


def test_the_worker_is_served_from_the_root_and_never_cached(client):
    response = client.get(reverse("service_worker"))
    assert reverse("service_worker") == "/sw.js"
    assert response["Content-Type"] == "text/javascript"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert '"/static/js/offline.js"' in body and "&quot;" not in body
    assert reverse("offline_pages") in body
    assert "const MAX_AGE_MS = 43200000;" in body  # 12 hours, the longest session, not "43.200.000"


def test_every_file_of_the_shell_exists():
    assert [path for path in SHELL if finders.find(path) is None] == []


def test_the_content_security_policy_stays_strict_and_names_the_worker(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "worker-src 'self'" in policy and "manifest-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_the_login_page_registers_no_worker(client):
    page = client.get(reverse("login")).content.decode()
    assert 'data-offline="off"' in page and 'data-signed-in="0"' in page


def test_logging_out_deletes_the_sites_storage_in_the_browser(client):
    client.force_login(user_for_role(Role.HOME_EDUCATOR, municipality=MunicipalityFactory()))
    response = client.post(reverse("logout"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_before_the_second_factor_no_worker_is_registered(client):
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=MunicipalityFactory())
    response = client.post(reverse("login"), {"username": educator.username, "password": PASSWORD}, follow=True)
    assert "/totrinsbekraeftelse/" in response.redirect_chain[-1][0]  # the password only
    page = response.content.decode()
    assert 'data-signed-in="1"' in page and 'data-offline="off"' in page
