"""The course lists scale: cut into pages in SQL, warnings only for the rows shown, a fixed
number of queries however many courses there are."""

import re
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from courses import reminders
from courses.models import Course, Phase, Reminder
from courses.reminders import reminders_send
from courses.selectors import course_list_visible_to, course_list_with_visits, course_list_with_warnings, course_rows
from courses.services import GoalData, course_start, visit_log
from visitation.tests.bulk import Planned, courses_bulk
from visitation.tests.factories import course_closed, course_decided, course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
COURSE_LINK = re.compile(r'href="/forloeb/(\d+)/"')


def _started(count, *, coordinator, educator, start_date=None):
    """`count` started courses made in bulk: these tests are about the pages and the job's
    reading, not how a course starts (that is test_services_start.py)."""
    start_date = start_date or TODAY() - timedelta(days=7)
    planned = [Planned(f"Forælder {n}", Phase.STARTED, start_date) for n in range(count)]
    return courses_bulk(coordinator=coordinator, educator=educator, planned=planned)


def _shown(page: str) -> list[int]:
    return [int(pk) for pk in COURSE_LINK.findall(page)]


# The coordinator's course list --------------------------------------------------------------


# The query counts for 1 and 60 rows: test_list_queries.py.


def test_course_list_pages_of_50_keep_the_filters(client, coordinator, educator):
    courses = _started(55, coordinator=coordinator, educator=educator)
    client.force_login(coordinator)
    first = client.get(reverse("course_list"), {"phase": "started"}).content.decode()
    second = client.get(reverse("course_list"), {"phase": "started", "side": "2"}).content.decode()
    assert "55 forløb" in first and len(_shown(first)) == 50 and len(_shown(second)) == 5
    assert set(_shown(first)) | set(_shown(second)) == {course.pk for course in courses}
    assert 'href="?phase=started&amp;side=2"' in first
    assert 'aria-current="page">2<' in second and "Side 2 af 2" in second


def test_course_list_page_out_of_range_is_the_last_and_nonsense_the_first(client, coordinator, educator):
    _started(52, coordinator=coordinator, educator=educator)
    client.force_login(coordinator)
    first = _shown(client.get(reverse("course_list")).content.decode())
    last = _shown(client.get(reverse("course_list"), {"side": "2"}).content.decode())
    assert _shown(client.get(reverse("course_list"), {"side": "999"}).content.decode()) == last
    for nonsense in ("abc", "-1", "0", ""):
        response = client.get(reverse("course_list"), {"side": nonsense})
        assert response.status_code == 200
        assert _shown(response.content.decode()) in (first, last)
    assert _shown(client.get(reverse("course_list"), {"side": "abc"}).content.decode()) == first


def test_only_with_warnings_is_the_same_rule_in_sql(coordinator, educator):
    week_33 = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(weeks=33))
    no_visit = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=25))
    visited = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=25))
    visit_log(acting_user=educator, course=visited, date=TODAY() - timedelta(days=2), duration_minutes=60)
    fresh = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=2))
    turns_3 = course_start(
        acting_user=educator,
        course=course_decided(
            coordinator=coordinator, educator=educator, birth_date=TODAY() - relativedelta(months=30)
        ),
        start_date=TODAY() - timedelta(days=2),
        participants="Mor",
        goals=[GoalData(theme="home_relations", description="Rammer", weight_at_start=6)],
        third_birthday_reason="Overgang til børnehave planlægges.",
    )
    course_closed(coordinator=coordinator, educator=educator)
    course_decided(coordinator=coordinator, educator=educator)
    courses = course_list_with_visits(courses=course_list_visible_to(user=coordinator))
    in_python = {row.course.pk for row in course_rows(courses=courses) if row.warnings}
    in_sql = set(course_list_with_warnings(courses=courses).values_list("pk", flat=True))
    assert in_sql == in_python == {week_33.pk, no_visit.pk, turns_3.pk}
    assert visited.pk not in in_sql and fresh.pk not in in_sql


# “Mine forløb” ------------------------------------------------------------------------------


def test_my_courses_running_first_newest_first_closed_behind_a_filter(client, coordinator, educator):
    closed = course_closed(coordinator=coordinator, educator=educator)
    older = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=30))
    newer = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=3))
    approved = course_decided(coordinator=coordinator, educator=educator)
    client.force_login(educator)
    page = client.get(reverse("my_courses")).content.decode()
    assert _shown(page) == [approved.pk, newer.pk, older.pk]
    assert "Vis afsluttede" in page
    with_closed = client.get(reverse("my_courses"), {"afsluttede": "1"}).content.decode()
    assert _shown(with_closed) == [approved.pk, newer.pk, older.pk, closed.pk]
    assert "Skjul afsluttede" in with_closed


def test_my_courses_pages_of_25(client, coordinator, educator):
    courses = _started(27, coordinator=coordinator, educator=educator)
    client.force_login(educator)
    first = _shown(client.get(reverse("my_courses")).content.decode())
    second = _shown(client.get(reverse("my_courses"), {"side": "2"}).content.decode())
    assert len(first) == 25 and len(second) == 2
    assert set(first) | set(second) == {course.pk for course in courses}
    assert _shown(client.get(reverse("my_courses"), {"side": "7"}).content.decode()) == second


# Reminders ----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 60])
def test_reminder_list_query_count_is_constant_and_pages(
    client, coordinator, educator, count, django_assert_max_num_queries
):
    _started(count, coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(weeks=33))
    reminders_send()
    client.force_login(educator)
    for side in ("1", "2", "x"):
        with django_assert_max_num_queries(12):
            page = client.get(reverse("reminder_list"), {"side": side}).content.decode()
        shown = len(COURSE_LINK.findall(page))
        assert shown == (min(count, 50) if side != "2" or count <= 50 else count - 50)


def test_reminders_are_made_in_batches_and_once(monkeypatch, coordinator, educator):
    monkeypatch.setattr(reminders, "BATCH_SIZE", 2)
    courses = _started(5, coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(weeks=33))
    week_1 = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=3))
    visit_log(acting_user=educator, course=week_1, date=TODAY() + timedelta(days=4), status="planned")
    run = reminders_send()
    assert run.created == 10  # week 32 for each course, to the educator and the coordinator
    assert set(Reminder.objects.values_list("course_id", flat=True)) == {course.pk for course in courses}
    assert reminders_send().created == 0
    assert Reminder.objects.count() == 10


@pytest.mark.parametrize("count", [3, 60])
def test_reminder_job_reads_a_fixed_number_of_queries_per_batch(
    coordinator, educator, count, django_assert_max_num_queries
):
    _started(count, coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(weeks=33))
    with django_assert_max_num_queries(13):  # 12, and the municipalities' models read once for the run
        assert reminders_send().created == 2 * count
    assert Course.objects.count() == count


def test_course_list_sorts_in_sql_and_the_pages_keep_the_order(client, coordinator, educator):
    old = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=40))
    new = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=3))
    middle = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=20))
    visit_log(acting_user=educator, course=old, date=TODAY() - timedelta(days=1), duration_minutes=60)
    visit_log(acting_user=educator, course=middle, date=TODAY() - timedelta(days=10), duration_minutes=60)
    client.force_login(coordinator)

    def shown(sort):
        return _shown(client.get(reverse("course_list"), {"sort": sort}).content.decode())

    assert shown("started_newest") == [new.pk, middle.pk, old.pk]
    assert shown("started_oldest") == [old.pk, middle.pk, new.pk]
    assert shown("last_visit") == [new.pk, middle.pk, old.pk]
    assert "Sortér efter" in client.get(reverse("course_list")).content.decode()
