"""What a home educator's phone keeps for logging visits without a connection: her own running
courses' visit forms, no CPR number and no earlier note; nothing when the municipality has
switched offline use off."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.services import visit_log
from families.services.members import ChildData
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import educator_coordinator, user_for_role
from visitation.tests.factories import course_closed, course_started, cpr_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
BORN = TODAY() - timedelta(days=300)
CPR = cpr_for(BORN)


@pytest.fixture
def educator(municipality):
    return user_for_role(Role.HOME_EDUCATOR, municipality=municipality)


@pytest.fixture
def course(coordinator, educator):
    course = course_started(
        coordinator=coordinator,
        educator=educator,
        start_date=TODAY() - timedelta(days=10),
        children=[ChildData(name="Alma Nielsen", birth_date=BORN, cpr=CPR)],
    )
    visit_log(
        acting_user=educator,
        course=course,
        date=TODAY() - timedelta(days=2),
        status="held",
        duration_minutes=60,
        kind="home",
        note="Mor fortalte om nætterne.",
    )
    return course


def _pages(client, user):
    client.force_login(user)
    return client.get(reverse("offline_pages")).json()["pages"]


def test_the_phone_keeps_the_visit_forms_of_her_running_courses_only(
    client, municipality, coordinator, educator, course
):
    colleague = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course_started(coordinator=coordinator, educator=colleague)
    closed = course_closed(coordinator=coordinator, educator=educator)

    pages = _pages(client, educator)

    assert pages == [reverse("offline_courses"), reverse("visit_create", args=[course.pk])]
    assert reverse("visit_create", args=[closed.pk]) not in pages


def test_an_educator_who_is_also_a_coordinator_keeps_only_the_courses_she_visits(client, municipality, course):
    person = educator_coordinator(municipality)  # sees every course of the municipality
    assert _pages(client, person) == [reverse("offline_courses")]


def test_the_kept_pages_hold_no_cpr_number_and_no_earlier_note(client, educator, course):
    for page in _pages(client, educator):
        text = client.get(page).content.decode()
        assert CPR not in text and CPR.replace("-", "") not in text, page
        assert "Mor fortalte om nætterne." not in text, page


def test_the_offline_page_lists_the_running_courses_and_is_audited(client, educator, course):
    client.force_login(educator)
    response = client.get(reverse("offline_courses"))
    assert "Besøg uden forbindelse" in response.content.decode()
    assert "Sara Nielsen" in response.content.decode()
    assert reverse("visit_create", args=[course.pk]) in response.content.decode()
    assert AuditEvent.objects.filter(actor=educator, action="view", object_type="offline_course_list").count() == 1


def test_switched_off_the_phone_keeps_nothing(client, municipality, educator, course):
    municipality.offline_use = False
    municipality.save(update_fields=["offline_use"])
    assert _pages(client, educator) == []
    assert client.get(reverse("offline_courses")).status_code == 404
    page = client.get(reverse("my_courses")).content.decode()
    assert 'data-offline="off"' in page
    assert 'rel="manifest"' not in page


def test_switched_on_the_pages_register_the_worker(client, educator, course):
    client.force_login(educator)
    page = client.get(reverse("my_courses")).content.decode()
    assert 'data-offline="on"' in page
    assert 'rel="manifest"' in page
    assert "data-offline-refresh" in page


def test_other_roles_get_no_worker(client, coordinator, course):
    client.force_login(coordinator)
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert 'data-offline="off"' in page
