"""The series form posted twice at the same moment plans one series (PostgreSQL: two writers)."""

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.models import Visit, VisitSeries
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.tests.factories import course_started

TODAY = timezone.localdate


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two posts at once need PostgreSQL; SQLite runs one writer at a time"
)
@pytest.mark.django_db(transaction=True)
def test_two_posts_of_one_series_form_at_the_same_moment_plan_one_series(municipality):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = course_started(coordinator=coordinator, educator=educator)
    url = reverse("visit_series_plan", args=[course.pk])
    clients = [Client(), Client()]  # two tabs, or a phone resending
    for client in clients:
        client.force_login(educator)
    key = re.search(r'name="form_key" value="([^"]+)"', clients[0].get(url).content.decode()).group(1)
    data = {
        "first_date": (TODAY() + timedelta(days=1)).isoformat(),
        "interval_days": "14",
        "time_of_day": "09:00",
        "duration_minutes": "90",
        "until_date": (TODAY() + timedelta(days=29)).isoformat(),
        "form_key": key,
    }
    barrier = threading.Barrier(2)
    responses = []

    def post(client):
        barrier.wait()
        try:
            responses.append(client.post(url, data))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in responses] == [302, 302]
    assert (VisitSeries.objects.count(), Visit.objects.filter(course=course).count()) == (1, 3)
    assert AuditEvent.objects.filter(object_type="visit_series").count() == 1
