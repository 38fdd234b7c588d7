"""Writes of courses. Every phase change goes through `course_move`.

One module per concern; this package re-exports their public names, so callers import
`from courses.services import course_close` whichever module defines it.
"""

# The write checks live in courses.access; re-exported while other apps still import them from here.
from courses.access import coordinator_check, course_staff_check, educator_check
from courses.services.anonymise import course_anonymise
from courses.services.calendar_feeds import calendar_feed_create, calendar_feed_revoke
from courses.services.changes import (
    CORRECTABLE_ON_CLOSED,
    concern_notification_record,
    course_adjust,
    course_correct_closed,
    course_transfer,
)
from courses.services.closure import GoalResult, course_close, course_consent_withdraw
from courses.services.extension import course_extend
from courses.services.goals import MAX_ACTIVE_GOALS, goal_add, goal_end, goal_reword
from courses.services.imports import ImportedCourse, course_import_create
from courses.services.local_lists import local_method_active_set, local_method_add
from courses.services.locking import course_conflict, course_lock, course_repeated_move, course_save
from courses.services.phases import course_move, course_refer
from courses.services.planning import (
    SERIES_MAX_VISITS,
    SeriesSuggestion,
    series_suggestion,
    visit_series_plan,
)
from courses.services.start import GoalData, course_start
from courses.services.visits import BOOSTER_WINDOW, VISIT_CONSENTS, VISIT_FIELDS, visit_log, visit_update

__all__ = [
    "BOOSTER_WINDOW",
    "CORRECTABLE_ON_CLOSED",
    "VISIT_CONSENTS",
    "VISIT_FIELDS",
    "SERIES_MAX_VISITS",
    "MAX_ACTIVE_GOALS",
    "GoalData",
    "GoalResult",
    "ImportedCourse",
    "SeriesSuggestion",
    "calendar_feed_create",
    "calendar_feed_revoke",
    "concern_notification_record",
    "course_anonymise",
    "coordinator_check",
    "course_adjust",
    "course_close",
    "course_conflict",
    "course_consent_withdraw",
    "course_correct_closed",
    "course_extend",
    "course_import_create",
    "course_lock",
    "course_move",
    "course_refer",
    "course_repeated_move",
    "course_save",
    "local_method_active_set",
    "local_method_add",
    "course_staff_check",
    "course_start",
    "course_transfer",
    "educator_check",
    "series_suggestion",
    "goal_add",
    "goal_end",
    "goal_reword",
    "visit_log",
    "visit_series_plan",
    "visit_update",
]
