"""Answering a questionnaire in tests: a parent's answers as the form fields are named."""

from datetime import timedelta

from django.utils import timezone

from surveys.engine import Walk
from surveys.models import Invitation
from visitation.services import ChildData, GuardianData

POSITIVE_TWO_CHILDREN = {
    "q1": "mother",
    "q2": "no",
    "q3": "2",
    "q4_b1": "yes",
    "q4_b2": "no",
    "q5_b1": "strongly_agree",
    "q5_b2": "agree",
    "q6_b1": "agree",
    "q6_b2": "agree",
    "q7": "strongly_agree",
    "q8_b1": "agree",
    "q9": "9",
    "q10": "Hjemmepædagogen var en stor hjælp.",
}


def national_invitation(course) -> Invitation:
    return course.invitations.filter(questionnaire__key="national").order_by("pk").first()


def walk_for(invitation: Invitation) -> Walk:
    from surveys.selectors import child_labels_for_invitation

    return Walk(invitation.questionnaire, child_labels=child_labels_for_invitation(invitation))


CONTACT = "contact_for_questionnaire"
SARA = GuardianData(name="Sara Nielsen", relation="mother", phone="20 30 40 50", email="sara@example.dk")


def closed_with_channel(coordinator, channel, guardian=SARA):
    """Closed today with the mother's consent to be contacted, the way she chose."""
    from courses.services import GoalResult, course_close
    from families.selectors import consent_text_current
    from families.services import consent_record
    from visitation.tests.factories import course_started

    today = timezone.localdate()
    course = course_started(
        coordinator=coordinator,
        guardians=[guardian],
        children=[
            ChildData(name="Alma Nielsen", birth_date=today - timedelta(days=700)),
            ChildData(name="Bo Nielsen", birth_date=today - timedelta(days=200)),
        ],
        consents=("share_with_daycare",),
    )
    consent_record(
        acting_user=coordinator,
        course=course,
        guardian=course.family.guardians.get(),
        scope=CONTACT,
        text_version=consent_text_current(scope=CONTACT),
        given_on=today,
        channel=channel,
    )
    return course_close(
        acting_user=course.primary_educator,
        course=course,
        end_date=today,
        end_reason="goals_reached",
        goals_reached_answer="agree",
        child_developed_answer="agree",
        goal_results=[GoalResult(goal=goal, status="reached", weight_at_end=3) for goal in course.goals.all()],
    )
