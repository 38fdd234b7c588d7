"""A municipality's own methods beside the national ones, and the second educator on a visit."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import LocalMethod, Visit
from courses.services import local_method_active_set, local_method_add, visit_log, visit_update
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.tests.factories import course_started

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def manager(municipality):
    return user_for_role(Role.MANAGER, municipality=municipality)


@pytest.fixture
def marte_meo(manager):
    return local_method_add(acting_user=manager, label="Marte  Meo ")


@pytest.fixture
def elsewhere(other_municipality):
    """Another municipality's own method."""
    return local_method_add(acting_user=user_for_role(Role.MANAGER, municipality=other_municipality), label="Video")


def _held(course, educator, **fields):
    return visit_log(acting_user=educator, course=course, date=TODAY(), duration_minutes=60, **fields)


def test_the_manager_adds_a_method_and_the_name_is_tidied(marte_meo, municipality):
    assert (marte_meo.label, marte_meo.municipality, marte_meo.is_active) == ("Marte Meo", municipality, True)


def test_a_coordinator_reads_but_does_not_add(coordinator):
    with pytest.raises(DomainError) as error:
        local_method_add(acting_user=coordinator, label="Marte Meo")
    assert error.value.message == "Kun kommunens leder kan ændre kommunens egne lister."
    assert not LocalMethod.objects.exists()


@pytest.mark.parametrize("label", ["theraplay", "Theraplay-lege", "walk and talk", "marte meo"])
def test_a_method_already_on_the_list_is_refused(manager, marte_meo, label):
    with pytest.raises(DomainError) as error:
        local_method_add(acting_user=manager, label=label)
    assert error.value.message == f"Metoden “{label}” står allerede på listen."


def test_a_method_without_a_name_is_refused(manager):
    with pytest.raises(DomainError) as error:
        local_method_add(acting_user=manager, label="  ")
    assert error.value.message == "Skriv metodens navn."


def test_a_visit_uses_a_local_method_beside_the_national_ones(coordinator, educator, marte_meo):
    course = course_started(coordinator=coordinator, educator=educator)
    visit = _held(course, educator, methods=["loft", marte_meo.code])
    assert visit.methods == sorted(["loft", marte_meo.code])


def test_another_municipalitys_method_is_refused_in_danish(coordinator, educator, elsewhere):
    course = course_started(coordinator=coordinator, educator=educator)
    with pytest.raises(DomainError) as error:
        _held(course, educator, methods=[elsewhere.code])
    assert error.value.message == "En valgt metode står ikke på kommunens liste over metoder i brug."
    assert not Visit.objects.exists()


def test_an_unknown_code_is_refused(coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator)
    with pytest.raises(DomainError) as error:
        _held(course, educator, methods=["local:abc"])
    assert error.value.message == "Vælg metoder fra listen, eller skriv dem under andre metoder."


def test_a_method_taken_out_of_use_stays_on_its_visits_but_is_not_chosen_again(
    coordinator, educator, manager, marte_meo
):
    course = course_started(coordinator=coordinator, educator=educator)
    visit = _held(course, educator, methods=[marte_meo.code])
    local_method_active_set(acting_user=manager, method=marte_meo, is_active=False)
    visit = visit_update(acting_user=educator, visit=visit, note="Rettet")  # keeps its method
    assert visit.methods == [marte_meo.code]
    with pytest.raises(DomainError) as error:
        visit_log(
            acting_user=educator,
            course=course,
            date=TODAY() - timedelta(days=1),
            duration_minutes=60,
            methods=[marte_meo.code],
        )
    assert error.value.message == "En valgt metode står ikke på kommunens liste over metoder i brug."


def test_the_manager_cannot_change_another_municipalitys_method(manager, elsewhere):
    with pytest.raises(DomainError) as error:
        local_method_active_set(acting_user=manager, method=elsewhere, is_active=False)
    assert error.value.message == "Metoden står ikke på din kommunes liste."


def test_the_visit_form_offers_the_municipalitys_methods_marked_local(
    client, coordinator, educator, marte_meo, elsewhere
):
    course = course_started(coordinator=coordinator, educator=educator)
    client.force_login(educator)
    page = client.get(reverse("visit_create", args=[course.pk])).content.decode()
    assert "Marte Meo (lokal)" in page
    assert "Video" not in page
    # No second educator on the course: nothing to tick.
    assert "Den anden hjemmepædagog deltog" not in page


def test_posting_another_municipalitys_method_is_refused_in_danish(client, coordinator, educator, elsewhere):
    course = course_started(coordinator=coordinator, educator=educator)
    client.force_login(educator)
    data = {"date": TODAY().isoformat(), "status": "held", "duration_minutes": "60", "kind": "home"}
    response = client.post(reverse("visit_create", args=[course.pk]), {**data, "methods": [elsewhere.code]})
    assert response.status_code == 200
    assert "En valgt metode står ikke på kommunens liste over metoder i brug." in response.content.decode()
    assert not Visit.objects.exists()


def test_a_visit_by_two_is_recorded_when_the_course_has_a_second_educator(client, coordinator, educator):
    second = user_for_role(Role.HOME_EDUCATOR, municipality=coordinator.municipality)
    course = course_started(coordinator=coordinator, educator=educator, second_educator=second)
    client.force_login(educator)
    page = client.get(reverse("visit_create", args=[course.pk])).content.decode()
    assert "Den anden hjemmepædagog deltog" in page
    data = {"date": TODAY().isoformat(), "status": "held", "duration_minutes": "60", "kind": "home"}
    response = client.post(reverse("visit_create", args=[course.pk]), {**data, "second_educator_present": "on"})
    assert Visit.objects.get().second_educator_present is True
    assert "to pædagoger" in client.get(response["Location"]).content.decode()


def test_a_second_educator_cannot_take_part_on_a_course_without_one(coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator)
    with pytest.raises(DomainError) as error:
        _held(course, educator, second_educator_present=True)
    assert error.value.message == (
        "Forløbet har ingen anden hjemmepædagog, så der kan ikke have deltaget en anden pædagog."
    )


def test_the_manager_edits_the_list_on_its_page(client, manager, marte_meo, django_assert_max_num_queries):
    for n in range(3):
        local_method_add(acting_user=manager, label=f"Metode {n}")
    client.force_login(manager)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("local_method_list")).content.decode()
    assert "Marte Meo" in page and "Tag ud af brug" in page
    response = client.post(reverse("local_method_list"), {"label": "Video"})
    assert response.status_code == 302
    assert "“Video” er føjet til metoderne." in client.get(response["Location"]).content.decode()
    client.post(reverse("local_method_active", args=[marte_meo.pk]), {"is_active": "no"})
    marte_meo.refresh_from_db()
    assert marte_meo.is_active is False
    response = client.post(reverse("local_method_list"), {"label": "video"})
    assert "Metoden “video” står allerede på listen." in response.content.decode()


def test_a_coordinator_sees_the_list_without_the_controls(client, coordinator, marte_meo):
    client.force_login(coordinator)
    page = client.get(reverse("local_method_list")).content.decode()
    assert "Marte Meo" in page
    assert "Tag ud af brug" not in page and "Tilføj en metode" not in page
    page = client.post(reverse("local_method_list"), {"label": "Video"}).content.decode()
    assert "Kun kommunens leder kan ændre kommunens egne lister." in page


def test_another_municipalitys_method_is_not_found(client, manager, elsewhere):
    client.force_login(manager)
    response = client.post(reverse("local_method_active", args=[elsewhere.pk]), {"is_active": "no"})
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.is_active is True
