from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.services import course_consent_withdraw
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from surveys import services
from surveys.models import Answer, Draft, Invitation, OpenLink, Questionnaire, Response
from surveys.selectors import questionnaires_for_municipality
from visitation.tests.factories import course_started

from .helpers import POSITIVE_TWO_CHILDREN, national_invitation, walk_for

pytestmark = pytest.mark.django_db


def test_closing_a_course_invites_each_guardian_once_with_a_long_random_token(two_children_closed):
    invitations = list(two_children_closed.invitations.select_related("guardian"))
    assert sorted(invitation.guardian.name for invitation in invitations) == ["Jonas Nielsen", "Sara Nielsen"]
    assert {invitation.questionnaire.key for invitation in invitations} == {"national"}
    for invitation in invitations:
        assert len(invitation.token) >= 43  # 32 bytes urlsafe: 256 bits
        assert invitation.status == Invitation.Status.OPEN
        assert invitation.expires_at - invitation.created_at == timedelta(days=60)
    assert invitations[0].token != invitations[1].token


def test_expiry_is_configurable(settings, coordinator):
    from visitation.tests.factories import course_closed

    settings.SURVEY_INVITATION_DAYS = 14
    course = course_closed(coordinator=coordinator)
    invitation = course.invitations.get()
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)


def test_municipality_choosing_both_questionnaires_invites_to_both(coordinator):
    from visitation.tests.factories import course_closed

    services.questionnaire_choice_set(
        acting_user=coordinator, questionnaires=list(Questionnaire.objects.filter(key__in=["national", "ishoej"]))
    )
    course = course_closed(coordinator=coordinator)
    assert sorted(course.invitations.values_list("questionnaire__key", flat=True)) == ["ishoej", "national"]


def test_choosing_no_questionnaire_is_refused_in_danish(coordinator):
    with pytest.raises(DomainError, match="Vælg mindst ét spørgeskema"):
        services.questionnaire_choice_set(acting_user=coordinator, questionnaires=[])


def test_another_municipalitys_own_variant_cannot_be_chosen(coordinator, other_municipality):
    variant = Questionnaire.objects.create(key="thisted", title="Thisteds eget", municipality=other_municipality)
    with pytest.raises(DomainError, match="Vælg blandt"):
        services.questionnaire_choice_set(acting_user=coordinator, questionnaires=[variant])
    assert [q.key for q in questionnaires_for_municipality(municipality=coordinator.municipality)] == ["national"]


def test_only_a_coordinator_chooses(municipality):
    manager = user_for_role(Role.MANAGER, municipality=municipality)
    with pytest.raises(DomainError, match="Kun en tovholder"):
        services.questionnaire_choice_set(acting_user=manager, questionnaires=list(Questionnaire.objects.all()))


def test_answering_stores_one_response_with_per_child_answers(two_children_closed):
    invitation = national_invitation(two_children_closed)
    response = services.response_submit(walk=walk_for(invitation), answers=POSITIVE_TWO_CHILDREN, invitation=invitation)
    assert response.source == "invitation" and response.children == 2
    answers = {(a.question.number, a.child): a for a in response.answers.select_related("question")}
    assert answers[("5", 1)].choice == "strongly_agree"
    assert answers[("5", 2)].choice == "agree"
    assert ("8", 2) not in answers  # Bo was not in daycare at the start
    assert answers[("9", 0)].number == 9
    assert answers[("10", 0)].text == "Hjemmepædagogen var en stor hjælp."
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ANSWERED


def test_a_second_submission_stores_nothing_more(two_children_closed):
    invitation = national_invitation(two_children_closed)
    walk = walk_for(invitation)
    services.response_submit(walk=walk, answers=POSITIVE_TWO_CHILDREN, invitation=invitation)
    with pytest.raises(services.AlreadyAnswered):
        services.response_submit(walk=walk, answers=POSITIVE_TWO_CHILDREN, invitation=invitation)
    assert Response.objects.count() == 1


def test_the_database_refuses_a_second_response_to_one_invitation(two_children_closed):
    invitation = national_invitation(two_children_closed)
    fields = {
        "questionnaire": invitation.questionnaire,
        "municipality": two_children_closed.municipality,
        "source": "invitation",
        "invitation": invitation,
    }
    Response.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(**fields)


