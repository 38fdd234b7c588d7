"""The questionnaire in English: shipped as data, chosen on the first page, the same answers stored."""

import pytest
from django.urls import reverse

from surveys.loading import SHIPPED_TRANSLATIONS, definition_read
from surveys.models import Answer, Draft, Questionnaire, QuestionnaireTranslation
from surveys.selectors import draft_key_for_invitation
from surveys.translations import source_texts, translated, translation_problems

from .test_views import PAGES, answer_all, page_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitations(two_children_closed):
    """The mother's and the father's invitations to the national questionnaire."""
    return list(two_children_closed.invitations.filter(questionnaire__key="national").order_by("pk"))


def choose_language(client, token, code):
    return client.post(page_url(token, 1), {"action": "language", "language": code})


@pytest.mark.parametrize("name", SHIPPED_TRANSLATIONS)
def test_english_is_shipped_for_every_text_of_the_national_and_the_ishoej_questionnaires(name):
    shipped = definition_read(name)
    questionnaire = Questionnaire.objects.get(key=shipped["key"], version=shipped["version"])
    row = QuestionnaireTranslation.objects.get(questionnaire=questionnaire, language="en", municipality=None)
    source = source_texts(questionnaire, questionnaire.questions.order_by("position"))
    assert translation_problems(source, row.texts) == []
    assert row.translator and row.reviewed_on is None
    assert "q1.choice.mother" in source or questionnaire.key == "ishoej"


def test_a_translation_replaces_the_texts_and_keeps_every_value():
    questionnaire = Questionnaire.objects.get(key="national", version=1)
    questions = list(questionnaire.questions.order_by("position"))
    texts = QuestionnaireTranslation.objects.get(questionnaire=questionnaire, language="en").texts
    english, english_questions = translated(questionnaire, questions, texts)
    assert english.title == "Questionnaire for parents" and questionnaire.title == "Spørgeskema til forældre"
    assert [choice["value"] for choice in english_questions[0].choices] == ["father", "mother", "other"]
    assert english_questions[0].choices[1]["label"] == "The mother"
    assert english_questions[0].other_choice == "other" and questions[0].text == "Er du?"
    assert [question.pk for question in english_questions] == [question.pk for question in questions]


def test_the_first_page_offers_the_languages_in_their_own_names_with_danish_chosen(client, invitations):
    content = client.get(page_url(invitations[0].token, 1)).content.decode()
    assert '<html lang="da" dir="ltr">' in content
    assert '<option value="da" lang="da" dir="ltr" selected>Dansk</option>' in content
    assert '<option value="en" lang="en" dir="ltr">English</option>' in content
    assert "Vælg sprog" in content and "Sprog" in content


def test_the_familys_recorded_language_chooses_english_until_the_parent_chooses(client, invitations):
    family = invitations[0].course.family
    family.language = "Engelsk"
    family.save(update_fields=["language"])
    response = client.get(page_url(invitations[0].token, 1))
    content = response.content.decode()
    assert '<html lang="en" dir="ltr">' in content and response["Content-Language"] == "en"
    assert "Dear parent" in content and "1. Are you?" in content and "The mother" in content
    assert "Page 1 of 4" in content and ">Next<" in content and "Kære forælder" not in content
    choose_language(client, invitations[0].token, "da")
    assert "Kære forælder" in client.get(page_url(invitations[0].token, 1)).content.decode()


def test_the_chosen_language_is_kept_in_the_draft_for_every_page_and_the_errors(client, invitations):
    token = invitations[0].token
    response = choose_language(client, token, "en")
    assert response.status_code == 302 and response["Location"] == reverse("survey_answer", args=[token])
    assert Draft.objects.get(key=draft_key_for_invitation(invitations[0])).language == "en"
    client.post(page_url(token, 1), {**PAGES[0], "action": "next"})
    content = client.get(page_url(token, 2)).content.decode()
    assert "Page 2 of 4" in content and "Was your child in day care" in content and ">Back<" in content
    content = client.post(page_url(token, 2), {"action": "next"}).content.decode()
    assert "Choose an answer for Alma." in content and "Vælg et svar" not in content
    content = client.get(page_url(token, 4)).content.decode()
    assert "1 = Least positive" in content and "Send your answers" in content


