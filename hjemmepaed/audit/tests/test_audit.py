"""The audit log is append-only, in the application and in PostgreSQL."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory, override_settings

from hjemmepaed.audit.context import audit_context, client_ip
from hjemmepaed.audit.models import AuditEvent, AuditEventImmutable
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import DaycareFactory, user_for_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(municipality):
    user = user_for_role(Role.COORDINATOR, municipality=municipality)
    with audit_context(client_address="10.1.2.3", source="request"):
        return audit_event_record(
            actor=user,
            action=Action.SEARCH,
            object_type="child",
            subject=DaycareFactory(municipality=municipality),
            criterion="efternavn=Hansen",
        )


def test_event_records_who_what_whom_why_and_where(event, municipality):
    event.refresh_from_db()
    assert event.actor_username.startswith("bruger")
    assert event.municipality == municipality
    assert event.action == "search"
    assert event.subject_type == "daycare"
    assert event.criterion == "efternavn=Hansen"
    assert event.ip_address == "10.1.2.3"
    assert event.at is not None


def test_application_cannot_change_or_delete_events(event):
    event.criterion = "skjult"
    with pytest.raises(AuditEventImmutable):
        event.save()
    with pytest.raises(AuditEventImmutable):
        event.delete()
    with pytest.raises(AuditEventImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(criterion="skjult")
    with pytest.raises(AuditEventImmutable):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().criterion == "efternavn=Hansen"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists in PostgreSQL")
@pytest.mark.django_db(transaction=True)  # committed rows: TRUNCATE meets no pending FK checks
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET criterion = 'skjult'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent CASCADE",
    ],
)
def test_postgresql_refuses_update_delete_and_truncate(event, statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            # The test database turns the purge switch on so Django can empty it between
            # tests; an ordinary connection has it off.
            cursor.execute("SET LOCAL hjemmepaed.audit_purge = 'off'")
            cursor.execute(statement)
    assert AuditEvent.objects.get().criterion == "efternavn=Hansen"


def test_anonymous_actor_is_recorded_as_nobody(municipality):
    from django.contrib.auth.models import AnonymousUser

    event = audit_event_record(
        actor=AnonymousUser(), action=Action.CREATE, object_type="response", municipality=municipality
    )
    assert event.actor is None and event.actor_username == ""


@override_settings(PROXY_COUNT=1)
def test_client_ip_behind_one_load_balancer():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7")
    assert client_ip(request) == "192.0.2.7"


def test_client_ip_ignores_forwarded_header_without_proxies():
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "192.0.2.9"


def test_admin_refuses_add_change_and_delete(client, event):
    from hjemmepaed.organisation.models import Role as StaffRole

    client.force_login(user_for_role(StaffRole.ADMINISTRATOR))
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    change = client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"criterion": "skjult"})
    assert change.status_code in (200, 403)  # the read-only view; nothing is saved
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.get().criterion == "efternavn=Hansen"
