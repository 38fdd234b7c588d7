"""SAML 2.0 single sign-on against a real IdP on loopback (SimpleSAMLphp, tests/idp/saml.py):
the login page's button, the signed assertion, the attribute mapping, the refusals, the
verified session, the audit events, the metadata and the logout at the IdP."""

import pytest
from django.urls import reverse

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role, User
from hjemmepaed.organisation.tests.factories import (
    MunicipalityFactory,
)
from hjemmepaed.organisation.tests.saml import saml_identity_provider, saml_login_through
from hjemmepaed.organisation.tests.sso import HOST

pytestmark = pytest.mark.django_db

NO_ROLE = (
    "Helsingør Kommunes login giver dig ikke nogen rolle her, så du kan ikke logge ind. Bed din tovholder eller "
    "din kommunes it-afdeling om at give dig adgang."
)


@pytest.fixture
def helsingor():
    return MunicipalityFactory(name="Helsingør", authority_name="Helsingør Kommune", code="217")


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
