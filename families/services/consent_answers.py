"""The parents' answers when asked for their consents: a "yes" is a `Consent`
(`consents.consent_record`), a "no" a `ConsentDecline`. The start-up meeting asks every parent
with custody for every consent not already given (`consents_answer`)."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from families.models import Consent, ConsentDecline, ConsentScope, ConsentText, Guardian
from families.services.consents import _answerable_check, _short, consent_record
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError


@dataclass(frozen=True)
class ConsentAnswer:
    """One parent's answer to one scope, in the words the form showed."""

    guardian: Guardian
    scope: str
    text_version: ConsentText
    given: bool
    # For the consent to be contacted about the questionnaire: letter (when empty), email or sms.
    channel: str = ""


@transaction.atomic
def consent_decline_record(
    *,
    acting_user,
    course,
    guardian: Guardian,
    scope: str,
    text_version: ConsentText,
    declined_on: date,
) -> ConsentDecline:
    """Record that a guardian with custody, asked, did not consent to `scope`. A consent in force
    is not declined here: withdrawing it is the parent's "no" from then on."""
    guardian = _answerable_check(
        acting_user=acting_user,
        course=course,
        guardian=guardian,
        scope=scope,
        text_version=text_version,
        on=declined_on,
    )
    active = Consent.objects.filter(guardian=guardian, scope=scope, withdrawn_on__isnull=True).first()
    if active is not None:
        raise DomainError(
            _(
                "%(name)s has consented to “%(scope)s” (given on %(date)s). If the parent no longer "
                "consents, withdraw the consent."
            )
            % {"name": guardian.name, "scope": ConsentScope(scope).label, "date": _short(active.given_on)},
            field="scope",
        )
    decline = ConsentDecline.objects.create(
        guardian=guardian, scope=scope, text_version=text_version, declined_on=declined_on, recorded_by=acting_user
    )
    audit_event_record(
        actor=acting_user,
        action=Action.CREATE,
        object_type="consent_decline",
        object_id=decline.pk,
        subject=guardian,
        municipality=guardian.family.municipality,
        criterion=f"consent {scope} v{text_version.version} declined {declined_on.isoformat()}",
    )
    return decline


def _unanswered(*, family, answers: list[ConsentAnswer]) -> list[tuple[Guardian, str]]:
    """The (guardian with custody, scope) pairs without a consent in force and without an answer."""
    answered = {(answer.guardian.pk, answer.scope) for answer in answers}
    active = set(
        Consent.objects.filter(guardian__family=family, withdrawn_on__isnull=True).values_list("guardian_id", "scope")
    )
    return [
        (guardian, scope)
        for guardian in family.guardians.filter(has_custody=True).order_by("pk")
        for scope in ConsentScope.values
        if (guardian.pk, scope) not in answered and (guardian.pk, scope) not in active
    ]


@transaction.atomic
def consents_answer(*, acting_user, course, answers: list[ConsentAnswer], on: date) -> list[Consent | ConsentDecline]:
    """Every parent with custody answers every consent not already given, each "given" or
    "declined", all dated `on`: one audit event per answer (with the parent as subject)."""
    missing = _unanswered(family=course.family, answers=answers)
    if missing:
        guardian, scope = missing[0]
        raise DomainError(
            _("Answer whether %(name)s consents to “%(scope)s”: given or declined.")
            % {"name": guardian.name, "scope": ConsentScope(scope).label},
            field="consents",
        )
    recorded = []
    for answer in answers:
        arguments = {
            "acting_user": acting_user,
            "course": course,
            "guardian": answer.guardian,
            "scope": answer.scope,
            "text_version": answer.text_version,
        }
        if answer.given:
            recorded.append(consent_record(**arguments, given_on=on, channel=answer.channel))
        else:
            recorded.append(consent_decline_record(**arguments, declined_on=on))
    return recorded
