"""The model's limits on age and length, as pure functions.

* The child is born and at most 36 months old on the start date; the course should end before
  the third birthday (continuing past it needs a recorded special reason). The intake applies
  the same limit earlier, on the day it expects the course could start (an expected birth
  passes: the age counts from the birth).
* A course lasts at most 40 weeks; only a coordinator extends it, and the extended planned end
  is then the course's limit ("uge 43 af 52").
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

MAX_WEEKS = 40
MAX_AGE_MONTHS = 36
WARNING_WEEK = 32


def planned_end_default(start_date: date) -> date:
    return start_date + timedelta(weeks=MAX_WEEKS)


def third_birthday(birth_date: date) -> date:
    return birth_date + relativedelta(months=MAX_AGE_MONTHS)


def over_age_limit(birth_date: date, on: date) -> bool:
    """Older than 36 months on `on`: past the third birthday."""
    return on > third_birthday(birth_date)


def third_birthday_before_end(birth_date: date, start_date: date, planned_end: date | None = None) -> date | None:
    """The third birthday when it falls before the planned end (40 weeks after the start unless
    told), else None."""
    birthday = third_birthday(birth_date)
    return birthday if birthday < (planned_end or planned_end_default(start_date)) else None


def age_in_months(birth_date: date, on: date) -> int:
    delta = relativedelta(on, birth_date)
    return delta.years * 12 + delta.months


def course_week(start_date: date, on: date) -> int:
    """Week x of the course: the start date lies in week 1."""
    return (on - start_date).days // 7 + 1


WARNING_WEEKS_BEFORE_LIMIT = MAX_WEEKS - WARNING_WEEK


def course_week_limit(start_date: date, planned_end_date: date | None) -> int:
    """The course's current limit in weeks: 40, or the extended planned end's week (an extension
    is the only way past 40 weeks; the start refuses a longer planned end)."""
    if start_date is None or planned_end_date is None:
        return MAX_WEEKS
    return max(MAX_WEEKS, -(-(planned_end_date - start_date).days // 7))


def course_week_warning(*, week: int, limit: int) -> int | None:
    """The week worth a warning once reached: the limit itself, or 8 weeks before it (week 32 of
    40, week 44 of 52); None before that."""
    if week >= limit:
        return limit
    if week >= limit - WARNING_WEEKS_BEFORE_LIMIT:
        return limit - WARNING_WEEKS_BEFORE_LIMIT
    return None
