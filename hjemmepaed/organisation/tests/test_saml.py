"""SAML 2.0 single sign-on against a real IdP on loopback (SimpleSAMLphp, tests/idp/saml.py):
the login page's button, the signed assertion, the attribute mapping, the refusals, the
verified session, the audit events, the metadata and the logout at the IdP."""

import base64
import logging
import logging.config
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from config.settings.logs import logging_config
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation import saml
from hjemmepaed.organisation.models import IdentityProvider, Role, SingleSignOnDevice, User
from hjemmepaed.organisation.models_sso import Protocol
from hjemmepaed.organisation.tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    EducatorFactory,
    ManagerFactory,
    MunicipalityFactory,
    extra_role_give,
    user_for_role,
)
from hjemmepaed.organisation.tests.saml import idp_login, saml_identity_provider, saml_login_through
from hjemmepaed.organisation.tests.sso import HOST, NO_ROLE, helsingor  # noqa: F401 (a fixture)
from tests.idp.saml import PASSWORD_CONTEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(helsingor, saml_provider, settings):
    settings.SAML_SP_KEY_FILE = saml_provider.sp_key_file
    settings.SAML_SP_CERT_FILE = saml_provider.sp_cert_file
    return saml_identity_provider(municipality=helsingor, saml_provider=saml_provider)


def test_a_first_login_makes_the_account_with_the_mapped_roles_and_a_verified_session(client, provider):
    assert "Log ind med Helsingør Kommunes login" in client.get(reverse("login")).content.decode()
    response = saml_login_through(client, provider, "hanne@sso.test")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("home")
    person = User.objects.get(username="hanne@sso.test")
    assert person.municipality == provider.municipality
    assert person.roles == {Role.HOME_EDUCATOR, Role.COORDINATOR}
    assert (person.first_name, person.last_name, person.email) == ("Hanne", "Berg", "hanne@sso.test")
    assert not person.has_usable_password()
    home = client.get(reverse("home"), HTTP_HOST=HOST)
    assert home.status_code == 200
    assert home.wsgi_request.user.is_verified()
    event = AuditEvent.objects.get(object_type="user", object_id=str(person.pk))
    assert event.actor == person
    assert event.criterion == "sso login, account created with roles home_educator, coordinator"


def test_an_existing_account_is_matched_and_its_roles_follow_the_idp(client, provider):
    person = ManagerFactory(username="tove@sso.test", municipality=provider.municipality, first_name="T")
    extra_role_give(person, Role.HOME_EDUCATOR)
    response = saml_login_through(client, provider, "tove@sso.test")
    assert response.status_code == 302
    person.refresh_from_db()
    person.roles_forget()
    assert person.roles == {Role.COORDINATOR}
    assert person.first_name == "Tove"
    assert User.objects.filter(username__iexact="tove@sso.test").count() == 1
    assert SingleSignOnDevice.objects.filter(user=person, provider=provider).count() == 1
    assert AuditEvent.objects.filter(actor=person, criterion="sso login, roles coordinator").exists()


def test_a_person_the_idp_gives_no_mapped_role_gets_the_danish_refusal_and_no_account(client, provider):
    response = saml_login_through(client, provider, "ulla@sso.test")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Du kan ikke logge ind" in page
    assert NO_ROLE in page
    assert not User.objects.filter(username="ulla@sso.test").exists()
    assert client.get(reverse("home"), HTTP_HOST=HOST).status_code == 302
    event = AuditEvent.objects.get(criterion="sso refused: no role")
    assert (event.actor, event.municipality) == (None, provider.municipality)


def test_accounts_of_another_municipality_or_a_national_role_are_never_taken_over(client, provider):
    other = EducatorFactory(username="eva@sso.test", municipality=MunicipalityFactory(code="101"))
    analyst = AnalystFactory(username="tove@sso.test")
    for username in ("eva@sso.test", "tove@sso.test"):
        response = saml_login_through(client, provider, username)
        assert response.status_code == 403
        assert "hører til en konto, som ikke er en af din kommunes medarbejdere" in response.content.decode()
    other.refresh_from_db()
    analyst.refresh_from_db()
    assert other.municipality.code == "101"
    assert (analyst.role, analyst.municipality) == (Role.ANALYST, None)


