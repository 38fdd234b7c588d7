"""Logging in through the test identity provider (tests/idp/) as a browser would, for the view
tests: the app's start page, the provider's login form, its redirect back to the callback."""

import re
from urllib.parse import urlsplit

import pytest
import requests
from django.urls import reverse

from hjemmepaed.organisation.models import IdentityProvider, IdentityProviderRole, Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory
from tests.idp import people
from tests.idp.fixture import SECRET_VARIABLE

# The test client as the provider sees it: on loopback, where its client has a callback.
HOST = "127.0.0.1"
ROLE_GROUPS = {
    people.COORDINATORS: Role.COORDINATOR,
    people.EDUCATORS: Role.HOME_EDUCATOR,
    people.MANAGERS: Role.MANAGER,
}


def identity_provider(*, municipality, oidc_provider, **fields) -> IdentityProvider:
    values = {
        "name": f"{municipality.authority_name}s login",
        "issuer": oidc_provider.issuer,
        "client_id": oidc_provider.client_id,
        "client_secret_variable": SECRET_VARIABLE,
        "new_educator_profession": "pedagogue",
        "new_educator_anchoring": "administration",
        **fields,
    }
    provider = IdentityProvider.objects.create(municipality=municipality, **values)
    IdentityProviderRole.objects.bulk_create(
        IdentityProviderRole(provider=provider, claim_value=group, role=role) for group, role in ROLE_GROUPS.items()
    )
    return provider


def provider_login(browser: requests.Session, authorize_url: str, username: str) -> str:
    """The provider's side: its login form with the person's password; returns the callback URL
    it redirects to."""
    response = browser.get(authorize_url, allow_redirects=True)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1]
    next_url = re.search(r'name="next" value="([^"]*)"', response.text)[1].replace("&amp;", "&")
    response = browser.post(
        response.url,
        data={"csrfmiddlewaretoken": token, "username": username, "password": people.PASSWORD, "next": next_url},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    location = response.headers["Location"]
    while True:
        target = location if location.startswith("http") else f"{authorize_url.split('/o/')[0]}{location}"
        if urlsplit(target).path == reverse("sso_callback"):
            return target
        response = browser.get(target, allow_redirects=False)
        assert response.status_code == 302, response.text[:500]
        location = response.headers["Location"]


def sso_login_through(client, provider: IdentityProvider, username: str, *, query: dict | None = None):
    """The whole login for the test client; returns the callback's response."""
    start = client.get(reverse("sso_start", args=[provider.municipality.code]), query or {}, HTTP_HOST=HOST)
    assert start.status_code == 302
    callback = provider_login(requests.Session(), start["Location"], username)
    parts = urlsplit(callback)
    return client.get(f"{parts.path}?{parts.query}", HTTP_HOST=HOST)


# The refusal of a login that gives no role, as Helsingør's staff read it (OIDC and SAML alike).
NO_ROLE = (
    "Helsingør Kommunes login giver dig ikke nogen rolle her, så du kan ikke logge ind. Bed din tovholder eller "
    "din kommunes it-afdeling om at give dig adgang."
)


@pytest.fixture
def helsingor():
    return MunicipalityFactory(name="Helsingør", authority_name="Helsingør Kommune", code="217")
