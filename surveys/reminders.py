"""Reminders of the parents' questionnaire: an invitation not answered after the municipality's
number of days (`Variant.survey_reminder_days`, in the version in force that day: the course has
closed, so a change applies to the reminders still to come) gets a
reminder, and a second one as many days after the first; never a third. Each goes the way the
parent chose when consenting to be contacted (`Consent.channel`): an e-mail, an SMS, or a letter
that the course page lists for the educator to print again. An e-mail without an address on
record, an SMS without a Danish number or without a gateway become a letter.

Nothing is reminded once the invitation is answered, cancelled (the consent withdrawn, the
participation withdrawn) or expired, or when the consent is no longer active. The job (beat,
`surveys.tasks.invitation_reminders_daily`) is safe to run twice or to be redelivered: a reminder
is a row unique per (invitation, number), and an e-mail or SMS is sent only for a row this run
made, once (`sent_at`, under the row's lock). No message names anyone: it carries the link.

Not to be confused with the staff's course reminders (`courses/reminders.py`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone, translation

from courses.variants import version_on, versions_by_municipality
from families.models import Consent, ConsentScope, ContactChannel
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.sms import SmsNotConfigured, sms_configured, sms_gateway, sms_number
from surveys.language_choice import interface_for, letter_language, questionnaire_in_language
from surveys.models import Invitation, InvitationReminder
from surveys.qr import survey_link


@dataclass(frozen=True)
class ReminderRun:
    created: int
    queued: int


def _active_contact_consent():
    return Consent.objects.filter(
        guardian_id=OuterRef("guardian_id"),
        scope=ConsentScope.CONTACT_FOR_QUESTIONNAIRE,
        withdrawn_on__isnull=True,
    )


def _channel_for(*, chosen: str, email: str, phone: str) -> str:
    """The parent's choice, or a letter when it cannot be followed."""
    if chosen == ContactChannel.EMAIL and email:
        return ContactChannel.EMAIL
    if chosen == ContactChannel.SMS and sms_configured():
        try:
            sms_number(phone)
        except ValueError:
            return ContactChannel.LETTER
        return ContactChannel.SMS
    return ContactChannel.LETTER


def invitation_reminders_due(*, now: datetime) -> list[tuple[int, int, str]]:
    """(invitation id, reminder number, channel) of every reminder due at `now`."""
    rows = (
        Invitation.objects.filter(answered_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=now)
        .filter(Exists(_active_contact_consent()))
        .annotate(
            reminded=Count("reminders"),
            last_reminded=Max("reminders__created_at"),
            chosen=Subquery(_active_contact_consent().values("channel")[:1]),
        )
        .filter(reminded__lt=InvitationReminder.MAX_NUMBER)
        .values_list(
            "pk",
            "course__municipality_id",
            "created_at",
            "reminded",
            "last_reminded",
            "chosen",
            "guardian__email",
            "guardian__phone",
        )
    )
    rows = list(rows)
    versions = versions_by_municipality(municipality_ids={row[1] for row in rows})
    today = timezone.localdate()
    due = []
    for pk, municipality_id, created_at, reminded, last_reminded, chosen, email, phone in rows:
        version = version_on(versions, municipality_id=municipality_id, on=today)
        since = last_reminded or created_at
        if now >= since + timedelta(days=version.survey_reminder_days):
            due.append((pk, reminded + 1, _channel_for(chosen=chosen or "", email=email, phone=phone)))
    return sorted(due)


def invitation_reminders_send(*, now: datetime | None = None) -> ReminderRun:
    """Make every reminder due now, one audit event each, and queue its e-mail or SMS once the
    row is committed. A reminder another run made already is skipped (the unique number)."""
    from surveys.tasks import invitation_reminder_deliver

    now = now or timezone.now()
    due = invitation_reminders_due(now=now)
    invitations = Invitation.objects.select_related("guardian", "course__municipality").in_bulk(
        [pk for pk, _number, _channel in due]
    )
    created = queued = 0
    for pk, number, channel in due:
        invitation = invitations[pk]
        try:
            with transaction.atomic():
                reminder = InvitationReminder.objects.create(
                    invitation=invitation, number=number, channel=channel, created_at=now
                )
                audit_event_record(  # the job has no actor; the event names the parent as its subject
                    actor=None,
                    action=Action.CREATE,
                    object_type="invitation_reminder",
                    object_id=reminder.pk,
                    subject=invitation.guardian,
                    municipality=invitation.course.municipality,
                    criterion=f"questionnaire reminder {number} by {channel}",
                )
        except IntegrityError:  # made by a run at the same time
            continue
        created += 1
        if channel != ContactChannel.LETTER:
            queued += 1
            transaction.on_commit(lambda reminder_pk=reminder.pk: invitation_reminder_deliver.delay(reminder_pk))
    return ReminderRun(created=created, queued=queued)