def test_an_expired_invitation_cannot_be_answered(two_children_closed):
    invitation = national_invitation(two_children_closed)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=61), expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(services.LinkUnavailable):
        services.response_submit(walk=walk_for(invitation), answers=POSITIVE_TWO_CHILDREN, invitation=invitation)
    assert Response.objects.count() == 0


def test_a_missing_answer_names_its_page_in_danish(two_children_closed):
    invitation = national_invitation(two_children_closed)
    answers = {**POSITIVE_TWO_CHILDREN}
    del answers["q6_b2"]
    with pytest.raises(services.AnswersIncomplete) as caught:
        services.response_submit(walk=walk_for(invitation), answers=answers, invitation=invitation)
    assert caught.value.page == 3 and caught.value.field == "q6_b2"
    assert "Vælg et svar for Bo" in caught.value.message


def test_other_relation_must_be_described(two_children_closed):
    invitation = national_invitation(two_children_closed)
    answers = {**POSITIVE_TWO_CHILDREN, "q1": "other"}
    with pytest.raises(services.AnswersIncomplete, match="Beskriv din relation"):
        services.response_submit(walk=walk_for(invitation), answers=answers, invitation=invitation)
    response = services.response_submit(
        walk=walk_for(invitation), answers={**answers, "q1_other": "Mormor"}, invitation=invitation
    )
    assert response.answers.get(question__number="1").text == "Mormor"


def test_a_low_rating_among_positive_answers_needs_confirming(two_children_closed):
    invitation = national_invitation(two_children_closed)
    answers = {**POSITIVE_TWO_CHILDREN, "q9": "1"}
    with pytest.raises(DomainError) as caught:
        services.response_submit(walk=walk_for(invitation), answers=answers, invitation=invitation)
    assert caught.value.code == "confirm_low_rating"
    response = services.response_submit(
        walk=walk_for(invitation), answers=answers, invitation=invitation, low_rating_confirmed=True
    )
    assert response.low_rating_confirmed and response.answers.get(question__number="9").number == 1


def test_the_draft_is_gone_once_answered(two_children_closed):
    invitation = national_invitation(two_children_closed)
    walk = walk_for(invitation)
    services.draft_save(key="invitation-x", walk=walk, answers={"q1": "mother"}, page=1)
    services.response_submit(walk=walk, answers=POSITIVE_TWO_CHILDREN, invitation=invitation, draft_key="invitation-x")
    assert not Draft.objects.exists()


def test_draft_keeps_other_pages_and_forgets_an_emptied_answer(two_children_closed):
    walk = walk_for(national_invitation(two_children_closed))
    services.draft_save(key="k", walk=walk, answers={"q1": "mother", "q2": "no"}, page=1)
    services.draft_save(key="k", walk=walk, answers={"q4_b1": "yes"}, page=2)
    draft = services.draft_save(key="k", walk=walk, answers={"q1": "father"}, page=1)
    assert draft.answers == {"q1": "father", "q4_b1": "yes"}


def test_withdrawn_consent_after_closure_cancels_open_invitations(two_children_closed):
    course_consent_withdraw(
        acting_user=two_children_closed.primary_educator, course=two_children_closed, on=timezone.localdate()
    )
    statuses = {invitation.status for invitation in two_children_closed.invitations.all()}
    assert statuses == {Invitation.Status.CANCELLED}
    invitation = national_invitation(two_children_closed)
    with pytest.raises(services.LinkUnavailable):
        services.response_submit(walk=walk_for(invitation), answers=POSITIVE_TWO_CHILDREN, invitation=invitation)


def test_withdrawn_consent_during_the_course_sends_no_questionnaire(coordinator):
    course = course_started(coordinator=coordinator)
    course = course_consent_withdraw(acting_user=course.primary_educator, course=course, on=timezone.localdate())
    assert course.phase == "closed" and not course.invitations.exists()


