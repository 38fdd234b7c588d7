"""The client address reaches audit events through the context, set per request and per task."""

import pytest
from django.test import override_settings

from hjemmepaed.audit.context import audit_context, audit_context_get
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import DaycareFactory, user_for_role

pytestmark = pytest.mark.django_db


def test_a_page_view_records_the_address_it_came_from(client, municipality):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    client.force_login(coordinator)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = client.get("/logning/", REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 200
    new = AuditEvent.objects.exclude(pk__in=before)
    assert new.exists()
    assert set(new.values_list("ip_address", flat=True)) == {"192.0.2.44"}


@override_settings(PROXY_COUNT=1)
def test_behind_a_load_balancer_the_forwarded_address_is_recorded(client, municipality):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    client.force_login(coordinator)
    client.get("/logning/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert AuditEvent.objects.latest("pk").ip_address == "198.51.100.8"


def test_outside_a_request_events_have_no_address(municipality):
    user = user_for_role(Role.COORDINATOR, municipality=municipality)
    event = audit_event_record(actor=user, action=Action.VIEW, object_type="daycare", subject=DaycareFactory())
    assert event.ip_address is None
    assert audit_context_get().source == ""


def test_the_context_is_restored_after_its_block_even_on_error():
    with pytest.raises(RuntimeError), audit_context(client_address="192.0.2.1", source="job"):
        assert audit_context_get().client_address == "192.0.2.1"
        raise RuntimeError
    assert audit_context_get().client_address is None


def test_a_task_runs_in_its_own_context_without_the_requests_address():
    from celery import current_app, shared_task

    @shared_task(name="hjemmepaed.tests.context_probe")
    def probe():
        context = audit_context_get()
        return [context.client_address, context.source]

    try:
        with audit_context(client_address="192.0.2.5", source="request"):
            assert probe.apply().get() == [None, "task:hjemmepaed.tests.context_probe"]
            assert audit_context_get().client_address == "192.0.2.5"
    finally:
        # Not one of the project's tasks, which test_celery.py checks in the same process.
        current_app.tasks.unregister(probe.name)
