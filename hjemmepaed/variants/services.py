"""Writes of a municipality's model: new versions of its settings and its own referral questions.

A version applies from a date, today or later: a course runs under the version in force on its
start date, so a back-dated version would move running courses. A version that is not yet in
force may be replaced (recording again for the same date); one in force never changes.
"""

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Municipality, User
from hjemmepaed.variants.access import variant_may_change
from hjemmepaed.variants.models import (
    NATIONAL_MAX_AGE_MONTHS,
    NATIONAL_MAX_WEEKS,
    Preset,
    ReferralQuestion,
    Variant,
    Visitation,
)
from hjemmepaed.variants.presets import NATIONAL, PRESETS

# The settings a version holds (the preset's keys): every one must be given or defaults to national.
SETTING_NAMES = tuple(NATIONAL)

# (field, smallest, largest) of the whole-number settings; None is allowed where the field is nullable.
RANGES = (
    ("min_age_months", 0, 119),
    ("max_age_months", 1, 120),
    ("max_weeks", 1, 104),
    ("visit_cap", 1, 200),
    ("booster_window_months", 0, 12),
    ("planning_rhythm_days", 1, 90),
    ("first_visit_deadline_days", 1, 90),
    ("survey_reminder_days", 1, 60),
)
NULLABLE = {"visit_cap", "planning_rhythm_days", "first_visit_deadline_days"}


def _ensure_manager(*, acting_user: User, municipality: Municipality) -> None:
    if not variant_may_change(user=acting_user, municipality=municipality):
        raise DomainError(_("Only a manager of the municipality can change its model."))


