"""The report order is sent once: the same order posted again leads to the report ordered the
first time; no second report is built (hjemmepaed.formkeys)."""

import re
import uuid

import pytest
from django.urls import reverse

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.formkeys import form_key_repeated
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from reporting import services
from reporting.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, municipality, a_course_in_2025):
    user = user_for_role(Role.MANAGER, municipality=municipality)
    client.force_login(user)
    return user


def test_the_same_order_posted_twice_makes_one_report(
    client, manager, municipality, django_capture_on_commit_callbacks
):
    url = reverse("report_list")
    key = re.search(r'name="form_key" value="([^"]+)"', client.get(url).content.decode()).group(1)
    data = {"cohort_kind": "closed_in_year", "year": "2025", "municipalities": [municipality.pk], "form_key": key}
    with django_capture_on_commit_callbacks() as first_callbacks:
        first = client.post(url, data)
    with django_capture_on_commit_callbacks() as second_callbacks:
        second = client.post(url, data, follow=True)
    report = Report.objects.get()
    assert first["Location"] == reverse("report_detail", args=[report.pk])
    assert second.redirect_chain == [(first["Location"], 302)]
    assert "Rapporten var allerede bestilt." in second.content.decode()
    assert (len(first_callbacks), len(second_callbacks)) == (1, 0)  # one build queued


def test_the_service_returns_the_first_report_for_the_same_key_and_audits_once(manager, municipality):
    key = uuid.uuid4()

    def order():
        return services.report_order(
            acting_user=manager, municipalities=[municipality], cohort_kind="closed_in_year", year=2025, form_key=key
        )

    first = order()
    events = AuditEvent.objects.count()
    again = order()
    assert again.pk == first.pk and form_key_repeated(again)
    assert Report.objects.count() == 1 and AuditEvent.objects.count() == events
