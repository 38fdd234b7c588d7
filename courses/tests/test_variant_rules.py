"""The course rules read the version of the municipality's model the course runs under (issue 14):
each preset's characteristic path through the real services, the local values in the rules'
Danish messages, and a setting changed mid-course leaving the running course on its version."""

from datetime import time, timedelta

import pytest
from django.urls import reverse

from courses.models import Reminder, Visit
from courses.reminders import reminders_send
from courses.selectors import course_rows
from courses.services import (
    series_suggestion,
    visit_log,
    visit_series_plan,
    visit_update,
)
from courses.tests.variant_cases import TODAY, _close, _held, _municipality, _staff, _started
from hjemmepaed.errors import DomainError
from hjemmepaed.variants.models import Preset
from visitation.tests.factories import course_decided, course_started

pytestmark = pytest.mark.django_db


# --- Ishøj: "op til ti besøg, hvoraf det første er et opstartsmøde, og det sidste besøg ligger
# som et 'booster'-besøg" ---------------------------------------------------------------------


@pytest.fixture
def ishoj():
    return _municipality("Ishøj", "183", Preset.ISHOJ)


@pytest.fixture
def ishoj_course(ishoj):
    coordinator, educator = _staff(ishoj)
    return _started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=60))


def test_ishoj_the_start_up_meeting_is_the_first_visit_the_tenth_is_accepted_the_eleventh_refused(ishoj_course):
    for n in range(9):  # visits 2 to 10: the start-up meeting was the first
        _held(ishoj_course, TODAY() - timedelta(days=50 - n))
    assert Visit.objects.filter(course=ishoj_course, status="held").count() == 9
    with pytest.raises(DomainError, match="^Ishøj: højst 10 besøg, hvoraf det første er opstartsmødet$") as refused:
        _held(ishoj_course, TODAY() - timedelta(days=5))
    assert refused.value.field == "status"
    assert Visit.objects.filter(course=ishoj_course).count() == 9


def test_ishoj_the_booster_counts_within_the_cap_and_comes_last(ishoj_course):
    for n in range(8):  # the start-up meeting and 8 visits: the booster is the tenth
        _held(ishoj_course, TODAY() - timedelta(days=50 - n))
    closed = _close(ishoj_course, end_date=TODAY() - timedelta(days=10))
    booster = _held(closed, TODAY() - timedelta(days=2), is_booster=True)
    assert booster.is_booster
    with pytest.raises(DomainError, match="Forløbet er afsluttet og tager ikke imod flere besøg"):
        _held(closed, TODAY() - timedelta(days=1))  # nothing after the booster: it is the last visit


def test_ishoj_no_booster_past_the_tenth_visit(ishoj_course):
    for n in range(9):
        _held(ishoj_course, TODAY() - timedelta(days=50 - n))
    closed = _close(ishoj_course, end_date=TODAY() - timedelta(days=10))
    with pytest.raises(DomainError, match="^Ishøj: højst 10 besøg"):
        _held(closed, TODAY() - timedelta(days=2), is_booster=True)


def test_ishoj_a_planned_visit_counts_towards_the_cap_and_a_planned_one_held_later_too(ishoj_course):
    for n in range(8):
        _held(ishoj_course, TODAY() - timedelta(days=50 - n))
    planned = visit_log(
        acting_user=ishoj_course.primary_educator,
        course=ishoj_course,
        date=TODAY() + timedelta(days=3),
        status="planned",
    )
    with pytest.raises(DomainError, match="^Ishøj: højst 10 besøg"):
        visit_log(
            acting_user=ishoj_course.primary_educator,
            course=ishoj_course,
            date=TODAY() + timedelta(days=10),
            status="planned",
        )
    _held(ishoj_course, TODAY() - timedelta(days=3))  # the tenth, held before the planned one
    with pytest.raises(DomainError, match="^Ishøj: højst 10 besøg"):
        visit_update(
            acting_user=ishoj_course.primary_educator,
            visit=planned,
            status="held",
            date=TODAY(),
            duration_minutes=60,
        )
    visit_update(acting_user=ishoj_course.primary_educator, visit=planned, status="cancelled", date=TODAY())  # allowed


def test_ishoj_a_series_past_the_cap_is_refused_with_the_local_value(ishoj_course):
    with pytest.raises(DomainError, match="^Ishøj: højst 10 besøg") as refused:
        visit_series_plan(
            acting_user=ishoj_course.primary_educator,
            course=ishoj_course,
            first_date=TODAY() + timedelta(days=1),
            until_date=TODAY() + timedelta(days=70),
            interval_days=7,
            time_of_day=time(9, 0),
        )  # 10 dates and the start-up meeting: 11
    assert refused.value.field == "until_date"
    series = visit_series_plan(
        acting_user=ishoj_course.primary_educator,
        course=ishoj_course,
        first_date=TODAY() + timedelta(days=1),
        until_date=TODAY() + timedelta(days=63),
        interval_days=7,
        time_of_day=time(9, 0),
    )
    assert len(series.planned_dates) == 9


