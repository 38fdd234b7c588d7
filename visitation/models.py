"""Phase 1: the referral (henvendelse) and what the intake decision is based on.

The risk factors are the checklists of the model (Bilag 2 of the national evaluation), one
row per ticked factor, so the database refuses an unknown one and reports can count them.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.choices import RecruitedBy  # defined in courses, which lies below; imported from here too
from courses.models import LOCAL_PREFIX  # noqa: F401  (one prefix for local items; imported from here too)


class Complexity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class ParentRiskFactor(models.TextChoices):
    """Bilag 2, “Forældre”: parents who ..."""

    LIFE_CHANGE = (
        "life_change",
        _(
            "need support for a limited period, e.g. after a sudden change in their life, to take care "
            "of the child's well-being, learning, development and formation"
        ),
    )
    BURDEN = "burden", _("experience the upheaval of having a child as a burden beyond the ordinary")
    PARENT_ROLE = (
        "parent_role",
        _("are beginning to find the parent role difficult, and it may affect the parent-child relation"),
    )
    IMBALANCE = "imbalance", _("experience an imbalance between joy and worries")
    PREVIOUS_DEPRESSION = "previous_depression", _("have previously had a postnatal depression")
    POSTNATAL_REACTION = "postnatal_reaction", _("show signs of postnatal reactions not treated elsewhere")
    LACK_OF_KNOWLEDGE = (
        "lack_of_knowledge",
        _(
            "lack knowledge of children's development and their own role, e.g. weak attention and dialogue "
            "with the child and difficulty helping the child regulate itself"
        ),
    )
    CONFLICTS = (
        "conflicts",
        _("have conflicts and lacking communication that begin to affect the parent-child relation"),
    )
    GUIDANCE = "guidance", _("need extra support to put professionals' guidance into practice")
    SINGLE_FEW_RESOURCES = "single_few_resources", _("are single with few resources and a weak network")
    IRRITABLE = "irritable", _("easily become irritable with the child")


class ChildRiskFactor(models.TextChoices):
    """Bilag 2, “Barnet”: the child ..."""

    RESTLESS = "restless", _("is restless")
    NO_RHYTHM = "no_rhythm", _("does not develop a rhythm – has a fluctuating rhythm")
    HARD_TO_COMFORT = "hard_to_comfort", _("is hard to comfort")
    UNCLEAR_SIGNALS = "unclear_signals", _("has unclear signals")
    PASSIVE = "passive", _("is passive (low arousal)")
    OVERACTIVE = "overactive", _("is overactive (high arousal)")
    LITTLE_CONTACT = "little_contact", _("seeks contact less than expected")
    SENSORIMOTOR = "sensorimotor", _("has sensorimotor points of attention")


class Referral(models.Model):
    course = models.OneToOneField(
        "courses.Course", on_delete=models.CASCADE, related_name="referral", verbose_name=_("course")
    )
    received_on = models.DateField(_("date received"))
    recruited_by = models.CharField(_("recruited by"), max_length=20, choices=RecruitedBy.choices)
    recruited_by_other = models.CharField(_("recruited by, other"), max_length=150, blank=True)
    referring_professional = models.CharField(
        _("referring professional"),
        max_length=150,
        blank=True,
        help_text=_("Name and role, e.g. “Hanne Holm, sundhedsplejerske”."),
    )
    concern = models.TextField(_("the concern"), help_text=_("In your own words: what is the concern?"))
    complexity = models.CharField(
        _("complexity"),
        max_length=10,
        choices=Complexity.choices,
        help_text=_("The model is for challenges of low complexity."),
    )
    section_52_decided = models.BooleanField(
        _("measures under section 52 of the Social Services Act are decided"), default=False
    )
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_given_by = models.CharField(_("consent given by"), max_length=150, blank=True)
    # Who registered it (none on referrals from before, or from a registration sheet), and the
    # one-time form key of the post that did (hjemmepaed.formkeys).
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    form_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.UniqueConstraint(fields=["form_key"], name="referral_form_key_unique"),
            models.CheckConstraint(
                condition=Q(recruited_by__in=[choice.value for choice in RecruitedBy]),
                name="referral_recruited_by_known",
            ),
            models.CheckConstraint(
                condition=~Q(recruited_by="other") | ~Q(recruited_by_other=""),
                name="referral_other_recruiter_named",
            ),
            models.CheckConstraint(
                condition=Q(complexity__in=[choice.value for choice in Complexity]),
                name="referral_complexity_known",
            ),
            models.CheckConstraint(
                condition=Q(consent_given_on__isnull=True) | ~Q(consent_given_by=""),
                name="referral_consent_names_who",
            ),
        ]

    def __str__(self) -> str:
        return f"Henvendelse #{self.pk}"

    @property
    def needs_justification(self) -> bool:
        """Approving it needs a recorded justification (outside the model's target group)."""
        return self.section_52_decided or self.complexity != Complexity.LOW


class RiskFactorKind(models.TextChoices):
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")


class LocalRiskFactor(models.Model):
    """A municipality's own addition to Bilag 2's lists, e.g. “manglende overskud”. The national
    factors stay; a local one is data, added by the municipality's manager, and deactivating it
    keeps the referrals that ticked it."""

    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.PROTECT, related_name="local_risk_factors"
    )
    kind = models.CharField(_("about"), max_length=6, choices=RiskFactorKind.choices)
    label = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["kind", "label", "pk"]
        verbose_name = _("local risk factor")
        verbose_name_plural = _("local risk factors")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind", "label"], name="local_risk_factor_label_once"),
            models.CheckConstraint(condition=Q(kind__in=RiskFactorKind.values), name="local_risk_factor_kind_known"),
            models.CheckConstraint(condition=~Q(label=""), name="local_risk_factor_named"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def code(self) -> str:
        return f"{LOCAL_PREFIX}{self.pk}"


class ReferralRiskFactor(models.Model):
    """A ticked factor: either a national one (`factor`) or a local one (`local_factor`), never
    both and never an unknown one."""

    Kind = RiskFactorKind

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="risk_factors")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    factor = models.CharField(max_length=30, blank=True)
    local_factor = models.ForeignKey(LocalRiskFactor, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "kind", "factor"],
                condition=Q(local_factor__isnull=True),
                name="risk_factor_once",
            ),
            models.UniqueConstraint(
                fields=["referral", "local_factor"],
                condition=Q(local_factor__isnull=False),
                name="risk_factor_local_once",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        local_factor__isnull=True,
                        kind="parent",
                        factor__in=[choice.value for choice in ParentRiskFactor],
                    )
                    | Q(
                        local_factor__isnull=True, kind="child", factor__in=[choice.value for choice in ChildRiskFactor]
                    )
                    | Q(local_factor__isnull=False, kind__in=RiskFactorKind.values, factor="")
                ),
                name="risk_factor_known",
            ),
        ]

    @property
    def is_local(self) -> bool:
        return self.local_factor_id is not None

    @property
    def label(self) -> str:
        if self.local_factor_id is not None:
            return _("%(label)s (local)") % {"label": self.local_factor.label}
        choices = ParentRiskFactor if self.kind == self.Kind.PARENT else ChildRiskFactor
        return choices(self.factor).label


