"""Each list makes exactly as many queries for 60 rows as for 1 (django_assert_num_queries): the
coordinator's course list (plain, only with warnings, sorted by the last visit, page 2), Mine
forløb (running, with the closed ones), the reminders and the intake queue. The rows are made in
bulk (visitation.tests.bulk): what is tested is the page's reading, not how the rows came to be."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import Phase, Visit
from courses.reminders import reminders_send
from visitation.tests.bulk import Planned, courses_bulk

pytestmark = pytest.mark.django_db

# list: (who, the queries tried, the rows of a full first page, the most queries it may make)
# The course lists read the page's versions of the municipalities' models in one query (issue 14);
# "only with warnings" reads them once more, for its filter in SQL (17).
LISTS = {
    "course_list": ("coordinator", [{}, {"with_warnings": "on"}, {"sort": "last_visit"}, {"side": "2"}], 50, 17),
    # 14, and the upcoming and overdue visits (a COUNT, a page and its guardians each)
    "my_courses": ("educator", [{}, {"afsluttede": "1"}, {"side": "3"}, {"kommende": "2"}], 25, 20),
    "reminder_list": ("educator", [{}], 50, 12),
    "intake_queue": ("coordinator", [{}, {"venteliste_side": "2"}], 50, 14),
}


def _rows(count: int, *, coordinator, educator):
    """`count` started courses past week 32 (each a reminder, a warning and a held and a planned
    visit) and `count` referrals, waiting or new."""
    today = timezone.localdate()
    started = courses_bulk(
        coordinator=coordinator,
        educator=educator,
        planned=[Planned(f"Forælder {n}", Phase.STARTED, today - timedelta(weeks=33, days=n)) for n in range(count)],
    )
    Visit.objects.bulk_create(
        Visit(course=course, date=date, status=status, duration_minutes=minutes, logged_by=educator)
        for course in started
        for date, status, minutes in (
            (today - timedelta(days=30), "held", 60),
            (today + timedelta(days=3), "planned", None),
        )
    )
    courses_bulk(coordinator=coordinator, planned=[Planned(f"Henvist {n}") for n in range(count)])
    reminders_send()


def _queries(client, name: str, query: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(name), query).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", LISTS)
def test_a_list_makes_as_many_queries_for_60_rows_as_for_1(
    name, client, coordinator, educator, django_assert_num_queries
):
    who, queries, full_page, budget = LISTS[name]
    client.force_login({"coordinator": coordinator, "educator": educator}[who])
    _rows(1, coordinator=coordinator, educator=educator)
    client.get(reverse(name))  # the session's first request loads what later ones reuse
    for_one = {str(query): _queries(client, name, query) for query in queries}
    assert max(for_one.values()) <= budget
    _rows(59, coordinator=coordinator, educator=educator)
    for query in queries:
        with django_assert_num_queries(for_one[str(query)]):
            page = client.get(reverse(name), query)
        assert page.status_code == 200
    page = client.get(reverse(name)).content.decode()
    assert page.count("<tr>") - page.count("<thead>") == full_page  # the 60 rows are there, a page shown
