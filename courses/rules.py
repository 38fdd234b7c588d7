"""The model's limits on age, length, visits and follow-up, as pure functions.

The limits are the municipality's model (`hjemmepaed.variants`): the version in force on the
course's start date (`courses.variants.course_variant`). Without a version of its own a
municipality runs the national model, whose values are the defaults below.

* The child is born and within the age range on the start date (nationally 0-36 months); the
  course should end before the child passes the oldest age (continuing past it needs a recorded
  special reason). The intake applies the same limit earlier, on the day it expects the course
  could start (an expected birth passes: the age counts from the birth): `age_at_start_error`.
* A course lasts at most `max_weeks` (nationally 40); only a coordinator extends it, and the
  extended planned end is then the course's limit ("uge 43 af 52").
* A visit cap counts the held visits, the booster included, and the start-up meeting when the
  model makes it the first visit (Ishøj: "op til ti besøg, hvoraf det første er et opstartsmøde").
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hjemmepaed.variants.models import NATIONAL_MAX_AGE_MONTHS, NATIONAL_MAX_WEEKS

MAX_WEEKS = NATIONAL_MAX_WEEKS
MAX_AGE_MONTHS = NATIONAL_MAX_AGE_MONTHS
WARNING_WEEK = 32
WARNING_WEEKS_BEFORE_LIMIT = MAX_WEEKS - WARNING_WEEK
BOOSTER_WINDOW_MONTHS = 3
# A series of visits is every 1 to 28 days (a constraint on VisitSeries); a longer local rhythm
# is suggested as 28.
SUGGESTED_INTERVAL_DAYS = 14


def local(variant, message: str) -> str:
    """A rule's message naming the municipality whose model set the value ("Ishøj: højst 10
    besøg"); a municipality running the national model (no version of its own) is not named."""
    if variant is None or variant.pk is None:
        return message
    return f"{variant.municipality.name}: {message}"


def planned_end_default(start_date: date, max_weeks: int = MAX_WEEKS) -> date:
    return start_date + timedelta(weeks=max_weeks)


def third_birthday(birth_date: date, max_age_months: int = MAX_AGE_MONTHS) -> date:
    """The day the child passes the oldest age at start: the third birthday nationally."""
    return birth_date + relativedelta(months=max_age_months)


def youngest_start(birth_date: date, min_age_months: int = 0) -> date:
    return birth_date + relativedelta(months=min_age_months)


def over_age_limit(birth_date: date, on: date, max_age_months: int = MAX_AGE_MONTHS) -> bool:
    """Older than the oldest age (36 months nationally) on `on`."""
    return on > third_birthday(birth_date, max_age_months)


def under_age_limit(birth_date: date, on: date, min_age_months: int = 0) -> bool:
    return on < youngest_start(birth_date, min_age_months)


def third_birthday_before_end(
    birth_date: date,
    start_date: date,
    planned_end: date | None = None,
    *,
    max_age_months: int = MAX_AGE_MONTHS,
    max_weeks: int = MAX_WEEKS,
) -> date | None:
    """The day the child passes the oldest age when it falls before the planned end (the
    longest course after the start unless told), else None."""
    birthday = third_birthday(birth_date, max_age_months)
    return birthday if birthday < (planned_end or planned_end_default(start_date, max_weeks)) else None


def age_in_months(birth_date: date, on: date) -> int:
    delta = relativedelta(on, birth_date)
    return delta.years * 12 + delta.months


def _short(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def age_at_start_error(*, variant, name: str, birth_date: date | None, on: date) -> str | None:
    """The message when a child is outside the model's age range on the start `on`, else None.
    A child not yet born passes (the intake's due date; the start refuses it on its own). The
    visitation's intake checks call it with the day it expects the course could start."""
    if birth_date is None or birth_date > on:
        return None
    if over_age_limit(birth_date, on, variant.max_age_months):
        birthday = _short(third_birthday(birth_date, variant.max_age_months))
        if variant.max_age_months == NATIONAL_MAX_AGE_MONTHS:
            message = _("%(name)s is older than 36 months on the start date (turned 3 on %(birthday)s).")
        else:
            message = _("%(name)s is older than %(months)d months on the start date (passed it on %(birthday)s).")
        return local(variant, message % {"name": name, "birthday": birthday, "months": variant.max_age_months})
    if under_age_limit(birth_date, on, variant.min_age_months):
        return local(
            variant,
            _("%(name)s is younger than %(months)d months on the start date (turns it on %(date)s).")
            % {
                "name": name,
                "months": variant.min_age_months,
                "date": _short(youngest_start(birth_date, variant.min_age_months)),
            },
        )
    return None


def course_week(start_date: date, on: date) -> int:
    """Week x of the course: the start date lies in week 1."""
    return (on - start_date).days // 7 + 1


def course_week_limit(start_date: date, planned_end_date: date | None, max_weeks: int = MAX_WEEKS) -> int:
    """The course's current limit in weeks: the model's longest course (40 nationally), or the
    extended planned end's week (an extension is the only way past it; the start refuses a
    longer planned end)."""
    if start_date is None or planned_end_date is None:
        return max_weeks
    return max(max_weeks, -(-(planned_end_date - start_date).days // 7))


def course_week_warning(*, week: int, limit: int) -> int | None:
    """The week worth a warning once reached: the limit itself, or 8 weeks before it (week 32 of
    40, week 44 of 52); None before that."""
    if week >= limit:
        return limit
    if week >= limit - WARNING_WEEKS_BEFORE_LIMIT:
        return limit - WARNING_WEEKS_BEFORE_LIMIT
    return None


def booster_latest(end_date: date, booster_window_months: int = BOOSTER_WINDOW_MONTHS) -> date:
    """The last day of the booster visit's window after the course's end."""
    return end_date + relativedelta(months=booster_window_months)


def visits_counted(*, variant, held: int) -> int:
    """The visits a cap counts: the held ones, and the start-up meeting when it is the first."""
    return held + (1 if variant.first_visit_is_startup else 0)


def visit_cap_error(*, variant, held: int, adding: int = 1) -> str | None:
    """The message when `adding` more visits would pass the model's cap, else None."""
    if variant.visit_cap is None or visits_counted(variant=variant, held=held) + adding <= variant.visit_cap:
        return None
    if variant.first_visit_is_startup:
        message = _("at most %(cap)d visits, the start-up meeting the first") % {"cap": variant.visit_cap}
    else:
        message = _("at most %(cap)d visits") % {"cap": variant.visit_cap}
    return local(variant, message)


def series_interval_default(variant) -> int:
    """The days between the visits a series proposes: the model's planning rhythm, else 14."""
    return min(variant.planning_rhythm_days or SUGGESTED_INTERVAL_DAYS, 28)


def first_visit_deadline(*, variant, start_date: date) -> date | None:
    """The last day the first visit after the start-up meeting may lie on (Svendborg: "inden for
    de næste 14 dage efter mødet"), None when the model sets no deadline."""
    if variant.first_visit_deadline_days is None or start_date is None:
        return None
    return start_date + timedelta(days=variant.first_visit_deadline_days)