class ReferralRevision(models.Model):
    """A coordinator's later revision of the referral's complexity or § 52 answer, with the
    justification. The referral's own fields stay as recorded at the referral (the intake
    decision was made on them); the latest revision is the current assessment."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="revisions")
    on = models.DateField(_("revised on"))
    previous_complexity = models.CharField(_("complexity before"), max_length=10, choices=Complexity.choices)
    previous_section_52_decided = models.BooleanField(_("§ 52 measures decided before"))
    complexity = models.CharField(_("complexity"), max_length=10, choices=Complexity.choices)
    section_52_decided = models.BooleanField(_("measures under section 52 of the Social Services Act are decided"))
    justification = models.TextField(_("justification"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("revision of complexity and § 52")
        verbose_name_plural = _("revisions of complexity and § 52")
        constraints = [
            models.CheckConstraint(
                condition=Q(complexity__in=[choice.value for choice in Complexity])
                & Q(previous_complexity__in=[choice.value for choice in Complexity]),
                name="referral_revision_complexity_known",
            ),
            models.CheckConstraint(condition=~Q(justification=""), name="referral_revision_justified"),
            models.CheckConstraint(
                condition=~Q(complexity=F("previous_complexity"), section_52_decided=F("previous_section_52_decided")),
                name="referral_revision_changes_something",
            ),
        ]


class ReferralAnswer(models.Model):
    """The answer to one of the municipality's own referral questions (`variants.ReferralQuestion`),
    with the question's wording as asked, so a later edit of the question leaves the answer's sense."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "variants.ReferralQuestion", on_delete=models.PROTECT, related_name="+", verbose_name=_("question")
    )
    question_text = models.CharField(_("question as asked"), max_length=300)
    answer = models.TextField(_("answer"))

    class Meta:
        ordering = ["question__position", "pk"]
        verbose_name = _("answer to a local referral question")
        verbose_name_plural = _("answers to local referral questions")
        constraints = [
            models.UniqueConstraint(fields=["referral", "question"], name="referral_answer_once"),
            models.CheckConstraint(condition=~Q(answer=""), name="referral_answer_has_text"),
        ]


