"""The parents' consents: recording, withdrawing, and the check an action that shares
information makes before it goes ahead (`consent_require`)."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from families import consent_texts, selectors
from families.access import consent_write_check
from families.models import Consent, ConsentScope, ConsentText, ContactChannel, Guardian
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.sms import sms_number

# The consents' exception to the layers: a consent to be contacted given on a closed course makes
# the guardian's questionnaire invitations, a withdrawn one cancels them. A module import, as
# surveys.services imports this package too.
from surveys import services as survey_services


def consent_texts_install() -> int:
    """The shipped consent texts (migration 0004 does this too; a transactional test's flush
    removes them)."""
    return consent_texts.shipped_install(ConsentText)


def _short(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _audit_consent(
    *,
    acting_user,
    consent: Consent,
    action: str,
    criterion: str,
) -> None:
    audit_event_record(
        actor=acting_user,
        action=action,
        object_type="consent",
        object_id=consent.pk,
        subject=consent.guardian,
        municipality=consent.guardian.family.municipality,
        criterion=criterion,
    )


def _answerable_check(*, acting_user, course, guardian: Guardian, scope: str, text_version: ConsentText, on: date):
    """What a consent and a decline both need: the course's staff asking a guardian with custody
    of the course's family, about a known scope, in the words in force, on a day not to come.
    Returns the guardian, locked."""
    consent_write_check(acting_user=acting_user, course=course, guardian=guardian)
    guardian = Guardian.objects.select_for_update().select_related("family__municipality").get(pk=guardian.pk)
    if guardian.left_on is not None:
        raise DomainError(
            _("%(name)s left the family and is kept only as history.") % {"name": guardian.name}, field="guardian"
        )
    if not guardian.has_custody:
        raise DomainError(
            _("Only a parent with custody can give consent. %(name)s does not have custody.") % {"name": guardian.name},
            field="guardian",
        )
    if guardian.custody_since is not None and on < guardian.custody_since:
        raise DomainError(
            _("%(name)s has had custody since %(date)s: the consent cannot be dated earlier.")
            % {"name": guardian.name, "date": _short(guardian.custody_since)},
            field="given_on",
        )
    if scope not in ConsentScope.values:
        raise DomainError(_("Choose what the parent consents to."), field="scope")
    current = selectors.consent_text_current(scope=scope)
    if text_version.scope != scope or current is None or text_version.pk != current.pk:
        raise DomainError(
            _(
                "The consent text for “%(scope)s” has been replaced by a new version. Read the new text "
                "to the parent and record the consent again."
            )
            % {"scope": ConsentScope(scope).label},
            field="scope",
        )
    if on > timezone.localdate():
        raise DomainError(_("The date of the consent cannot be in the future."), field="given_on")
    return guardian


def _channel_check(*, guardian: Guardian, scope: str, channel: str) -> str:
    """The way to contact the parent, for the questionnaire's consent only; what it needs is on record."""
    if scope != ConsentScope.CONTACT_FOR_QUESTIONNAIRE:
        return ""
    channel = channel or ContactChannel.LETTER
    if channel not in ContactChannel.values:
        raise DomainError(_("Choose how the parent wants to be contacted."), field="channel")
    if channel == ContactChannel.EMAIL and not guardian.email:
        raise DomainError(
            _("%(name)s has no e-mail address on record: add it to the contact details, or choose a letter or SMS.")
            % {"name": guardian.name},
            field="channel",
        )
    if channel == ContactChannel.SMS:
        try:
            sms_number(guardian.phone)
        except ValueError:
            raise DomainError(
                _(
                    "%(name)s has no Danish phone number on record (8 digits, perhaps with +45 in front): "
                    "add it to the contact details, or choose a letter or e-mail."
                )
                % {"name": guardian.name},
                field="channel",
            ) from None
    return channel


