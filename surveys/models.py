"""Parent questionnaires: definitions stored as data, invitations, open links and responses.

A questionnaire is a versioned definition (rows, not code), so a municipality's variant needs no
programmer. Parents answer through a one-time invitation made when a course closes, or through
the municipality's open link. No page shows staff one family's answers: responses reach staff
only as aggregates (the reporting app).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import ContactChannel

# The keys of the two shipped questionnaires: the national evaluation's (Bilag 8) and Ishøj's.
NATIONAL = "national"
ISHOEJ = "ishoej"


class QuestionKind(models.TextChoices):
    SINGLE_CHOICE = "single_choice", _("Single choice")
    AGREEMENT = "agreement", _("Five-point agreement with “don't know”")
    SCALE = "scale", _("Scale with both ends described")
    YES_NO = "yes_no", _("Yes/no")
    NUMBER = "number", _("Number")
    FREE_TEXT = "free_text", _("Free text")


class Questionnaire(models.Model):
    key = models.SlugField(_("key"), max_length=40, help_text=_("The same for every version, e.g. “national”."))
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown before the first question. Blank lines separate paragraphs.")
    )
    outro = models.TextField(_("closing text"), blank=True)
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_questionnaires",
        verbose_name=_("municipality"),
        help_text=_("Empty: every municipality may choose it. Set: one municipality's own variant."),
    )
    child_count_question = models.CharField(
        _("question giving the number of children"),
        max_length=10,
        blank=True,
        help_text=_(
            "Number of the question whose answer tells how many children the per-child questions repeat for, when the children are not known (open link)."
        ),
    )
    source = models.TextField(_("source"), blank=True, help_text=_("Where the wording comes from."))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["key", "-version"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="questionnaire_key_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions", verbose_name=_("questionnaire")
    )
    position = models.PositiveIntegerField(_("position"))
    page = models.PositiveSmallIntegerField(_("page"), default=1)
    number = models.CharField(_("number"), max_length=10)
    heading = models.TextField(_("text before the question"), blank=True)
    text = models.TextField(_("question"))
    hint = models.TextField(_("hint"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_('For single choice: a list of {"value": …, "label": …}.'),
    )
    other_choice = models.CharField(
        _("choice that asks for a description"),
        max_length=40,
        blank=True,
    )
    scale_min = models.SmallIntegerField(_("lowest value"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("highest value"), null=True, blank=True)
    scale_min_label = models.CharField(_("what the lowest value means"), max_length=200, blank=True)
    scale_max_label = models.CharField(_("what the highest value means"), max_length=200, blank=True)
    per_child = models.BooleanField(_("asked for each child"), default=False)
    show_if_question = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shown only when this question"),
    )
    show_if_values = models.JSONField(_("has one of these answers"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=True)
    confirm_low_rating = models.BooleanField(
        _("confirm a low rating when every other answer is positive"), default=False
    )

    class Meta:
        ordering = ["questionnaire", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="question_number_unique"),
            models.UniqueConstraint(fields=["questionnaire", "position"], name="question_position_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=[kind.value for kind in QuestionKind]), name="question_kind_known"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["scale", "number"])
                | (Q(scale_min__isnull=False) & Q(scale_max__isnull=False) & Q(scale_min__lt=F("scale_max"))),
                name="question_scale_has_range",
            ),
            models.CheckConstraint(
                condition=~Q(kind="scale") | (~Q(scale_min_label="") & ~Q(scale_max_label="")),
                name="question_scale_ends_described",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class QuestionnaireTranslation(models.Model):
    """One questionnaire version's texts in one language other than Danish (the source): the
    title, the introduction, the closing text, and each question's text, heading, hint, choice
    labels and scale ends, by the keys of `surveys.translations.source_texts`. Shipped ones
    (English) belong to no municipality; a municipality's uploaded one is seen by its parents only."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="translations", verbose_name=_("questionnaire")
    )
    language = models.CharField(_("language"), max_length=12)
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questionnaire_translations",
        verbose_name=_("municipality"),
    )
    texts = models.JSONField(_("texts"), default=dict)
    translator = models.CharField(_("translated by"), max_length=200)
    reviewed_on = models.DateField(_("reviewed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["questionnaire", "language"]
        verbose_name = _("questionnaire translation")
        verbose_name_plural = _("questionnaire translations")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "language"],
                condition=Q(municipality__isnull=True),
                name="questionnaire_translation_shipped_once",
            ),
            models.UniqueConstraint(
                fields=["questionnaire", "language", "municipality"],
                condition=Q(municipality__isnull=False),
                name="questionnaire_translation_once_per_municipality",
            ),
            models.CheckConstraint(condition=~Q(language="da"), name="questionnaire_translation_not_source"),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} [{self.language}]"


