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


CASES = [
    TaskCase("surveys.tasks.invitation_email_deliver", invitation_email_deliver),
    TaskCase("surveys.tasks.drafts_purge", drafts_purge),
]