@transaction.atomic
def consent_record(
    *,
    acting_user,
    course,
    guardian: Guardian,
    scope: str,
    text_version: ConsentText,
    given_on: date,
    channel: str = "",
) -> Consent:
    """Record that a guardian with custody consented to `scope`, to the wording `text_version`
    (the version the form showed, which must still be the one in force). A consent to be
    contacted about the questionnaire says how (`channel`: a letter when not given); an e-mail
    needs the parent's address and an SMS a Danish phone number on record.

    Recording the consent to be contacted about the questionnaire on a closed course makes the
    guardian's invitation, which closing the course could not make without it.
    """
    guardian = _answerable_check(
        acting_user=acting_user, course=course, guardian=guardian, scope=scope, text_version=text_version, on=given_on
    )
    channel = _channel_check(guardian=guardian, scope=scope, channel=channel)
    active = Consent.objects.filter(guardian=guardian, scope=scope, withdrawn_on__isnull=True).first()
    if active is not None:
        raise DomainError(
            _(
                "%(name)s has already consented to “%(scope)s” (given on %(date)s). Withdraw that consent "
                "first to record a new one."
            )
            % {"name": guardian.name, "scope": ConsentScope(scope).label, "date": _short(active.given_on)},
            field="scope",
        )
    try:
        with transaction.atomic():
            consent = Consent.objects.create(
                guardian=guardian,
                scope=scope,
                text_version=text_version,
                given_on=given_on,
                recorded_by=acting_user,
                channel=channel,
            )
    except IntegrityError:  # the one-active constraint, should a second click slip past the check
        raise DomainError(
            _("%(name)s has already consented to “%(scope)s”.")
            % {"name": guardian.name, "scope": ConsentScope(scope).label},
            field="scope",
        ) from None
    _audit_consent(
        acting_user=acting_user,
        consent=consent,
        action=Action.CREATE,
        criterion=f"consent {scope} v{text_version.version} given {given_on.isoformat()}"
        + (f" by {channel}" if channel else ""),
    )
    if scope == ConsentScope.CONTACT_FOR_QUESTIONNAIRE and course.phase == "closed":
        survey_services.invitations_create_for_course(acting_user=acting_user, course=course)
    return consent


@transaction.atomic
def consent_withdraw(
    *,
    acting_user,
    course,
    consent: Consent,
) -> Consent:
    """The parent withdraws a consent: one step, dated today, who recorded it kept. The row stays
    as history. A withdrawn consent to be contacted cancels the guardian's open invitations."""
    consent_write_check(acting_user=acting_user, course=course, guardian=consent.guardian)
    consent = Consent.objects.select_for_update().select_related("guardian__family__municipality").get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise DomainError(_("This consent was already withdrawn on %(date)s.") % {"date": _short(consent.withdrawn_on)})
    consent.withdrawn_on = timezone.localdate()
    consent.withdrawn_by = acting_user
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_on", "withdrawn_by", "withdrawn_at"])
    cancelled = 0
    if consent.scope == ConsentScope.CONTACT_FOR_QUESTIONNAIRE:
        cancelled = survey_services.invitations_cancel_for_guardian(guardian=consent.guardian)
    _audit_consent(
        acting_user=acting_user,
        consent=consent,
        action=Action.UPDATE,
        criterion=f"consent {consent.scope} withdrawn" + (f", {cancelled} invitations cancelled" if cancelled else ""),
    )
    return consent


def consent_require(*, family, scope: str, on: date, action: str, field: str | None = None) -> None:
    """Refuse `action` (a Danish phrase naming what would share information) unless the family's
    consent to `scope` is valid on `on`, naming the consent and who has not given it.

    Every parent with custody counts (`families.selectors.custodians_on`): a parent added with
    custody, or who gained it, is named here from the day custody began until their own consent
    is recorded; a parent who left the family or lost custody no longer counts."""
    label = ConsentScope(scope).label
    if not selectors.custodians_on(family=family, on=on).exists():
        raise DomainError(
            _(
                "%(action)s needs the consent “%(scope)s” from the parents with custody, and no parent with custody is recorded."
            )
            % {"action": action, "scope": label},
            field=field,
        )
    missing = selectors.guardians_without_consent(family=family, scope=scope, on=on)
    if missing:
        raise DomainError(
            _(
                "%(action)s needs the consent “%(scope)s” from every parent with custody, valid on %(date)s. "
                "It is missing from %(names)s. Record the consent under “Consents” on the course page."
            )
            % {
                "action": action,
                "scope": label,
                "date": _short(on),
                "names": f" {_('and')} ".join(g.name for g in missing),
            },
            field=field,
        )


def consents_end_for_guardian(*, acting_user, guardian: Guardian, on: date) -> int:
    """End a parent's active consents on `on`, as the parent left the family or lost custody:
    only a parent with custody can consent, so their consents stop counting from that day. The
    rows stay as history (withdrawn on that day, by the user who recorded the change; a consent
    dated later than the change ends on its own date), valid still for actions before it, and a
    regained custody asks for consent anew. Their open questionnaire invitations are cancelled.
    Only inside `guardian_remove` and `guardian_custody_change`, whose event names the count."""
    consents = list(Consent.objects.select_for_update().filter(guardian=guardian, withdrawn_on__isnull=True))
    now = timezone.now()
    for consent in consents:
        consent.withdrawn_on = max(on, consent.given_on)
        consent.withdrawn_by = acting_user
        consent.withdrawn_at = now
    Consent.objects.bulk_update(consents, ["withdrawn_on", "withdrawn_by", "withdrawn_at"])
    survey_services.invitations_cancel_for_guardian(guardian=guardian)
    return len(consents)
