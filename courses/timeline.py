"""The course page's timeline: every event of the course but its visits (which have their own
table), newest first, from the rows `selectors.course_detail` has already read (no queries):
the phases, transfers, extensions, adjustments, notifications of concern, goal changes, the
birth of a child the referral expected and the changes of daycare. The referral's revisions of
complexity and § 52 belong to a higher app and join it on the page through `visitation`'s
template filter `with_referral_revisions`.

Each entry has a text anyone who may open the course sees, and a detail that is note-like free
text (a phase change's reason, what an adjustment changed and why, why a goal was reworded or
ended), which the page shows to home educators and coordinators only, as it does the visits' notes.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.models import Phase


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    text: str
    detail: str = ""
    by: str = ""


def _phase_day(course, change) -> date:
    """The day the move is about where the course records one (the intake decision, the start-up
    meeting, the end), else the day it was recorded."""
    day = {
        Phase.DECIDED: course.visitation_date,
        Phase.STARTED: course.start_date,
        Phase.CLOSED: course.end_date,
    }.get(change.to_phase)
    return day or timezone.localdate(change.at)


def _daycare_change_text(period) -> str:
    if period.attends_daycare:
        return _("Change of daycare: %(name)s goes to %(daycare)s") % {"name": period.child, "daycare": period.daycare}
    return _("Change of daycare: %(name)s attends no daycare") % {"name": period.child}


def timeline_sorted(entries) -> list[TimelineEntry]:
    """Newest first; entries of one day keep the order they were given in."""
    return sorted(entries, key=lambda entry: entry.on, reverse=True)


def course_timeline(detail: dict) -> list[TimelineEntry]:
    course = detail["course"]
    entries = [
        *(TimelineEntry(child.birth_date, _("%(name)s was born") % {"name": child.name}) for child in detail["births"]),
        *(
            TimelineEntry(period.starts_on, _daycare_change_text(period), by=str(period.recorded_by or ""))
            for period in detail["daycare_changes"]
        ),
        *(
            TimelineEntry(_phase_day(course, change), change.get_to_phase_display(), change.note, str(change.by))
            for change in detail["phase_changes"]
        ),
        *(
            TimelineEntry(
                transfer.on,
                _("Transferred from %(from)s to %(to)s") % {"from": transfer.from_educator, "to": transfer.to_educator},
            )
            for transfer in detail["transfers"]
        ),
        *(
            TimelineEntry(
                timezone.localdate(extension.at),
                _("Extended to %(end)s") % {"end": date_format(extension.new_planned_end, "SHORT_DATE_FORMAT")},
            )
            for extension in detail["extensions"]
        ),
        *(
            TimelineEntry(
                adjustment.on, _("Adjustment"), f"{adjustment.description} ({adjustment.reason})", str(adjustment.by)
            )
            for adjustment in detail["adjustments"]
        ),
        *(
            TimelineEntry(notification.on, f"{_('Notification of concern to')} {notification.recipient}")
            for notification in detail["concern_notifications"]
        ),
        *(
            TimelineEntry(
                change.on, f"{change.get_kind_display()}: {change.goal.description}", change.reason, str(change.by)
            )
            for change in detail["goal_changes"]
        ),
    ]
    return timeline_sorted(entries)
