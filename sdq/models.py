"""SDQ measurements at the start and the end of a course, and the norm sets that band them.

A measurement stores the 25 answers and the impact supplement as typed from the paper form,
plus the scores the service computed from them (never typed), so reports can query scores.
Norm sets are data: shipped by migrations, loaded from CSV by an administrator (for every
municipality) or a coordinator (for hers), and a municipality chooses the one its reports use.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sdq import scoring


class Timing(models.TextChoices):
    START = "start", _("Start of the course")
    END = "end", _("End of the course")


class Informant(models.TextChoices):
    PARENT = scoring.PARENT, _("Parent")
    STAFF = scoring.STAFF, _("Daycare staff")


class Version(models.TextChoices):
    AGE_2_4 = "2_4", _("2–4 years")
    AGE_4_17 = "4_17", _("4–17 years")


class Scale(models.TextChoices):
    EMOTIONAL = scoring.EMOTIONAL, _("Emotional symptoms")
    CONDUCT = scoring.CONDUCT, _("Conduct problems")
    HYPERACTIVITY = scoring.HYPERACTIVITY, _("Hyperactivity/inattention")
    PEER = scoring.PEER, _("Peer relationship problems")
    PROSOCIAL = scoring.PROSOCIAL, _("Prosocial behaviour")
    TOTAL = scoring.TOTAL, _("Total difficulties")
    EXTERNALISING = scoring.EXTERNALISING, _("Externalising")
    INTERNALISING = scoring.INTERNALISING, _("Internalising")
    IMPACT = scoring.IMPACT, _("Impact on well-being and functioning")


class Band(models.TextChoices):
    CLOSE_TO_AVERAGE = scoring.CLOSE_TO_AVERAGE, _("Close to average")
    SLIGHTLY_RAISED = scoring.SLIGHTLY_RAISED, _("Slightly raised")
    HIGH = scoring.HIGH, _("High")
    VERY_HIGH = scoring.VERY_HIGH, _("Very high")


class Sex(models.TextChoices):
    ANY = "", _("Any")
    GIRL = "girl", _("Girl")
    BOY = "boy", _("Boy")


ITEM_FIELDS = [f"item_{n}" for n in scoring.ITEMS]
# The supplement: the first question (difficulties: box 0 = "no"), how long, the areas, burden.
IMPACT_AREA_FIELDS = {area: f"impact_{area}" for area in scoring.IMPACT_AREAS[scoring.PARENT]}
IMPACT_FIELDS = ["impact_difficulties", "impact_duration", *IMPACT_AREA_FIELDS.values(), "impact_burden"]
PARENT_ONLY_IMPACT_FIELDS = [
    IMPACT_AREA_FIELDS[area]
    for area in scoring.IMPACT_AREAS[scoring.PARENT]
    if area not in scoring.IMPACT_AREAS[scoring.STAFF]
]
SCORE_FIELDS = {scale: f"score_{scale}" for scale in scoring.SCALES}


def _answer_field(number: int):
    return models.PositiveSmallIntegerField(format_lazy("{} {}", _("item"), number), null=True, blank=True)


def _box_field(label):
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


def _score_field(label):
    return models.PositiveSmallIntegerField(label, null=True, blank=True, editable=False)


class Measurement(models.Model):
    """One informant's SDQ about one child of a course, at its start or its end."""

    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="sdq_measurements")
    child = models.ForeignKey("families.Child", on_delete=models.PROTECT, related_name="sdq_measurements")
    timing = models.CharField(_("timing"), max_length=5, choices=Timing.choices)
    informant = models.CharField(_("informant"), max_length=10, choices=Informant.choices)
    version = models.CharField(_("version"), max_length=4, choices=Version.choices)
    measured_on = models.DateField(_("date"))
    age_months = models.PositiveSmallIntegerField(_("age in months on the date"))

    # The box ticked for each item, left to right: 0, 1 or 2 (None: not answered).
    item_1 = _answer_field(1)
    item_2 = _answer_field(2)
    item_3 = _answer_field(3)
    item_4 = _answer_field(4)
    item_5 = _answer_field(5)
    item_6 = _answer_field(6)
    item_7 = _answer_field(7)
    item_8 = _answer_field(8)
    item_9 = _answer_field(9)
    item_10 = _answer_field(10)
    item_11 = _answer_field(11)
    item_12 = _answer_field(12)
    item_13 = _answer_field(13)
    item_14 = _answer_field(14)
    item_15 = _answer_field(15)
    item_16 = _answer_field(16)
    item_17 = _answer_field(17)
    item_18 = _answer_field(18)
    item_19 = _answer_field(19)
    item_20 = _answer_field(20)
    item_21 = _answer_field(21)
    item_22 = _answer_field(22)
    item_23 = _answer_field(23)
    item_24 = _answer_field(24)
    item_25 = _answer_field(25)

    impact_difficulties = _box_field(_("Difficulties overall"))
    impact_duration = _box_field(_("Duration"))
    impact_distress = _box_field(_("Distress"))
    impact_home_life = _box_field(_("Interference: home life"))
    impact_friendships = _box_field(_("Interference: friendships / peer relationships"))
    impact_learning = _box_field(_("Interference: learning"))
    impact_leisure = _box_field(_("Interference: leisure activities"))
    impact_burden = _box_field(_("Burden on others"))

    score_emotional = _score_field(Scale.EMOTIONAL.label)
    score_conduct = _score_field(Scale.CONDUCT.label)
    score_hyperactivity = _score_field(Scale.HYPERACTIVITY.label)
    score_peer = _score_field(Scale.PEER.label)
    score_prosocial = _score_field(Scale.PROSOCIAL.label)
    score_total = _score_field(Scale.TOTAL.label)
    score_externalising = _score_field(Scale.EXTERNALISING.label)
    score_internalising = _score_field(Scale.INTERNALISING.label)
    score_impact = _score_field(Scale.IMPACT.label)

    # Imported where only the scale scores were kept (the evaluation's sheets): no answer is
    # stored, and the scores are the sheet's (the sums among them computed from its scales).
    scores_only = models.BooleanField(_("scores only"), default=False, editable=False)

    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["child_id", "timing", "informant", "pk"]
        verbose_name = _("SDQ measurement")
        verbose_name_plural = _("SDQ measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "child", "timing", "informant"], name="sdq_measurement_once_per_timing_informant"
            ),
            models.CheckConstraint(condition=Q(timing__in=Timing.values), name="sdq_measurement_timing_known"),
            models.CheckConstraint(condition=Q(informant__in=Informant.values), name="sdq_measurement_informant_known"),
            models.CheckConstraint(condition=Q(version__in=Version.values), name="sdq_measurement_version_known"),
            # The SDQ has no version below 2 years; 2–4 below 48 months, 4–17 from then on.
            models.CheckConstraint(
                condition=Q(version="2_4", age_months__gte=24, age_months__lt=48)
                | Q(version="4_17", age_months__gte=48),
                name="sdq_measurement_version_fits_age",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__in": scoring.ANSWERS}),
                    name=f"sdq_measurement_{field}_0_2",
                )
                for field in ITEM_FIELDS
            ],
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__in": [0, 1, 2, 3]}),
                    name=f"sdq_measurement_{field}_0_3",
                )
                for field in IMPACT_FIELDS
            ],
            models.CheckConstraint(
                condition=Q(informant="parent")
                | Q(**{f"{field}__isnull": True for field in PARENT_ONLY_IMPACT_FIELDS}),
                name="sdq_measurement_staff_has_no_parent_only_impact",
            ),
            models.CheckConstraint(
                condition=Q(scores_only=False)
                | Q(**{f"{field}__isnull": True for field in [*ITEM_FIELDS, *IMPACT_FIELDS]}),
                name="sdq_measurement_scores_only_has_no_answers",
            ),
        ]

    def __str__(self) -> str:
        return f"SDQ #{self.pk}"

    def items(self) -> dict[int, int | None]:
        return {n: getattr(self, f"item_{n}") for n in scoring.ITEMS}

    def impact_areas(self) -> dict[str, int | None]:
        return {area: getattr(self, field) for area, field in IMPACT_AREA_FIELDS.items()}

    def scores(self) -> dict[str, int | None]:
        return {scale: getattr(self, field) for scale, field in SCORE_FIELDS.items()}


