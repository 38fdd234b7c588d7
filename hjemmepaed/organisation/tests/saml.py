"""Logging in through the tests' SAML identity provider (SimpleSAMLphp, tests/idp/saml.py) as a
browser would, for the view tests: the app's start page, the IdP's login form, and the form
the IdP's page posts to the app's assertion consumer service."""

import html
import re
from urllib.parse import urljoin, urlsplit

import requests
from django.test import Client
from django.urls import reverse

from hjemmepaed.organisation.models import IdentityProvider, IdentityProviderRole
from hjemmepaed.organisation.models_sso import Protocol
from hjemmepaed.organisation.tests.sso import HOST, ROLE_GROUPS
from tests.idp import people
from tests.idp.saml import GROUPS_ATTRIBUTE, USERNAME_ATTRIBUTE


def saml_identity_provider(*, municipality, saml_provider, sp_host: str = HOST, **fields) -> IdentityProvider:
    """The municipality's SAML provider, and the app's service provider registered at the IdP
    (its metadata as the app serves it on `sp_host`)."""
    values = {
        "protocol": Protocol.SAML,
        "name": f"{municipality.authority_name}s login",
        "saml_entity_id": saml_provider.entity_id,
        "saml_metadata_url": saml_provider.metadata_url,
        "username_claim": USERNAME_ATTRIBUTE,
        "roles_claim": GROUPS_ATTRIBUTE,
        "new_educator_profession": "pedagogue",
        "new_educator_anchoring": "administration",
        "client_secret_variable": "",
        **fields,
    }
    provider = IdentityProvider.objects.create(municipality=municipality, **values)
    IdentityProviderRole.objects.bulk_create(
        IdentityProviderRole(provider=provider, claim_value=group, role=role) for group, role in ROLE_GROUPS.items()
    )
    metadata = Client().get(reverse("saml_metadata", args=[municipality.code]), HTTP_HOST=sp_host)
    assert metadata.status_code == 200, metadata.content[:500]
    saml_provider.register_sp(f"{municipality.code}-{sp_host.replace(':', '-')}", metadata.content.decode())
    return provider


def _form(page: str) -> tuple[str, dict]:
    action = html.unescape(re.search(r'<form[^>]*action="([^"]+)"', page)[1])
    fields = {
        html.unescape(name): html.unescape(value)
        for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page)
    }
    return action, fields


def idp_login(browser: requests.Session, authn_url: str, username: str) -> tuple[str, dict]:
    """The IdP's side: its login form with the person's password; returns the app's assertion
    consumer service and the form (SAMLResponse, RelayState) the IdP's page posts to it."""
    response = browser.get(authn_url)
    assert "AuthState" in response.text, response.text[:1000]
    _action, fields = _form(response.text)
    fields.update(username=username, password=people.PASSWORD)
    response = browser.post(response.url, data=fields)
    assert "SAMLResponse" in response.text, response.text[:1000]
    action, fields = _form(response.text)
    return urljoin(response.url, action), fields


def saml_login_through(client, provider: IdentityProvider, username: str, *, query: dict | None = None, browser=None):
    """The whole login for the test client (`browser` holds the IdP's cookies); returns the
    assertion consumer service's response."""
    start = client.get(reverse("sso_start", args=[provider.municipality.code]), query or {}, HTTP_HOST=HOST)
    assert start.status_code == 302, start.content[:500]
    acs, fields = idp_login(browser or requests.Session(), start["Location"], username)
    return client.post(urlsplit(acs).path, fields, HTTP_HOST=HOST)
