import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from hjemmepaed.audit.models import AuditEvent
from surveys import services
from surveys.models import Invitation, Questionnaire, QuestionnaireChoice, Response

from .helpers import POSITIVE_TWO_CHILDREN, national_invitation

pytestmark = pytest.mark.django_db

PAGES = [
    {"q1": "mother", "q2": "no", "q3": "2"},
    {"q4_b1": "yes", "q4_b2": "no"},
    {k: v for k, v in POSITIVE_TWO_CHILDREN.items() if k[:2] in ("q5", "q6", "q7", "q8")},
    {"q9": "9", "q10": "Hjemmepædagogen var en stor hjælp."},
]


def checked(content, name, value) -> bool:
    """Whether the radio button `name`=`value` is ticked in the page."""
    for tag in re.findall(r"<input[^>]*>", content):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return " checked" in tag
    raise AssertionError(f"no radio button {name}={value}")


def page_url(token, page):
    return reverse("survey_answer", args=[token]) if page == 1 else reverse("survey_answer_page", args=[token, page])


def answer_all(client, token, *, last=None):
    for number, answers in enumerate(PAGES, start=1):
        action = "submit" if number == len(PAGES) else "next"
        data = {**answers, **(last or {})} if number == len(PAGES) else answers
        response = client.post(page_url(token, number), {**data, "action": action})
    return response


@pytest.fixture
def token(two_children_closed):
    return national_invitation(two_children_closed).token


def test_first_page_shows_the_letter_of_bilag_8_and_no_staff_navigation(client, token):
    response = client.get(page_url(token, 1))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Kære forælder" in content and "1. Er du?" in content and "Side 1 af 4" in content
    assert "Log ud" not in content
    assert response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


def test_per_child_page_names_the_familys_children_by_first_name(client, token):
    content = client.get(page_url(token, 2)).content.decode()
    assert "Alma" in content and "Bo" in content and "Nielsen" not in content


def test_answers_survive_a_reload_half_way(client, token):
    client.post(page_url(token, 1), {**PAGES[0], "action": "next"})
    client.post(page_url(token, 2), {"q4_b1": "yes"}, headers={"X-Autosave": "1"})
    content = client.get(page_url(token, 2)).content.decode()
    assert checked(content, "q4_b1", "yes") and not checked(content, "q4_b2", "no")
    content = client.get(page_url(token, 1)).content.decode()
    assert checked(content, "q1", "mother")


def test_autosave_answers_204_and_stores_nothing_final(client, token):
    response = client.post(page_url(token, 1), {"q1": "father"}, headers={"X-Autosave": "1"})
    assert response.status_code == 204
    assert Response.objects.count() == 0


