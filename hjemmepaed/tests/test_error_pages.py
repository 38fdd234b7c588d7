"""The product's own 404, 403 and 500 pages, with DEBUG on (make run) as with it off."""

import pytest
from django.test import Client

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def _broken_database(monkeypatch):
    class Broken:
        def cursor(self):
            raise RuntimeError("the database is away")

    monkeypatch.setattr("hjemmepaed.organisation.views.connection", Broken())


def test_an_address_that_does_not_exist_shows_the_product_404(client, debug):
    response = client.get("/findes-ikke/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Siden findes ikke" in page and "Gå til forsiden" in page
    assert "URLconf" not in page and "DEBUG" not in page


def test_a_missing_object_shows_the_product_404_to_a_logged_in_user(client, debug):
    client.force_login(user_for_role(Role.COORDINATOR, municipality=MunicipalityFactory()))
    response = client.get("/forloeb/999999/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()
    assert "Log af" in response.content.decode()  # the signed-in layout, the menu's way back


def test_a_role_without_access_sees_the_product_403(client, debug):
    client.force_login(user_for_role(Role.ANALYST))
    response = client.get("/visitation/")
    assert response.status_code == 403
    assert "Du har ikke adgang til denne side" in response.content.decode()


def test_an_error_shows_the_product_500_and_logs_the_traceback(monkeypatch, settings, caplog):
    settings.DEBUG = True
    _broken_database(monkeypatch)
    response = Client(raise_request_exception=False).get("/healthz")
    assert response.status_code == 500
    assert "Der skete en fejl" in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert "the database is away" in caplog.text  # the developer still finds it in the console


def test_the_500_page_has_the_site_header_in_either_mode(monkeypatch, debug):
    _broken_database(monkeypatch)
    page = Client(raise_request_exception=False).get("/healthz").content.decode()
    assert '<header class="header">' in page and "Hjemmepædagogiske forløb" in page
    assert 'class="logo"' in page and "Der skete en fejl" in page


def test_the_500_page_renders_for_a_request_without_session_or_user():
    from django.test import RequestFactory

    from hjemmepaed.views import server_error

    response = server_error(RequestFactory().get("/"))  # no middleware ran: no session, no user
    assert response.status_code == 500
    assert '<header class="header">' in response.content.decode() and "Log af" not in response.content.decode()


def test_django_debug_pages_come_back_when_asked_for(client, settings):
    settings.DEBUG = True
    settings.DEBUG_TECHNICAL_ERROR_PAGES = True
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "URLconf" in response.content.decode()


def test_a_missing_slash_is_still_added_with_debug_on(client, settings):
    settings.DEBUG = True
    response = client.get("/log-ind")
    assert response.status_code == 301 and response["Location"] == "/log-ind/"


def test_a_form_without_its_csrf_token_shows_the_product_403(debug):
    response = Client(enforce_csrf_checks=True).post("/log-ind/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Formularen kunne ikke sendes" in response.content.decode()
