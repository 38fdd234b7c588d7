"""The parents' consents: what they consent to, in which wording, how they want to be contacted,
and what they declined."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import Guardian


class ConsentScope(models.TextChoices):
    """What a parent consents to. Each scope is asked and recorded on its own."""

    SHARE_WITH_DAYCARE = "share_with_daycare", _("Share information with the daycare")
    INVOLVE_PROFESSIONALS = "involve_professionals", _("Involve other professionals")
    CONTACT_FOR_QUESTIONNAIRE = "contact_for_questionnaire", _("Contact about the parent questionnaire")


class ContactChannel(models.TextChoices):
    """How a parent who consents to be contacted about the questionnaire wants to be reached:
    the invitation and its reminders go this way (a letter the educator prints, an e-mail, an SMS)."""

    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class ConsentText(models.Model):
    """The wording a parent consents to, versioned per scope. A new wording is a new version
    (never an edit), so every recorded consent keeps pointing at the words the parent heard."""

    scope = models.CharField(_("scope"), max_length=30, choices=ConsentScope.choices)
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("wording"))
    valid_from = models.DateField(_("valid from"))

    class Meta:
        ordering = ["scope", "-version"]
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        constraints = [
            models.UniqueConstraint(fields=["scope", "version"], name="consent_text_scope_version_unique"),
            models.CheckConstraint(
                condition=Q(scope__in=[scope.value for scope in ConsentScope]), name="consent_text_scope_known"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="consent_text_version_from_1"),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} (v{self.version})"


class Consent(models.Model):
    """One guardian's consent to one scope: given on a date to a version of the text, and
    perhaps withdrawn later. A withdrawn consent is kept as history; a new consent is a new row."""

    guardian = models.ForeignKey(
        Guardian, on_delete=models.CASCADE, related_name="consents", verbose_name=_("guardian")
    )
    scope = models.CharField(_("scope"), max_length=30, choices=ConsentScope.choices)
    text_version = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, related_name="consents", verbose_name=_("consent text")
    )
    given_on = models.DateField(_("consent given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawal recorded by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawal recorded"), null=True, blank=True)
    # Only for the consent to be contacted about the questionnaire; empty (older consents) is a letter.
    channel = models.CharField(_("contact by"), max_length=10, choices=ContactChannel.choices, blank=True)

    class Meta:
        ordering = ["guardian_id", "scope", "-given_on", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=[scope.value for scope in ConsentScope]), name="consent_scope_known"
            ),
            models.UniqueConstraint(
                fields=["guardian", "scope"],
                condition=Q(withdrawn_on__isnull=True),
                name="consent_one_active_per_guardian_and_scope",
            ),
            models.CheckConstraint(
                condition=(
                    Q(withdrawn_on__isnull=True, withdrawn_by__isnull=True, withdrawn_at__isnull=True)
                    | Q(withdrawn_on__isnull=False, withdrawn_by__isnull=False, withdrawn_at__isnull=False)
                ),
                name="consent_withdrawal_complete",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="consent_withdrawn_not_before_given",
            ),
            models.CheckConstraint(
                condition=Q(channel="")
                | Q(scope="contact_for_questionnaire", channel__in=[channel.value for channel in ContactChannel]),
                name="consent_channel_only_for_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} – {self.guardian}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None

    @property
    def contact_channel(self) -> str:
        return self.channel or ContactChannel.LETTER

    def get_contact_channel_display(self) -> str:
        return ContactChannel(self.contact_channel).label

    def valid_on(self, day) -> bool:
        """Given on or before `day` and not withdrawn by then."""
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


class ConsentDecline(models.Model):
    """A guardian's "no" to one scope, to a version of the text, when asked (at the start-up
    meeting, or later on the course page). It is kept apart from `Consent`, whose every row is a
    consent given, so nothing that reads consents (the valid-consent check, the invitations, the
    "one active consent" constraint) can mistake a "no" for a "yes". A decline opens nothing: an
    action needing the consent is refused as without one. A consent given later is a new
    `Consent` row and counts from then; the course page shows the newest answer."""

    guardian = models.ForeignKey(
        Guardian, on_delete=models.CASCADE, related_name="consent_declines", verbose_name=_("guardian")
    )
    scope = models.CharField(_("scope"), max_length=30, choices=ConsentScope.choices)
    text_version = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, related_name="declines", verbose_name=_("consent text")
    )
    declined_on = models.DateField(_("declined on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["guardian_id", "scope", "-recorded_at", "-pk"]
        verbose_name = _("declined consent")
        verbose_name_plural = _("declined consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=[scope.value for scope in ConsentScope]), name="consent_decline_scope_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} – {self.guardian} ({_('declined')})"
