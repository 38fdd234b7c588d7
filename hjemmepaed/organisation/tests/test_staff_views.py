"""The staff pages as a municipality's manager and coordinator use them."""

import pytest
from django.urls import reverse

from hjemmepaed.organisation.models import Role, User
from hjemmepaed.organisation.tests.factories import EducatorFactory, ManagerFactory, educator_coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, municipality):
    user = ManagerFactory(municipality=municipality)
    client.force_login(user)
    return user


def test_a_manager_creates_an_educator_coordinator_through_the_form(client, manager, municipality):
    data = {
        "username": "thi-paedagog2",
        "first_name": "Hanne",
        "last_name": "Bak",
        "email": "",
        "roles": ["home_educator", "coordinator"],
        "profession": "pedagogue",
        "anchoring": "daycare",
        "password": "et-langt-kodeord-42",
    }
    response = client.post(reverse("staff_create"), data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Medarbejderen er oprettet." in page
    assert "Hanne Bak" in page and "Hjemmepædagog, Tovholder" in page
    assert User.objects.get(username="thi-paedagog2").roles == {"home_educator", "coordinator"}


def test_a_refused_form_shows_the_services_danish_message(client, manager):
    data = {
        "username": "x1",
        "first_name": "A",
        "last_name": "B",
        "roles": ["home_educator"],
        "password": "et-langt-kodeord-42",
    }
    response = client.post(reverse("staff_create"), data)
    assert response.status_code == 200
    assert "Vælg hjemmepædagogens faggruppe." in response.content.decode()
    assert not User.objects.filter(username="x1").exists()


def test_editing_shows_the_roles_held_and_saves(client, manager, municipality):
    person = educator_coordinator(municipality, first_name="Dorte")
    url = reverse("staff_update", args=[person.pk])
    page = client.get(url).content.decode()
    assert 'value="Dorte"' in page
    assert page.count("checked") == 2  # home educator and coordinator
    response = client.post(url, {"first_name": "Dorte", "last_name": "Dam", "email": "", "roles": ["coordinator"]})
    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).roles == {"coordinator"}


def test_another_municipalitys_staff_answers_404(client, manager, other_municipality):
    foreign = EducatorFactory(municipality=other_municipality)
    for name in ("staff_update", "staff_deactivate"):
        assert client.post(reverse(name, args=[foreign.pk]), {"first_name": "X"}).status_code == 404
    assert User.objects.get(pk=foreign.pk).is_active


def test_deactivating_a_colleague_and_not_oneself(client, manager, municipality):
    person = EducatorFactory(municipality=municipality, first_name="Signe", last_name="Sand")
    response = client.post(reverse("staff_deactivate", args=[person.pk]), follow=True)
    assert "Signe Sand er deaktiveret og kan ikke længere logge ind." in response.content.decode()
    assert not User.objects.get(pk=person.pk).is_active
    response = client.post(reverse("staff_deactivate", args=[manager.pk]), follow=True)
    assert "Du kan ikke deaktivere dig selv." in response.content.decode()
    assert User.objects.get(pk=manager.pk).is_active


def test_an_educator_coordinator_sees_both_menus(client, municipality):
    client.force_login(educator_coordinator(municipality))
    page = client.get(reverse("home")).content.decode()
    for label in ("Overblik", "Mine forløb", "Visitation", "Medarbejdere"):
        assert label in page
    assert page.index("Overblik") < page.index("Mine forløb") < page.index("Medarbejdere")


def test_a_daycare_leader_logs_in_to_a_start_page_and_nothing_more(client, municipality):
    from hjemmepaed.organisation.tests.factories import user_for_role

    client.force_login(user_for_role(Role.DAYCARE_LEADER, municipality=municipality))
    page = client.get(reverse("home")).content.decode()
    assert "Du er dagtilbudsleder i København." in page
    assert "Mine forløb" not in page and "Medarbejdere" not in page
    assert client.get(reverse("course_list")).status_code == 403


@pytest.mark.parametrize("rows", [1, 40])
def test_the_staff_list_with_roles_uses_a_fixed_number_of_queries(
    client, manager, municipality, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        educator_coordinator(municipality)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("staff_list")).content.decode()
    assert page.count("Hjemmepædagog, Tovholder") == rows


def test_a_deactivated_colleague_is_reactivated_from_the_staff_pages(client, manager, municipality):
    person = EducatorFactory(municipality=municipality, first_name="Signe", last_name="Sand")
    client.post(reverse("staff_deactivate", args=[person.pk]), follow=True)  # the message is shown
    staff = client.get(reverse("staff_list")).content.decode()
    assert "Signe Sand" not in staff and "Deaktiverede medarbejdere" in staff
    deactivated = client.get(reverse("staff_deactivated_list")).content.decode()
    assert "Signe Sand" in deactivated and reverse("staff_reactivate", args=[person.pk]) in deactivated
    confirm = client.get(reverse("staff_reactivate", args=[person.pk])).content.decode()
    assert "Signe Sand kan logge ind igen, med rollerne Hjemmepædagog." in confirm
    response = client.post(reverse("staff_reactivate", args=[person.pk]), follow=True)
    assert "Signe Sand er genaktiveret og kan logge ind igen." in response.content.decode()
    assert User.objects.get(pk=person.pk).is_active
    assert "Ingen deaktiverede medarbejdere." in client.get(reverse("staff_deactivated_list")).content.decode()


def test_another_municipalitys_deactivated_staff_answers_404(client, manager, other_municipality):
    foreign = EducatorFactory(municipality=other_municipality, is_active=False)
    assert client.post(reverse("staff_reactivate", args=[foreign.pk])).status_code == 404
    assert "Ingen deaktiverede medarbejdere." in client.get(reverse("staff_deactivated_list")).content.decode()
    assert not User.objects.get(pk=foreign.pk).is_active


def test_the_header_names_every_role_held(client, municipality):
    client.force_login(educator_coordinator(municipality))
    page = client.get(reverse("home"), follow=True).content.decode()
    assert page.count("<p>Hjemmepædagog, Tovholder</p>") == 2  # the header and the mobile drawer


def test_a_manager_ties_a_daycare_leader_to_her_daycare_on_the_staff_pages(client, manager, municipality):
    from hjemmepaed.organisation.tests.factories import DaycareFactory

    daycare = DaycareFactory(municipality=municipality, name="Vuggestuen Solsikken")
    DaycareFactory(municipality=municipality, name="Lukket Vuggestue", is_active=False)
    page = client.get(reverse("staff_create")).content.decode()
    assert "Dagtilbudslederens dagtilbud" in page and "Vuggestuen Solsikken" in page and "Lukket Vuggestue" not in page
    data = {
        "username": "lone-berg",
        "first_name": "Lone",
        "last_name": "Berg",
        "email": "",
        "roles": ["daycare_leader"],
        "password": "et-langt-kodeord-42",
    }
    refused = client.post(reverse("staff_create"), data)
    assert "Vælg det dagtilbud, dagtilbudslederen er leder af." in refused.content.decode()
    response = client.post(reverse("staff_create"), {**data, "daycare": daycare.pk})
    assert response.status_code == 302
    leader = User.objects.get(username="lone-berg")
    assert leader.daycare == daycare
    assert "Dagtilbudsleder (Vuggestuen Solsikken)" in client.get(reverse("staff_list")).content.decode()
    edit = client.get(reverse("staff_update", args=[leader.pk])).content.decode()
    assert f'<option value="{daycare.pk}" selected>' in edit
