"""The home educator's role is not taken from someone with open courses (courses.access, through
the staff service's role-removal seam), and the staff pages say so in Danish."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role, User
from hjemmepaed.organisation.services import staff_update
from hjemmepaed.organisation.tests.factories import educator_coordinator, user_for_role
from visitation.tests.factories import course_decided, course_started

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(municipality):
    return user_for_role(Role.MANAGER, municipality=municipality)


def _to_coordinator_only(acting_user, person):
    return staff_update(
        acting_user=acting_user,
        person=person,
        first_name=person.first_name,
        last_name=person.last_name,
        email=person.email,
        roles=[Role.COORDINATOR],
    )


def test_the_role_of_an_educator_with_open_courses_is_kept_naming_how_many(manager, municipality, coordinator):
    person = educator_coordinator(municipality)
    course_started(coordinator=coordinator, educator=person)
    course_decided(coordinator=coordinator, educator=person)
    with pytest.raises(DomainError) as refused:
        _to_coordinator_only(manager, person)
    assert str(refused.value.message) == (
        f"{person} er hjemmepædagog på 2 åbne forløb. Overdrag dem til en anden hjemmepædagog, før rollen fjernes."
    )
    assert refused.value.field == "roles"
    assert User.objects.get(pk=person.pk).roles == {Role.HOME_EDUCATOR, Role.COORDINATOR}
    assert not AuditEvent.objects.filter(object_type="staff_user", action="update").exists()


def test_a_second_educator_on_one_open_course_is_named_in_the_singular(manager, municipality, coordinator):
    person = educator_coordinator(municipality)
    course_started(coordinator=coordinator, second_educator=person)
    with pytest.raises(DomainError, match="er hjemmepædagog på 1 åbent forløb. Overdrag det til"):
        _to_coordinator_only(manager, person)


def test_closed_courses_do_not_keep_the_role(manager, municipality, coordinator):
    from courses.tests.test_variant_rules import _close

    person = educator_coordinator(municipality)
    course = course_started(
        coordinator=coordinator, educator=person, start_date=timezone.localdate() - timedelta(days=60)
    )
    _close(course, end_date=timezone.localdate() - timedelta(days=1))
    assert _to_coordinator_only(manager, person).roles == {Role.COORDINATOR}


def test_the_staff_form_shows_the_refusal(client, manager, municipality, coordinator):
    person = educator_coordinator(municipality)
    course_started(coordinator=coordinator, educator=person)
    client.force_login(manager)
    data = {"first_name": person.first_name, "last_name": person.last_name, "email": "", "roles": ["coordinator"]}
    page = client.post(reverse("staff_update", args=[person.pk]), data).content.decode()
    assert "er hjemmepædagog på 1 åbent forløb. Overdrag det til en anden hjemmepædagog, før rollen fjernes." in page
    assert User.objects.get(pk=person.pk).is_home_educator
