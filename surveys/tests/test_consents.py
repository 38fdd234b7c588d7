"""Questionnaire invitations go only to parents who consented to be contacted about it."""

import pytest
from django.utils import timezone

from families.services import consent_withdraw
from surveys.models import Draft, Invitation
from surveys.selectors import draft_key_for_invitation
from visitation.services import GuardianData
from visitation.tests.factories import consents_give, course_closed, course_started

pytestmark = pytest.mark.django_db

PARENTS = [
    GuardianData(name="Sara Nielsen", relation="mother"),
    GuardianData(name="Jonas Nielsen", relation="father"),
    GuardianData(name="Ali Hussein", relation="other", has_custody=False),
]


def _closed_with_contact_consent_from(coordinator, names):
    """Closed with only the named parents consenting to be contacted (the consents are given
    before closing, as they would be in the course)."""
    from courses.services import GoalResult, course_close

    course = course_started(coordinator=coordinator, guardians=PARENTS, consents=("share_with_daycare",))
    guardians = list(course.family.guardians.filter(name__in=names))
    consents_give(course=course, acting_user=coordinator, scopes=["contact_for_questionnaire"], guardians=guardians)
    return course_close(
        acting_user=course.primary_educator,
        course=course,
        end_date=timezone.localdate(),
        end_reason="goals_reached",
        goals_reached_answer="agree",
        child_developed_answer="agree",
        goal_results=[GoalResult(goal=goal, status="reached", weight_at_end=3) for goal in course.goals.all()],
    )


def test_only_parents_who_consented_to_be_contacted_are_invited(coordinator):
    course = _closed_with_contact_consent_from(coordinator, ["Sara Nielsen"])
    assert list(course.invitations.values_list("guardian__name", flat=True)) == ["Sara Nielsen"]


def test_a_parent_without_custody_is_never_invited(coordinator):
    course = course_closed(coordinator=coordinator, guardians=PARENTS)
    assert sorted(course.invitations.values_list("guardian__name", flat=True)) == ["Jonas Nielsen", "Sara Nielsen"]


def test_withdrawing_the_contact_consent_cancels_the_open_invitation_and_its_draft(coordinator):
    course = _closed_with_contact_consent_from(coordinator, ["Sara Nielsen", "Jonas Nielsen"])
    sara = course.family.guardians.get(name="Sara Nielsen")
    invitation = course.invitations.get(guardian=sara)
    Draft.objects.create(
        key=draft_key_for_invitation(invitation), questionnaire=invitation.questionnaire, answers={"q1": "mother"}
    )
    consent_withdraw(
        acting_user=coordinator, course=course, consent=sara.consents.get(scope="contact_for_questionnaire")
    )
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.CANCELLED
    assert not Draft.objects.filter(key=draft_key_for_invitation(invitation)).exists()
    assert course.invitations.get(guardian__name="Jonas Nielsen").status == Invitation.Status.OPEN


def test_an_answered_invitation_stays_answered_when_the_consent_is_withdrawn(coordinator):
    course = _closed_with_contact_consent_from(coordinator, ["Sara Nielsen"])
    sara = course.family.guardians.get(name="Sara Nielsen")
    invitation = course.invitations.get()
    Invitation.objects.filter(pk=invitation.pk).update(answered_at=timezone.now())
    consent_withdraw(
        acting_user=coordinator, course=course, consent=sara.consents.get(scope="contact_for_questionnaire")
    )
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.ANSWERED
