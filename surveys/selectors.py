"""Reads of the parent questionnaires. Nothing here returns one family's answers to staff."""

from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from courses.selectors import course_list_visible_to
from families.models import Consent, ConsentScope, ContactChannel, Guardian
from families.selectors import guardians_current, guardians_with_active_consent
from surveys.models import (
    NATIONAL,
    Invitation,
    InvitationReminder,
    OpenLink,
    Questionnaire,
    QuestionnaireTranslation,
)


def questionnaires_available_to(*, municipality) -> QuerySet[Questionnaire]:
    """The active questionnaires a municipality may choose: the shared ones and its own variants."""
    return (
        Questionnaire.objects.filter(is_active=True)
        .filter(Q(municipality__isnull=True) | Q(municipality=municipality))
        .order_by("key", "-version")
    )


def questionnaires_for_municipality(*, municipality) -> list[Questionnaire]:
    """The questionnaires the municipality's parents answer; the national one until it chooses."""
    chosen = list(questionnaires_available_to(municipality=municipality).filter(choices_by__municipality=municipality))
    if chosen:
        return chosen
    national = questionnaires_available_to(municipality=municipality).filter(key=NATIONAL).first()
    return [national] if national else []


def invitation_recipients(*, course) -> tuple[list[Questionnaire], list[Guardian]]:
    """What closing the course invites to, and whom: the municipality's questionnaires, for each
    guardian with custody whose consent to be contacted about them is active today. The close and
    the close page both ask here, so the page says what the close will do."""
    questionnaires = questionnaires_for_municipality(municipality=course.municipality)
    guardians = guardians_with_active_consent(family=course.family, scope=ConsentScope.CONTACT_FOR_QUESTIONNAIRE)
    return questionnaires, guardians


def contact_channels(*, guardian_ids) -> dict[int, str]:
    """How each guardian chose to be contacted about the questionnaire (their active consent):
    letter, email or sms; a consent recorded before the choice existed is a letter."""
    rows = Consent.objects.filter(
        guardian_id__in=list(guardian_ids), scope=ConsentScope.CONTACT_FOR_QUESTIONNAIRE, withdrawn_on__isnull=True
    ).values_list("guardian_id", "channel")
    return {guardian_id: channel or ContactChannel.LETTER for guardian_id, channel in rows}


@dataclass(frozen=True)
class InvitationPlan:
    """One guardian on the close page: invited when the course closes, or why not."""

    guardian: Guardian
    invited: bool
    has_custody: bool


def invitation_plan_for_course(*, course) -> tuple[list[Questionnaire], list[InvitationPlan]]:
    questionnaires, recipients = invitation_recipients(course=course)
    invited = {guardian.pk for guardian in recipients} if questionnaires else set()
    return questionnaires, [
        InvitationPlan(guardian=guardian, invited=guardian.pk in invited, has_custody=guardian.has_custody)
        for guardian in guardians_current(family=course.family).order_by("pk")  # who left gets none
    ]


def draft_key_for_invitation(invitation: Invitation) -> str:
    return f"invitation-{invitation.pk}"


def token_resolve(*, token: str) -> tuple[Invitation | None, OpenLink | None]:
    """The invitation or open link a token belongs to, or neither."""
    if not token or len(token) > 64:
        return None, None
    invitation = Invitation.objects.select_related("questionnaire", "course__municipality").filter(token=token).first()
    if invitation is not None:
        return invitation, None
    return None, OpenLink.objects.select_related("questionnaire", "municipality").filter(token=token).first()


def child_labels_for_invitation(invitation: Invitation) -> list[str]:
    """What the parent calls each child in the per-child questions: the first name."""
    names = []
    for child in invitation.course.family.children.all():
        first = child.name.split()[0] if child.name.strip() else ""
        names.append(first or str(len(names) + 1))
    return names


def invitations_for_course(*, course) -> list[Invitation]:
    return list(
        course.invitations.select_related("guardian", "questionnaire")
        .prefetch_related("reminders")
        .order_by("guardian_id", "questionnaire_id")
    )


REPRINTS_SHOWN = 50


def invitation_reprints_for(*, user) -> list[InvitationReminder]:
    """The letters to print again on Mine forløb: of the courses the user may see (the course
    gate), each open invitation whose latest reminder is a letter, oldest first."""
    latest = InvitationReminder.objects.filter(invitation=OuterRef("invitation")).order_by("-number").values("pk")[:1]
    return list(
        InvitationReminder.objects.filter(
            channel=ContactChannel.LETTER,
            pk=Subquery(latest),
            invitation__course__in=course_list_visible_to(user=user).values("pk"),
            invitation__answered_at__isnull=True,
            invitation__cancelled_at__isnull=True,
            invitation__expires_at__gt=timezone.now(),
        )
        .select_related("invitation__course")
        .order_by("created_at", "pk")[:REPRINTS_SHOWN]
    )


def open_links_for_municipality(*, municipality) -> dict[int, OpenLink]:
    """The active open link per questionnaire id."""
    links = OpenLink.objects.filter(municipality=municipality, closed_at__isnull=True)
    return {link.questionnaire_id: link for link in links}


def draft_answers(*, key: str) -> dict:
    from surveys.models import Draft

    draft = Draft.objects.filter(key=key).only("answers").first()
    return dict(draft.answers) if draft else {}


def draft_language(*, key: str) -> str:
    from surveys.models import Draft

    return Draft.objects.filter(key=key).values_list("language", flat=True).first() or ""


def translations_for(*, questionnaire, municipality) -> dict[str, QuestionnaireTranslation]:
    """The questionnaire's translations the municipality's parents may choose, by language: the
    shipped ones, and the municipality's own (which take the place of a shipped one)."""
    rows = QuestionnaireTranslation.objects.filter(questionnaire=questionnaire).filter(
        Q(municipality__isnull=True) | Q(municipality=municipality)
    )
    by_language = {}
    for row in sorted(rows, key=lambda row: row.municipality_id is not None):
        by_language[row.language] = row
    return by_language


def translations_shipped_for(*, municipality) -> list[QuestionnaireTranslation]:
    """The translations that come with the system of the questionnaires the municipality may choose."""
    return list(
        QuestionnaireTranslation.objects.filter(
            municipality__isnull=True,
            questionnaire__in=questionnaires_available_to(municipality=municipality),
        )
        .select_related("questionnaire")
        .order_by("questionnaire__key", "-questionnaire__version", "language")
    )


def translation_get_for_user_or_404(*, user, pk: int) -> QuestionnaireTranslation:
    """One of the user's municipality's own translations; another's, or a shipped one, is 404."""
    return get_object_or_404(
        QuestionnaireTranslation.objects.filter(municipality_id=user.municipality_id).exclude(municipality=None),
        pk=pk,
    )


def translations_of_municipality(*, municipality) -> list[QuestionnaireTranslation]:
    """The translations the municipality uploaded, for its settings page."""
    return list(
        QuestionnaireTranslation.objects.filter(municipality=municipality)
        .select_related("questionnaire", "created_by")
        .order_by("questionnaire__key", "-questionnaire__version", "language")
    )