def test_without_a_cap_the_national_model_takes_any_number_of_visits(coordinator):
    course = course_started(coordinator=coordinator, start_date=TODAY() - timedelta(days=60))
    for n in range(12):
        _held(course, TODAY() - timedelta(days=50 - n))
    assert course.visits.count() == 12


def test_a_cap_without_the_start_up_meeting_counts_held_visits_only():
    municipality = _municipality("Vallensbæk", "187", Preset.NATIONAL, visit_cap=2)
    coordinator, educator = _staff(municipality)
    course = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=30))
    _held(course, TODAY() - timedelta(days=20))
    _held(course, TODAY() - timedelta(days=10))
    with pytest.raises(DomainError, match="^Vallensbæk: højst 2 besøg$"):
        _held(course, TODAY() - timedelta(days=5))


# --- Svendborg: the first visit "inden for de næste 14 dage efter mødet" ---------------------


@pytest.fixture
def svendborg():
    return _municipality("Svendborg", "479", Preset.SVENDBORG)


def test_svendborg_reminds_the_coordinator_of_a_course_without_a_first_visit_once(svendborg, client):
    coordinator, educator = _staff(svendborg)
    course = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=3))
    reminders_send()
    reminders_send()
    assert list(Reminder.objects.filter(recipient=coordinator).values_list("kind", flat=True)) == ["first_visit_late"]
    assert set(Reminder.objects.filter(recipient=educator).values_list("kind", flat=True)) == {"no_visit_planned"}
    client.force_login(coordinator)
    page = client.get(reverse("reminder_list")).content.decode()
    assert "Intet første besøg holdt eller planlagt inden for kommunens frist" in page
    [row] = course_rows(courses=[course])
    deadline = (course.start_date + timedelta(days=14)).strftime("%d.%m.%Y")
    assert f"Svendborg: første besøg inden for 14 dage, senest {deadline}: intet holdt eller planlagt" in row.warnings


def test_svendborg_a_first_visit_planned_within_14_days_means_no_reminder_and_no_warning(svendborg):
    coordinator, educator = _staff(svendborg)
    course = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=3))
    visit_log(acting_user=educator, course=course, date=TODAY() + timedelta(days=11), status="planned")
    reminders_send()
    assert not Reminder.objects.filter(kind="first_visit_late").exists()
    [row] = course_rows(courses=[course])
    assert not [warning for warning in row.warnings if warning.startswith("Svendborg")]


def test_svendborg_a_first_visit_planned_after_the_deadline_still_reminds(svendborg):
    coordinator, educator = _staff(svendborg)
    course = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=3))
    visit_log(acting_user=educator, course=course, date=TODAY() + timedelta(days=12), status="planned")
    reminders_send()
    assert Reminder.objects.filter(recipient=coordinator, kind="first_visit_late").count() == 1


def test_svendborg_an_approved_course_not_started_by_the_deadline_reminds_the_coordinator(svendborg):
    coordinator, educator = _staff(svendborg)
    course_decided(coordinator=coordinator, educator=educator, decided_on=TODAY() - timedelta(days=15))
    course_decided(coordinator=coordinator, educator=educator, decided_on=TODAY() - timedelta(days=13))
    reminders_send()
    assert Reminder.objects.filter(recipient=coordinator, kind="first_visit_late").count() == 1
    assert not Reminder.objects.filter(recipient=educator, kind="first_visit_late").exists()


def test_the_national_model_has_no_first_visit_deadline(coordinator):
    course_started(coordinator=coordinator, start_date=TODAY() - timedelta(days=3))
    reminders_send()
    assert not Reminder.objects.filter(kind="first_visit_late").exists()


# --- Helsingør: visits "ca. hver fjortende dag" ----------------------------------------------


def test_helsingor_plans_a_series_every_14_days_from_its_model():
    helsingor = _municipality("Helsingør", "217", Preset.HELSINGOR)
    coordinator, educator = _staff(helsingor)
    course = _started(
        coordinator=coordinator,
        educator=educator,
        start_date=TODAY() - timedelta(days=3),
        daycare_leader_name="Lene Dahl",
        daycare_leader_statement="Alma trives bedre med faste rammer derhjemme.",
    )
    suggestion = series_suggestion(course=course, today=TODAY())
    assert suggestion.interval_days == 14
    series = visit_series_plan(
        acting_user=educator,
        course=course,
        first_date=suggestion.first_date,
        until_date=suggestion.first_date + timedelta(days=56),
        interval_days=suggestion.interval_days,
        time_of_day=suggestion.time_of_day,
    )
    gaps = {(b - a).days for a, b in zip(series.planned_dates, series.planned_dates[1:], strict=False)}
    assert (len(series.planned_dates), gaps) == (5, {14})


def test_the_planning_rhythm_is_the_models_not_a_fixed_14():
    weekly = _municipality("Gladsaxe", "159", Preset.NATIONAL, planning_rhythm_days=7)
    coordinator, educator = _staff(weekly)
    course = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=3))
    assert series_suggestion(course=course, today=TODAY()).interval_days == 7
    course.__dict__.pop("_variant")
    course.municipality.variants.update(planning_rhythm_days=60)  # a series is every 1 to 28 days
    assert series_suggestion(course=course, today=TODAY()).interval_days == 28
