"""The choices of courses' fields, each a closed list the database checks too (models.py).

`RecruitedBy` is here rather than in visitation because a course imported from a registration
sheet carries its recruiter, and courses lies below visitation.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    REFERRED = "referred", _("Referred")
    DECIDED = "decided", _("Approved")
    WAITING = "waiting", _("On the waiting list")
    STARTED = "started", _("Started")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EndReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("Goals reached")
    OTHER_SERVICE = "other_service", _("Moved on to another service")
    MOVED = "moved", _("The family moved")
    NO_INTEREST = "no_interest", _("Lack of interest / consent withdrawn")
    NO_TIME = "no_time", _("Lack of time or resources")
    CHILD_TURNED_3 = "child_turned_3", _("The child turned 3")
    OTHER = "other", _("Other")


class CourseSource(models.TextChoices):
    APP = "app", _("Logged in the app")
    IMPORT = "import", _("Imported from a registration sheet")


class RecruitedBy(models.TextChoices):
    HEALTH_VISITING = "health_visiting", _("Health visiting")
    DAYCARE = "daycare", _("Daycare")
    FAMILY = "family", _("The family itself")
    OTHER_MUNICIPAL = "other_municipal", _("Other municipal service")
    GP = "gp", _("The family's doctor")
    MIDWIFE = "midwife", _("Midwife")
    OTHER = "other", _("Other")


class Theme(models.TextChoices):
    HOME_RELATIONS = "home_relations", _("Relations and frames in the family's home")
    CHILD_DEVELOPMENT = "child_development", _("The child's well-being, learning, development and formation")
    DAYCARE_COOPERATION = "daycare_cooperation", _("Cooperation between family and daycare")


class GoalStatus(models.TextChoices):
    REACHED = "reached", _("Reached")
    PARTLY = "partly", _("Partly reached")
    NOT_REACHED = "not_reached", _("Not reached")


class VisitKind(models.TextChoices):
    HOME = "home", _("Home visit")
    DAYCARE = "daycare", _("In the daycare")
    OUTDOORS = "outdoors", _("Outdoors / walk and talk")
    MUNICIPAL = "municipal", _("Municipal premises")
    REMOTE = "remote", _("Phone or video")
    NETWORK_MEETING = "network_meeting", _("Network meeting")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("The family did not show up")


class Method(models.TextChoices):
    """The methods a visit used. Danish names with the professional term in parentheses where
    pædagoger say it that way (the evaluation's words: LØFT, SOS, Theraplay-lege, low arousal)."""

    LOFT = "loft", _("LØFT")
    SIGNS_OF_SAFETY = "signs_of_safety", _("Signs of Safety")
    DIALOGIC_READING = "dialogic_reading", _("Dialogic reading")
    PICTOGRAMS = "pictograms", _("Pictograms")
    REWARD_CHART = "reward_chart", _("Reward chart")
    THERAPLAY = "theraplay", _("Theraplay")
    SENSORIMOTOR = "sensorimotor", _("Sensorimotor play")
    LOW_AROUSAL = "low_arousal", _("Low arousal")
    WALK_AND_TALK = "walk_and_talk", _("Walk and talk")


class Agreement(models.TextChoices):
    """The five-point agreement scale with “ved ikke” (Figur 4.1, Bilag 8)."""

    STRONGLY_AGREE = "strongly_agree", _("Strongly agree")
    AGREE = "agree", _("Agree")
    NEUTRAL = "neutral", _("Neither agree nor disagree")
    DISAGREE = "disagree", _("Disagree")
    STRONGLY_DISAGREE = "strongly_disagree", _("Strongly disagree")
    DONT_KNOW = "dont_know", _("Don't know")


# Durations are whole quarter hours, more than 0 and at most 8 hours.
DURATION_MINUTES = list(range(15, 8 * 60 + 1, 15))


class ReminderKind(models.TextChoices):
    # The names keep the national weeks and age; what a reminder says follows the course's model
    # (`Reminder.label`: "uge 22 af 30", "fylder 24 måneder").
    WEEK_32 = "week_32", _("The course is 8 weeks from its longest length")
    WEEK_40 = "week_40", _("The course has reached its longest length")
    TURNS_3 = "turns_3", _("A child passes the oldest age within 8 weeks")
    REFERRAL_WAITING = "referral_waiting", _("The referral has waited more than 14 days")
    NOT_STARTED = "not_started", _("Approved more than 14 days ago, and the course has not started")
    NO_VISIT_PLANNED = "no_visit_planned", _("The course has started, and no visit is planned yet")
    FIRST_VISIT_LATE = "first_visit_late", _("No first visit held or planned within the municipality's deadline")
