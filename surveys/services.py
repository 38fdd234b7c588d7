"""Writes of the parent questionnaires: invitations, open links, drafts and responses."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from families import services as family_services  # a module import: it imports this module too
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User
from surveys import selectors
from surveys.access import invitation_send_check, questionnaire_settings_check
from surveys.engine import Walk
from surveys.forms import FREE_TEXT_MAX, PageForm
from surveys.models import (
    Answer,
    Draft,
    Invitation,
    OpenLink,
    QuestionKind,
    Questionnaire,
    QuestionnaireChoice,
    Response,
    Source,
)
from surveys.tasks import invitation_email_deliver, invitation_sms_deliver

TOKEN_BYTES = 32  # 256 bits from `secrets`; the issue asks for at least 128


class AlreadyAnswered(DomainError):
    pass


class LinkUnavailable(DomainError):
    pass


class AnswersIncomplete(DomainError):
    def __init__(self, message, *, field, page):
        super().__init__(message, field=field, code="incomplete")
        self.page = page


def token_new() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


@transaction.atomic
def invitations_create_for_course(
    *,
    acting_user: User,
    course,
) -> list[Invitation]:
    """When a course closes: one invitation per questionnaire the municipality uses, for each
    guardian with custody whose consent to be contacted about the questionnaire is active.
    A guardian without it gets none (the course page says why)."""
    now = timezone.now()
    expires_at = now + timedelta(days=settings.SURVEY_INVITATION_DAYS)
    questionnaires, guardians = selectors.invitation_recipients(course=course)
    invitations = []
    for questionnaire in questionnaires:
        for guardian in guardians:
            invitation, created = Invitation.objects.get_or_create(
                course=course,
                guardian=guardian,
                questionnaire=questionnaire,
                defaults={"token": token_new(), "created_at": now, "expires_at": expires_at},
            )
            if created:
                invitations.append(invitation)
    by_sms = {
        pk
        for pk, channel in selectors.contact_channels(guardian_ids={g.pk for g in guardians}).items()
        if channel == "sms"
    }
    for invitation in invitations:
        if invitation.guardian_id in by_sms:  # the link by SMS once committed; others get the letter
            transaction.on_commit(lambda pk=invitation.pk: invitation_sms_deliver.delay(pk))
    if invitations:
        audit_event_record(
            actor=acting_user,
            action=Action.CREATE,
            object_type="invitation",
            object_id=course.pk,
            subject=course.family,
            municipality=course.municipality,
            criterion=f"{len(invitations)} invitations",
        )
    return invitations


def _invitations_cancel(open_invitations) -> int:
    """Open invitations can no longer be answered; their drafts go too."""
    open_invitations = open_invitations.filter(answered_at__isnull=True, cancelled_at__isnull=True)
    keys = [selectors.draft_key_for_invitation(invitation) for invitation in open_invitations]
    Draft.objects.filter(key__in=keys).delete()
    return open_invitations.update(cancelled_at=timezone.now())


def invitations_cancel_for_course(*, course) -> int:
    """Participation withdrawn: nobody in the family is asked any more."""
    return _invitations_cancel(Invitation.objects.filter(course=course))


def invitations_cancel_for_guardian(*, guardian) -> int:
    """The guardian withdrew the consent to be contacted about the questionnaire."""
    return _invitations_cancel(Invitation.objects.filter(guardian=guardian))


@transaction.atomic
def invitation_email_send(
    *,
    acting_user: User,
    invitation: Invitation,
    email: str,
) -> Invitation:
    """Send the guardian the link by e-mail; the address is kept on the guardian, never in the task."""
    course = invitation.course
    invitation_send_check(acting_user=acting_user, invitation=invitation)
    if invitation.status != Invitation.Status.OPEN:
        raise DomainError(_("The invitation can no longer be answered, so the link cannot be sent."))
    guardian = family_services.guardian_email_set(guardian=invitation.guardian, email=email)
    invitation.emailed_at = timezone.now()
    invitation.save(update_fields=["emailed_at"])
    audit_event_record(
        actor=acting_user,
        action=Action.UPDATE,
        object_type="invitation",
        object_id=invitation.pk,
        subject=guardian,
        municipality=course.municipality,
        criterion="link sent by e-mail",
    )
    transaction.on_commit(lambda: invitation_email_deliver.delay(invitation.pk))
    return invitation


@transaction.atomic
def questionnaire_choice_set(
    *,
    acting_user: User,
    questionnaires: list[Questionnaire],
) -> None:
    questionnaire_settings_check(acting_user=acting_user)
    municipality = acting_user.municipality
    available = set(selectors.questionnaires_available_to(municipality=municipality))
    if not questionnaires:
        raise DomainError(_("Choose at least one questionnaire."), field="questionnaires")
    if any(questionnaire not in available for questionnaire in questionnaires):
        raise DomainError(_("Choose among the questionnaires shown."), field="questionnaires")
    QuestionnaireChoice.objects.filter(municipality=municipality).exclude(questionnaire__in=questionnaires).delete()
    for questionnaire in questionnaires:
        QuestionnaireChoice.objects.get_or_create(
            municipality=municipality, questionnaire=questionnaire, defaults={"chosen_by": acting_user}
        )
    audit_event_record(
        actor=acting_user,
        action=Action.UPDATE,
        object_type="questionnaire_choice",
        criterion=",".join(f"{q.key}-v{q.version}" for q in questionnaires),
    )


@transaction.atomic
def open_link_create(
    *,
    acting_user: User,
    questionnaire: Questionnaire,
) -> OpenLink:
    """A new open link for the municipality; the previous one for the questionnaire stops working."""
    questionnaire_settings_check(acting_user=acting_user)
    municipality = acting_user.municipality
    if questionnaire not in selectors.questionnaires_for_municipality(municipality=municipality):
        raise DomainError(_("Choose the questionnaire for the municipality first."))
    OpenLink.objects.filter(municipality=municipality, questionnaire=questionnaire, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )
    link = OpenLink.objects.create(
        municipality=municipality, questionnaire=questionnaire, token=token_new(), created_by=acting_user
    )
    audit_event_record(actor=acting_user, action=Action.CREATE, object_type="open_link", object_id=link.pk)
    return link


def draft_merge(*, walk: Walk, saved: dict, posted: dict, page: int) -> dict:
    """The answers so far with `page`'s posted answers on top; an emptied answer is forgotten."""
    merged = dict(saved)
    current = {**merged, **posted}
    for item in walk.items(current, page=page):
        for name in (item.field, item.other_field):
            value = posted.get(name)
            if value in (None, ""):
                merged.pop(name, None)
            else:
                merged[name] = str(value)[:FREE_TEXT_MAX]
    return merged


