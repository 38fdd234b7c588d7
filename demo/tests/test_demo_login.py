"""The one-click demo login: only the seeded demo users, only where demo data is allowed, a
verified session, one audit event; production answers 404 and its deploy check refuses it."""

import os

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.urls import reverse

from demo import services
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from hjemmepaed.organisation.tests.second_factor import confirmed_app
from hjemmepaed.tests.settings_env import settings_evaluated

pytestmark = pytest.mark.django_db

URL = "/demo/"


@pytest.fixture
def demo_users():
    kbh = MunicipalityFactory(name="København", code="101")
    users = {
        "kbh-paedagog": user_for_role(Role.HOME_EDUCATOR, municipality=kbh, username="kbh-paedagog"),
        "kbh-tovholder": user_for_role(Role.COORDINATOR, municipality=kbh, username="kbh-tovholder"),
        "analytiker": user_for_role(Role.ANALYST, username="analytiker"),
    }
    for user in users.values():
        confirmed_app(user)
    return users


def test_the_page_lists_the_demo_users_with_a_button_each_and_the_normal_login(client, demo_users):
    user_for_role(Role.COORDINATOR, municipality=demo_users["kbh-tovholder"].municipality, username="lene")
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert reverse(settings.LOGIN_URL) in page
    assert page.count('name="username"') == 3
    assert "Log ind som tovholder" in page and "Log ind som national analytiker" in page
    assert "lene" not in page  # a real user is never offered


def test_one_click_signs_in_with_a_verified_second_factor_and_is_audited(client, demo_users):
    response = client.post(URL, {"username": "kbh-tovholder"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 200  # no step to the authenticator app: the session is verified
    assert home.wsgi_request.user.username == "kbh-tovholder"
    assert home.wsgi_request.user.is_verified()
    event = AuditEvent.objects.get(object_type="demo_login")
    assert (event.actor_username, event.action) == ("kbh-tovholder", "create")
    assert event.municipality == demo_users["kbh-tovholder"].municipality


def test_a_user_who_is_not_a_demo_user_cannot_be_signed_in(client, demo_users):
    municipality = demo_users["kbh-tovholder"].municipality
    user_for_role(Role.COORDINATOR, municipality=municipality, username="lene")
    response = client.post(URL, {"username": "lene"})
    assert response.status_code == 404
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(object_type="demo_login").exists()


def test_a_demo_user_without_an_app_is_not_offered(client, demo_users):
    demo_users["analytiker"].totpdevice_set.all().delete()
    assert "Log ind som national analytiker" not in client.get(URL).content.decode()
    assert client.post(URL, {"username": "analytiker"}).status_code == 404


def test_the_service_refuses_a_user_without_an_app(demo_users):
    demo_users["analytiker"].totpdevice_set.all().delete()
    with pytest.raises(DomainError) as refused:
        services.demo_login(acting_user=demo_users["analytiker"])
    assert refused.value.message == "Demobrugeren har endnu ingen godkendelsesapp. Kør “make run” igen."


def test_the_service_refuses_a_user_who_is_not_a_demo_user(demo_users):
    other = user_for_role(Role.MANAGER, municipality=demo_users["kbh-tovholder"].municipality, username="lene")
    confirmed_app(other)
    with pytest.raises(DomainError) as refused:
        services.demo_login(acting_user=other)
    assert refused.value.message == "Kun demobrugerne kan logge ind med ét klik."


def test_where_demo_data_is_not_allowed_the_page_answers_404_and_the_service_refuses(client, settings, demo_users):
    settings.DEMO_DATA_ALLOWED = False
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"username": "kbh-tovholder"}).status_code == 404
    assert "_auth_user_id" not in client.session
    with pytest.raises(DomainError) as refused:
        services.demo_login(acting_user=demo_users["kbh-tovholder"])
    assert refused.value.message == "Demologin er slået fra her."
    assert not AuditEvent.objects.filter(object_type="demo_login").exists()


def test_the_page_has_no_post_without_csrf(demo_users):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, {"username": "kbh-tovholder"}).status_code == 403
    assert not AuditEvent.objects.filter(object_type="demo_login").exists()


def _check_ids():
    return {message.id for message in run_checks(include_deployment_checks=True)}


def test_the_deploy_check_fails_while_demo_data_is_allowed(settings):
    settings.DEMO_DATA_ALLOWED = True
    assert "demo.E001" in _check_ids()
    settings.DEMO_DATA_ALLOWED = False
    assert "demo.E001" not in _check_ids()


def test_the_development_settings_fail_the_deploy_check(settings):
    """`make run`'s settings as its server reads them (evaluated in this process, not a second
    Django started for it) allow the demo, and the deploy check then refuses."""
    env = {key: value for key, value in os.environ.items() if key not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.development"
    development = settings_evaluated("config.settings.development", env)
    settings.DEBUG = development["DEBUG"]
    settings.DEMO_DATA_ALLOWED = development["DEMO_DATA_ALLOWED"]
    assert "demo.E001" in _check_ids()
