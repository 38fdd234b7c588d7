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


def fake_texts(source: dict[str, str], code: str) -> dict[str, str]:
    """A test language's translation: each key tagged with the language, the Danish text's
    placeholders kept, and no Danish word, so any Danish on a page is the product's."""
    from surveys.translations import PLACEHOLDER

    return {key: " ".join([f"{code}·{key}", *PLACEHOLDER.findall(text)]) for key, text in source.items()}


def translation_uploaded(*, acting_user, questionnaire, language: str, texts: dict[str, str] | None = None):
    """The municipality's translation into `language` uploaded as a translator returns the file."""
    from surveys.translation_files import TranslationFile
    from surveys.translation_services import translation_upload
    from surveys.translations import file_source_texts

    source = file_source_texts(questionnaire)
    return translation_upload(
        acting_user=acting_user,
        questionnaire=questionnaire,
        language=language,
        translator="Tolkebureauet A/S",
        reviewed=False,
        file=TranslationFile(texts=texts or fake_texts(source, language), sources=source),
    )


def danish_chrome_in(text: str) -> list[str]:
    """The interface's Danish texts found in `text` (a counted or filled-in text by its fixed
    parts of four letters or more), as whole words."""
    import re

    from surveys.interface import interface_source
    from surveys.translations import PLACEHOLDER

    found = []
    for key, danish in interface_source().items():
        parts = PLACEHOLDER.split(danish)
        for part in parts:
            part = part.strip(" .,:;!?()")
            if len(part) < (2 if len(parts) == 1 else 4):
                continue
            if re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text):
                found.append(f"{key}: {part}")
    return found


def page_text(html: str) -> str:
    """What a parent reads of a page: the body's text without scripts, with the texts of the
    attributes a screen reader reads or a script shows (aria-label, data-saved, alt, title)."""
    import re
    from html import unescape

    body = html.split("<body", 1)[-1]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    attributes = re.findall(r'(?:aria-label|data-saved|alt|title|placeholder)="([^"]*)"', body)
    head_title = re.findall(r"<title>(.*?)</title>", html, flags=re.S)
    return unescape(" ".join([*head_title, re.sub(r"<[^>]+>", " ", body), *attributes]))