class NormSet(models.Model):
    """A set of cut-offs that bands SDQ scores, and where the numbers come from."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    source = models.TextField(_("source"), help_text=_("Where the cut-offs are published, and what the set covers."))
    is_default = models.BooleanField(
        _("default"), default=False, help_text=_("Used by municipalities that have not chosen a norm set.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Loaded by a coordinator from CSV: her municipality's only (licensed norms). Empty: shipped
    # or loaded by the administrator, for every municipality.
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("norm set")
        verbose_name_plural = _("norm sets")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="sdq_norm_set_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class NormCutoff(models.Model):
    """One band of one scale for one informant and version (optionally one sex and age range)."""

    norm_set = models.ForeignKey(NormSet, on_delete=models.CASCADE, related_name="cutoffs", verbose_name=_("norm set"))
    informant = models.CharField(_("informant"), max_length=10, choices=Informant.choices)
    version = models.CharField(_("version"), max_length=4, choices=Version.choices)
    sex = models.CharField(_("sex"), max_length=4, choices=Sex.choices, blank=True, help_text=_("Empty: any sex."))
    age_from_months = models.PositiveSmallIntegerField(_("from age (months)"), null=True, blank=True)
    age_to_months = models.PositiveSmallIntegerField(_("to age (months)"), null=True, blank=True)
    scale = models.CharField(_("scale"), max_length=15, choices=Scale.choices)
    band = models.CharField(_("band"), max_length=20, choices=Band.choices)
    lowest = models.PositiveSmallIntegerField(_("lowest score"))
    highest = models.PositiveSmallIntegerField(_("highest score"))

    class Meta:
        ordering = ["norm_set", "informant", "version", "scale", "lowest"]
        verbose_name = _("cut-off")
        verbose_name_plural = _("cut-offs")
        constraints = [
            models.CheckConstraint(condition=Q(informant__in=Informant.values), name="sdq_cutoff_informant_known"),
            models.CheckConstraint(condition=Q(version__in=Version.values), name="sdq_cutoff_version_known"),
            models.CheckConstraint(condition=Q(sex__in=Sex.values), name="sdq_cutoff_sex_known"),
            models.CheckConstraint(condition=Q(scale__in=Scale.values), name="sdq_cutoff_scale_known"),
            models.CheckConstraint(condition=Q(band__in=Band.values), name="sdq_cutoff_band_known"),
            models.CheckConstraint(condition=Q(lowest__lte=F("highest")), name="sdq_cutoff_lowest_not_above_highest"),
            models.CheckConstraint(condition=Q(highest__lte=40), name="sdq_cutoff_highest_at_most_40"),
            models.CheckConstraint(
                condition=Q(age_from_months__isnull=True)
                | Q(age_to_months__isnull=True)
                | Q(age_from_months__lte=F("age_to_months")),
                name="sdq_cutoff_age_range_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scale_display()}: {self.lowest}–{self.highest}"


class MunicipalityNormChoice(models.Model):
    """The norm set a municipality's reports band SDQ scores with."""

    municipality = models.OneToOneField(
        "organisation.Municipality", on_delete=models.CASCADE, related_name="sdq_norm_choice"
    )
    norm_set = models.ForeignKey(NormSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("norm set"))
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("municipality's norm set")
        verbose_name_plural = _("municipalities' norm sets")
