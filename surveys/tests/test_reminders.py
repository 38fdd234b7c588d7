"""Reminders of the parents' questionnaire: after the municipality's days, at most two, by the
parent's chosen way, never after an answer or a withdrawn consent, once under redelivery."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from families.services import consent_withdraw
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.variants.services import variant_record
from surveys import services
from surveys.models import Invitation, InvitationReminder
from surveys.qr import survey_link
from surveys.reminders import invitation_reminder_deliver, invitation_reminders_send
from surveys.tasks import invitation_reminders_daily
from surveys.tests.helpers import CONTACT, POSITIVE_TWO_CHILDREN, closed_with_channel, national_invitation, walk_for

pytestmark = pytest.mark.django_db
pytest_plugins = ["hjemmepaed.tests.sms_server"]

NAMES = ["Sara", "Nielsen", "Alma", "Bo"]


def days_after(invitation, days):
    return invitation.created_at + timedelta(days=days)


def reminders(invitation):
    return list(InvitationReminder.objects.filter(invitation=invitation).values_list("number", "channel"))


def test_an_unanswered_invitation_is_reminded_after_14_days_and_each_reminder_audited(coordinator):
    course = closed_with_channel(coordinator, "letter")
    invitation = national_invitation(course)

    assert invitation_reminders_send(now=days_after(invitation, 13)).created == 0
    assert invitation_reminders_send(now=days_after(invitation, 14)).created == 1

    assert reminders(invitation) == [(1, "letter")]
    event = AuditEvent.objects.get(object_type="invitation_reminder")
    assert event.actor is None and event.subject_type == "guardian"
    assert event.criterion == "questionnaire reminder 1 by letter"
    assert not any(name in event.criterion for name in NAMES)


def test_at_most_two_reminders_each_the_municipalitys_days_after_the_last(coordinator):
    course = closed_with_channel(coordinator, "letter")
    invitation = national_invitation(course)
    for day in (14, 20, 28, 42, 56):
        invitation_reminders_send(now=days_after(invitation, day))
    assert reminders(invitation) == [(1, "letter"), (2, "letter")]
    created = dict(InvitationReminder.objects.filter(invitation=invitation).values_list("number", "created_at"))
    assert created == {1: days_after(invitation, 14), 2: days_after(invitation, 28)}


def test_the_days_are_the_municipalitys_setting(coordinator, municipality):
    from hjemmepaed.organisation.models import Role
    from hjemmepaed.organisation.tests.factories import user_for_role

    manager = user_for_role(Role.MANAGER, municipality=municipality)
    variant_record(
        acting_user=manager, municipality=municipality, valid_from=timezone.localdate(), survey_reminder_days=7
    )
    course = closed_with_channel(coordinator, "letter")
    invitation = national_invitation(course)
    invitation_reminders_send(now=days_after(invitation, 7))
    assert reminders(invitation) == [(1, "letter")]


def test_the_setting_is_refused_outside_1_to_60_days_in_danish(municipality):
    from hjemmepaed.organisation.models import Role
    from hjemmepaed.organisation.tests.factories import user_for_role

    manager = user_for_role(Role.MANAGER, municipality=municipality)
    with pytest.raises(DomainError, match="Skriv et helt tal fra 1 til 60") as error:
        variant_record(
            acting_user=manager, municipality=municipality, valid_from=timezone.localdate(), survey_reminder_days=0
        )
    assert error.value.field == "survey_reminder_days"


def test_an_answered_invitation_gets_no_reminder(coordinator):
    course = closed_with_channel(coordinator, "letter")
    invitation = national_invitation(course)
    services.response_submit(walk=walk_for(invitation), answers=POSITIVE_TWO_CHILDREN, invitation=invitation)
    invitation_reminders_send(now=days_after(invitation, 14))
    assert reminders(invitation) == []


def test_the_second_reminder_stops_when_the_parent_answered_after_the_first(coordinator):
    course = closed_with_channel(coordinator, "letter")
    invitation = national_invitation(course)
    invitation_reminders_send(now=days_after(invitation, 14))
    services.response_submit(walk=walk_for(invitation), answers=POSITIVE_TWO_CHILDREN, invitation=invitation)
    invitation_reminders_send(now=days_after(invitation, 28))
    assert reminders(invitation) == [(1, "letter")]


def test_a_withdrawn_consent_stops_the_reminders(coordinator):
    course = closed_with_channel(coordinator, "email")
    invitation = national_invitation(course)
    invitation_reminders_send(now=days_after(invitation, 14))
    sara = course.family.guardians.get()
    consent_withdraw(acting_user=coordinator, course=course, consent=sara.consents.get(scope=CONTACT))
    mail.outbox.clear()
    invitation_reminders_send(now=days_after(invitation, 28))
    assert reminders(invitation) == [(1, "email")]
    assert mail.outbox == []


def test_a_reminder_queued_before_the_withdrawal_is_not_sent_after_it(coordinator, django_capture_on_commit_callbacks):
    course = closed_with_channel(coordinator, "email")
    invitation = national_invitation(course)
    with django_capture_on_commit_callbacks(execute=False):  # the task not yet run
        invitation_reminders_send(now=days_after(invitation, 14))
    sara = course.family.guardians.get()
    consent_withdraw(acting_user=coordinator, course=course, consent=sara.consents.get(scope=CONTACT))
    reminder = InvitationReminder.objects.get(invitation=invitation)
    assert invitation_reminder_deliver(reminder_id=reminder.pk) is False
    assert mail.outbox == []


def test_an_email_reminder_carries_the_link_and_no_names(coordinator, django_capture_on_commit_callbacks):
    course = closed_with_channel(coordinator, "email")
    invitation = national_invitation(course)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_reminders_send(now=days_after(invitation, 14))
    (message,) = mail.outbox
    assert message.to == ["sara@example.dk"]
    assert message.subject == "Påmindelse: Spørgeskema om jeres forløb med hjemmepædagogen"
    assert survey_link(invitation.token) in message.body
    assert "Kære forælder" in message.body
    assert not any(name in message.body + message.subject for name in NAMES)
    assert InvitationReminder.objects.get(invitation=invitation).sent_at is not None


def test_the_job_run_twice_and_the_delivery_redelivered_remind_once(coordinator, django_capture_on_commit_callbacks):
    course = closed_with_channel(coordinator, "email")
    invitation = national_invitation(course)
    Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(days=15))
    with django_capture_on_commit_callbacks(execute=True):
        first = invitation_reminders_daily.delay().get()
        second = invitation_reminders_daily.delay().get()  # beat or the broker delivers it again
    assert first == {"created": 1, "queued": 1} and second == {"created": 0, "queued": 0}
    reminder = InvitationReminder.objects.get(invitation=invitation)
    assert invitation_reminder_deliver(reminder_id=reminder.pk) is False  # the delivery redelivered
    assert reminders(invitation) == [(1, "email")]
    assert len(mail.outbox) == 1


def test_an_sms_reminder_reaches_the_gateway_with_the_link_and_nothing_else(
    coordinator, sms_server, django_capture_on_commit_callbacks
):
    course = closed_with_channel(coordinator, "sms")
    invitation = national_invitation(course)
    sms_server.requests.clear()  # the first invitation's SMS (tested on its own below)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_reminders_send(now=days_after(invitation, 14))
    assert sms_server.bodies == [{"to": "+4520304050", "message": survey_link(invitation.token)}]
    assert reminders(invitation) == [(1, "sms")]


def test_without_a_gateway_an_sms_reminder_is_a_letter_on_the_course_page(coordinator, client, settings):
    settings.SMS_GATEWAY_URL = ""
    course = closed_with_channel(coordinator, "sms")
    invitation = national_invitation(course)
    invitation_reminders_send(now=days_after(invitation, 14))
    assert reminders(invitation) == [(1, "letter")]
    client.force_login(course.primary_educator)
    content = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "Påmindelse 1" in content and "print brevet igen og giv det til forælderen" in content


def test_the_course_page_says_a_reminder_was_sent(coordinator, client, django_capture_on_commit_callbacks):
    course = closed_with_channel(coordinator, "email")
    invitation = national_invitation(course)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_reminders_send(now=days_after(invitation, 14))
    client.force_login(coordinator)
    content = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "Påmindelse 1 sendt som e-mail" in content


def test_mine_forloeb_lists_the_letters_to_print_again_until_answered(coordinator, client):
    course = closed_with_channel(coordinator, "letter")
    invitation = national_invitation(course)
    client.force_login(course.primary_educator)
    assert "Spørgeskemabreve, der skal printes igen" not in client.get(reverse("my_courses")).content.decode()

    invitation_reminders_send(now=days_after(invitation, 14))
    content = client.get(reverse("my_courses")).content.decode()
    assert "Spørgeskemabreve, der skal printes igen" in content
    assert f"Forløb {course.pk}: påmindelse 1 af" in content
    assert reverse("invitation_letter", args=[course.pk, invitation.guardian_id]) in content

    services.response_submit(walk=walk_for(invitation), answers=POSITIVE_TWO_CHILDREN, invitation=invitation)
    assert "Spørgeskemabreve, der skal printes igen" not in client.get(reverse("my_courses")).content.decode()


def test_another_educators_letters_are_not_listed(coordinator, client, educator):
    course = closed_with_channel(coordinator, "letter")
    invitation_reminders_send(now=days_after(national_invitation(course), 14))
    client.force_login(educator)  # a colleague in the same municipality, not on the course
    assert "Spørgeskemabreve, der skal printes igen" not in client.get(reverse("my_courses")).content.decode()
