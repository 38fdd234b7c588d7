"""A series of planned visits: the dates it makes, its bounds, the days it skips, sent once."""

import uuid
from datetime import time, timedelta

import pytest
from django.utils import timezone

from courses.models import Visit, VisitSeries
from courses.services import course_extend, series_suggestion, visit_log, visit_series_plan
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.tests.factories import course_decided, course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
NINE = time(9, 0)


@pytest.fixture
def coordinator(municipality):
    return user_for_role(Role.COORDINATOR, municipality=municipality)


@pytest.fixture
def educator(municipality):
    return user_for_role(Role.HOME_EDUCATOR, municipality=municipality)


@pytest.fixture
def course(coordinator, educator):
    return course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=3))


def _plan(educator, course, **overrides):
    arguments = {
        "first_date": TODAY() + timedelta(days=1),
        "until_date": TODAY() + timedelta(days=43),
        "interval_days": 14,
        "time_of_day": NINE,
        **overrides,
    }
    return visit_series_plan(acting_user=educator, course=course, **arguments)


def test_every_14_days_at_nine_until_the_last_date(educator, course):
    series = _plan(educator, course)
    visits = list(course.visits.order_by("date"))
    first = TODAY() + timedelta(days=1)
    assert [visit.date for visit in visits] == [first + timedelta(days=d) for d in (0, 14, 28, 42)]
    assert {(visit.status, visit.time_of_day, visit.kind, visit.duration_minutes) for visit in visits} == {
        ("planned", NINE, "home", 90)
    }
    assert {visit.series_id for visit in visits} == {series.pk}
    assert series.skipped_dates == []
    [event] = AuditEvent.objects.filter(object_type="visit_series")
    assert (event.action, event.object_id, event.subject_type) == ("create", str(series.pk), "family")


def test_a_day_with_a_planned_visit_is_skipped_and_reported(educator, course):
    taken = TODAY() + timedelta(days=15)
    visit_log(acting_user=educator, course=course, date=taken, status="planned")
    series = _plan(educator, course)
    assert series.skipped_dates == [taken]
    assert course.visits.filter(date=taken).count() == 1
    assert course.visits.count() == 4


def test_a_series_planned_again_plans_nothing_twice(educator, course):
    _plan(educator, course)
    with pytest.raises(DomainError) as error:
        _plan(educator, course)
    assert str(error.value.message) == "Alle rækkens datoer har allerede et planlagt besøg; intet blev planlagt."
    assert course.visits.count() == 4


def test_the_same_form_sent_twice_plans_once(educator, course):
    key = uuid.uuid4()
    first = _plan(educator, course, form_key=key)
    again = _plan(educator, course, form_key=key)
    assert again.pk == first.pk
    assert (VisitSeries.objects.count(), Visit.objects.filter(course=course).count()) == (1, 4)
    assert AuditEvent.objects.filter(object_type="visit_series").count() == 1


@pytest.mark.parametrize("interval", [0, 29])
def test_the_interval_is_1_to_28_days(educator, course, interval):
    with pytest.raises(DomainError) as error:
        _plan(educator, course, interval_days=interval)
    assert (str(error.value.message), error.value.field) == ("Planlæg et besøg hver 1. til 28. dag.", "interval_days")


def test_not_past_the_planned_end(educator, course):
    with pytest.raises(DomainError) as error:
        _plan(educator, course, until_date=course.planned_end_date + timedelta(days=1))
    assert error.value.field == "until_date"
    assert "Rækken slutter senest ved forløbets planlagte afslutning" in str(error.value.message)
    assert not course.visits.exists()


def test_an_extension_moves_the_bound(coordinator, educator, course):
    new_end = course.planned_end_date + timedelta(weeks=8)
    course = course_extend(
        acting_user=coordinator,
        course=course,
        new_planned_end=new_end,
        reason="Familien har brug for mere tid",
        other_service_needed=False,
        other_service_assessment="Ikke behov",
    )
    series = _plan(educator, course, first_date=new_end - timedelta(days=14), until_date=new_end)
    assert series.planned_dates == [new_end - timedelta(days=14), new_end]


def test_at_most_40_visits(educator, course):
    with pytest.raises(DomainError) as error:
        _plan(educator, course, interval_days=1, until_date=TODAY() + timedelta(days=41))
    assert str(error.value.message) == (
        "En række rummer højst 40 besøg; disse datoer giver 41. Vælg et længere interval eller en tidligere sidste dato."
    )
    _plan(educator, course, interval_days=1, until_date=TODAY() + timedelta(days=40))
    assert course.visits.count() == 40


def test_the_last_date_is_not_before_the_first(educator, course):
    with pytest.raises(DomainError) as error:
        _plan(educator, course, until_date=TODAY())
    assert str(error.value.message) == "Den sidste dato ligger på eller efter det første besøg."


def test_a_planned_visit_lies_today_or_later(educator, course):
    with pytest.raises(DomainError) as error:
        _plan(educator, course, first_date=TODAY() - timedelta(days=1))
    assert str(error.value.message) == "Et planlagt besøg ligger i dag eller senere."


def test_only_on_a_started_course(coordinator, educator):
    course = course_decided(coordinator=coordinator, educator=educator)
    with pytest.raises(DomainError) as error:
        _plan(educator, course)
    assert str(error.value.message) == "Besøg kan planlægges i en række på et forløb, der er startet."


def test_only_the_course_staff(municipality, coordinator, course):
    colleague = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    with pytest.raises(DomainError):
        _plan(colleague, course)
    assert not course.visits.exists()


def test_the_suggestion_is_every_14_days_for_1_5_hours_until_the_planned_end(course):
    suggestion = series_suggestion(course=course, today=TODAY())
    assert (suggestion.interval_days, suggestion.duration_minutes) == (14, 90)
    assert suggestion.first_date == TODAY() + timedelta(days=7)
    assert suggestion.until_date == course.planned_end_date
