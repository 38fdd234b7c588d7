"""The daily reminder job: who hears about what, once, and the e-mail names nobody."""

from datetime import time, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from courses.models import Reminder
from courses.reminders import reminders_send
from courses.services import GoalData, course_extend, course_start, visit_log, visit_series_plan
from courses.tasks import reminders_daily
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.tests.factories import course_decided, course_started, referral_register

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def coordinator(municipality):
    return user_for_role(Role.COORDINATOR, municipality=municipality, email="tovholder@kommune.invalid")


@pytest.fixture
def educator(municipality):
    return user_for_role(Role.HOME_EDUCATOR, municipality=municipality, email="paedagog@kommune.invalid")


def _kinds(user):
    return sorted(Reminder.objects.filter(recipient=user).values_list("kind", flat=True))


def test_week_32_and_40_reach_educator_and_coordinator(coordinator, educator):
    course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(weeks=32))
    course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(weeks=39, days=1))
    course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(weeks=30))
    reminders_send()
    assert _kinds(educator) == ["week_32", "week_40"]
    assert _kinds(coordinator) == ["week_32", "week_40"]


def test_child_turning_3_within_8_weeks(coordinator, educator):
    course = course_decided(coordinator=coordinator, educator=educator, birth_date=TODAY() - relativedelta(months=35))
    course_start(
        acting_user=educator,
        course=course,
        start_date=TODAY(),
        participants="Mor",
        goals=[GoalData(theme="home_relations", description="Rammer", weight_at_start=5)],
        third_birthday_reason="Overgang til børnehave.",
    )
    reminders_send()
    assert _kinds(educator) == ["turns_3"]


def test_referral_waiting_more_than_14_days_reaches_coordinators_only(coordinator, educator):
    referral_register(coordinator=coordinator, received_on=TODAY() - timedelta(days=15))
    referral_register(coordinator=coordinator, received_on=TODAY() - timedelta(days=14))
    reminders_send()
    assert _kinds(coordinator) == ["referral_waiting"]
    assert _kinds(educator) == []


def test_each_reminder_is_made_once_and_the_email_names_nobody(
    coordinator, educator, django_capture_on_commit_callbacks
):
    course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(weeks=33))
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send()
    with django_capture_on_commit_callbacks(execute=True):
        second = reminders_send()
    assert (first.created, second.created) == (2, 0)
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert message.subject == "Nye påmindelser i hjemmepaed"
    assert "Du har 1 ny påmindelse i hjemmepaed" in message.body
    assert "Sara" not in message.body and "Alma" not in message.body


def test_other_municipalitys_coordinator_hears_nothing(coordinator, educator, other_municipality):
    foreign = user_for_role(Role.COORDINATOR, municipality=other_municipality)
    course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(weeks=33))
    reminders_send()
    assert _kinds(foreign) == []


def test_task_returns_counts_only_and_is_scheduled_daily(coordinator, educator):
    course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(weeks=33))
    assert reminders_daily.delay().get() == {"created": 2, "emails": 2}
    assert app.conf.beat_schedule["courses-reminders-daily"]["task"] == "courses.tasks.reminders_daily"


def test_reminder_page_lists_and_marks_read(client, coordinator, educator):
    course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(weeks=33))
    reminders_send()
    client.force_login(educator)
    page = client.get(reverse("reminder_list")).content.decode()
    assert "Forløbet har nået uge 32" in page and "Sara Nielsen" in page and ">ny<" in page
    client.post(reverse("reminder_list"))
    assert not Reminder.objects.filter(recipient=educator, read_at__isnull=True).exists()


@pytest.mark.parametrize("count", [1, 8])
def test_reminder_page_query_count_does_not_grow(client, coordinator, educator, count, django_assert_max_num_queries):
    for _ in range(count):
        course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(weeks=33))
    reminders_send()
    client.force_login(educator)
    with django_assert_max_num_queries(12):  # 10 + the second factor's device (django-otp) + the page's COUNT
        assert client.get(reverse("reminder_list")).status_code == 200


def test_approved_and_not_started_after_14_days(coordinator, educator):
    course_decided(coordinator=coordinator, educator=educator, decided_on=TODAY() - timedelta(days=15))
    course_decided(coordinator=coordinator, educator=educator, decided_on=TODAY() - timedelta(days=14))
    reminders_send()
    assert _kinds(educator) == ["not_started"]
    assert _kinds(coordinator) == ["not_started"]


def test_a_started_course_without_a_planned_visit_reminds_its_educator(coordinator, educator, client):
    course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=2))
    course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=1))
    planned = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=3))
    visit_log(acting_user=educator, course=planned, date=TODAY() + timedelta(days=5), status="planned")
    reminders_send()
    assert _kinds(educator) == ["no_visit_planned"]
    assert _kinds(coordinator) == []
    client.force_login(educator)
    page = client.get(reverse("reminder_list")).content.decode()
    assert "Forløbet er startet, og der er endnu ikke planlagt et besøg" in page


def test_a_series_planned_in_time_means_no_reminder(coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=1))
    visit_series_plan(
        acting_user=educator,
        course=course,
        first_date=TODAY() + timedelta(days=7),
        until_date=TODAY() + timedelta(days=35),
        interval_days=14,
        time_of_day=time(9, 0),
    )
    reminders_send(today=TODAY() + timedelta(days=3))
    assert _kinds(educator) == []


def _extended(coordinator, educator, *, start, weeks):
    course = course_started(coordinator=coordinator, educator=educator, start_date=start)
    return course_extend(
        acting_user=coordinator,
        course=course,
        new_planned_end=start + timedelta(weeks=weeks),
        reason="Familien har brug for mere tid",
        other_service_needed=False,
        other_service_assessment="Ikke behov for anden indsats",
    )


def test_an_extended_course_is_reminded_at_its_own_weeks_not_at_40(client, coordinator, educator):
    start = TODAY() - timedelta(weeks=39, days=1)  # week 40 today
    _extended(coordinator, educator, start=start, weeks=52)
    reminders_send()
    assert _kinds(educator) == []
    reminders_send(today=start + timedelta(weeks=43))  # week 44 of 52: 8 weeks before the limit
    assert list(Reminder.objects.filter(recipient=educator).values_list("kind", "week")) == [("week_32", 44)]
    reminders_send(today=start + timedelta(weeks=51))  # week 52 of 52
    assert sorted(Reminder.objects.filter(recipient=educator).values_list("kind", "week")) == [
        ("week_32", 44),
        ("week_40", 52),
    ]
    client.force_login(educator)
    page = client.get(reverse("reminder_list")).content.decode()
    assert "Forløbet har nået uge 44 af 52" in page and "Forløbet har nået uge 52 af 52" in page


def test_an_extension_after_the_week_32_reminder_reminds_again_before_the_new_limit(coordinator, educator):
    start = TODAY() - timedelta(weeks=33)
    course = course_started(coordinator=coordinator, educator=educator, start_date=start)
    reminders_send()
    assert _kinds(educator) == ["week_32"]
    course_extend(
        acting_user=coordinator,
        course=course,
        new_planned_end=start + timedelta(weeks=52),
        reason="Familien har brug for mere tid",
        other_service_needed=False,
        other_service_assessment="Ikke behov for anden indsats",
    )
    reminders_send(today=start + timedelta(weeks=39, days=1))  # week 40: the old limit, no longer one
    assert _kinds(educator) == ["week_32"]
    reminders_send(today=start + timedelta(weeks=43))
    assert sorted(Reminder.objects.filter(recipient=educator).values_list("week", flat=True)) == [32, 44]