def draft_save(*, key: str, walk: Walk, answers: dict, page: int) -> Draft:
    """Keep what the parent has answered on `page` so far; other pages' answers stay as they were."""
    saved = selectors.draft_answers(key=key)
    merged = draft_merge(walk=walk, saved=saved, posted=answers, page=page)
    defaults = {"questionnaire": walk.questionnaire, "answers": merged}
    try:
        with transaction.atomic():
            draft, _created = Draft.objects.update_or_create(key=key, defaults=defaults)
    except IntegrityError:
        # A second request of the same parent (a reload) created the draft in between: update it.
        draft, _created = Draft.objects.update_or_create(key=key, defaults=defaults)
    return draft


def drafts_purge() -> int:
    """Drafts of invitations that can no longer be answered, and an open link's drafts left
    untouched longer than its cookie lives (SURVEY_OPEN_DRAFT_DAYS), are deleted: unsent answers
    are kept no longer than needed."""
    now = timezone.now()
    finished = Invitation.objects.filter(
        Q(answered_at__isnull=False) | Q(cancelled_at__isnull=False) | Q(expires_at__lte=now)
    ).values_list("pk", flat=True)
    stale = Q(updated_at__lt=now - timedelta(days=settings.SURVEY_INVITATION_DAYS))
    stale |= Q(key__startswith="open-", updated_at__lt=now - timedelta(days=settings.SURVEY_OPEN_DRAFT_DAYS))
    keys = [selectors.draft_key_for_invitation(Invitation(pk=pk)) for pk in finished]
    deleted, _ = Draft.objects.filter(stale | Q(key__in=keys)).delete()
    audit_event_record(  # the nightly housekeeping: one event with the count, nothing personal
        actor=None,
        action=Action.DELETE,
        object_type="draft",
        object_id=deleted,
        criterion=f"{deleted} unsent questionnaire drafts deleted",
    )
    return deleted


def _validated_answers(*, walk: Walk, answers: dict) -> list[Answer]:
    """Every page checked as the parent would have met it; the first problem names its page."""
    rows = []
    for page in walk.pages:
        items = walk.items(answers, page=page, same_page_conditions=False)
        form = PageForm(data=answers, items=items)
        if not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            raise AnswersIncomplete(errors[0], field=field, page=page)
        for item in items:
            value = form.cleaned_data.get(item.field)
            if value in (None, ""):
                continue
            question = item.question
            row = Answer(question=question, child=item.child)
            if question.kind == QuestionKind.FREE_TEXT:
                row.text = value.strip()
            elif question.kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
                row.number = int(value)
            else:
                row.choice = value
                if question.other_choice and value == question.other_choice:
                    row.text = form.cleaned_data.get(item.other_field, "").strip()
            rows.append(row)
    return rows


