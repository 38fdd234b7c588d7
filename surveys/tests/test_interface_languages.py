"""A language a municipality uploads gives the whole page, the letter and the e-mails: the
buttons, headings, progress, draft notice, errors and thank-you page come from the translation
file, and no Danish interface text is left (Danish and English keep their gettext texts)."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from surveys.interface import Interface
from surveys.models import Answer, Questionnaire

from .helpers import danish_chrome_in, page_text, translation_uploaded
from .test_views import PAGES, answer_all, page_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def somali(coordinator):
    """The municipality's Somali translation of the national questionnaire (fake texts, `so·<key>`)."""
    national = Questionnaire.objects.get(key="national", version=1)
    return translation_uploaded(acting_user=coordinator, questionnaire=national, language="so")


@pytest.fixture
def invitations(two_children_closed):
    return list(two_children_closed.invitations.filter(questionnaire__key="national").order_by("pk"))


def read(client, url, data=None):
    response = client.post(url, data) if data is not None else client.get(url)
    assert response.status_code in (200, 429), response.status_code
    text = page_text(response.content.decode())
    assert danish_chrome_in(text) == [], url
    return text


@pytest.mark.usefixtures("somali")
def test_every_page_in_the_uploaded_language_has_its_interface_texts_and_no_danish_ones(client, invitations):
    token = invitations[0].token
    danish = page_text(client.get(page_url(token, 1)).content.decode())
    assert {"ui.next: Næste", "ui.progress: Side"} <= set(danish_chrome_in(danish))
    client.post(page_url(token, 1), {"action": "language", "language": "so"})
    text = read(client, page_url(token, 1))
    assert "so·ui.progress 1 4" in text and "so·ui.next" in text and "so·ui.language_label" in text
    assert "so·ui.draft_kept" in text and "so·ui.language_choose" in text and "so·q1.choice.mother" in text
    text = read(client, page_url(token, 1), {"action": "next"})  # nothing answered: the errors
    assert "so·ui.errors_heading" in text and "so·ui.choose_answer" in text
    client.post(page_url(token, 1), {**PAGES[0], "action": "next"})
    text = read(client, page_url(token, 2), {"action": "next"})
    assert "so·ui.choose_answer_for Alma" in text and "so·ui.back" in text
    client.post(page_url(token, 2), {**PAGES[1], "action": "next"})
    text = read(client, page_url(token, 3))
    assert "so·ui.strongly_agree" in text and "so·ui.dont_know" in text
    client.post(page_url(token, 3), {**PAGES[2], "action": "next"})
    text = read(client, page_url(token, 4), {"q9": "1", "action": "submit"})  # a low rating is confirmed
    assert "so·ui.low_rating_heading 1" in text and "so·ui.low_rating_confirm 1" in text and "so·ui.send" in text
    response = client.post(page_url(token, 4), {**PAGES[3], "action": "submit"})
    assert response["Location"] == reverse("survey_thanks", args=[token])
    text = read(client, response["Location"])
    assert "so·outro" in text and "so·ui.thanks_text" in text and "so·ui.thanks_title" in text
    text = read(client, page_url(token, 1))  # the link again: answered already
    assert "so·ui.answered_heading" in text


@pytest.mark.usefixtures("somali")
def test_the_open_links_draft_notice_and_a_parents_second_child_are_in_the_uploaded_language(client, invitations):
    token = invitations[1].token
    client.post(page_url(token, 1), {"action": "language", "language": "so"})
    client.post(page_url(token, 1), {"q1": "father", "q2": "no", "q3": "3", "action": "next"})
    text = read(client, page_url(token, 2))
    assert "so·ui.child 3" in text  # the third child the family has not registered


def test_answers_count_the_same_in_an_uploaded_language(client, invitations, somali):
    danish, somali_parent = invitations
    answer_all(client, danish.token)
    client.post(page_url(somali_parent.token, 1), {"action": "language", "language": "so"})
    assert answer_all(client, somali_parent.token).status_code == 302

    def stored(invitation):
        invitation.refresh_from_db()
        answers = Answer.objects.filter(response=invitation.response).order_by("question__position", "child")
        return [(a.question_id, a.child, a.choice, a.number, a.text) for a in answers]

    assert stored(danish) == stored(somali_parent) and len(stored(danish)) == 13


def family_speaks(course, language):
    course.family.language = language
    course.family.save(update_fields=["language"])


@pytest.mark.usefixtures("somali")
def test_the_letter_is_in_the_uploaded_language_with_the_date_in_digits(client, two_children_closed):
    family_speaks(two_children_closed, "Somali")
    client.force_login(two_children_closed.primary_educator)
    guardian = two_children_closed.family.guardians.get(name="Sara Nielsen")
    response = client.get(reverse("invitation_letter", args=[two_children_closed.pk, guardian.pk]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    invitation = two_children_closed.invitations.filter(guardian=guardian).first()
    assert "so·ui.dear_parent" in text and "so·ui.letter_regards" in text and "so·title" in text
    assert f"so·ui.letter_personal {Interface('so').date(invitation.expires_at)}" in text
    assert danish_chrome_in(text) == []


@pytest.mark.usefixtures("somali")
def test_the_email_and_the_reminder_are_in_the_uploaded_language(
    coordinator, two_children_closed, mailoutbox, django_capture_on_commit_callbacks
):
    from surveys.reminders import invitation_reminders_send
    from surveys.services import invitation_email_send

    from .helpers import closed_with_channel, national_invitation

    family_speaks(two_children_closed, "somali")
    invitation = two_children_closed.invitations.get(guardian__name="Jonas Nielsen", questionnaire__key="national")
    with django_capture_on_commit_callbacks(execute=True):
        invitation_email_send(
            acting_user=two_children_closed.primary_educator, invitation=invitation, email="jonas@example.dk"
        )
    message = mailoutbox[-1]
    assert message.subject == "so·ui.letter_title"
    assert message.body.startswith("so·ui.dear_parent") and invitation.token in message.body
    assert danish_chrome_in(message.subject + message.body) == []

    course = closed_with_channel(coordinator, "email")
    family_speaks(course, "somali")
    reminded = national_invitation(course)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_reminders_send(now=reminded.created_at + timedelta(days=14, hours=1))
    (message,) = mail.outbox
    assert message.subject == "so·ui.reminder_subject" and "so·ui.reminder_disregard" in message.body
    assert danish_chrome_in(message.subject + message.body) == []


def test_danish_and_english_keep_their_shipped_texts_through_the_same_lookup():
    english = Questionnaire.objects.get(key="national", version=1).translations.get(language="en")
    assert Interface("da").text("next") == "Næste" and Interface("en", english.texts).text("next") == "Next"
    assert Interface("da").text("progress", page=2, page_count=4) == "Side 2 af 4"
    # An uploaded translation made before the interface texts were in the file: English, not Danish.
    assert Interface("so", {"title": "Su'aalo"}).text("back") == "Back"
