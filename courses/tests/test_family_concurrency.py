"""A child's change of daycare posted twice at the same moment (two tabs, a phone resending) is
one change (PostgreSQL: SQLite runs one writer at a time)."""

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from families.models import DaycarePeriod
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import DaycareFactory, user_for_role
from visitation.services import ChildData
from visitation.tests.factories import course_started

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="two posts at once need PostgreSQL; SQLite runs one writer at a time"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_two_posts_of_one_change_of_daycare_at_the_same_moment_store_one_change(municipality):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    first, second = DaycareFactory(municipality=municipality), DaycareFactory(municipality=municipality)
    child = ChildData(
        name="Alma", birth_date=timezone.localdate() - timedelta(days=400), daycare=first, attends_daycare=True
    )
    course = course_started(coordinator=coordinator, educator=educator, children=[child])
    url = reverse("child_daycare_change", args=[course.pk, course.family.children.get().pk])
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(educator)
    key = re.search(r'name="form_key" value="([0-9a-f-]+)"', clients[0].get(url).content.decode()).group(1)
    data = {"on": timezone.localdate().isoformat(), "daycare": second.pk, "attends_daycare": "on", "form_key": key}
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
    assert [response.status_code for response in responses] == [302, 302]
    assert DaycarePeriod.objects.filter(starts_on__isnull=False).count() == 1
    assert AuditEvent.objects.filter(object_type="daycare_period", action="create").count() == 1
