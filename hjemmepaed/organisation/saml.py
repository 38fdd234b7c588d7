"""The SAML 2.0 service provider of single sign-on (djangosaml2 on pysaml2), for a municipality
whose identity provider speaks SAML: AD FS, or KOMBIT's Context Handler.

djangosaml2 reads one configuration from the settings; here each municipality has its own
provider (`IdentityProvider` with `protocol="saml"`), and its own service provider in the app:
the entity id is the municipality's metadata address (`/log-ind/saml/<code>/metadata/`), the
assertion consumer service and the logout service are beside it. This module builds pysaml2's
configuration from the provider's row and turns an assertion into the claims `services.sso`
reads. No database writes here: the login itself is `services.sso.sso_login`.

The IdP's metadata is read from its address (cached for an hour) or from the row's XML. The
app's own key and certificate (`SAML_SP_KEY_FILE`, `SAML_SP_CERT_FILE`) sign the requests and
decrypt encrypted assertions when they are set; the assertion itself must be signed by the IdP.
"""

import base64
from urllib.parse import urlsplit

import requests
import saml2
from defusedxml import DTDForbidden, ElementTree, EntitiesForbidden, ExternalReferenceForbidden
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from saml2.config import SPConfig
from saml2.sigver import SigverError, get_xmlsec_binary

from hjemmepaed.organisation.models import IdentityProvider
from hjemmepaed.organisation.oidc import ProviderUnavailable

METADATA_CACHE_SECONDS = 3600
# The logout goes to the IdP as a redirect: a POST would need a page that posts itself, with a
# script the content security policy refuses.
PREFERRED_LOGOUT_BINDINGS = (saml2.BINDING_HTTP_REDIRECT,)
# The session's key that marks a login through a SAML provider (the logout then goes on to it).
SESSION_SAML = "hjemmepaed_sso_saml"
# Where the person's names usually are: the SAML attribute names of the common IdPs, after
# pysaml2's attribute maps (basic, URI and AD FS names become these friendly names).
NAME_ATTRIBUTES = {
    "given_name": ("givenName", "given_name"),
    "family_name": ("sn", "surname", "family_name"),
    "email": ("mail", "emailAddress", "email"),
}


