"""A municipality's own way of running the model, as data (issue 14).

A `Variant` is one version of a municipality's settings, in force from `valid_from` until the
next version's `valid_from`. A course runs under the version in force on its start date (before
it starts: today's), so a change never moves a running course. Versions are never edited once
in force: a change is a new version (hjemmepaed/variants/services.py).

Without any version a municipality runs the national model (`presets.NATIONAL`). Narrowing the
age range or the length is free; widening past the national 0-36 months or 40 weeks needs a
recorded reason and shows in reports as a deviation from the national model.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NATIONAL_MAX_AGE_MONTHS = 36
NATIONAL_MAX_WEEKS = 40


class Preset(models.TextChoices):
    NATIONAL = "national", _("The national model")
    KOBENHAVN = "kobenhavn", "København"
    HELSINGOR = "helsingor", "Helsingør"
    SVENDBORG = "svendborg", "Svendborg"
    THISTED = "thisted", "Thisted"
    ISHOJ = "ishoj", "Ishøj"


class Visitation(models.TextChoices):
    """Who takes part in the intake decision (visitation), or none is required."""

    COORDINATOR = "coordinator", _("A coordinator decides")
    TEAM = "team", _("A visitation team decides")
    DAYCARE_LEADER = "daycare_leader", _("A coordinator decides with the daycare leader's statement")
    NONE = "none", _("No prior visitation")


class Variant(models.Model):
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="variants",
        verbose_name=_("municipality"),
    )
    valid_from = models.DateField(_("in force from"))
    preset = models.CharField(_("based on"), max_length=20, choices=Preset.choices, default=Preset.NATIONAL)
    offer_name = models.CharField(_("the offer's local name"), max_length=100, default="Hjemmepædagogisk forløb")
    visitation = models.CharField(
        _("visitation"), max_length=20, choices=Visitation.choices, default=Visitation.COORDINATOR
    )
    team_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("visitation team")
    )
    min_age_months = models.PositiveSmallIntegerField(_("youngest age at start (months)"), default=0)
    max_age_months = models.PositiveSmallIntegerField(
        _("oldest age at start (months)"), default=NATIONAL_MAX_AGE_MONTHS
    )
    max_weeks = models.PositiveSmallIntegerField(_("longest course (weeks)"), default=NATIONAL_MAX_WEEKS)
    deviation_reason = models.TextField(_("reason for deviating from the national model"), blank=True)
    visit_cap = models.PositiveSmallIntegerField(_("most visits per course"), null=True, blank=True)
    first_visit_is_startup = models.BooleanField(_("the first visit is the start-up meeting"), default=False)
    booster_window_months = models.PositiveSmallIntegerField(
        _("booster visit within (months after the end)"), default=3
    )
    planning_rhythm_days = models.PositiveSmallIntegerField(_("days between planned visits"), null=True, blank=True)
    first_visit_deadline_days = models.PositiveSmallIntegerField(
        _("first visit within (days after the decision)"), null=True, blank=True
    )
    coordinator_may_approve_own = models.BooleanField(
        _("a coordinator may approve a course where she is the primary educator"), default=False
    )
    # A parent's questionnaire invitation not answered after this many days gets a reminder, and
    # the second one as many days after the first (surveys/reminders.py).
    survey_reminder_days = models.PositiveSmallIntegerField(
        _("questionnaire reminder after (days without an answer)"), default=14
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["municipality", "-valid_from"]
        verbose_name = _("version of the municipality's model")
        verbose_name_plural = _("versions of the municipality's model")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "valid_from"], name="variant_one_per_day"),
            models.CheckConstraint(condition=Q(preset__in=[p.value for p in Preset]), name="variant_preset_known"),
            models.CheckConstraint(
                condition=Q(visitation__in=[v.value for v in Visitation]), name="variant_visitation_known"
            ),
            models.CheckConstraint(condition=~Q(offer_name=""), name="variant_has_offer_name"),
            models.CheckConstraint(
                condition=Q(min_age_months__lt=F("max_age_months"), max_age_months__lte=120),
                name="variant_age_range_sane",
            ),
            models.CheckConstraint(condition=Q(max_weeks__gte=1, max_weeks__lte=104), name="variant_weeks_1_104"),
            models.CheckConstraint(
                condition=Q(max_age_months__lte=NATIONAL_MAX_AGE_MONTHS, max_weeks__lte=NATIONAL_MAX_WEEKS)
                | ~Q(deviation_reason=""),
                name="variant_widening_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(visit_cap__isnull=True) | Q(visit_cap__gte=1, visit_cap__lte=200),
                name="variant_visit_cap_1_200",
            ),
            models.CheckConstraint(condition=Q(booster_window_months__lte=12), name="variant_booster_0_12"),
            models.CheckConstraint(
                condition=Q(planning_rhythm_days__isnull=True)
                | Q(planning_rhythm_days__gte=1, planning_rhythm_days__lte=90),
                name="variant_rhythm_1_90",
            ),
            models.CheckConstraint(
                condition=Q(first_visit_deadline_days__isnull=True)
                | Q(first_visit_deadline_days__gte=1, first_visit_deadline_days__lte=90),
                name="variant_first_visit_1_90",
            ),
            models.CheckConstraint(
                condition=Q(survey_reminder_days__gte=1, survey_reminder_days__lte=60),
                name="variant_survey_reminder_1_60",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.valid_from:%d-%m-%Y}"

    @property
    def deviates_from_national(self) -> bool:
        """Wider than the national model (a narrower range is within it)."""
        return self.max_age_months > NATIONAL_MAX_AGE_MONTHS or self.max_weeks > NATIONAL_MAX_WEEKS

    @property
    def visitation_required(self) -> bool:
        return self.visitation != Visitation.NONE


class ReferralQuestion(models.Model):
    """A question of the municipality's own asked at referral (København's visitation team asks
    three). The answers are the referral's (visitation app)."""

    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="referral_questions",
        verbose_name=_("municipality"),
    )
    text = models.CharField(_("question"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("asked"), default=True)

    class Meta:
        ordering = ["municipality", "position", "pk"]
        verbose_name = _("local referral question")
        verbose_name_plural = _("local referral questions")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="referral_question_has_text"),
        ]

    def __str__(self) -> str:
        return self.text