class IntakeDecision(models.Model):
    """What the municipality's model asked of an approval (to the course or the waiting list) and
    how it was met: who took part in the visitation, the daycare leader's statement, an approval
    by the course's own coordinator, or none at all where the model requires no visitation.

    The decision's date and the educators stay the course's (`visitation_date`, ...); this row is
    the visitation's own record of it, one per approval."""

    class Kind(models.TextChoices):
        APPROVE = "approve", _("Approved")
        WAITLIST = "waitlist", _("Approved to the waiting list")
        NO_VISITATION = "no_visitation", _("Approved without visitation")

    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="intake_decisions", verbose_name=_("course")
    )
    kind = models.CharField(_("decision"), max_length=15, choices=Kind.choices)
    decided_on = models.DateField(_("decision date"))
    # The model's visitation setting it was made under (`variants.Visitation`'s value).
    visitation = models.CharField(_("visitation"), max_length=20)
    team_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("visitation team members present")
    )
    daycare_leader_name = models.CharField(_("daycare leader"), max_length=150, blank=True)
    daycare_leader_statement = models.TextField(_("the daycare leader's statement"), blank=True)
    # The statements daycare leaders gave through their own accounts; the two fields above are
    # what the coordinator typed where no leader has an account (and stay empty otherwise).
    daycare_statements = models.ManyToManyField(
        "visitation.DaycareStatement",
        blank=True,
        related_name="decisions",
        verbose_name=_("daycare leaders' statements"),
    )
    approved_by_own_coordinator = models.BooleanField(_("approved by the course's own coordinator"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["course", "at", "pk"]
        verbose_name = _("intake decision")
        verbose_name_plural = _("intake decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["approve", "waitlist", "no_visitation"]), name="intake_decision_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(daycare_leader_name="") | ~Q(daycare_leader_statement=""),
                name="intake_decision_statement_has_text",
            ),
            models.CheckConstraint(
                condition=~Q(kind="no_visitation") | Q(visitation="none"),
                name="intake_decision_none_only_without_visitation",
            ),
        ]


class DaycareStatement(models.Model):
    """A daycare leader's own statement on a referral of a child in her daycare, where the
    municipality's model makes it part of the visitation (Helsingør). She writes and revises it
    until the intake decision, which records it (`IntakeDecision.daycare_statements`)."""

    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="daycare_statements", verbose_name=_("course")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("daycare leader")
    )
    # The daycare she led when she wrote it, so the record says which daycare spoke.
    daycare = models.ForeignKey(
        "organisation.Daycare", on_delete=models.PROTECT, related_name="+", verbose_name=_("daycare")
    )
    text = models.TextField(_("statement"))
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    revised_at = models.DateTimeField(_("last revised"), null=True, blank=True)

    class Meta:
        ordering = ["given_at", "pk"]
        verbose_name = _("daycare leader's statement")
        verbose_name_plural = _("daycare leaders' statements")
        constraints = [
            models.UniqueConstraint(fields=["course", "author"], name="daycare_statement_once_per_leader"),
            models.CheckConstraint(condition=~Q(text=""), name="daycare_statement_has_text"),
            models.CheckConstraint(
                condition=Q(revised_at__isnull=True) | Q(revised_at__gte=F("given_at")),
                name="daycare_statement_revised_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"Udtalelse #{self.pk}"