def test_the_login_opens_the_page_asked_for_and_never_another_site(client, provider):
    response = saml_login_through(client, provider, "tove@sso.test", query={"next": reverse("staff_list")})
    assert response["Location"] == reverse("staff_list")
    client.logout()
    response = saml_login_through(client, provider, "tove@sso.test", query={"next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_an_assertion_for_a_login_not_started_in_this_browser_is_refused_and_works_only_once(client, provider):
    start = client.get(reverse("sso_start", args=["217"]), HTTP_HOST=HOST)
    acs, fields = idp_login(requests.Session(), start["Location"], "tove@sso.test")
    stranger = type(client)()
    response = stranger.post(urlsplit(acs).path, fields, HTTP_HOST=HOST)
    assert response.status_code == 400
    assert "Login er udløbet eller blev ikke startet her" in response.content.decode()
    assert client.post(urlsplit(acs).path, fields, HTTP_HOST=HOST).status_code == 302
    client.logout()
    # Replayed in the same browser, the answer is refused too.
    assert client.post(urlsplit(acs).path, fields, HTTP_HOST=HOST).status_code == 400


def test_a_tampered_assertion_is_refused_in_danish(client, provider):
    start = client.get(reverse("sso_start", args=["217"]), HTTP_HOST=HOST)
    acs, fields = idp_login(requests.Session(), start["Location"], "ulla@sso.test")
    xml = base64.b64decode(fields["SAMLResponse"]).decode()
    fields["SAMLResponse"] = base64.b64encode(xml.replace("Alle-medarbejdere", "Hjemmepaed-Ledere").encode()).decode()
    response = client.post(urlsplit(acs).path, fields, HTTP_HOST=HOST)
    assert response.status_code == 403
    assert "Helsingør Kommunes login loggede dig ikke ind" in response.content.decode()
    assert not User.objects.filter(username="ulla@sso.test").exists()


def test_garbage_posted_to_the_assertion_consumer_service_gets_a_danish_page(client, provider):
    response = client.post(reverse("saml_acs", args=["217"]), {"SAMLResponse": "bm90IHhtbA=="}, HTTP_HOST=HOST)
    assert response.status_code in (400, 403)
    assert "Du kan ikke logge ind" in response.content.decode()


def test_metadata_pasted_as_xml_works_as_well(client, helsingor, saml_provider, settings):
    xml = requests.get(saml_provider.metadata_url, timeout=10).text
    provider = saml_identity_provider(
        municipality=helsingor, saml_provider=saml_provider, saml_metadata_url="", saml_metadata_xml=xml
    )
    assert saml_login_through(client, provider, "lene@sso.test").status_code == 302
    assert User.objects.get(username="lene@sso.test").roles == {Role.MANAGER}


def test_the_service_providers_metadata_names_its_endpoints(client, provider):
    text = client.get(reverse("saml_metadata", args=["217"]), HTTP_HOST=HOST).content.decode()
    assert f'entityID="http://{HOST}/log-ind/saml/217/metadata/"' in text
    assert f'Location="http://{HOST}/log-ind/saml/217/acs/"' in text
    assert f'Location="http://{HOST}/log-ind/saml/217/ls/"' in text
    assert "X509Certificate" in text
    assert client.get(reverse("saml_metadata", args=["999"])).status_code == 404


def test_an_idp_whose_metadata_cannot_be_read_gets_the_danish_page(client, helsingor, saml_provider):
    IdentityProvider.objects.create(
        municipality=helsingor,
        protocol=Protocol.SAML,
        name="Helsingør Kommunes login",
        saml_entity_id="http://127.0.0.1:9/idp",
        saml_metadata_url="http://127.0.0.1:9/metadata",
    )
    response = client.get(reverse("sso_start", args=["217"]), HTTP_HOST=HOST)
    assert response.status_code == 502
    assert (
        "Vi kunne ikke gennemføre login med Helsingør Kommunes login. Prøv igen om lidt." in response.content.decode()
    )


def test_a_municipality_requiring_two_factors_refuses_a_password_only_login(client, provider):
    provider.accepted_acr_values = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"
    provider.save(update_fields=["accepted_acr_values"])
    response = saml_login_through(client, provider, "tove@sso.test")
    assert response.status_code == 403
    assert "Din kommune kræver login med to faktorer" in response.content.decode()
    assert AuditEvent.objects.filter(criterion="sso refused: no mfa").exists()
    provider.accepted_acr_values += f" {PASSWORD_CONTEXT}"
    provider.save(update_fields=["accepted_acr_values"])
    assert saml_login_through(client, provider, "tove@sso.test").status_code == 302


def test_logout_ends_the_local_session_and_the_idps(client, provider, saml_provider):
    idp = requests.Session()
    saml_login_through(client, provider, "tove@sso.test", browser=idp)
    # The pages of the session let the logout form go on to the IdP.
    policy = client.get(reverse("home"), HTTP_HOST=HOST)["Content-Security-Policy"]
    assert f"form-action 'self' {saml_provider.base}" in policy
    response = client.post(reverse("logout"), HTTP_HOST=HOST)
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert (
        f"{target.scheme}://{target.netloc}{target.path}" == saml_provider.base + "/saml2/idp/SingleLogoutService.php"
    )
    assert "SAMLRequest" in parse_qs(target.query)
    assert client.get(reverse("home"), HTTP_HOST=HOST).status_code == 302
    # The IdP ends its session and sends its answer back to the logout service, which opens the login page.
    location = response["Location"]
    while location.startswith(saml_provider.base):
        answer = idp.get(location, allow_redirects=False)
        assert answer.status_code in (302, 303), answer.text[:1000]
        location = answer.headers["Location"]
        location = location if location.startswith("http") else saml_provider.base + location
    back = urlsplit(location)
    assert back.path == reverse("saml_logout_service", args=["217"])
    finished = client.get(f"{back.path}?{back.query}", HTTP_HOST=HOST)
    assert finished.status_code == 302
    assert finished["Location"] == reverse("login")
    # Logging in again asks for the password at the IdP.
    start = client.get(reverse("sso_start", args=["217"]), HTTP_HOST=HOST)
    assert "AuthState" in idp.get(start["Location"]).text


def test_a_password_login_in_a_saml_municipality_logs_out_locally_only(client, provider):
    client.force_login(CoordinatorFactory(municipality=provider.municipality))
    assert client.post(reverse("logout"))["Location"] == reverse("login")


def test_the_administrator_sets_up_a_saml_provider_in_the_danish_admin(client, helsingor):
    client.force_login(user_for_role(Role.ADMINISTRATOR, is_staff=True))
    page = client.get(reverse("admin:organisation_identityprovider_add")).content.decode()
    assert "SAML-metadata (XML)" in page
    assert "godkendte acr-værdier" in page.lower()
    response = client.post(
        reverse("admin:organisation_identityprovider_add"),
        {
            "municipality": helsingor.pk,
            "name": "Helsingør Kommunes login",
            "protocol": "saml",
            "is_active": "on",
            "saml_entity_id": "http://adfs.helsingor.test/adfs/services/trust",
            "username_claim": "upn",
            "roles_claim": "groups",
            "scopes": "openid",
            "role_mappings-TOTAL_FORMS": "0",
            "role_mappings-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "En SAML-udbyder skal have sit entity id og sine metadata" in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_the_idps_post_needs_no_csrf_token_of_ours(provider):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = saml_login_through(client, provider, "tove@sso.test")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_a_logout_started_at_the_idp_ends_the_session_here(client, provider, saml_provider):
    browser = requests.Session()
    saml_login_through(client, provider, "tove@sso.test", browser=browser)
    assert client.get(reverse("home"), HTTP_HOST=HOST).status_code == 200
    # The person logs out at her municipality's IdP, which sends its logout request here.
    location = saml_provider.base + "/saml2/idp/SingleLogoutService.php?ReturnTo=" + saml_provider.base + "/"
    while location.startswith(saml_provider.base):
        answer = browser.get(location, allow_redirects=False)
        assert answer.status_code in (302, 303), answer.text[:1000]
        location = answer.headers["Location"]
        location = location if location.startswith("http") else saml_provider.base + location
    request_here = urlsplit(location)
    assert request_here.path == reverse("saml_logout_service", args=["217"])
    assert "SAMLRequest" in parse_qs(request_here.query)
    response = client.get(f"{request_here.path}?{request_here.query}", HTTP_HOST=HOST)
    assert response.status_code == 302
    # The answer goes back to the IdP, and the session here is over.
    assert response["Location"].startswith(saml_provider.base)
    assert "SAMLResponse" in parse_qs(urlsplit(response["Location"]).query)
    assert client.get(reverse("home"), HTTP_HOST=HOST).status_code == 302


def test_an_ad_fs_assertion_becomes_the_claims_the_login_reads():
    provider = IdentityProvider(
        protocol=Protocol.SAML, username_claim="upn", roles_claim="http://schemas.xmlsoap.org/claims/Group"
    )
    session_info = {
        "ava": {
            "upn": ["tove@helsingor.dk", "ignored@helsingor.dk"],
            "http://schemas.xmlsoap.org/claims/Group": ["Hjemmepaed-Tovholdere", "Alle"],
            "givenName": ["Tove"],
            "surname": ["Holm"],
            "emailAddress": ["tove@helsingor.dk"],
        },
        "authn_info": [("http://schemas.microsoft.com/claims/multipleauthn", [], "2026-12-04T10:00:00Z")],
    }
    assert saml.claims(provider, session_info) == {
        "upn": "tove@helsingor.dk",
        "http://schemas.xmlsoap.org/claims/Group": ["Hjemmepaed-Tovholdere", "Alle"],
        "given_name": "Tove",
        "family_name": "Holm",
        "email": "tove@helsingor.dk",
        "acr": ["http://schemas.microsoft.com/claims/multipleauthn"],
    }
    # An assertion without the attributes gives empty claims, which the login refuses in Danish.
    assert saml.claims(provider, {"ava": {}})["upn"] == ""


def test_an_idp_that_does_not_send_the_persons_attribute_is_refused_in_danish(client, provider):
    provider.username_claim = "employeeNumber"
    provider.save(update_fields=["username_claim"])
    response = saml_login_through(client, provider, "tove@sso.test")
    assert response.status_code == 403
    assert "Helsingør Kommunes login sendte ikke dit brugernavn" in response.content.decode()
    assert AuditEvent.objects.filter(criterion="sso refused: no username").exists()


def test_a_saml_login_logs_nothing_of_the_person(client, provider):
    """Under the servers' logging (config/settings/logs.py) at its most talkative, DEBUG."""
    lines = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    logging.config.dictConfig(logging_config(log_format="json", level="DEBUG"))
    root.addHandler(Keep())
    try:
        saml_login_through(client, provider, "hanne@sso.test")
        saml_login_through(type(client)(), provider, "ulla@sso.test")
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    text = "\n".join(lines)
    assert lines, "the logins were logged at all"
    for personal in ("hanne@sso.test", "Hanne", "Berg", "ulla@sso.test", "Hjemmepaed-Tovholdere"):
        assert personal not in text


HELSINGOR_SCOPE = "urn:dk:gov:saml:cvrNumberIdentifier:64502018"
KOMBIT_PRIVILEGES = "https://data.gov.dk/model/core/eid/privilegesIntermediate"


def _privilege_list(*groups: tuple[str, list[str], bool]) -> str:
    body = "".join(
        f'<PrivilegeGroup Scope="{scope}">'
        + "".join(f"<Privilege>{p}</Privilege>" for p in privileges)
        + ('<Constraint Name="urn:dk:kombit:KLE">27.*</Constraint>' if constrained else "")
        + "</PrivilegeGroup>"
        for scope, privileges, constrained in groups
    )
    xml = f'<bpp:PrivilegeList xmlns:bpp="http://digst.dk/oiosaml/basic_privilege_profile">{body}</bpp:PrivilegeList>'
    return base64.b64encode(xml.encode()).decode()


def test_kombits_privilege_list_gives_only_the_municipalitys_unconstrained_privileges():
    provider = IdentityProvider(
        protocol=Protocol.SAML,
        username_claim="https://data.gov.dk/model/core/eid/professional/uuid/persistent",
        roles_claim=KOMBIT_PRIVILEGES,
        saml_privilege_scope=HELSINGOR_SCOPE,
    )
    privileges = _privilege_list(
        (HELSINGOR_SCOPE, ["http://hjemmepaed.dk/roles/tovholder/1"], False),
        (HELSINGOR_SCOPE, ["http://hjemmepaed.dk/roles/leder/1"], True),
        ("urn:dk:gov:saml:cvrNumberIdentifier:29189846", ["http://hjemmepaed.dk/roles/hjemmepaedagog/1"], False),
    )
    session_info = {"ava": {KOMBIT_PRIVILEGES: [privileges]}}
    assert saml.claims(provider, session_info)[KOMBIT_PRIVILEGES] == ["http://hjemmepaed.dk/roles/tovholder/1"]
    # Without the municipality's scope, no privilege gives a role; plain values pass as they are.
    provider.saml_privilege_scope = ""
    assert saml.claims(provider, session_info)[KOMBIT_PRIVILEGES] == []
    assert saml.claims(provider, {"ava": {KOMBIT_PRIVILEGES: ["Hjemmepaed-Ledere"]}})[KOMBIT_PRIVILEGES] == [
        "Hjemmepaed-Ledere"
    ]
    # A list with entities (a billion laughs) is not read.
    bomb = '<!DOCTYPE l [<!ENTITY a "x">]><PrivilegeList>&a;</PrivilegeList>'
    assert saml.claims(provider, {"ava": {KOMBIT_PRIVILEGES: [base64.b64encode(bomb.encode()).decode()]}})[
        KOMBIT_PRIVILEGES
    ] == [base64.b64encode(bomb.encode()).decode()]
