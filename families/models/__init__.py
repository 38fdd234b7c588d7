"""The family a course is about: its guardians, the children in the target group, and the
parents' consents.

Personal data lives here and nowhere else; other apps point at these rows. A CPR number is
stored only encrypted (see hjemmepaed/cpr.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemmepaed.cpr import cpr_decrypt, cpr_masked

# What a name (or a text the database requires to be non-empty) reads after anonymisation.
ANONYMISED = "Anonymiseret"
# The name of a child imported from a registration sheet, which holds no names (stored data,
# in Danish as the app's other stored placeholders).
IMPORTED_CHILD_NAME = "Barn fra registreringsark"


class Family(models.Model):
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="families",
        verbose_name=_("municipality"),
    )
    single_parent = models.BooleanField(_("a parent lives alone with the children"), default=False)
    language = models.CharField(_("language spoken at home"), max_length=60, default="dansk")
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Set by the retention job when names, CPR numbers and contact details were removed, which
    # happens only when every course of the family was anonymised (privacy/services.py).
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")

    def __str__(self) -> str:
        # A parent who left is history; filtered in Python so a prefetch of the guardians serves it.
        names = [guardian.name for guardian in self.guardians.all() if guardian.left_on is None]
        return " og ".join(names) if names else f"#{self.pk}"


class Guardian(models.Model):
    class Relation(models.TextChoices):
        MOTHER = "mother", _("Mother")
        FATHER = "father", _("Father")
        OTHER = "other", _("Other")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="guardians", verbose_name=_("family"))
    name = models.CharField(_("name"), max_length=150)
    relation = models.CharField(_("relation to the child"), max_length=10, choices=Relation.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    has_custody = models.BooleanField(_("has custody"), default=True)
    # The day custody began, when it began after the referral (a new parent, a custody change);
    # empty for custody recorded at the referral. Consents count only for actions from this day.
    custody_since = models.DateField(_("custody since"), null=True, blank=True)
    # A parent who left the family is kept as history (consents, answers and audit events point
    # at the row) and no longer counts for consents or invitations.
    left_on = models.DateField(_("left the family on"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        constraints = [
            models.CheckConstraint(
                condition=Q(relation__in=["mother", "father", "other"]), name="guardian_relation_known"
            ),
            models.CheckConstraint(
                condition=Q(custody_since__isnull=True) | Q(has_custody=True),
                name="guardian_custody_since_with_custody",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class FamilyChange(models.Model):
    """One dated change of a family after the referral: a parent added or gone, custody gained
    or lost, contact details, the language or the household changed. The history the course
    page shows; `changed` names the fields (never their values, which stay on the rows)."""

    class Kind(models.TextChoices):
        GUARDIAN_ADDED = "guardian_added", _("Parent added")
        GUARDIAN_LEFT = "guardian_left", _("Parent left the family")
        CUSTODY_GAINED = "custody_gained", _("Custody gained")
        CUSTODY_LOST = "custody_lost", _("Custody lost")
        CONTACT_CHANGED = "contact_changed", _("Contact details changed")
        HOUSEHOLD_CHANGED = "household_changed", _("Language or household changed")

    FIELD_LABELS = {
        "has_custody": _("has custody"),
        "phone": _("phone"),
        "email": _("e-mail"),
        "language": _("language spoken at home"),
        "interpreter_needed": _("interpreter needed"),
        "single_parent": _("a parent lives alone with the children"),
    }

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="changes", verbose_name=_("family"))
    guardian = models.ForeignKey(
        Guardian, on_delete=models.CASCADE, null=True, blank=True, related_name="changes", verbose_name=_("guardian")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    changed = models.CharField(_("changed fields"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    # The one-time key of the form that added a parent (hjemmepaed/formkeys.py).
    form_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("change of the family")
        verbose_name_plural = _("changes of the family")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "guardian_added",
                        "guardian_left",
                        "custody_gained",
                        "custody_lost",
                        "contact_changed",
                        "household_changed",
                    ]
                ),
                name="family_change_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(kind="household_changed") | Q(guardian__isnull=False),
                name="family_change_guardian_named",
            ),
            models.UniqueConstraint(fields=["form_key"], name="family_change_form_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.on})"

    @property
    def changed_labels(self) -> list[str]:
        return [str(self.FIELD_LABELS.get(name, name)) for name in self.changed.split() if name]


class ChildSex(models.TextChoices):
    """Optional: recorded so that sex-specific SDQ norms (e.g. the Danish ones) can apply."""

    NOT_STATED = "", _("Not stated")
    GIRL = "girl", _("Girl")
    BOY = "boy", _("Boy")


class Child(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="children", verbose_name=_("family"))
    name = models.CharField(_("name"), max_length=150, help_text=_("Write “Ufødt barn” if the child is not yet born."))
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    expected_due_date = models.DateField(
        _("expected due date"),
        null=True,
        blank=True,
        help_text=_("When the referral comes during pregnancy."),
    )
    daycare = models.ForeignKey(
        "organisation.Daycare",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("daycare"),
    )
    attends_daycare = models.BooleanField(_("attends the daycare"), default=False)
    sex = models.CharField(_("sex"), max_length=4, choices=ChildSex.choices, blank=True, default="")
    # Optional CPR number: encrypted, with a keyed hash for exact lookup (hjemmepaed/cpr.py).
    cpr_encrypted = models.TextField(blank=True, editable=False)
    cpr_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["birth_date", "expected_due_date", "pk"]
        verbose_name = _("child")
        verbose_name_plural = _("children")
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__isnull=False) | Q(expected_due_date__isnull=False),
                name="child_born_or_expected",
            ),
            models.CheckConstraint(
                condition=Q(attends_daycare=False) | Q(daycare__isnull=False),
                name="child_attends_a_named_daycare",
            ),
            models.CheckConstraint(condition=Q(sex__in=ChildSex.values), name="child_sex_known"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def cpr_masked(self) -> str:
        """DDMMÅÅ-XXXX, or empty when no CPR number is recorded."""
        if not self.cpr_encrypted:
            return ""
        return cpr_masked(cpr_decrypt(self.cpr_encrypted))

    @property
    def is_born(self) -> bool:
        return self.birth_date is not None


class DaycarePeriod(models.Model):
    """Where a child went to daycare from a date (or that she attended none), as recorded by a
    dated change (`families.services.child_daycare_change`). The child's `daycare` and
    `attends_daycare` are the current period's; a child without periods is as the referral
    recorded her. The first change also keeps that state, as the period without a start
    (`starts_on` empty: since the referral), so every earlier day has its daycare."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="daycare_periods", verbose_name=_("child"))
    daycare = models.ForeignKey(
        "organisation.Daycare",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("daycare"),
    )
    attends_daycare = models.BooleanField(_("attends the daycare"), default=False)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    # The change's form sent once (hjemmepaed.formkeys): a resend returns this period.
    form_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["child_id", F("starts_on").asc(nulls_first=True)]
        verbose_name = _("daycare period")
        verbose_name_plural = _("daycare periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(attends_daycare=False) | Q(daycare__isnull=False),
                name="daycare_period_attends_a_named_daycare",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="daycare_period_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(ends_on__isnull=True), name="daycare_period_one_current_per_child"
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(starts_on__isnull=True), name="daycare_period_one_first_per_child"
            ),
            models.UniqueConstraint(fields=["child", "starts_on"], name="daycare_period_start_unique"),
            models.UniqueConstraint(fields=["form_key"], name="daycare_period_form_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.child} – {self.daycare or '–'}"


from families.models.consents import (  # noqa: E402, F401
    Consent,
    ConsentDecline,
    ConsentScope,
    ConsentText,
    ContactChannel,
)