def test_answered_invitation_stays_answered_after_consent_withdrawal(two_children_closed):
    invitation = national_invitation(two_children_closed)
    services.response_submit(walk=walk_for(invitation), answers=POSITIVE_TWO_CHILDREN, invitation=invitation)
    course_consent_withdraw(
        acting_user=two_children_closed.primary_educator, course=two_children_closed, on=timezone.localdate()
    )
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ANSWERED


def test_open_link_responses_are_marked_and_a_new_link_retires_the_old(coordinator):
    questionnaire = Questionnaire.objects.get(key="national")
    first = services.open_link_create(acting_user=coordinator, questionnaire=questionnaire)
    second = services.open_link_create(acting_user=coordinator, questionnaire=questionnaire)
    first.refresh_from_db()
    assert first.closed_at is not None and second.closed_at is None
    from surveys.engine import Walk

    answers = {**POSITIVE_TWO_CHILDREN}
    response = services.response_submit(walk=Walk(questionnaire), answers=answers, open_link=second)
    assert response.source == "open_link" and response.course is None and response.children == 2
    assert response.municipality == coordinator.municipality
    with pytest.raises(services.LinkUnavailable):
        services.response_submit(walk=Walk(questionnaire), answers=answers, open_link=first)
    # an open link may be answered again and again
    services.response_submit(walk=Walk(questionnaire), answers=answers, open_link=second)
    assert Response.objects.filter(open_link=second).count() == 2


def test_open_link_needs_a_chosen_questionnaire(coordinator):
    ishoej = Questionnaire.objects.get(key="ishoej")
    with pytest.raises(DomainError, match="Vælg spørgeskemaet"):
        services.open_link_create(acting_user=coordinator, questionnaire=ishoej)
    assert not OpenLink.objects.exists()


def test_sending_the_link_by_email_keeps_the_address_and_mails_only_the_link(
    two_children_closed, django_capture_on_commit_callbacks
):
    invitation = two_children_closed.invitations.get(guardian__name="Jonas Nielsen")
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_email_send(
            acting_user=two_children_closed.primary_educator, invitation=invitation, email="jonas@example.dk"
        )
    assert invitation.guardian.email == "jonas@example.dk"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jonas@example.dk"]
    assert f"/s/{invitation.token}/" in message.body
    assert "Jonas" not in message.body and "Alma" not in message.body


def test_an_answered_invitation_is_not_sent_again(two_children_closed):
    invitation = national_invitation(two_children_closed)
    services.response_submit(walk=walk_for(invitation), answers=POSITIVE_TWO_CHILDREN, invitation=invitation)
    invitation.refresh_from_db()
    with pytest.raises(DomainError, match="kan ikke længere besvares"):
        services.invitation_email_send(
            acting_user=two_children_closed.primary_educator, invitation=invitation, email="a@b.dk"
        )


def test_answers_keep_no_link_back_to_a_person_but_the_course(two_children_closed):
    invitation = national_invitation(two_children_closed)
    response = services.response_submit(walk=walk_for(invitation), answers=POSITIVE_TWO_CHILDREN, invitation=invitation)
    field_names = {field.name for field in Answer._meta.get_fields()}
    assert "guardian" not in field_names and "child" in field_names  # the child's number, not a person
    assert response.answers.filter(child__gt=2).count() == 0


def test_purge_deletes_drafts_of_answered_invitations_and_old_open_link_drafts(two_children_closed):
    invitation = national_invitation(two_children_closed)
    walk = walk_for(invitation)
    other = two_children_closed.invitations.exclude(pk=invitation.pk).get()
    services.draft_save(key=f"invitation-{invitation.pk}", walk=walk, answers={"q1": "mother"}, page=1)
    services.draft_save(key=f"invitation-{other.pk}", walk=walk, answers={"q1": "father"}, page=1)
    services.draft_save(key="open-old", walk=walk, answers={"q1": "father"}, page=1)
    Draft.objects.filter(key="open-old").update(updated_at=timezone.now() - timedelta(days=61))
    Invitation.objects.filter(pk=invitation.pk).update(answered_at=timezone.now())
    assert services.drafts_purge() == 2
    assert list(Draft.objects.values_list("key", flat=True)) == [f"invitation-{other.pk}"]