def test_a_missing_answer_is_shown_in_danish_and_keeps_the_others(client, token):
    response = client.post(page_url(token, 1), {"q1": "mother", "q3": "2", "action": "next"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Vælg et svar." in content
    assert checked(content, "q1", "mother")


def test_whole_questionnaire_then_already_answered_on_every_later_try(client, token):
    response = answer_all(client, token)
    assert response.status_code == 302 and response["Location"] == reverse("survey_thanks", args=[token])
    assert "Mange tak for din besvarelse!" in client.get(response["Location"]).content.decode()
    assert Response.objects.count() == 1
    for page in (1, 4):
        again = client.get(page_url(token, page))
        assert again.status_code == 200 and "allerede besvaret" in again.content.decode()
    resubmit = client.post(page_url(token, 4), {**PAGES[3], "action": "submit"})
    assert "allerede besvaret" in resubmit.content.decode()
    assert Response.objects.count() == 1


def test_submitting_with_an_unanswered_earlier_page_goes_back_to_it(client, token):
    client.post(page_url(token, 1), {**PAGES[0], "action": "next"})
    response = client.post(page_url(token, 4), {**PAGES[3], "action": "submit"})
    assert response["Location"] == page_url(token, 2) + "?mangler=1"
    content = client.get(response["Location"]).content.decode()
    assert "Vælg et svar for Alma." in content
    assert Response.objects.count() == 0


def test_a_low_rating_is_confirmed_before_it_is_stored(client, token):
    response = answer_all(client, token, last={"q9": "1"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Du har givet forløbet 1 på skalaen" in content
    assert Response.objects.count() == 0
    response = client.post(page_url(token, 4), {**PAGES[3], "q9": "1", "confirm_low_rating": "on", "action": "submit"})
    assert response.status_code == 302
    assert Response.objects.get().answers.get(question__number="9").number == 1


def test_unknown_expired_and_cancelled_links_look_the_same(client, two_children_closed):
    invitations = list(two_children_closed.invitations.order_by("pk"))
    Invitation.objects.filter(pk=invitations[0].pk).update(
        created_at=timezone.now() - timedelta(days=61), expires_at=timezone.now() - timedelta(days=1)
    )
    Invitation.objects.filter(pk=invitations[1].pk).update(cancelled_at=timezone.now())
    pages = [client.get(page_url(token, 1)) for token in (invitations[0].token, invitations[1].token, "x" * 43)]
    assert {page.status_code for page in pages} == {404}
    assert len({page.content for page in pages}) == 1
    assert "Linket virker ikke" in pages[0].content.decode()


def test_thanks_page_of_an_unknown_expired_or_cancelled_link_answers_like_the_questionnaire(
    client, two_children_closed, coordinator
):
    invitations = list(two_children_closed.invitations.order_by("pk"))
    Invitation.objects.filter(pk=invitations[0].pk).update(
        created_at=timezone.now() - timedelta(days=61), expires_at=timezone.now() - timedelta(days=1)
    )
    Invitation.objects.filter(pk=invitations[1].pk).update(cancelled_at=timezone.now())
    national = Questionnaire.objects.get(key="national")
    link = services.open_link_create(acting_user=coordinator, questionnaire=national)
    services.open_link_create(acting_user=coordinator, questionnaire=national)  # closes the first
    tokens = (invitations[0].token, invitations[1].token, link.token, "x" * 43)
    questionnaire_page = client.get(page_url(tokens[0], 1))
    thanks = [client.get(reverse("survey_thanks", args=[token])) for token in tokens]
    assert {page.status_code for page in thanks} == {404}
    assert {page.content for page in thanks} == {questionnaire_page.content}
    assert "Linket virker ikke" in thanks[0].content.decode()


def test_open_link_answers_are_marked_and_the_link_can_be_used_again(client, coordinator):
    link = services.open_link_create(acting_user=coordinator, questionnaire=Questionnaire.objects.get(key="national"))
    answer_all(client, link.token)
    content = client.get(page_url(link.token, 1)).content.decode()
    assert "Er du?" in content and "checked" not in content  # a fresh start for the next parent
    answer_all(client, link.token)
    assert list(Response.objects.values_list("source", flat=True)) == ["open_link", "open_link"]


def test_open_link_page_two_repeats_for_the_number_of_children_given(client, coordinator):
    link = services.open_link_create(acting_user=coordinator, questionnaire=Questionnaire.objects.get(key="national"))
    client.post(page_url(link.token, 1), {"q1": "father", "q2": "yes", "q3": "3", "action": "next"})
    content = client.get(page_url(link.token, 2)).content.decode()
    assert "Barn 1" in content and "Barn 3" in content and "Barn 4" not in content


def test_letter_is_a_pdf_with_the_link_and_no_personal_data_in_its_name(client, two_children_closed):
    client.force_login(two_children_closed.primary_educator)
    guardian = two_children_closed.family.guardians.get(name="Sara Nielsen")
    response = client.get(reverse("invitation_letter", args=[two_children_closed.pk, guardian.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="brev-spoergeskema.pdf"'
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    invitation = two_children_closed.invitations.get(guardian=guardian)
    assert invitation.token[:20] in text.replace("\n", "")
    assert "Kære forælder" in text
    assert "Sara" not in text and "Alma" not in text
    assert AuditEvent.objects.filter(object_type="invitation_letter", subject_id=str(guardian.pk)).exists()


def test_letter_is_signed_with_the_name_the_municipality_writes_itself(client, two_children_closed):
    municipality = two_children_closed.municipality
    municipality.name, municipality.authority_name = "København", "Københavns Kommune"
    municipality.save(update_fields=["name", "authority_name"])
    client.force_login(two_children_closed.primary_educator)
    guardian = two_children_closed.family.guardians.get(name="Sara Nielsen")
    response = client.get(reverse("invitation_letter", args=[two_children_closed.pk, guardian.pk]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Københavns Kommune" in text and "København Kommune" not in text
    token = national_invitation(two_children_closed).token
    assert "Københavns Kommune" in client.get(page_url(token, 1)).content.decode()


def test_letter_for_an_answered_invitation_is_refused_with_a_message(client, two_children_closed):
    invitation = national_invitation(two_children_closed)
    Invitation.objects.filter(pk=invitation.pk).update(answered_at=timezone.now())
    client.force_login(two_children_closed.primary_educator)
    response = client.get(
        reverse("invitation_letter", args=[two_children_closed.pk, invitation.guardian_id]), follow=True
    )
    assert "Forælderen har ingen invitation, der stadig kan besvares." in response.content.decode()


def test_email_page_keeps_a_bad_address_and_says_why(client, two_children_closed):
    client.force_login(two_children_closed.primary_educator)
    invitation = two_children_closed.invitations.get(guardian__name="Jonas Nielsen")
    url = reverse("invitation_email", args=[two_children_closed.pk, invitation.pk])
    response = client.post(url, {"email": "jonas@"})
    content = response.content.decode()
    assert "Skriv en gyldig e-mailadresse" in content and 'value="jonas@"' in content
    response = client.post(url, {"email": "jonas@example.dk"})
    assert response.status_code == 302


def test_course_page_shows_invitation_status_but_never_the_answers(client, two_children_closed, coordinator):
    invitation = national_invitation(two_children_closed)
    client.post(page_url(invitation.token, 1), {**PAGES[0], "action": "next"})
    answers = {**POSITIVE_TWO_CHILDREN, "q10": "HEMMELIG KOMMENTAR"}
    from .helpers import walk_for

    services.response_submit(walk=walk_for(invitation), answers=answers, invitation=invitation)
    client.force_login(coordinator)
    content = client.get(reverse("course_detail", args=[two_children_closed.pk])).content.decode()
    assert "Forældrespørgeskema" in content and "Besvaret" in content and "Afventer svar" in content
    assert "HEMMELIG KOMMENTAR" not in content and "Meget enig" not in content


def test_no_admin_page_shows_responses_answers_or_drafts(admin_client):
    from django.contrib import admin

    from surveys.models import Answer, Draft

    for model in (Response, Answer, Draft, Invitation):
        assert model not in admin.site._registry


def test_coordinator_chooses_questionnaires_and_makes_an_open_link(client, coordinator):
    client.force_login(coordinator)
    national, ishoej = Questionnaire.objects.get(key="national"), Questionnaire.objects.get(key="ishoej")
    response = client.post(reverse("survey_settings"), {"questionnaires": []})
    assert "Vælg mindst ét spørgeskema." in response.content.decode()
    response = client.post(reverse("survey_settings"), {"questionnaires": [national.pk, ishoej.pk]})
    assert response.status_code == 302
    assert QuestionnaireChoice.objects.filter(municipality=coordinator.municipality).count() == 2
    client.post(reverse("open_link_create", args=[ishoej.pk]))
    content = client.get(reverse("survey_settings")).content.decode()
    link = ishoej.open_links.get()
    assert f"/s/{link.token}/" in content and "<svg" in content


def test_an_invitation_shows_question_3_filled_in_with_the_registered_children(client, token):
    content = client.get(page_url(token, 1)).content.decode()
    assert checked(content, "q3", "2")  # Alma and Bo
    assert "fortsætte senere fra det samme link" in content


def test_an_invitation_stores_rows_for_as_many_children_as_the_parent_said(client, token):
    # One child aged 0-2 at the start, though two are registered now: only Alma's rows.
    client.post(page_url(token, 1), {**PAGES[0], "q3": "1", "action": "next"})
    content = client.get(page_url(token, 2)).content.decode()
    assert ">Alma</legend>" in content and ">Bo</legend>" not in content


def test_an_open_links_draft_outlives_the_browser_session_for_7_days_and_goes_when_sent(client, coordinator):
    from django.conf import settings

    link = services.open_link_create(acting_user=coordinator, questionnaire=Questionnaire.objects.get(key="national"))
    first = client.get(page_url(link.token, 1))
    assert "gemmes på denne enhed i 7 dage" in first.content.decode()
    cookie = first.cookies[f"hp_kladde_{link.pk}"]
    assert cookie["max-age"] == 7 * 24 * 3600 and cookie["httponly"] and cookie["path"] == page_url(link.token, 1)
    client.post(page_url(link.token, 1), {"q1": "father", "q2": "yes", "q3": "3", "action": "next"})

    client.cookies.pop(settings.SESSION_COOKIE_NAME, None)  # the browser was closed: its session is gone
    assert checked(client.get(page_url(link.token, 1)).content.decode(), "q1", "father")

    answer_all(client, link.token)
    assert Response.objects.count() == 1
    assert client.cookies[f"hp_kladde_{link.pk}"].value == ""  # deleted with the answer
    assert "checked" not in client.get(page_url(link.token, 1)).content.decode()  # the next parent starts afresh


def test_a_forged_draft_cookie_is_not_taken_and_starts_a_new_draft(client, coordinator):
    link = services.open_link_create(acting_user=coordinator, questionnaire=Questionnaire.objects.get(key="national"))
    client.post(page_url(link.token, 1), {"q1": "father", "q2": "yes", "q3": "3", "action": "next"})
    client.cookies[f"hp_kladde_{link.pk}"] = "someone-elses-draft"
    assert "checked" not in client.get(page_url(link.token, 1)).content.decode()


def test_an_open_links_draft_untouched_for_7_days_is_deleted_at_night_an_invitations_is_kept(
    client, coordinator, token
):
    from surveys.models import Draft

    link = services.open_link_create(acting_user=coordinator, questionnaire=Questionnaire.objects.get(key="national"))
    client.post(page_url(link.token, 1), {"q1": "father", "q2": "yes", "q3": "3", "action": "next"})
    client.post(page_url(token, 1), {**PAGES[0], "action": "next"})
    Draft.objects.update(updated_at=timezone.now() - timedelta(days=8))
    assert services.drafts_purge() == 1
    assert not Draft.objects.filter(key__startswith="open-").exists() and Draft.objects.count() == 1