def _still_wanted(invitation: Invitation) -> bool:
    return (
        invitation.status == Invitation.Status.OPEN
        and Consent.objects.filter(
            guardian_id=invitation.guardian_id,
            scope=ConsentScope.CONTACT_FOR_QUESTIONNAIRE,
            withdrawn_on__isnull=True,
        ).exists()
    )


def _email_send(invitation: Invitation, link: str) -> None:
    language = letter_language(invitation=invitation)  # the family's, when the questionnaire is translated
    municipality = invitation.course.municipality
    ui = interface_for(questionnaire=invitation.questionnaire, municipality=municipality, code=language)
    with translation.override(ui.gettext_language):
        questionnaire = questionnaire_in_language(invitation.questionnaire, municipality=municipality, code=language)
        personal = ui.text("email_personal", date=ui.date(invitation.expires_at))
        context = {"link": link, "questionnaire": questionnaire, "ui": ui, "personal": personal}
        subject = render_to_string("surveys/reminder_email_subject.txt", context).strip()
        body = render_to_string("surveys/reminder_email_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.guardian.email])


@transaction.atomic
def invitation_reminder_deliver(*, reminder_id: int) -> bool:
    """Send one reminder's e-mail or SMS, once: the row is locked and marked sent in the same
    transaction, so a redelivered task finds it sent. A reminder that can no longer be sent as
    chosen (the address or number gone, no SMS gateway) becomes a letter to print."""
    reminder = (
        InvitationReminder.objects.select_for_update()
        .select_related("invitation__guardian", "invitation__questionnaire")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None or reminder.sent_at is not None or reminder.channel == ContactChannel.LETTER:
        return False
    invitation = reminder.invitation
    if not _still_wanted(invitation):
        return False
    guardian = invitation.guardian
    link = survey_link(invitation.token)
    channel = _channel_for(chosen=reminder.channel, email=guardian.email, phone=guardian.phone)
    if channel == ContactChannel.LETTER:
        reminder.channel = ContactChannel.LETTER
        reminder.save(update_fields=["channel"])
        return False
    if channel == ContactChannel.EMAIL:
        _email_send(invitation, link)
    else:
        sms_gateway().send(to=sms_number(guardian.phone), message=link)
    reminder.sent_at = timezone.now()
    reminder.save(update_fields=["sent_at"])
    return True


@transaction.atomic
def invitation_sms_deliver(*, invitation_id: int) -> bool:
    """The first invitation by SMS, for a parent who chose SMS: the link and nothing else, once
    (`texted_at`, under the invitation's lock). Without a gateway or a Danish number nothing is
    sent and the course page offers the letter, as for every parent."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("guardian", "course__municipality")
        .filter(pk=invitation_id)
    )
    invitation = invitation.first()
    if invitation is None or invitation.texted_at is not None or not _still_wanted(invitation):
        return False
    chosen = (
        Consent.objects.filter(
            guardian_id=invitation.guardian_id, scope=ConsentScope.CONTACT_FOR_QUESTIONNAIRE, withdrawn_on__isnull=True
        )
        .values_list("channel", flat=True)
        .first()
    )
    if chosen != ContactChannel.SMS:
        return False
    try:
        to = sms_number(invitation.guardian.phone)
        gateway = sms_gateway()
    except (ValueError, SmsNotConfigured):
        return False
    gateway.send(to=to, message=survey_link(invitation.token))
    invitation.texted_at = timezone.now()
    invitation.save(update_fields=["texted_at"])
    audit_event_record(
        actor=None,
        action=Action.UPDATE,
        object_type="invitation",
        object_id=invitation.pk,
        subject=invitation.guardian,
        municipality=invitation.course.municipality,
        criterion="link sent by SMS",
    )
    return True
