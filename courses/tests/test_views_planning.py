"""The series page and Mine forløb's upcoming and overdue visits, as an educator sees them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Visit
from courses.services import visit_log
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.tests.factories import course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def educator(municipality):
    return user_for_role(Role.HOME_EDUCATOR, municipality=municipality)


@pytest.fixture
def course(municipality, educator):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    return course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=3))


def _form(**overrides):
    return {
        "first_date": (TODAY() + timedelta(days=1)).isoformat(),
        "interval_days": "14",
        "time_of_day": "09:30",
        "duration_minutes": "90",
        "until_date": (TODAY() + timedelta(days=29)).isoformat(),
        "form_key": "6f1c1d3e-8a0b-4a53-9a36-1b2a3c4d5e6f",
        **overrides,
    }


def test_the_form_proposes_every_14_days_until_the_planned_end(client, educator, course):
    client.force_login(educator)
    page = client.get(reverse("visit_series_plan", args=[course.pk])).content.decode()
    assert "Planlæg en række besøg" in page
    assert 'name="interval_days" value="14"' in page
    assert f'value="{course.planned_end_date:%d.%m.%Y}"' in page
    assert "Sara" not in page  # the course's number heads it, no name


def test_planning_shows_what_was_planned_and_skipped(client, educator, course):
    taken = TODAY() + timedelta(days=15)
    visit_log(acting_user=educator, course=course, date=taken, status="planned")
    client.force_login(educator)
    response = client.post(reverse("visit_series_plan", args=[course.pk]), _form(), follow=True)
    page = response.content.decode()
    assert "2 besøg er planlagt." in page
    assert f"Disse dage havde allerede et planlagt besøg og blev sprunget over: {taken:%d.%m.%Y}." in page
    assert list(course.visits.filter(series__isnull=False).values_list("date", flat=True)) == [
        TODAY() + timedelta(days=1),
        TODAY() + timedelta(days=29),
    ]


def test_sent_twice_plans_once_and_says_so(client, educator, course):
    client.force_login(educator)
    url = reverse("visit_series_plan", args=[course.pk])
    client.post(url, _form())
    page = client.post(url, _form(), follow=True).content.decode()
    assert "Rækken af besøg var allerede planlagt." in page
    assert Visit.objects.filter(course=course).count() == 3


def test_a_refused_post_keeps_what_was_typed_and_writes_no_event(client, educator, course):
    client.force_login(educator)
    late = course.planned_end_date + timedelta(days=5)
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("visit_series_plan", args=[course.pk]), _form(until_date=late.isoformat(), time_of_day="10:15")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rækken slutter senest ved forløbets planlagte afslutning" in page
    assert f'value="{late:%d.%m.%Y}"' in page and 'value="10:15"' in page
    assert AuditEvent.objects.count() == before
    assert not course.visits.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("interval_days", "30", "Planlæg et besøg hver 1. til 28. dag."),
        ("interval_days", "hver anden uge", "Indtast et heltal."),
        ("time_of_day", "25:00", "Indtast en gyldig tid."),
        ("first_date", "", "Dette felt er påkrævet."),
    ],
)
def test_bad_input_gets_a_danish_message_never_a_500(client, educator, course, field, value, message):
    client.force_login(educator)
    before = AuditEvent.objects.count()
    response = client.post(reverse("visit_series_plan", args=[course.pk]), _form(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_the_course_page_offers_the_series_on_a_started_course(client, educator, course):
    client.force_login(educator)
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert reverse("visit_series_plan", args=[course.pk]) in page


def test_my_courses_shows_upcoming_and_overdue_visits(client, educator, course):
    visit_log(acting_user=educator, course=course, date=TODAY() + timedelta(days=2), status="planned")
    overdue = visit_log(acting_user=educator, course=course, date=TODAY(), status="planned")
    Visit.objects.filter(pk=overdue.pk).update(date=TODAY() - timedelta(days=2))
    visit_log(acting_user=educator, course=course, date=TODAY() - timedelta(days=1), duration_minutes=60)
    client.force_login(educator)
    page = client.get(reverse("my_courses")).content.decode()
    upcoming, overdue_part = page.split("Overskredne besøg", 1)
    upcoming = upcoming.split("Kommende besøg", 1)[1]
    assert "Sara Nielsen" in upcoming and reverse("visit_update", args=[course.pk, overdue.pk]) not in upcoming
    assert reverse("visit_update", args=[course.pk, overdue.pk]) in overdue_part
    assert "registrér, om de blev holdt" in overdue_part


def test_my_courses_pages_the_upcoming_visits_in_sql(client, educator, course):
    for days in range(1, 8):
        visit_log(acting_user=educator, course=course, date=TODAY() + timedelta(days=days), status="planned")
    client.force_login(educator)
    first = client.get(reverse("my_courses")).content.decode()
    second = client.get(reverse("my_courses"), {"kommende": "2"}).content.decode()
    assert "Kommende besøg (7)" in first
    last_day = TODAY() + timedelta(days=7)
    assert f"{last_day.day}. " in second.split("Overskredne besøg")[0]
    assert "kommende=2" in first


def test_a_colleagues_planned_visits_are_not_on_my_courses(client, municipality, educator, course):
    colleague = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    visit_log(acting_user=educator, course=course, date=TODAY() + timedelta(days=2), status="planned")
    client.force_login(colleague)
    page = client.get(reverse("my_courses")).content.decode()
    assert "Ingen planlagte besøg forude." in page


def test_the_upcoming_visits_name_only_the_parents_still_in_the_family(client, municipality, educator):
    from families.services import guardian_remove
    from visitation.services import GuardianData

    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    course = course_started(
        coordinator=coordinator,
        educator=educator,
        start_date=TODAY() - timedelta(days=3),
        guardians=[
            GuardianData(name="Sara Nielsen", relation="mother"),
            GuardianData(name="Jonas Nielsen", relation="father", has_custody=False),
        ],
    )
    jonas = course.family.guardians.get(name="Jonas Nielsen")
    guardian_remove(acting_user=coordinator, course=course, guardian=jonas, left_on=TODAY())
    visit_log(acting_user=educator, course=course, date=TODAY() + timedelta(days=2), status="planned")
    client.force_login(educator)
    page = client.get(reverse("my_courses")).content.decode()
    upcoming = page[page.index("Kommende besøg") : page.index("Overskredne besøg")]
    assert "Sara Nielsen" in upcoming
    assert "Jonas Nielsen" not in upcoming