class QuestionnaireChoice(models.Model):
    """A questionnaire a municipality uses for its parents."""

    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.CASCADE, related_name="questionnaire_choices"
    )
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="choices_by")
    chosen_at = models.DateTimeField(default=timezone.now)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "questionnaire"], name="questionnaire_choice_unique"),
        ]


class Invitation(models.Model):
    """One guardian's one-time invitation to answer one questionnaire after a course closed."""

    course = models.ForeignKey("courses.Course", on_delete=models.PROTECT, related_name="invitations")
    guardian = models.ForeignKey("families.Guardian", on_delete=models.CASCADE, related_name="invitations")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The link sent by SMS to a parent who chose SMS (when the course closed); once, redelivered or not.
    texted_at = models.DateTimeField(null=True, blank=True)

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        ANSWERED = "answered", _("Answered")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "guardian", "questionnaire"], name="invitation_one_per_guardian_and_questionnaire"
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="invitation_expires_after_created"
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(cancelled_at__isnull=True),
                name="invitation_not_answered_and_cancelled",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation #{self.pk}"

    def status_at(self, now) -> str:
        if self.answered_at:
            return self.Status.ANSWERED
        if self.cancelled_at:
            return self.Status.CANCELLED
        if now >= self.expires_at:
            return self.Status.EXPIRED
        return self.Status.OPEN

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label


class InvitationReminder(models.Model):
    """A reminder of an invitation not answered after the municipality's number of days
    (`Variant.survey_reminder_days`), by the way the parent chose when consenting: a letter the
    educator prints again, an e-mail or an SMS. At most two per invitation (the unique number
    makes a second run of the job, or a redelivered task, remind nobody twice)."""

    MAX_NUMBER = 2

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="reminders")
    number = models.PositiveSmallIntegerField()
    channel = models.CharField(max_length=10, choices=ContactChannel.choices)
    created_at = models.DateTimeField(default=timezone.now)
    # When the e-mail or SMS was handed over; a letter is printed by the educator (never set).
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invitation_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["invitation", "number"], name="invitation_reminder_once_per_number"),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=2), name="invitation_reminder_at_most_two"),
            models.CheckConstraint(
                condition=Q(channel__in=[channel.value for channel in ContactChannel]),
                name="invitation_reminder_channel_known",
            ),
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | ~Q(channel="letter"), name="invitation_reminder_letter_not_sent"
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder {self.number} of invitation #{self.invitation_id}"


class OpenLink(models.Model):
    """The municipality-wide link of the evaluation: anyone with it may answer, any number of times."""

    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="open_links")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="open_links")
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "questionnaire"],
                condition=Q(closed_at__isnull=True),
                name="open_link_one_active_per_questionnaire",
            ),
        ]


class Source(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    OPEN_LINK = "open_link", _("Open link")
    IMPORT = "import", _("Imported from a sheet")


class Response(models.Model):
    """One submitted questionnaire. Reaches staff only inside aggregates of at least five."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses")
    municipality = models.ForeignKey("organisation.Municipality", on_delete=models.PROTECT, related_name="responses")
    source = models.CharField(max_length=12, choices=Source.choices)
    invitation = models.OneToOneField(
        Invitation, on_delete=models.PROTECT, null=True, blank=True, related_name="response"
    )
    open_link = models.ForeignKey(OpenLink, on_delete=models.PROTECT, null=True, blank=True, related_name="responses")
    course = models.ForeignKey(
        "courses.Course", on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    children = models.PositiveSmallIntegerField(default=0)
    low_rating_confirmed = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(default=timezone.now)
    # The response's id in an imported sheet of historical answers (idempotent re-import).
    external_id = models.CharField(max_length=60, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(source="invitation") & Q(invitation__isnull=False) & Q(open_link__isnull=True))
                | (Q(source="open_link") & Q(open_link__isnull=False) & Q(invitation__isnull=True))
                | (Q(source="import") & Q(open_link__isnull=True) & Q(invitation__isnull=True) & ~Q(external_id="")),
                name="response_source_matches_link",
            ),
            models.UniqueConstraint(
                fields=["municipality", "questionnaire", "external_id"],
                condition=~Q(external_id=""),
                name="response_external_id_unique",
            ),
        ]


class Answer(models.Model):
    """One answer; `child` is 1, 2, … for a per-child question and 0 otherwise."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    child = models.PositiveSmallIntegerField(default=0)
    choice = models.CharField(max_length=40, blank=True)
    number = models.IntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "child"], name="answer_once_per_question_and_child"
            ),
        ]


class Draft(models.Model):
    """Answers given so far, so a reload half-way loses nothing. Deleted when submitted."""

    key = models.CharField(max_length=80, unique=True)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict)
    # The language the parent chose on the first page (blank: not chosen, the family's or Danish).
    language = models.CharField(max_length=12, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
