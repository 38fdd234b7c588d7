"""Phase 3: the goals change along the way. A goal is added, reworded or ended while the course
is under way; every change is a `GoalChange` row and one audit event about the family.

The start weight ("how much the topic fills daily life now", agreed at the start-up meeting) is
the baseline of the goal's evaluation at closure, so a rewording never touches it; a goal added
later gets its own weight as it is when added. An ended goal keeps its row and history, takes
no visits after its end date and gets no result at closure (`courses.services.closure`).
"""

from datetime import date
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.access import course_staff_check
from courses.models import Course, Goal, GoalChange, GoalChangeKind, Phase, Theme
from courses.services.locking import _audit, course_lock
from hjemmepaed.audit.services import Action
from hjemmepaed.errors import DomainError
from hjemmepaed.formkeys import form_key_once
from hjemmepaed.organisation.models import User

# The start-up meeting's form takes at most nine goals (courses.forms.GoalFormSet); a course
# holds no more at a time. The model asks for "a number of goals" in the three themes and the
# registration sheet asks only whether they were reached, so the bound is the form's.
MAX_ACTIVE_GOALS = 9


def _under_way_check(*, course: Course) -> None:
    if course.phase != Phase.STARTED:
        raise DomainError(_("Goals are changed only while the course is under way; a closed course takes no changes."))


def _date_check(*, course: Course, on: date) -> None:
    if on > timezone.localdate() or on < course.start_date:
        raise DomainError(
            _("The date lies between the start of the course (%(start)s) and today.")
            % {"start": date_format(course.start_date, "SHORT_DATE_FORMAT")},
            field="on",
        )


def _wording_check(*, description: str) -> None:
    if not description.strip():
        raise DomainError(_("Each goal needs a theme and a concrete description."), field="description")


def _goal_lock(*, course: Course, goal: Goal) -> tuple[Course, Goal]:
    """The course locked first (as every course service does), then the goal."""
    locked = course_lock(course=course)
    _under_way_check(course=locked)
    goal = Goal.objects.select_for_update().filter(course=locked, pk=goal.pk).first()
    if goal is None:
        raise DomainError(_("Only the course's own goals can be changed."))
    if goal.ended_on is not None:
        raise DomainError(
            _("The goal ended on %(date)s and can no longer be changed.")
            % {"date": date_format(goal.ended_on, "SHORT_DATE_FORMAT")}
        )
    return locked, goal


@form_key_once(GoalChange, owner="by", scope=("course",), result=lambda change: change.goal)
@transaction.atomic
def goal_add(
    *,
    acting_user: User,
    course: Course,
    on: date,
    theme: str,
    description: str,
    weight_at_start: int,
    focus_points: str = "",
    form_key: UUID | None = None,
) -> Goal:
    """A goal agreed with the parents during the course, with its weight as it is now."""
    course_staff_check(acting_user=acting_user, course=course)
    locked = course_lock(course=course)
    _under_way_check(course=locked)
    _date_check(course=locked, on=on)
    if theme not in Theme.values:
        raise DomainError(_("Choose the goal's theme."), field="theme")
    _wording_check(description=description)
    if weight_at_start is None or not 1 <= weight_at_start <= 10:
        raise DomainError(_("How much the topic fills daily life is a number from 1 to 10."), field="weight_at_start")
    if locked.goals.filter(ended_on__isnull=True).count() >= MAX_ACTIVE_GOALS:
        raise DomainError(
            _("A course has at most %(max)s goals at a time. End a goal before adding another.")
            % {"max": MAX_ACTIVE_GOALS}
        )
    goal = Goal.objects.create(
        course=locked,
        theme=theme,
        description=description.strip(),
        focus_points=focus_points.strip(),
        weight_at_start=weight_at_start,
    )
    GoalChange.objects.create(
        course=locked, goal=goal, kind=GoalChangeKind.ADDED, on=on, by=acting_user, form_key=form_key
    )
    _audit(acting_user=acting_user, course=locked, action=Action.CREATE, object_type="goal", object_id=goal.pk)
    return goal


@transaction.atomic
def goal_reword(
    *,
    acting_user: User,
    course: Course,
    goal: Goal,
    on: date,
    description: str,
    focus_points: str = "",
    reason: str = "",
) -> Goal:
    """New words for a goal that is not ended; the wording before is kept, the start weight too."""
    course_staff_check(acting_user=acting_user, course=course)
    locked, goal = _goal_lock(course=course, goal=goal)
    _date_check(course=locked, on=on)
    _wording_check(description=description)
    if description.strip() == goal.description and focus_points.strip() == goal.focus_points:
        raise DomainError(
            _("The new wording is the same as the goal's current one. Write the goal in other words."),
            field="description",
        )
    GoalChange.objects.create(
        course=locked,
        goal=goal,
        kind=GoalChangeKind.REWORDED,
        on=on,
        previous_description=goal.description,
        previous_focus_points=goal.focus_points,
        reason=reason.strip(),
        by=acting_user,
    )
    goal.description = description.strip()
    goal.focus_points = focus_points.strip()
    goal.save(update_fields=["description", "focus_points"])
    _audit(
        acting_user=acting_user,
        course=locked,
        action=Action.UPDATE,
        object_type="goal",
        object_id=goal.pk,
        criterion="reworded",
    )
    return goal


@transaction.atomic
def goal_end(*, acting_user: User, course: Course, goal: Goal, on: date, reason: str) -> Goal:
    """End a goal before the course ends (reached early, or no longer the family's). It stays in
    the history; the course keeps at least one goal that is not ended."""
    course_staff_check(acting_user=acting_user, course=course)
    locked, goal = _goal_lock(course=course, goal=goal)
    _date_check(course=locked, on=on)
    if not reason.strip():
        raise DomainError(_("Write why the goal ends."), field="reason")
    if not locked.goals.filter(ended_on__isnull=True).exclude(pk=goal.pk).exists():
        raise DomainError(
            _(
                "This is the course's last goal that is not ended. Reword it, add another goal first, "
                "or close the course."
            )
        )
    if locked.visits.filter(goals=goal, date__gt=on).exists():
        raise DomainError(
            _("Visits after this date worked on the goal. End it on the day of the last of them or later."),
            field="on",
        )
    GoalChange.objects.create(
        course=locked, goal=goal, kind=GoalChangeKind.ENDED, on=on, reason=reason.strip(), by=acting_user
    )
    goal.ended_on = on
    goal.save(update_fields=["ended_on"])
    _audit(
        acting_user=acting_user,
        course=locked,
        action=Action.UPDATE,
        object_type="goal",
        object_id=goal.pk,
        criterion="ended",
    )
    return goal
