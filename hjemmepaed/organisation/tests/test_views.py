"""The organisation's pages as a coordinator and a manager use them."""

import pytest
from django.urls import reverse

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Daycare, Role
from hjemmepaed.organisation.tests.factories import DaycareFactory, user_for_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, municipality):
    user = user_for_role(Role.COORDINATOR, municipality=municipality)
    client.force_login(user)
    return user


def test_create_daycare_through_the_form(client, coordinator, municipality):
    response = client.post(reverse("daycare_create"), {"name": "Vuggestuen Spiren", "kind": "nursery"})
    assert response.status_code == 302
    assert Daycare.objects.get().municipality == municipality
    page = client.get(response["Location"])
    assert "Dagtilbuddet er oprettet." in page.content.decode()


def test_missing_fields_show_danish_errors_and_keep_input(client, coordinator):
    response = client.post(reverse("daycare_create"), {"name": "Halvt udfyldt", "kind": ""})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Dette felt er påkrævet." in content
    assert 'value="Halvt udfyldt"' in content
    assert 'aria-describedby="id_kind-error"' in content
    assert not Daycare.objects.exists()


def test_edit_daycare_through_the_form(client, coordinator, municipality):
    daycare = DaycareFactory(municipality=municipality, name="Gammelt navn")
    url = reverse("daycare_update", args=[daycare.pk])
    assert 'value="Gammelt navn"' in client.get(url).content.decode()
    response = client.post(url, {"name": "Nyt navn", "kind": "integrated"})
    assert response.status_code == 302
    daycare.refresh_from_db()
    assert (daycare.name, daycare.kind, daycare.is_active) == ("Nyt navn", "integrated", False)


def test_editing_another_municipalitys_daycare_answers_404_and_changes_nothing(client, coordinator, other_municipality):
    foreign = DaycareFactory(municipality=other_municipality, name="Fremmed")
    response = client.post(reverse("daycare_update", args=[foreign.pk]), {"name": "Overtaget", "kind": "nursery"})
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.name == "Fremmed"


def test_manager_reads_daycares_but_cannot_create(client, municipality):
    client.force_login(user_for_role(Role.MANAGER, municipality=municipality))
    DaycareFactory(municipality=municipality, name="Solsikken")
    page = client.get(reverse("daycare_list")).content.decode()
    assert "Solsikken" in page
    assert "Opret dagtilbud" not in page
    denied = client.get(reverse("daycare_create"))
    assert denied.status_code == 403
    assert "Du har ikke adgang til denne side" in denied.content.decode()


def test_staff_list_shows_colleagues_and_is_audited(client, coordinator, municipality, other_municipality):
    user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Louise", last_name="Larsen")
    user_for_role(Role.HOME_EDUCATOR, municipality=other_municipality, first_name="Fremmed", last_name="X")
    page = client.get(reverse("staff_list")).content.decode()
    assert "Louise Larsen" in page and "Pædagog" in page and "Forvaltning" in page
    assert "Fremmed" not in page
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.actor) == ("view", "staff_list", coordinator)


@pytest.mark.parametrize("rows", [1, 30])
def test_list_pages_use_a_fixed_number_of_queries(
    client, coordinator, municipality, rows, django_assert_max_num_queries
):
    DaycareFactory.create_batch(rows, municipality=municipality)
    for _ in range(rows):
        user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    for name in ("home", "daycare_list", "staff_list"):
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200


def test_health_check_answers_without_login(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.parametrize("rows", [3, 60])
def test_staff_list_pages_of_50_in_a_constant_number_of_queries(
    client, coordinator, municipality, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    staff = rows + 1
    for side, shown in (("1", min(staff, 50)), ("2", staff - 50 if staff > 50 else staff), ("x", min(staff, 50))):
        with django_assert_max_num_queries(12):
            page = client.get(reverse("staff_list"), {"side": side}).content.decode()
        assert page.count("<tr>") - 1 == shown  # less the head's row


def test_start_page_counts_home_educators_in_the_right_number(client, coordinator, municipality):
    def card():
        return " ".join(client.get(reverse("home")).content.decode().split())

    user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    assert '1</p> <p class="mt-0">aktiv hjemmepædagog</p>' in card()
    user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    assert '2</p> <p class="mt-0">aktive hjemmepædagoger</p>' in card()
