"""“Opbevaring og sletning”: the manager sets the retention years and records the archive
decision; coordinators read; every rule shows its Danish message."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hjemmepaed.organisation import services
from hjemmepaed.organisation.models import ArchiveDecision, Municipality, Role
from hjemmepaed.organisation.tests.factories import user_for_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(municipality):
    return user_for_role(Role.MANAGER, municipality=municipality)


def test_the_manager_saves_the_years_and_sees_them(client, manager, municipality):
    client.force_login(manager)
    response = client.post(reverse("retention_years_set"), {"retention_years": "7"}, follow=True)
    page = response.content.decode()
    assert "Opbevaringsperioden er gemt." in page
    assert "7 år" in page
    assert Municipality.objects.get(pk=municipality.pk).retention_years == 7


def test_years_out_of_range_show_the_danish_message_and_keep_the_input(client, manager, municipality):
    client.force_login(manager)
    response = client.post(reverse("retention_years_set"), {"retention_years": "25"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Personoplysninger skal opbevares fra 1 til 20 år, efter et forløb er slut." in page
    assert 'value="25"' in page
    response = client.post(reverse("retention_years_set"), {"retention_years": "fem"})
    assert "Skriv et helt antal år, fx 5." in response.content.decode()


def test_the_manager_records_an_archive_decision(client, manager):
    client.force_login(manager)
    page = client.get(reverse("retention_settings")).content.decode()
    assert "Ingen arkivbestemmelse registreret" in page
    response = client.post(
        reverse("archive_decision_create"),
        {
            "decided_on": "2025-02-03",
            "reference": "00.01.10-P20-1-25",
            "note": "Aflevering til Stadsarkivet",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Arkivbestemmelsen er registreret." in page
    assert "00.01.10-P20-1-25" in page and "03.02.2025" in page and "Aflevering til Stadsarkivet" in page
    assert "Ingen arkivbestemmelse registreret" not in page


def test_a_missing_reference_is_explained_and_the_date_kept(client, manager):
    client.force_login(manager)
    response = client.post(reverse("archive_decision_create"), {"decided_on": "2025-02-03", "reference": ""})
    page = response.content.decode()
    assert "Dette felt er påkrævet." in page
    assert 'value="03.02.2025"' in page  # kept, shown the Danish way
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(reverse("archive_decision_create"), {"decided_on": future, "reference": "X-1"})
    assert "Beslutningsdatoen kan ikke ligge i fremtiden." in response.content.decode()
    assert not ArchiveDecision.objects.exists()


def test_a_coordinator_reads_but_has_no_forms(client, coordinator, manager, municipality):
    services.archive_decision_record(
        acting_user=manager, municipality=municipality, decided_on=date(2025, 2, 3), reference="00.01.10-P20-1-25"
    )
    client.force_login(coordinator)
    page = client.get(reverse("retention_settings")).content.decode()
    assert "Opbevaring og sletning" in page
    assert "00.01.10-P20-1-25" in page
    assert "Kun en leder kan ændre opbevaringsperioden og registrere arkivbestemmelsen." in page
    assert reverse("retention_years_set") not in page
    assert client.post(reverse("retention_years_set"), {"retention_years": "9"}).status_code == 403
    assert Municipality.objects.get(pk=municipality.pk).retention_years == 5


def test_the_overview_card_links_to_the_page(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("home")).content.decode()
    assert reverse("retention_settings") in page
    assert "Opbevaring og sletning" in page
