"""Events older than AUDIT_RETENTION_YEARS are deleted by the nightly task, and only by it."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.audit.tasks import audit_events_purge
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role

pytestmark = pytest.mark.django_db


def _event(user, *, days_ago: int, criterion: str) -> AuditEvent:
    return AuditEvent.objects.create(
        at=timezone.now() - timedelta(days=days_ago),
        actor=user,
        actor_username=user.username,
        municipality=user.municipality,
        action="view",
        object_type="course",
        criterion=criterion,
    )


@pytest.fixture
def events(municipality):
    user = user_for_role(Role.COORDINATOR, municipality=municipality)
    return {
        "old": _event(user, days_ago=5 * 366 + 2, criterion="over fem år"),
        "recent": _event(user, days_ago=5 * 365 - 2, criterion="under fem år"),
    }


def test_default_retention_is_five_years():
    assert settings.AUDIT_RETENTION_YEARS == 5


def test_the_nightly_task_is_scheduled():
    entry = settings.CELERY_BEAT_SCHEDULE["audit-events-purge"]
    assert entry["task"] == "hjemmepaed.audit.tasks.audit_events_purge"


def test_purge_deletes_only_events_older_than_the_retention_and_records_itself(events):
    assert audit_events_purge.delay().get() == 1
    criteria = set(AuditEvent.objects.values_list("criterion", flat=True))
    assert "over fem år" not in criteria and "under fem år" in criteria
    purge = AuditEvent.objects.get(object_type="audit_event")
    assert (purge.action, purge.actor, purge.municipality, purge.subject_type) == ("delete", None, None, "")
    assert purge.criterion.startswith("1 events older than ")


@override_settings(AUDIT_RETENTION_YEARS=10)
def test_retention_is_configurable(events):
    assert audit_events_purge.delay().get() == 0
    assert AuditEvent.objects.filter(criterion="over fem år").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists in PostgreSQL only")
def test_purge_passes_the_trigger_when_the_session_default_is_off(events):
    # The test database's connection turns the switch on; an ordinary connection has it off.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL hjemmepaed.audit_purge = 'off'")
        assert audit_events_purge.delay().get() == 1
        with connection.cursor() as cursor:
            cursor.execute("SHOW hjemmepaed.audit_purge")
            assert cursor.fetchone()[0] == "off"  # switched off again once the rows are gone
    assert not AuditEvent.objects.filter(criterion="over fem år").exists()