def metadata_xml(provider: IdentityProvider) -> str:
    """The IdP's metadata: the row's XML, or the document at its address (cached for an hour)."""
    if provider.saml_metadata_xml.strip():
        return provider.saml_metadata_xml
    key = f"sso:saml-metadata:{provider.pk}:{provider.saml_metadata_url}"
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(provider.saml_metadata_url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
        except requests.RequestException as error:
            raise ProviderUnavailable(str(error)) from error
        document = response.text
        if "EntityDescriptor" not in document:
            raise ProviderUnavailable("not SAML metadata")
        cache.set(key, document, METADATA_CACHE_SECONDS)
    return document


def _url(request, name: str, provider: IdentityProvider) -> str:
    return request.build_absolute_uri(reverse(name, args=[provider.municipality.code]))


def sp_config(request, provider: IdentityProvider) -> SPConfig:
    """pysaml2's configuration of the app's service provider for the municipality's IdP."""
    key_file = settings.SAML_SP_KEY_FILE
    cert_file = settings.SAML_SP_CERT_FILE
    signing = bool(key_file and cert_file)
    sls = _url(request, "saml_logout_service", provider)
    try:
        xmlsec = get_xmlsec_binary(["/usr/bin", "/usr/local/bin"])
    except SigverError as error:  # the deploy check warns of it (checks.py)
        raise ProviderUnavailable("xmlsec1 is not installed") from error
    config = {
        "entityid": _url(request, "saml_metadata", provider),
        "xmlsec_binary": xmlsec,
        "allow_unknown_attributes": True,
        "accepted_time_diff": 60,
        "service": {
            "sp": {
                "name": provider.name,
                "endpoints": {
                    "assertion_consumer_service": [(_url(request, "saml_acs", provider), saml2.BINDING_HTTP_POST)],
                    "single_logout_service": [(sls, saml2.BINDING_HTTP_REDIRECT), (sls, saml2.BINDING_HTTP_POST)],
                },
                # Only answers to a login started here (the session keeps the request's id).
                "allow_unsolicited": False,
                "want_assertions_signed": True,
                "want_response_signed": False,
                "authn_requests_signed": signing,
                "logout_requests_signed": signing,
                "logout_responses_signed": signing,
                "idp": [provider.saml_entity_id],
                "preferred_binding": {"single_logout_service": list(PREFERRED_LOGOUT_BINDINGS)},
            }
        },
        "metadata": {"inline": [metadata_xml(provider)]},
    }
    if signing:
        config.update(
            key_file=key_file,
            cert_file=cert_file,
            encryption_keypairs=[{"key_file": key_file, "cert_file": cert_file}],
        )
    conf = SPConfig()
    try:
        conf.load(config)
    except Exception as error:  # pysaml2 raises many kinds for metadata it cannot read
        raise ProviderUnavailable(f"metadata refused: {type(error).__name__}") from error
    if provider.saml_entity_id not in (conf.metadata.identity_providers() or []):
        raise ProviderUnavailable("the entity id is not in the metadata")
    return conf


def _privileges(provider: IdentityProvider, value: str) -> list[str] | None:
    """The privileges of the municipality's scope in a privilege list (OIO basic privilege
    profile, as KOMBIT's Context Handler sends it: base64 XML), or None when the value is not
    one. A privilege group with constraints is left out: the roles here have no narrower form."""
    if not value or "<" in value:
        return None
    try:
        document = ElementTree.fromstring(base64.b64decode(value, validate=True))
    except (ValueError, ElementTree.ParseError, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
        return None
    if _local(document.tag) != "PrivilegeList":
        return None
    privileges = []
    for group in document:
        if _local(group.tag) != "PrivilegeGroup" or not provider.saml_privilege_scope:
            continue
        if group.get("Scope") != provider.saml_privilege_scope:
            continue
        if any(_local(child.tag) == "Constraint" for child in group):
            continue
        privileges += [(child.text or "").strip() for child in group if _local(child.tag) == "Privilege"]
    return [privilege for privilege in privileges if privilege]


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _role_values(provider: IdentityProvider, values) -> list[str]:
    """The roles attribute's values; a privilege list among them gives its privileges instead."""
    result = []
    for value in values or []:
        if not isinstance(value, str):
            continue
        privileges = _privileges(provider, value)
        result += [value] if privileges is None else privileges
    return result


def claims(provider: IdentityProvider, session_info: dict) -> dict:
    """The assertion as the claims `sso_login` reads: the person's attribute (its first value),
    the roles attribute (every value), the names, and the authentication context as `acr`."""
    attributes = session_info.get("ava") or {}

    def first(name: str) -> str:
        values = attributes.get(name) or []
        return values[0] if values and isinstance(values[0], str) else ""

    result = {name: next((first(a) for a in names if first(a)), "") for name, names in NAME_ATTRIBUTES.items()}
    result[provider.username_claim] = first(provider.username_claim)
    result[provider.roles_claim] = _role_values(provider, attributes.get(provider.roles_claim))
    # authn_info: (AuthnContextClassRef, authenticating authorities, instant) for each statement.
    result["acr"] = [entry[0] for entry in session_info.get("authn_info") or [] if entry and entry[0]]
    return result


def logout_origin(conf: SPConfig, provider: IdentityProvider) -> str:
    """The scheme and host of the IdP's logout, or "" when its metadata offers none."""
    services = conf.metadata.single_logout_service(entity_id=provider.saml_entity_id, typ="idpsso") or {}
    for binding in PREFERRED_LOGOUT_BINDINGS:
        for service in services.get(binding) or []:
            parts = urlsplit(service.get("location", ""))
            if parts.scheme in ("http", "https") and parts.netloc:
                return f"{parts.scheme}://{parts.netloc}"
    return ""