def test_a_language_not_offered_is_not_kept(client, invitations):
    choose_language(client, invitations[0].token, "ar")
    content = client.get(page_url(invitations[0].token, 1)).content.decode()
    assert '<html lang="da" dir="ltr">' in content
    assert not Draft.objects.filter(key=draft_key_for_invitation(invitations[0])).exists()


def test_answering_in_english_stores_exactly_what_answering_in_danish_stores(client, invitations):
    danish, english = invitations
    answer_all(client, danish.token)
    choose_language(client, english.token, "en")
    response = answer_all(client, english.token)
    assert response["Location"] == reverse("survey_thanks", args=[english.token])
    content = client.get(response["Location"]).content.decode()
    assert "Thank you very much for your answers!" in content and '<html lang="en"' in content

    def stored(invitation):
        invitation.refresh_from_db()
        response = invitation.response
        answers = Answer.objects.filter(response=response).order_by("question__position", "child")
        rows = [(a.question_id, a.child, a.choice, a.number, a.text) for a in answers]
        return rows, response.children, response.questionnaire_id

    assert stored(danish) == stored(english)
    assert len(stored(english)[0]) == 13


def test_the_open_link_offers_english_too(client, coordinator):
    from surveys.services import open_link_create, questionnaire_choice_set

    ishoej = Questionnaire.objects.get(key="ishoej")
    questionnaire_choice_set(acting_user=coordinator, questionnaires=[ishoej])
    link = open_link_create(acting_user=coordinator, questionnaire=ishoej)
    choose_language(client, link.token, "en")
    content = client.get(page_url(link.token, 1)).content.decode()
    assert "well-being has improved during the course?" in content and "Page 1 of 3" in content


def letter_text(client, course, guardian) -> str:
    import io

    from pypdf import PdfReader

    client.force_login(course.primary_educator)
    response = client.get(reverse("invitation_letter", args=[course.pk, guardian.pk]))
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def family_speaks(course, language):
    course.family.language = language
    course.family.save(update_fields=["language"])


def test_the_letter_is_in_english_when_the_family_speaks_english(client, two_children_closed):
    guardian = two_children_closed.family.guardians.get(name="Sara Nielsen")
    family_speaks(two_children_closed, "engelsk")
    text = letter_text(client, two_children_closed, guardian)
    assert "Dear parent" in text and "Questionnaire for parents" in text and "Kære forælder" not in text


def test_the_letter_is_danish_when_the_familys_language_has_no_translation(client, two_children_closed):
    guardian = two_children_closed.family.guardians.get(name="Sara Nielsen")
    family_speaks(two_children_closed, "somali")
    text = letter_text(client, two_children_closed, guardian)
    assert "Kære forælder" in text and "Spørgeskema til forældre" in text
    QuestionnaireTranslation.objects.filter(language="en").delete()  # English, but nothing translated
    family_speaks(two_children_closed, "engelsk")
    assert "Kære forælder" in letter_text(client, two_children_closed, guardian)


def test_the_email_is_in_english_when_the_family_speaks_english(
    two_children_closed, mailoutbox, django_capture_on_commit_callbacks
):
    from surveys.services import invitation_email_send

    family_speaks(two_children_closed, "Engelsk")
    invitation = two_children_closed.invitations.get(guardian__name="Jonas Nielsen")
    with django_capture_on_commit_callbacks(execute=True):
        invitation_email_send(
            acting_user=two_children_closed.primary_educator, invitation=invitation, email="jonas@example.dk"
        )
    message = mailoutbox[-1]
    assert message.subject == "Questionnaire about your course with the home educator"
    assert message.body.startswith("Dear parent") and invitation.token in message.body


def test_an_email_reminder_is_in_english_when_the_family_speaks_english(
    coordinator, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.core import mail

    from surveys.reminders import invitation_reminders_send

    from .helpers import closed_with_channel, national_invitation

    course = closed_with_channel(coordinator, "email")
    family_speaks(course, "engelsk")
    invitation = national_invitation(course)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_reminders_send(now=invitation.created_at + timedelta(days=14, hours=1))
    (message,) = mail.outbox
    assert message.subject.startswith("Reminder:") and "Dear parent" in message.body
    assert "Kære forælder" not in message.body
