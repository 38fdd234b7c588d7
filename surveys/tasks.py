"""Entry points for Celery: ids in, one service call, nothing personal in arguments or results."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from surveys.models import Invitation
from surveys.qr import survey_link


def invitation_email_deliver_now(invitation_id: int) -> bool:
    """Send the invitation's link to the guardian's address; nothing when it can no longer be answered."""
    invitation = Invitation.objects.select_related("guardian", "questionnaire").filter(pk=invitation_id).first()
    if invitation is None or invitation.status != Invitation.Status.OPEN or not invitation.guardian.email:
        return False
    link = survey_link(invitation.token)
    with translation.override("da"):
        context = {"link": link, "questionnaire": invitation.questionnaire, "expires_at": invitation.expires_at}
        subject = render_to_string("surveys/email_subject.txt", context).strip()
        body = render_to_string("surveys/email_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.guardian.email])
    return True


@shared_task(name="surveys.tasks.invitation_email_deliver", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def invitation_email_deliver(invitation_id: int) -> bool:
    return invitation_email_deliver_now(invitation_id)


@shared_task(name="surveys.tasks.drafts_purge")
def drafts_purge() -> int:
    from surveys.services import drafts_purge as purge

    return purge()
