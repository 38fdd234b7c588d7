"""The daily reminder job: who hears about what, once, and the e-mail names nobody."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from courses.models import Reminder
from courses.reminders import reminders_send
from courses.services import GoalData, course_start
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
