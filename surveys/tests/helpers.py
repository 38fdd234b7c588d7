"""Answering a questionnaire in tests: a parent's answers as the form fields are named."""

from surveys.engine import Walk
from surveys.models import Invitation

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
