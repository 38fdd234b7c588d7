"""One family's course, from referral to closure, and the history of its phases.

The allowed moves between phases are a table in `courses/workflow.py`; the database refuses an
unknown phase and dates in the wrong order.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The choices are defined in courses/choices.py and re-exported here (`from courses.models import Phase`).
from courses import rules
from courses.choices import (  # noqa: F401
    DURATION_MINUTES,
    Agreement,
    CourseSource,
    EndReason,
    GoalStatus,
    Method,
    Phase,
    RecruitedBy,
    ReminderKind,
    Theme,
    VisitKind,
    VisitStatus,
)
from courses.variants import course_variant


class Course(models.Model):
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("municipality"),
    )
    family = models.ForeignKey(
        "families.Family", on_delete=models.PROTECT, related_name="courses", verbose_name=_("family")
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.REFERRED)
    primary_educator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="primary_courses",
        verbose_name=_("primary home educator"),
    )
    second_educator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="second_courses",
        verbose_name=_("second home educator"),
    )
    visitation_date = models.DateField(_("intake decision date"), null=True, blank=True)
    decision_justification = models.TextField(_("justification of the decision"), blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    waiting_since = models.DateField(_("on the waiting list since"), null=True, blank=True)
    waiting_position = models.PositiveIntegerField(_("position on the waiting list"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    planned_end_date = models.DateField(_("planned end date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=20, choices=EndReason.choices, blank=True)
    end_reason_detail = models.CharField(_("end reason, details"), max_length=300, blank=True)
    # A course imported from a municipality's registration sheet carries the sheet's totals
    # instead of visit rows, and its recruiter instead of a referral (reporting/selectors.py
    # counts both kinds alike). Courses logged in the app leave these empty.
    source = models.CharField(_("source"), max_length=6, choices=CourseSource.choices, default=CourseSource.APP)
    external_id = models.CharField(_("the course's id in the registration sheet"), max_length=60, blank=True)
    imported_recruited_by = models.CharField(
        _("recruited by (registration sheet)"), max_length=20, choices=RecruitedBy.choices, blank=True
    )
    imported_visit_count = models.PositiveIntegerField(
        _("number of visits (registration sheet)"), null=True, blank=True
    )
    imported_visit_minutes = models.PositiveIntegerField(
        _("visit time in minutes (registration sheet)"), null=True, blank=True
    )
    imported_child_birth_month = models.DateField(
        _("the child's birth month (registration sheet)"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set by the retention job (privacy.services, through courses.services.course_anonymise) when the course's free text was removed.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    # Optimistic locking: every change of the course's own fields counts a new version
    # (`courses.services.course_save`, one UPDATE ... WHERE version = n). A form carries the
    # version it was loaded with, so of two people editing at once the second is told.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(condition=Q(phase__in=Phase.values), name="course_phase_known"),
            models.CheckConstraint(
                condition=Q(end_reason="") | Q(end_reason__in=EndReason.values),
                name="course_end_reason_known",
            ),
            models.CheckConstraint(
                condition=Q(second_educator__isnull=True) | ~Q(second_educator=F("primary_educator")),
                name="course_two_different_educators",
            ),
            models.CheckConstraint(
                # A registration sheet may have the visitation after the start, a flaw the
                # evaluation kept (and left out of Tabel 3.1); the app never makes one.
                condition=Q(visitation_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(visitation_date__lte=F("start_date"))
                | Q(source="import"),
                name="course_visitation_not_after_start",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(start_date__lte=F("end_date")),
                name="course_start_not_after_end",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(planned_end_date__isnull=True)
                | Q(start_date__lt=F("planned_end_date")),
                name="course_planned_end_after_start",
            ),
            models.CheckConstraint(
                # Historical registration sheets often lack the visitation date; reports count
                # such courses out of Tabel 3.1 and say so.
                condition=~Q(phase__in=["decided", "waiting", "started", "closed"])
                | Q(visitation_date__isnull=False)
                | Q(source="import"),
                name="course_decided_has_visitation_date",
            ),
            models.CheckConstraint(condition=Q(source__in=["app", "import"]), name="course_source_known"),
            models.CheckConstraint(
                condition=Q(source="import")
                | (
                    Q(external_id="")
                    & Q(imported_recruited_by="")
                    & Q(imported_visit_count__isnull=True)
                    & Q(imported_visit_minutes__isnull=True)
                    & Q(imported_child_birth_month__isnull=True)
                ),
                name="course_imported_fields_only_on_imports",
            ),
            models.CheckConstraint(
                condition=Q(imported_recruited_by="") | Q(imported_recruited_by__in=RecruitedBy.values),
                name="course_imported_recruited_by_known",
            ),
            models.UniqueConstraint(
                fields=["municipality", "external_id"],
                condition=~Q(external_id=""),
                name="course_external_id_unique_in_municipality",
            ),
            models.CheckConstraint(
                condition=~Q(phase__in=["started", "closed"])
                | (Q(start_date__isnull=False) & Q(planned_end_date__isnull=False)),
                name="course_started_has_dates",
            ),
            models.CheckConstraint(
                condition=~Q(phase="closed") | (Q(end_date__isnull=False) & ~Q(end_reason="")),
                name="course_closed_has_end",
            ),
        ]
        indexes = [
            # The course list's default order (phase, newest start first), so a page is read
            # from the index instead of sorting every course of the municipality; its prefix
            # serves the filters by phase.
            models.Index(
                F("municipality"),
                F("phase"),
                F("start_date").desc(),
                F("id").desc(),
                name="course_list_order_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Forløb #{self.pk}"

    @property
    def week_limit(self) -> int:
        """The weeks the course may last now: the model's longest course (40 nationally), or
        more after an extension."""
        return rules.course_week_limit(self.start_date, self.planned_end_date, course_variant(self).max_weeks)

    @property
    def week(self) -> int | None:
        """Week x of a started course today."""
        return rules.course_week(self.start_date, timezone.localdate()) if self.phase == "started" else None


class PhaseChange(models.Model):
    """One move of a course from one phase to another: who, when and why."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(_("from phase"), max_length=10, choices=Phase.choices, blank=True)
    to_phase = models.CharField(_("to phase"), max_length=10, choices=Phase.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        constraints = [
            models.CheckConstraint(condition=Q(to_phase__in=Phase.values), name="phase_change_to_phase_known"),
        ]


WEIGHT_HELP = _("1 = not at all, 10 = overshadows daily life completely")


class Goal(models.Model):
    """A goal agreed with the parents at the start-up meeting, in one of the three themes."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="goals")
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    description = models.TextField(_("goal"))
    focus_points = models.TextField(_("sub-goals (focus points)"), blank=True, help_text=_("One per line."))
    weight_at_start = models.PositiveSmallIntegerField(
        _("how much the topic fills daily life now"), help_text=WEIGHT_HELP
    )
    status = models.CharField(_("status at closure"), max_length=12, choices=GoalStatus.choices, blank=True)
    weight_at_end = models.PositiveSmallIntegerField(
        _("how much the topic fills daily life at closure"), null=True, blank=True, help_text=WEIGHT_HELP
    )
    # A goal ended during the course (courses.services.goal_end) keeps its row and history but
    # takes no visits after this date and no result at closure.
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(condition=Q(theme__in=Theme.values), name="goal_theme_known"),
            models.CheckConstraint(
                condition=Q(weight_at_start__gte=1, weight_at_start__lte=10), name="goal_weight_at_start_1_10"
            ),
            models.CheckConstraint(
                condition=Q(weight_at_end__isnull=True) | Q(weight_at_end__gte=1, weight_at_end__lte=10),
                name="goal_weight_at_end_1_10",
            ),
            models.CheckConstraint(condition=Q(status="") | Q(status__in=GoalStatus.values), name="goal_status_known"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(status="", weight_at_end__isnull=True),
                name="goal_ended_has_no_result",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]


class StartUpMeeting(models.Model):
    """Phase 2: the start-up meeting. Its date is the course's start date."""

    course = models.OneToOneField(Course, on_delete=models.CASCADE, related_name="start_up")
    participants = models.TextField(_("participants"))
    other_professionals_present = models.BooleanField(
        _("other professionals took part"),
        default=False,
        help_text=_("Only with the parents' consent."),
    )
    third_birthday_reason = models.TextField(_("special reason to continue past the third birthday"), blank=True)


class Extension(models.Model):
    """A coordinator's extension of a course beyond its planned end."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="extensions")
    previous_planned_end = models.DateField(_("previous planned end"))
    new_planned_end = models.DateField(_("new planned end"))
    reason = models.TextField(_("reason"))
    other_service_needed = models.BooleanField(_("another service is needed"))
    other_service_assessment = models.TextField(_("assessment of whether another service is needed"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_planned_end__gt=F("previous_planned_end")),
                name="extension_moves_end_later",
            ),
        ]


class Visit(models.Model):
    """Phase 3: a contact with the family. Only held visits count as visits."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="visits")
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.HELD)
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=VisitKind.choices, default=VisitKind.HOME)
    is_booster = models.BooleanField(_("booster visit"), default=False)
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    # The course's second home educator took part too: the visit's hours count once per
    # educator in the cost (reporting's Tabel 5.4), as a pair costs two people's time.
    second_educator_present = models.BooleanField(
        _("the second home educator took part"), default=False, db_default=False
    )
    goals = models.ManyToManyField(Goal, blank=True, related_name="visits", verbose_name=_("goals worked on"))
    methods = models.JSONField(_("methods used"), default=list, blank=True)
    methods_other = models.CharField(_("other methods"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField(default=timezone.now)
    # The one-time form key of the post that created it (hjemmepaed.formkeys).
    form_key = models.UUIDField(null=True, blank=True, editable=False)
    # A planned visit's time of day and the series that planned it (courses/services/planning.py);
    # a visit logged on its own has neither.
    time_of_day = models.TimeField(_("time of day"), null=True, blank=True)
    series = models.ForeignKey(
        "courses.VisitSeries", on_delete=models.SET_NULL, null=True, blank=True, related_name="visits"
    )

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=VisitStatus.values), name="visit_status_known"),
            models.CheckConstraint(condition=Q(kind__in=VisitKind.values), name="visit_kind_known"),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__in=DURATION_MINUTES),
                name="visit_duration_quarter_hours_up_to_8",
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(duration_minutes__isnull=False),
                name="visit_held_has_duration",
            ),
            models.UniqueConstraint(
                fields=["course"],
                condition=Q(is_booster=True, status="held"),
                name="visit_one_held_booster",
            ),
            models.UniqueConstraint(fields=["form_key"], name="visit_form_key_unique"),
        ]
        indexes = [
            # A course's last held and next planned visit (the course lists' dates, "only with
            # warnings", the last-visit order) from the index, without reading its visits.
            models.Index(fields=["course", "status", "date"], name="visit_course_status_date_idx"),
        ]

    @property
    def duration_hours(self):
        return None if self.duration_minutes is None else self.duration_minutes / 60


# The records kept along the way (adjustments, notifications of concern, transfers, reminders).
# Series of planned visits and the educators' calendar feeds.
from courses.models.closure import Closure  # noqa: E402
from courses.models.goal_changes import GoalChange, GoalChangeKind  # noqa: E402
from courses.models.local_lists import LOCAL_PREFIX, LocalMethod  # noqa: E402
from courses.models.planning import CalendarFeed, VisitSeries  # noqa: E402
from courses.models.records import Adjustment, ConcernNotification, Reminder, Transfer  # noqa: E402

__all__ = [
    "DURATION_MINUTES",
    "LOCAL_PREFIX",
    "LocalMethod",
    "Adjustment",
    "Agreement",
    "CalendarFeed",
    "Closure",
    "ConcernNotification",
    "Course",
    "CourseSource",
    "EndReason",
    "Extension",
    "Goal",
    "GoalChange",
    "GoalChangeKind",
    "GoalStatus",
    "Method",
    "Phase",
    "PhaseChange",
    "RecruitedBy",
    "Reminder",
    "ReminderKind",
    "StartUpMeeting",
    "Theme",
    "Transfer",
    "Visit",
    "VisitKind",
    "VisitSeries",
    "VisitStatus",
]
