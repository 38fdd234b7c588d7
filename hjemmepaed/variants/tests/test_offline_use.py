"""The municipality's switch for logging visits without a connection."""

import pytest
from django.urls import reverse

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.services import municipality_offline_use_set
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def svendborg():
    return MunicipalityFactory(name="Svendborg", code="479")


def test_a_manager_switches_offline_use_off_and_on(client, svendborg):
    manager = user_for_role(Role.MANAGER, municipality=svendborg)
    client.force_login(manager)
    page = client.get(reverse("variant_settings")).content.decode()
    assert "Hjemmepædagoger kan registrere besøg uden forbindelse" in page

    response = client.post(reverse("offline_use_set"), {}, follow=True)
    assert "Indstillingen for besøg uden forbindelse er gemt." in response.content.decode()
    svendborg.refresh_from_db()
    assert svendborg.offline_use is False
    event = AuditEvent.objects.get(object_type="municipality_offline_use")
    assert (event.actor, event.criterion) == (manager, "offline use off")

    client.post(reverse("offline_use_set"), {"offline_use": "on"})
    svendborg.refresh_from_db()
    assert svendborg.offline_use is True


def test_a_coordinator_reads_the_setting_and_cannot_change_it(client, svendborg):
    coordinator = user_for_role(Role.COORDINATOR, municipality=svendborg)
    client.force_login(coordinator)
    page = client.get(reverse("variant_settings")).content.decode()
    assert "Hjemmepædagoger kan registrere besøg uden forbindelse." in page
    assert reverse("offline_use_set") not in page
    assert client.post(reverse("offline_use_set"), {}).status_code == 403
    with pytest.raises(DomainError, match="Kun en leder i kommunen"):
        municipality_offline_use_set(acting_user=coordinator, municipality=svendborg, allowed=False)


def test_another_municipalitys_manager_cannot_switch_it(svendborg):
    other = user_for_role(Role.MANAGER, municipality=MunicipalityFactory(name="Ishøj", code="183"))
    with pytest.raises(DomainError):
        municipality_offline_use_set(acting_user=other, municipality=svendborg, allowed=False)
    svendborg.refresh_from_db()
    assert svendborg.offline_use is True
