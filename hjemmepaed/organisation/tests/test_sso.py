"""Single sign-on against a real OpenID Connect provider on loopback (tests/idp/): the login
page's button, the code exchange, the claims, the role mapping, the refusals, the verified
session, the audit events and the logout at the provider."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role, SingleSignOnDevice, User
from hjemmepaed.organisation.services.staff import staff_deactivate
from hjemmepaed.organisation.tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    EducatorFactory,
    ManagerFactory,
    MunicipalityFactory,
    extra_role_give,
    user_for_role,
)
from hjemmepaed.organisation.tests.sso import (  # noqa: F401 (a fixture)
    HOST,
    NO_ROLE,
    helsingor,
    identity_provider,
    provider_login,
    sso_login_through,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(helsingor, oidc_provider):
    return identity_provider(municipality=helsingor, oidc_provider=oidc_provider)


def test_the_login_page_offers_the_municipalitys_login(client, provider):
    page = client.get(reverse("login")).content.decode()
    assert "Log ind med Helsingør Kommunes login" in page
    assert reverse("sso_start", args=["217"]) in page


def test_a_municipality_without_a_provider_has_no_button(client, helsingor):
    page = client.get(reverse("login")).content.decode()
    assert "Log ind med" not in page.replace("Log ind med det brugernavn", "")


def test_a_first_login_makes_the_account_with_the_mapped_roles_and_a_verified_session(client, provider):
    response = sso_login_through(client, provider, "hanne@sso.test")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    person = User.objects.get(username="hanne@sso.test")
    assert person.municipality == provider.municipality
    assert person.roles == {Role.HOME_EDUCATOR, Role.COORDINATOR}
    assert (person.first_name, person.last_name, person.email) == ("Hanne", "Berg", "hanne@sso.test")
    assert (person.profession, person.anchoring) == ("pedagogue", "administration")
    assert not person.has_usable_password()
    # The provider's login is the second factor: the start page opens without the app's code.
    home = client.get(reverse("home"), HTTP_HOST=HOST)
    assert home.status_code == 200
    assert home.wsgi_request.user.is_verified()
    # Her password is at the municipality: no link to change one here, nor to recovery codes.
    assert reverse("password_change") not in home.content.decode()
    assert reverse("recovery_codes") not in home.content.decode()
    event = AuditEvent.objects.get(object_type="user", object_id=str(person.pk))
    assert event.actor == person
    assert event.criterion == "sso login, account created with roles home_educator, coordinator"


def test_an_existing_account_of_the_municipality_is_matched_and_its_roles_follow_the_provider(client, provider):
    person = ManagerFactory(username="tove@sso.test", municipality=provider.municipality, first_name="T")
    response = sso_login_through(client, provider, "tove@sso.test")
    assert response.status_code == 302
    person.refresh_from_db()
    person.roles_forget()
    assert person.roles == {Role.COORDINATOR}
    assert person.first_name == "Tove"
    assert User.objects.filter(username__iexact="tove@sso.test").count() == 1
    assert SingleSignOnDevice.objects.filter(user=person, provider=provider).count() == 1
    assert AuditEvent.objects.filter(actor=person, criterion="sso login, roles coordinator").exists()


def test_the_login_opens_the_page_asked_for_and_never_another_site(client, provider):
    page = client.get(reverse("login"), {"next": reverse("staff_list")}).content.decode()
    assert f"{reverse('sso_start', args=['217'])}?next=/medarbejdere/" in page
    response = sso_login_through(client, provider, "tove@sso.test", query={"next": reverse("staff_list")})
    assert response["Location"] == reverse("staff_list")
    client.logout()
    response = sso_login_through(client, provider, "tove@sso.test", query={"next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_a_second_login_changes_nothing_and_is_audited_again(client, provider):
    sso_login_through(client, provider, "lene@sso.test")
    client.logout()
    sso_login_through(client, provider, "lene@sso.test")
    person = User.objects.get(username="lene@sso.test")
    assert list(AuditEvent.objects.filter(actor=person).order_by("pk").values_list("criterion", flat=True)) == [
        "sso login, account created with roles manager",
        "sso login",
    ]


def test_a_role_the_provider_no_longer_gives_is_taken_away(client, provider):
    person = CoordinatorFactory(username="tove@sso.test", municipality=provider.municipality)
    extra_role_give(person, Role.MANAGER)
    sso_login_through(client, provider, "tove@sso.test")
    person.roles_forget()
    assert person.roles == {Role.COORDINATOR}


def test_a_person_the_provider_gives_no_mapped_role_gets_the_danish_refusal_and_no_account(client, provider):
    response = sso_login_through(client, provider, "ulla@sso.test")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Du kan ikke logge ind" in page
    assert NO_ROLE in page
    assert not User.objects.filter(username="ulla@sso.test").exists()
    assert not response.wsgi_request.user.is_authenticated
    assert client.get(reverse("home"), HTTP_HOST=HOST).status_code == 302
    event = AuditEvent.objects.get(criterion="sso refused: no role")
    assert (event.actor, event.municipality) == (None, provider.municipality)


def test_an_account_of_another_municipality_is_never_taken_over(client, provider):
    other = EducatorFactory(username="eva@sso.test", municipality=MunicipalityFactory(code="101"))
    response = sso_login_through(client, provider, "eva@sso.test")
    assert response.status_code == 403
    assert "hører til en konto, som ikke er en af din kommunes medarbejdere" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    other.refresh_from_db()
    assert other.municipality.code == "101"
    assert AuditEvent.objects.filter(criterion="sso refused: another account", actor=None).exists()


def test_a_national_account_is_never_taken_over(client, provider):
    analyst = AnalystFactory(username="tove@sso.test")
    response = sso_login_through(client, provider, "tove@sso.test")
    assert response.status_code == 403
    analyst.refresh_from_db()
    assert (analyst.role, analyst.municipality) == (Role.ANALYST, None)
    assert not SingleSignOnDevice.objects.filter(user=analyst).exists()


def test_a_provider_that_does_not_answer_gets_the_danish_page(client, helsingor, oidc_provider):
    closed = identity_provider(municipality=helsingor, oidc_provider=oidc_provider, issuer="http://127.0.0.1:9/o")
    response = client.get(reverse("sso_start", args=[closed.municipality.code]), HTTP_HOST=HOST)
    assert response.status_code == 502
    assert (
        "Vi kunne ikke gennemføre login med Helsingør Kommunes login. Prøv igen om lidt." in response.content.decode()
    )


def test_the_administrator_sets_up_a_provider_in_the_danish_admin(client, provider):
    client.force_login(user_for_role(Role.ADMINISTRATOR, is_staff=True))
    page = client.get(reverse("admin:organisation_identityprovider_change", args=[provider.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Miljøvariabel med klienthemmeligheden" in text
    assert "Roller fra identitetsudbyderen" in text


def test_a_deactivated_account_stays_out(client, provider):
    coordinator = CoordinatorFactory(municipality=provider.municipality)
    person = CoordinatorFactory(username="tove@sso.test", municipality=provider.municipality)
    staff_deactivate(acting_user=coordinator, person=person)
    response = sso_login_through(client, provider, "tove@sso.test")
    assert response.status_code == 403
    assert "Din konto her er deaktiveret" in response.content.decode()


def test_a_new_home_educator_needs_the_municipalitys_profession_and_anchoring(client, provider):
    provider.new_educator_profession = ""
    provider.save(update_fields=["new_educator_profession"])
    response = sso_login_through(client, provider, "eva@sso.test")
    assert response.status_code == 403
    assert "gør dig til hjemmepædagog, men kommunen har ikke angivet faggruppe" in response.content.decode()
    assert not User.objects.filter(username="eva@sso.test").exists()


def test_a_wrong_client_secret_logs_no_one_in(client, provider, monkeypatch):
    monkeypatch.setenv(provider.client_secret_variable, "wrong")
    response = sso_login_through(client, provider, "tove@sso.test")
    assert response.status_code == 502
    assert "Vi kunne ikke gennemføre login med Helsingør Kommunes login" in response.content.decode()
    assert not User.objects.filter(username="tove@sso.test").exists()


def test_a_callback_with_a_state_not_started_here_is_refused(client, provider):
    start = client.get(reverse("sso_start", args=["217"]), HTTP_HOST=HOST)
    callback = provider_login(requests.Session(), start["Location"], "tove@sso.test")
    query = urlsplit(callback).query
    stranger = type(client)()
    response = stranger.get(f"{reverse('sso_callback')}?{query}", HTTP_HOST=HOST)
    assert response.status_code == 400
    assert "Login er udløbet eller blev ikke startet her" in response.content.decode()
    # The state works once: the real browser's second try is refused as well.
    assert client.get(f"{reverse('sso_callback')}?{query}", HTTP_HOST=HOST).status_code == 302
    assert client.get(f"{reverse('sso_callback')}?{query}", HTTP_HOST=HOST).status_code == 400


def test_the_authorisation_request_uses_pkce_and_a_nonce(client, provider):
    start = client.get(reverse("sso_start", args=["217"]), HTTP_HOST=HOST)
    query = parse_qs(urlsplit(start["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["nonce"] and query["state"]
    assert query["redirect_uri"] == [f"http://{HOST}{reverse('sso_callback')}"]


def test_an_unknown_or_inactive_municipality_answers_404(client, provider):
    assert client.get(reverse("sso_start", args=["999"])).status_code == 404
    provider.is_active = False
    provider.save(update_fields=["is_active"])
    assert client.get(reverse("sso_start", args=["217"])).status_code == 404


def test_logout_ends_the_local_session_and_goes_on_to_the_providers_logout(client, provider, oidc_provider):
    sso_login_through(client, provider, "tove@sso.test")
    response = client.post(reverse("logout"), HTTP_HOST=HOST)
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == oidc_provider.issuer + "/logout/"
    query = parse_qs(target.query)
    assert query["post_logout_redirect_uri"] == [f"http://{HOST}{reverse('login')}"]
    assert query["id_token_hint"]
    assert client.get(reverse("home"), HTTP_HOST=HOST).status_code == 302


def test_the_pages_of_a_single_sign_on_session_let_the_logout_form_go_on_to_the_provider(
    client, provider, oidc_provider
):
    origin = oidc_provider.issuer.removesuffix("/o")
    assert origin not in client.get(reverse("login"), HTTP_HOST=HOST)["Content-Security-Policy"]
    sso_login_through(client, provider, "tove@sso.test")
    policy = client.get(reverse("home"), HTTP_HOST=HOST)["Content-Security-Policy"]
    assert f"form-action 'self' {origin}" in policy


def test_a_password_login_logs_out_locally_only(client, helsingor):
    person = CoordinatorFactory(municipality=helsingor)
    client.force_login(person)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")


MFA_REFUSED = (
    "Din kommune kræver login med to faktorer, og Helsingør Kommunes login oplyste ikke, at du loggede ind sådan."
)


@pytest.mark.parametrize(
    ("accepted_acr", "required_amr", "logged_in"),
    [
        ("http://eidas.europa.eu/LoA/substantial http://eidas.europa.eu/LoA/high", "", True),
        ("http://eidas.europa.eu/LoA/high", "", False),
        ("", "otp", True),
        ("", "pwd hwk", False),
        ("http://eidas.europa.eu/LoA/substantial", "otp", True),
    ],
)
def test_a_municipality_requiring_two_factors_checks_the_providers_acr_and_amr(
    client, provider, accepted_acr, required_amr, logged_in
):
    provider.accepted_acr_values = accepted_acr
    provider.required_amr_values = required_amr
    provider.save(update_fields=["accepted_acr_values", "required_amr_values"])
    response = sso_login_through(client, provider, "tove@sso.test")
    if logged_in:
        assert response.status_code == 302
        assert client.get(reverse("home"), HTTP_HOST=HOST).status_code == 200
        return
    assert response.status_code == 403
    assert MFA_REFUSED in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert not User.objects.filter(username="tove@sso.test").exists()
    assert AuditEvent.objects.filter(criterion="sso refused: no mfa", municipality=provider.municipality).exists()


def test_the_authorisation_request_asks_for_the_accepted_acr_values(client, provider):
    provider.accepted_acr_values = "http://eidas.europa.eu/LoA/substantial  http://eidas.europa.eu/LoA/high"
    provider.save(update_fields=["accepted_acr_values"])
    start = client.get(reverse("sso_start", args=["217"]), HTTP_HOST=HOST)
    query = parse_qs(urlsplit(start["Location"]).query)
    assert query["acr_values"] == ["http://eidas.europa.eu/LoA/substantial http://eidas.europa.eu/LoA/high"]