def _check_settings(*, municipality: Municipality, settings: dict, team_members) -> None:
    for name, low, high in RANGES:
        value = settings[name]
        if value is None and name in NULLABLE:
            continue
        if value is None or not low <= value <= high:
            raise DomainError(
                _("Write a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}, field=name
            )
    if settings["min_age_months"] >= settings["max_age_months"]:
        raise DomainError(_("The youngest age at start must be below the oldest."), field="min_age_months")
    reason = settings["deviation_reason"].strip()
    if settings["max_age_months"] > NATIONAL_MAX_AGE_MONTHS and not reason:
        raise DomainError(
            _(
                "%(municipality)s: the national model takes children up to %(limit)s months at the start; "
                "write the reason for taking children up to %(value)s months."
            )
            % {
                "municipality": municipality.name,
                "limit": NATIONAL_MAX_AGE_MONTHS,
                "value": settings["max_age_months"],
            },
            field="deviation_reason",
        )
    if settings["max_weeks"] > NATIONAL_MAX_WEEKS and not reason:
        raise DomainError(
            _(
                "%(municipality)s: the national model lasts at most %(limit)s weeks; "
                "write the reason for courses of up to %(value)s weeks."
            )
            % {"municipality": municipality.name, "limit": NATIONAL_MAX_WEEKS, "value": settings["max_weeks"]},
            field="deviation_reason",
        )
    if not settings["offer_name"].strip():
        raise DomainError(_("Write the offer's local name."), field="offer_name")
    if settings["visitation"] not in Visitation.values:
        raise DomainError(_("Choose who takes part in the visitation."), field="visitation")
    if settings["preset"] not in Preset.values:
        raise DomainError(_("Choose a preset the settings are based on."), field="preset")
    outsiders = [member for member in team_members if member.municipality_id != municipality.pk or not member.is_active]
    if outsiders:
        raise DomainError(
            _("The visitation team can only have active staff of %(municipality)s.")
            % {"municipality": municipality.name},
            field="team_members",
        )
    if settings["visitation"] == Visitation.TEAM and not team_members:
        raise DomainError(_("Name at least one member of the visitation team."), field="team_members")


@transaction.atomic
def variant_record(
    *,
    acting_user: User,
    municipality: Municipality,
    valid_from: date,
    team_members=(),
    note: str = "",
    **settings,
) -> Variant:
    """A new version of the municipality's model from `valid_from` (today or later).

    `settings` are the preset's keys (`presets.NATIONAL`); those left out are the national
    model's. Recording again for a date not yet reached replaces that upcoming version."""
    unknown = set(settings) - set(SETTING_NAMES)
    if unknown:
        raise TypeError(f"unknown settings: {sorted(unknown)}")
    _ensure_manager(acting_user=acting_user, municipality=municipality)
    settings = {**NATIONAL, **settings}
    settings["offer_name"] = settings["offer_name"].strip()
    settings["deviation_reason"] = settings["deviation_reason"].strip()
    team_members = list(team_members)
    today = timezone.localdate()
    if valid_from is None or valid_from < today:
        raise DomainError(
            _("A change can apply from today at the earliest: a running course keeps the version it started under."),
            field="valid_from",
        )
    _check_settings(municipality=municipality, settings=settings, team_members=team_members)
    # The municipality's row orders concurrent recordings for the same date.
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    existing = Variant.objects.filter(municipality=municipality, valid_from=valid_from).first()
    if existing is not None and valid_from <= today:
        raise DomainError(
            _("The version from %(date)s is already in force and cannot be changed; choose a later date.")
            % {"date": f"{valid_from:%d-%m-%Y}"},
            field="valid_from",
        )
    if existing is None:
        variant = Variant.objects.create(
            municipality=municipality,
            valid_from=valid_from,
            note=note.strip(),
            recorded_by=acting_user,
            **settings,
        )
        action = Action.CREATE
    else:
        variant = existing
        for name, value in settings.items():
            setattr(variant, name, value)
        variant.note = note.strip()
        variant.recorded_by = acting_user
        variant.recorded_at = timezone.now()
        variant.save(update_fields=[*settings, "note", "recorded_by", "recorded_at"])
        action = Action.UPDATE
    variant.team_members.set(team_members)
    audit_event_record(
        actor=acting_user,
        action=action,
        object_type="variant",
        object_id=variant.pk,
        municipality=municipality,
        criterion=f"from {valid_from:%Y-%m-%d}, based on {settings['preset']}",
    )
    return variant


def variant_from_preset_record(
    *,
    acting_user: User,
    municipality: Municipality,
    valid_from: date,
    preset: str,
    team_members=(),
    note: str = "",
    **changes,
) -> Variant:
    """A new version starting from a shipped preset, with `changes` on top."""
    if preset not in PRESETS:
        raise DomainError(_("Choose a preset the settings are based on."), field="preset")
    return variant_record(
        acting_user=acting_user,
        municipality=municipality,
        valid_from=valid_from,
        team_members=team_members,
        note=note,
        **{**PRESETS[preset], **changes},
    )


# --------------------------------------------------------------------- referral questions
QUESTION_MAX_LENGTH = 300


def _clean_question(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the question."), field="text")
    if len(text) > QUESTION_MAX_LENGTH:
        raise DomainError(
            _("A question can be at most %(max)s characters.") % {"max": QUESTION_MAX_LENGTH}, field="text"
        )
    return text


def _audit_question(*, acting_user, question, action) -> None:
    audit_event_record(
        actor=acting_user,
        action=action,
        object_type="referral_question",
        object_id=question.pk,
        municipality=question.municipality,
    )


@transaction.atomic
def referral_question_add(*, acting_user: User, municipality: Municipality, text: str) -> ReferralQuestion:
    """A question of the municipality's own, asked at referral after the others."""
    _ensure_manager(acting_user=acting_user, municipality=municipality)
    text = _clean_question(text)
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    last = ReferralQuestion.objects.filter(municipality=municipality).aggregate(last=Max("position"))["last"]
    question = ReferralQuestion.objects.create(
        municipality=municipality, text=text, position=0 if last is None else last + 1
    )
    _audit_question(acting_user=acting_user, question=question, action=Action.CREATE)
    return question


@transaction.atomic
def referral_question_reword(*, acting_user: User, question: ReferralQuestion, text: str) -> ReferralQuestion:
    _ensure_manager(acting_user=acting_user, municipality=question.municipality)
    text = _clean_question(text)
    if text == question.text:
        return question
    question.text = text
    question.save(update_fields=["text"])
    _audit_question(acting_user=acting_user, question=question, action=Action.UPDATE)
    return question


@transaction.atomic
def referral_question_deactivate(*, acting_user: User, question: ReferralQuestion) -> ReferralQuestion:
    """The question is no longer asked; answers already given keep it."""
    _ensure_manager(acting_user=acting_user, municipality=question.municipality)
    if not question.is_active:
        raise DomainError(_("The question is already no longer asked."))
    question.is_active = False
    question.save(update_fields=["is_active"])
    _audit_question(acting_user=acting_user, question=question, action=Action.UPDATE)
    return question


@transaction.atomic
def referral_question_order(
    *, acting_user: User, municipality: Municipality, question_ids: list[int]
) -> list[ReferralQuestion]:
    """The municipality's questions in the order given: every one of them, each once."""
    _ensure_manager(acting_user=acting_user, municipality=municipality)
    questions = {q.pk: q for q in ReferralQuestion.objects.select_for_update().filter(municipality=municipality)}
    if sorted(question_ids) != sorted(questions):
        raise DomainError(_("The questions have changed meanwhile; reload the page and try again."))
    ordered = [questions[pk] for pk in question_ids]
    changed = []
    for position, question in enumerate(ordered):
        if question.position != position:
            question.position = position
            changed.append(question)
    ReferralQuestion.objects.bulk_update(changed, ["position"])
    if changed:
        audit_event_record(
            actor=acting_user,
            action=Action.UPDATE,
            object_type="referral_question_order",
            object_id=municipality.pk,
            municipality=municipality,
        )
    return ordered


def referral_question_ids_moved_up(*, question_ids: list[int], question_id: int) -> list[int]:
    """Pure: the order with `question_id` one place earlier (unchanged when it is first)."""
    ids = list(question_ids)
    index = ids.index(question_id)
    if index > 0:
        ids[index - 1], ids[index] = ids[index], ids[index - 1]
    return ids
