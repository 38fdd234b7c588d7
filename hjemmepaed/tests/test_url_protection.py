"""No view ships without declaring who may open it."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from hjemmepaed.access import PROTECTED, PUBLIC
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role

# The only views anyone may open without logging in, and why.
PUBLIC_VIEWS = {
    "login": "the login page",
    "sso_start": "starts a login at a municipality's identity provider; names only the municipality's code",
    "sso_callback": "the identity provider's redirect back; the state in the session and the code are the key",
    "saml_metadata": "the app's SAML service provider metadata for a municipality's IdP: endpoints and certificate, nothing personal",
    "saml_acs": "the SAML IdP posts its signed assertion here; it must answer a login started in this browser",
    "saml_logout_service": "the SAML IdP's logout answer (or request); it only ends the session",
    "logout": "logging out works whether or not the session is still alive",
    "set_language": "the language switch on the login page",
    "healthz": "the load balancer's health check; shows nothing but 'ok'",
    "healthz_ready": "monitoring's readiness checks; names the checks and their status, nothing personal",
    "survey_answer": "a parent answers the questionnaire from a link or QR code; the token is the key",
    "survey_answer_page": "the questionnaire's further pages, same token",
    "survey_thanks": "the thank-you page after answering",
    "demo_login": "the one-click demo login; answers 404 unless DEMO_DATA_ALLOWED (never in production)",
    "web_manifest": "the web app manifest: the app's name and icons, nothing of anyone's data",
    "service_worker": "the service worker's script: the list of static files; the pages it keeps come from a protected view",
    "calendar_feed": "an educator's calendar program fetches her planned visits; the secret token is the key",
}


def iter_views(patterns=None, prefix=""):
    """(name, view function, route) for every URL pattern outside the Django admin."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            yield from iter_views(pattern.url_patterns, prefix + namespace)
        elif isinstance(pattern, URLPattern):
            yield prefix + (pattern.name or ""), pattern.callback, str(pattern.pattern)


def test_every_view_declares_public_or_protected():
    undeclared = [
        (name, route) for name, view, route in iter_views() if getattr(view, "access", None) not in (PUBLIC, PROTECTED)
    ]
    assert undeclared == []


def test_every_view_has_a_name():
    assert [route for name, view, route in iter_views() if not name] == []


def test_public_views_are_exactly_the_listed_ones():
    public = {name for name, view, route in iter_views() if view.access == PUBLIC}
    assert public == set(PUBLIC_VIEWS)


def test_protected_views_name_their_roles():
    assert [name for name, view, route in iter_views() if view.access == PROTECTED and not view.roles] == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMINISTRATOR])
def test_django_admin_is_closed_to_every_role_but_administrator(client, municipality, role):
    user = user_for_role(role, municipality=municipality, is_staff=True)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_django_admin_opens_for_administrator(client):
    client.force_login(user_for_role(Role.ADMINISTRATOR))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/audit/auditevent/").status_code == 200