@transaction.atomic
def response_submit(
    *,
    walk: Walk,
    answers: dict,
    invitation: Invitation | None = None,
    open_link: OpenLink | None = None,
    draft_key: str = "",
    low_rating_confirmed: bool = False,
) -> Response:
    """Store the parent's answers once. A second submission of the same invitation, however
    simultaneous, finds it answered: the invitation row is locked and the response is unique."""
    if (invitation is None) == (open_link is None):
        raise ValueError("a response comes from exactly one invitation or open link")
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().select_related("course").get(pk=invitation.pk)
        if invitation.answered_at:
            raise AlreadyAnswered(_("The questionnaire has already been answered."))
        if invitation.status != Invitation.Status.OPEN:
            raise LinkUnavailable(_("The link no longer works."))
        municipality_id, course = invitation.course.municipality_id, invitation.course
    else:
        open_link = OpenLink.objects.get(pk=open_link.pk)
        if open_link.closed_at:
            raise LinkUnavailable(_("The link no longer works."))
        municipality_id, course = open_link.municipality_id, None
    rows = _validated_answers(walk=walk, answers=answers)
    doubtful = None if low_rating_confirmed else walk.rating_needs_confirmation(answers)
    if doubtful is not None:
        raise DomainError(_("Please confirm your rating."), field=doubtful.field, code="confirm_low_rating")
    now = timezone.now()
    try:
        with transaction.atomic():
            response = Response.objects.create(
                questionnaire=walk.questionnaire,
                municipality_id=municipality_id,
                source=Source.INVITATION if invitation else Source.OPEN_LINK,
                invitation=invitation,
                open_link=open_link,
                course=course,
                children=len(walk.child_labels(answers)) if any(q.per_child for q in walk.questions) else 0,
                low_rating_confirmed=low_rating_confirmed,
                submitted_at=now,
            )
    except IntegrityError as error:
        raise AlreadyAnswered(_("The questionnaire has already been answered.")) from error
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    if invitation is not None:
        invitation.answered_at = now
        invitation.save(update_fields=["answered_at"])
    if draft_key:
        Draft.objects.filter(key=draft_key).delete()
    audit_event_record(
        actor=None,
        action=Action.CREATE,
        object_type="response",
        object_id=response.pk,
        municipality=response.municipality,
        criterion=response.source,
    )
    return response


def invitations_anonymise_for_course(*, course, now=None) -> None:
    """A new random token nobody knows for every invitation; open ones are cancelled at `now`,
    the course's moment of anonymisation (so the response rate still counts them as asked,
    `reporting.selectors.invitation_counts`); drafts go.

    Called only by the retention job (`privacy.services.course_anonymise_after_retention`) inside
    its transaction; the job records the audit event.
    """
    invitations = list(Invitation.objects.filter(course=course).select_for_update())
    Draft.objects.filter(key__in=[selectors.draft_key_for_invitation(i) for i in invitations]).delete()
    now = now or timezone.now()
    for invitation in invitations:
        invitation.token = secrets.token_urlsafe(32)
        fields = ["token"]
        if invitation.status_at(now) == Invitation.Status.OPEN:
            invitation.cancelled_at = now
            fields.append("cancelled_at")
        invitation.save(update_fields=fields)


def answers_anonymise_for_course(*, course) -> None:
    """Free-text answers (and a chosen "describe" option's text) may name the family. Reports
    never read them; the closed answers stay.

    Called only by the retention job, inside its transaction; the job records the audit event.
    """
    Answer.objects.filter(response__course=course).exclude(text="").update(text="")


@dataclass(frozen=True)
class ImportedResponse:
    """A response given outside the app (a historical sheet), as `response_submit` would store it:
    each answer is (question number, child, choice, number)."""

    external_id: str
    submitted_at: datetime
    course_id: int | None
    children: int
    answers: frozenset


@transaction.atomic
def response_import_create(
    *,
    acting_user: User,
    questionnaire: Questionnaire,
    responses: list[ImportedResponse],
) -> list[Response]:
    """Store `responses` to `questionnaire` in the acting coordinator's municipality exactly as
    `response_submit` stores a parent's answers, so reports count both alike. In bulk: a sheet
    has thousands of rows. Only inside the sheet import, whose one audit event covers them."""
    questions = {question.number: question for question in questionnaire.questions.all()}
    created = Response.objects.bulk_create(
        Response(
            questionnaire=questionnaire,
            municipality=acting_user.municipality,
            source=Source.IMPORT,
            external_id=row.external_id,
            course_id=row.course_id,
            children=row.children,
            submitted_at=row.submitted_at,
        )
        for row in responses
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=questions[question], child=child, choice=choice, number=number)
        for response, row in zip(created, responses, strict=True)
        for question, child, choice, number in sorted(row.answers, key=lambda a: (questions[a[0]].position, a[1]))
    )
    return created
