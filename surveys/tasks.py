"""Entry points for Celery: ids in, one service call, nothing personal in arguments or results."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from surveys.language_choice import interface_for, letter_language, questionnaire_in_language
from surveys.models import Invitation
from surveys.qr import survey_link

# How long a sent e-mail is remembered, so a task delivered again (acks_late) sends nothing twice.
DELIVERED_FOR = timedelta(days=7)


def _delivered_key(invitation: Invitation) -> str:
    """One key per request to send (the educator's click sets `emailed_at`): asking again sends again."""
    requested = invitation.emailed_at.timestamp() if invitation.emailed_at else "-"
    return f"surveys:invitation-email-delivered:{invitation.pk}:{requested}"


def invitation_email_deliver_now(invitation_id: int) -> bool:
    """Send the invitation's link to the guardian's address; nothing when it can no longer be
    answered, or when this request to send was delivered already."""
    invitation = (
        Invitation.objects.select_related("guardian", "questionnaire", "course__family", "course__municipality")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.status != Invitation.Status.OPEN or not invitation.guardian.email:
        return False
    if cache.get(_delivered_key(invitation)):
        return False
    link = survey_link(invitation.token)
    language = letter_language(invitation=invitation)
    municipality = invitation.course.municipality
    ui = interface_for(questionnaire=invitation.questionnaire, municipality=municipality, code=language)
    with translation.override(ui.gettext_language):
        questionnaire = questionnaire_in_language(invitation.questionnaire, municipality=municipality, code=language)
        personal = ui.text("email_personal", date=ui.date(invitation.expires_at))
        context = {"link": link, "questionnaire": questionnaire, "ui": ui, "personal": personal}
        subject = render_to_string("surveys/email_subject.txt", context).strip()
        body = render_to_string("surveys/email_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.guardian.email])
    cache.set(_delivered_key(invitation), True, timeout=int(DELIVERED_FOR.total_seconds()))
    return True


@shared_task(name="surveys.tasks.invitation_email_deliver", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def invitation_email_deliver(invitation_id: int) -> bool:
    return invitation_email_deliver_now(invitation_id)


@shared_task(name="surveys.tasks.drafts_purge")
def drafts_purge() -> int:
    from surveys.services import drafts_purge as purge

    return purge()


@shared_task(name="surveys.tasks.invitation_reminders_daily")
def invitation_reminders_daily() -> dict:
    """The questionnaire reminders due today (beat). Counts only, never personal data."""
    from surveys.reminders import invitation_reminders_send

    run = invitation_reminders_send()
    return {"created": run.created, "queued": run.queued}


@shared_task(
    name="surveys.tasks.invitation_reminder_deliver", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def invitation_reminder_deliver(reminder_id: int) -> bool:
    from surveys.reminders import invitation_reminder_deliver as deliver

    return deliver(reminder_id=reminder_id)


@shared_task(name="surveys.tasks.invitation_sms_deliver", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def invitation_sms_deliver(invitation_id: int) -> bool:
    from surveys.reminders import invitation_sms_deliver as deliver

    return deliver(invitation_id=invitation_id)
