"""The first invitation by SMS for a parent who chose SMS, and the choice where the consent is given."""

import pytest
from django.urls import reverse

from families.selectors import consent_text_current
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from surveys.models import Invitation
from surveys.qr import survey_link
from surveys.reminders import invitation_sms_deliver
from surveys.tests.helpers import CONTACT, SARA, closed_with_channel, national_invitation
from visitation.services import GuardianData
from visitation.tests.factories import course_started

pytestmark = pytest.mark.django_db
pytest_plugins = ["hjemmepaed.tests.sms_server"]


def test_closing_sends_the_link_by_sms_and_nothing_else(coordinator, sms_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        course = closed_with_channel(coordinator, "sms")
    invitation = national_invitation(course)
    assert sms_server.bodies == [{"to": "+4520304050", "message": survey_link(invitation.token)}]
    assert sms_server.requests[0]["headers"]["Authorization"] == "Bearer test-gateway-key"
    assert Invitation.objects.get(pk=invitation.pk).texted_at is not None
    assert AuditEvent.objects.filter(object_type="invitation", criterion="link sent by SMS").count() == 1
    # Redelivered: nothing more reaches the gateway.
    assert invitation_sms_deliver(invitation_id=invitation.pk) is False
    assert len(sms_server.requests) == 1


def test_a_parent_who_chose_a_letter_gets_no_sms(coordinator, sms_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        closed_with_channel(coordinator, "letter")
    assert sms_server.requests == []


def test_a_refusing_gateway_leaves_the_sms_unsent_for_the_retry(coordinator, sms_server):
    from hjemmepaed.sms import SmsError

    course = closed_with_channel(coordinator, "sms")
    invitation = national_invitation(course)
    sms_server.status = 503
    with pytest.raises(SmsError):
        invitation_sms_deliver(invitation_id=invitation.pk)
    assert Invitation.objects.get(pk=invitation.pk).texted_at is None
    sms_server.status = 202
    assert invitation_sms_deliver(invitation_id=invitation.pk) is True


def _contact_consent(coordinator, course, *, channel: str):
    """The only guardian's consent to be contacted about the questionnaire, by `channel`."""
    from families.services import consent_record

    return consent_record(
        acting_user=coordinator,
        course=course,
        guardian=course.family.guardians.get(),
        scope=CONTACT,
        text_version=consent_text_current(scope=CONTACT),
        given_on=course.start_date,
        channel=channel,
    )


def _started(coordinator, guardian):
    return course_started(coordinator=coordinator, guardians=[guardian], consents=("share_with_daycare",))


def test_sms_needs_a_danish_number_on_record(coordinator):
    course = _started(coordinator, GuardianData(name="Sara Nielsen", relation="mother"))
    with pytest.raises(DomainError, match="intet dansk telefonnummer") as error:
        _contact_consent(coordinator, course, channel="sms")
    assert error.value.field == "channel"


def test_the_consent_page_offers_sms_and_says_in_danish_when_there_is_no_number(coordinator, client):
    course = _started(coordinator, GuardianData(name="Sara Nielsen", relation="mother", email="sara@example.dk"))
    guardian = course.family.guardians.get()
    client.force_login(coordinator)
    url = reverse("guardian_consent_record", args=[course.pk, guardian.pk])
    page = client.get(url + f"?omfang={CONTACT}").content.decode()
    assert "Kontakt om spørgeskemaet via" in page and 'value="sms"' in page
    text = consent_text_current(scope=CONTACT)
    response = client.post(
        url, {"text_version": text.pk, "given_on": course.start_date.strftime("%d.%m.%Y"), "channel": "sms"}
    )
    assert response.status_code == 200
    assert "Sara Nielsen har intet dansk telefonnummer" in response.content.decode()
    assert not guardian.consents.filter(scope=CONTACT).exists()


def test_the_consent_page_records_the_chosen_channel_and_the_course_page_shows_it(coordinator, client):
    course = _started(coordinator, SARA)
    guardian = course.family.guardians.get()
    client.force_login(coordinator)
    url = reverse("guardian_consent_record", args=[course.pk, guardian.pk])
    text = consent_text_current(scope=CONTACT)
    response = client.post(
        url, {"text_version": text.pk, "given_on": course.start_date.strftime("%d.%m.%Y"), "channel": "sms"}
    )
    assert response.status_code == 302
    assert guardian.consents.get(scope=CONTACT).channel == "sms"
    content = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "kontakt via sms" in content


def test_email_needs_an_address_on_record(coordinator):
    course = _started(coordinator, GuardianData(name="Sara Nielsen", relation="mother", phone="20304050"))
    with pytest.raises(DomainError, match="ingen e-mailadresse"):
        _contact_consent(coordinator, course, channel="email")


def test_other_scopes_store_no_channel(coordinator):
    course = _started(coordinator, SARA)
    consent = course.family.guardians.get().consents.get(scope="share_with_daycare")
    assert consent.channel == ""


def test_the_start_up_meeting_asks_how_and_records_sms(client, coordinator, educator):
    from datetime import timedelta

    from django.utils import timezone

    from courses.tests.test_views_start_consents import _answers, _post
    from families.services import consent_texts_install
    from visitation.tests.factories import course_decided

    consent_texts_install()
    course = course_decided(
        coordinator=coordinator,
        educator=educator,
        consents=(),
        birth_date=timezone.localdate() - timedelta(days=200),
        guardians=[SARA, GuardianData(name="Jonas Nielsen", relation="father")],
    )
    sara, jonas = course.family.guardians.order_by("pk")
    client.force_login(educator)
    page = client.get(reverse("course_start", args=[course.pk])).content.decode()
    assert page.count("Kontakt om spørgeskemaet via") == 2
    answers = {**_answers(course), f"consents-channel_{sara.pk}": "sms", f"consents-channel_{jonas.pk}": "sms"}
    response = _post(client, course, answers=answers)
    assert "Jonas Nielsen har intet dansk telefonnummer registreret" in response.content.decode()
    answers[f"consents-channel_{jonas.pk}"] = ""
    assert _post(client, course, answers=answers).status_code == 302
    assert sara.consents.get(scope=CONTACT).channel == "sms"
    assert jonas.consents.get(scope=CONTACT).contact_channel == "letter"


def test_an_unknown_way_of_contact_is_refused_in_danish(coordinator):
    course = _started(coordinator, SARA)
    with pytest.raises(DomainError, match="Vælg, hvordan forælderen vil kontaktes.") as error:
        _contact_consent(coordinator, course, channel="fax")
    assert error.value.field == "channel"
