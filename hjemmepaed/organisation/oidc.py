"""The OpenID Connect client of single sign-on: the authorisation request and the token
exchange with a municipality's provider, on mozilla-django-oidc's backend (the token request,
the JWKS look-up and signature check, the nonce, PKCE).

mozilla-django-oidc reads one provider from the settings; here each municipality has its own
(`IdentityProvider`), so the client is configured from the provider's row and its discovery
document. The id token's audience and issuer are checked too (the library checks neither).
No database writes here: the login itself is `services.sso.sso_login`.

Not django-allauth: its per-provider apps would fit, but it brings its own account pages, e-mail
flows, MFA and middleware beside the ones the staff login already has (django-otp, django-axes,
the Danish login pages); only the protocol was needed.
"""

import time
from urllib.parse import urlsplit

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.utils.crypto import get_random_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import add_state_and_verifier_and_nonce_to_session, generate_code_challenge

from hjemmepaed.organisation.middleware import LOGOUT_ORIGIN_KEY
from hjemmepaed.organisation.models import IdentityProvider

DISCOVERY_CACHE_SECONDS = 3600
# The session's key for the provider a login was started with, and the id token a logout
# sends back to the provider (`id_token_hint`), kept until the local session ends.
SESSION_PROVIDER = "hjemmepaed_sso_provider"
SESSION_ID_TOKEN = "hjemmepaed_sso_id_token"
# The origin of the provider's logout: every page's logout form may be sent on to it.
SESSION_LOGOUT_ORIGIN = LOGOUT_ORIGIN_KEY


class ProviderUnavailable(Exception):
    """The provider did not answer, or answered with nonsense."""


def discovery(provider: IdentityProvider) -> dict:
    """The provider's discovery document, cached for an hour."""
    key = f"sso:discovery:{provider.pk}:{provider.issuer}"
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(provider.discovery_url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise ProviderUnavailable(str(error)) from error
        needed = ("authorization_endpoint", "token_endpoint", "jwks_uri")
        if not isinstance(document, dict) or any(not document.get(name) for name in needed):
            raise ProviderUnavailable("discovery document without its endpoints")
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


class ProviderClient(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with one municipality's provider instead of the settings'.
    Not in AUTHENTICATION_BACKENDS: the callback view calls it and logs the person in itself."""

    def __init__(self, provider: IdentityProvider):
        document = discovery(provider)
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = document.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.issuer = document.get("issuer") or provider.issuer

    def _verify_jws(self, payload, key):
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("unexpected signing algorithm")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "sub"]},
                leeway=30,
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"id token refused: {type(error).__name__}") from error

    def claims(self, *, code: str, redirect_uri: str, nonce: str, code_verifier: str) -> tuple[dict, str]:
        """The person's claims (the id token's, with the user info endpoint's added) and the
        id token, for the authorisation code the provider sent back."""
        try:
            tokens = self.get_token(
                {
                    "client_id": self.OIDC_RP_CLIENT_ID,
                    "client_secret": self.OIDC_RP_CLIENT_SECRET,
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": redirect_uri,
                    "code_verifier": code_verifier,
                }
            )
        except (requests.RequestException, ValueError) as error:
            raise ProviderUnavailable(str(error)) from error
        id_token = tokens.get("id_token")
        if not id_token:
            raise SuspiciousOperation("no id token")
        payload = self.verify_token(id_token, nonce=nonce)
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT and tokens.get("access_token"):
            try:
                info = self.get_userinfo(tokens["access_token"], id_token, payload)
            except (requests.RequestException, ValueError) as error:
                raise ProviderUnavailable(str(error)) from error
            # The user info must be about the id token's person (OpenID Connect Core 5.3.2).
            if info.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("user info of another subject")
            claims.update(info)
        return claims, id_token


def authorisation_url(request, provider: IdentityProvider, *, redirect_uri: str, next_url: str = "") -> str:
    """Where the browser is sent to log in: the provider's authorisation endpoint with a new
    state, nonce and PKCE challenge, which the session keeps for the callback (with the page
    to open after the login, `next_url`, checked by the caller)."""
    document = discovery(provider)
    state = get_random_string(32)
    nonce = get_random_string(32)
    code_verifier = get_random_string(64)
    params = {
        "response_type": "code",
        "scope": provider.scopes,
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "state": state,
        "nonce": nonce,
        "code_challenge": generate_code_challenge(code_verifier, "S256"),
        "code_challenge_method": "S256",
    }
    if provider.accepted_acr_values.split():
        # Asked for; the callback checks what the provider says it did (`services.sso`).
        params["acr_values"] = " ".join(provider.accepted_acr_values.split())
    add_state_and_verifier_and_nonce_to_session(request, state, params, code_verifier)
    request.session["oidc_states"][state].update(provider=provider.pk, next=next_url)
    request.session.modified = True
    return requests.Request("GET", document["authorization_endpoint"], params=params).prepare().url


def state_take(request, state: str) -> dict | None:
    """The login the callback's `state` belongs to (once: it is removed), or None. A state older
    than the login's time limit is refused as well."""
    states = request.session.get("oidc_states")
    if not isinstance(states, dict) or not state or state not in states:
        return None
    entry = states.pop(state)
    request.session.modified = True
    if time.time() - entry.get("added_on", 0) > settings.OIDC_LOGIN_SECONDS:
        return None
    return entry


def end_session_origin(provider: IdentityProvider) -> str:
    """The scheme and host of the provider's logout, or "" when it offers none."""
    try:
        endpoint = discovery(provider).get("end_session_endpoint") or ""
    except ProviderUnavailable:
        return ""
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def end_session_url(provider: IdentityProvider, *, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's logout (RP-initiated logout), when its discovery document offers one."""
    try:
        endpoint = discovery(provider).get("end_session_endpoint")
    except ProviderUnavailable:
        return None
    if not endpoint:
        return None
    params = {"client_id": provider.client_id, "post_logout_redirect_uri": post_logout_redirect_uri}
    if id_token:
        params["id_token_hint"] = id_token
    return requests.Request("GET", endpoint, params=params).prepare().url
