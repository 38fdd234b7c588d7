from datetime import timedelta

from django.core import mail
from django.utils import timezone

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from hjemmepaed.tests.celery_cases import TaskCase, TaskRun
from surveys import selectors, services
from surveys.models import Draft, Invitation
from surveys.tests.helpers import national_invitation, walk_for
from visitation.services import GuardianData
from visitation.tests.factories import course_closed


def _invitation():
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    course = course_closed(
        coordinator=coordinator,
        guardians=[GuardianData(name="Sara Nielsen", relation="mother", phone="20304050", email="sara@example.dk")],
    )
    return national_invitation(course)


def invitation_email_deliver(monkeypatch) -> TaskRun:
    invitation = _invitation()
    # The educator's click; in a test transaction its on_commit never queues the task itself.
    services.invitation_email_send(
        acting_user=invitation.course.primary_educator, invitation=invitation, email="sara@example.dk"
    )
    return TaskRun(args=(invitation.pk,), state=lambda: [(m.to, m.body) for m in mail.outbox])


def drafts_purge(monkeypatch) -> TaskRun:
    invitation = _invitation()
    walk = walk_for(invitation)
    key = selectors.draft_key_for_invitation(invitation)
    services.draft_save(key=key, walk=walk, answers={"q1": "mother", "q10": "Sara Nielsen skrev"}, page=1)
    Invitation.objects.filter(pk=invitation.pk).update(answered_at=timezone.now() - timedelta(days=1))
    return TaskRun(args=(), state=lambda: sorted(Draft.objects.values_list("key", flat=True)))


def _overdue(invitation):
    """Created 15 days ago: its first reminder is due today."""
    Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(days=15))


def invitation_reminders_daily(monkeypatch) -> TaskRun:
    from surveys.models import InvitationReminder
    from surveys.tests.helpers import closed_with_channel

    invitation = national_invitation(closed_with_channel(_coordinator(), "email"))
    _overdue(invitation)
    return TaskRun(args=(), state=lambda: list(InvitationReminder.objects.values_list("invitation_id", "number")))


def invitation_reminder_deliver(monkeypatch) -> TaskRun:
    from surveys.models import InvitationReminder
    from surveys.reminders import invitation_reminders_send
    from surveys.tests.helpers import closed_with_channel

    invitation = national_invitation(closed_with_channel(_coordinator(), "email"))
    _overdue(invitation)
    invitation_reminders_send()  # in the test's transaction its on_commit never queues the delivery
    reminder = InvitationReminder.objects.get(invitation=invitation)
    return TaskRun(args=(reminder.pk,), state=lambda: [(m.to, m.body) for m in mail.outbox])


def invitation_sms_deliver(monkeypatch) -> TaskRun:
    from django.conf import settings

    from hjemmepaed.tests.sms_server import gateway_start
    from surveys.tests.helpers import closed_with_channel

    # A real gateway on 127.0.0.1 for this case; its daemon thread ends with the test process.
    record, _stop = gateway_start(_MonkeypatchedSettings(monkeypatch, settings))
    invitation = national_invitation(closed_with_channel(_coordinator(), "sms"))
    return TaskRun(args=(invitation.pk,), state=lambda: list(record.bodies))


class _MonkeypatchedSettings:
    """Settings changed through `monkeypatch`, so they are undone after the test."""

    def __init__(self, monkeypatch, settings):
        object.__setattr__(self, "_monkeypatch", monkeypatch)
        object.__setattr__(self, "_settings", settings)

    def __setattr__(self, name, value):
        self._monkeypatch.setattr(self._settings, name, value, raising=False)


def _coordinator():
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    return user_for_role(Role.COORDINATOR, municipality=municipality)


CASES = [
    TaskCase("surveys.tasks.invitation_reminders_daily", invitation_reminders_daily),
    TaskCase("surveys.tasks.invitation_reminder_deliver", invitation_reminder_deliver),
    TaskCase("surveys.tasks.invitation_sms_deliver", invitation_sms_deliver),
    TaskCase("surveys.tasks.invitation_email_deliver", invitation_email_deliver),
    TaskCase("surveys.tasks.drafts_purge", drafts_purge),
]
