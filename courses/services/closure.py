"""Phase 4: closing a course, which invites the parents to the questionnaire, and the end by
withdrawn consent, which cancels the invitations."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.access import course_staff_check
from courses.models import Agreement, Closure, Course, EndReason, Goal, GoalStatus, Phase, Visit, VisitStatus
from courses.services.locking import _audit, course_lock, course_repeated_move
from courses.services.phases import course_move
from courses.services.visits import _booster_window_error
from courses.variants import course_variant
from courses.workflow import move_check
from families.models import ConsentScope
from families.services import consent_require
from hjemmepaed.audit.services import Action
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User
from surveys.services import invitations_cancel_for_course, invitations_create_for_course


@dataclass(frozen=True)
class GoalResult:
    goal: Goal
    status: str
    weight_at_end: int


def _end_check(*, course: Course, end_date: date, end_reason: str, end_reason_detail: str) -> None:
    """The end lies within the course, up to today, and has a known reason (with details when it
    is another service or another reason)."""
    if end_date > timezone.localdate():
        raise DomainError(_("The end date cannot be in the future."), field="end_date")
    if end_date < course.start_date:
        raise DomainError(_("The end date cannot be before the start date."), field="end_date")
    if end_date > course.planned_end_date:
        raise DomainError(
            _("The end date is after the planned end %(date)s. A coordinator must extend the course first.")
            % {"date": date_format(course.planned_end_date, "SHORT_DATE_FORMAT")},
            field="end_date",
        )
    if end_reason not in EndReason.values:
        raise DomainError(_("Choose the reason the course ends."), field="end_reason")
    if end_reason in (EndReason.OTHER_SERVICE, EndReason.OTHER) and not end_reason_detail.strip():
        raise DomainError(_("Write which other service, or what the other reason is."), field="end_reason_detail")


def _planned_visits_open_check(*, course: Course, end_date: date) -> None:
    """A visit planned on or before the end date must first be logged as held, cancelled or a no-show."""
    unsettled = list(course.visits.filter(status=VisitStatus.PLANNED, date__lte=end_date).order_by("date", "pk"))
    if unsettled:
        raise DomainError(
            ngettext(
                "The visit planned for %(dates)s is still open. Record whether it was held, cancelled or "
                "the family did not show up before you close the course.",
                "The visits planned for %(dates)s are still open. Record whether they were held, cancelled "
                "or the family did not show up before you close the course.",
                len(unsettled),
            )
            % {"dates": ", ".join(date_format(visit.date, "SHORT_DATE_FORMAT") for visit in unsettled)},
            field="end_date",
        )


def _planned_visits_cancel_after(*, course: Course, end_date: date) -> int:
    """The visits planned after the end are cancelled, the reason added to their note."""
    planned = list(course.visits.filter(status=VisitStatus.PLANNED, date__gt=end_date))
    reason = _("Cancelled: the course ended on %(date)s.") % {"date": date_format(end_date, "SHORT_DATE_FORMAT")}
    for visit in planned:
        visit.status = VisitStatus.CANCELLED
        visit.note = f"{visit.note}\n\n{reason}" if visit.note else reason
    Visit.objects.bulk_update(planned, ["status", "note"])
    return len(planned)


def _cancelled_note(count: int) -> str:
    """For the phase change's note: how many planned visits the end cancelled."""
    if not count:
        return ""
    return ngettext(
        "%(count)s planned visit after the end date was cancelled.",
        "%(count)s planned visits after the end date were cancelled.",
        count,
    ) % {"count": count}


def _cancelled_audit(count: int) -> str:
    return f"{count} planned visits cancelled" if count else ""


def _assessment_check(*, goals_reached_answer: str, child_developed_answer: str) -> None:
    for answer, field in (
        (goals_reached_answer, "goals_reached_answer"),
        (child_developed_answer, "child_developed_answer"),
    ):
        if answer not in Agreement.values:
            raise DomainError(_("Answer both questions about the course's result."), field=field)


def _goals_with_results(*, course: Course, goal_results: list[GoalResult]) -> list[Goal]:
    """The course's goals, each given its result (not saved yet); every goal needs one, but a
    goal ended during the course (`goal_end`) takes none: it was not pursued to the end, so its
    attainment is not assessed, and a result sent for it is refused like any unknown goal."""
    results = {result.goal.pk: result for result in goal_results}
    goals = list(course.goals.filter(ended_on__isnull=True))
    if set(results) != {goal.pk for goal in goals}:
        raise DomainError(_("Give every goal its status and weight at closure."), field="goals")
    for goal in goals:
        result = results[goal.pk]
        if result.status not in GoalStatus.values or not 1 <= result.weight_at_end <= 10:
            raise DomainError(_("Give every goal its status and weight at closure."), field="goals")
        goal.status = result.status
        goal.weight_at_end = result.weight_at_end
    return goals


def _follow_up_check(
    *, course: Course, end_date: date, booster_planned_on: date | None, handover_meeting_on: date | None
) -> None:
    """A planned booster visit lies within the model's window after the end (3 months
    nationally); a handover meeting with the daycare needs the parents' consent to share with it."""
    if booster_planned_on is not None:
        error = _booster_window_error(
            variant=course_variant(course), end_date=end_date, booster_date=booster_planned_on
        )
        if error:
            raise DomainError(error, field="booster_planned_on")
    if handover_meeting_on is not None:
        consent_require(
            family=course.family,
            scope=ConsentScope.SHARE_WITH_DAYCARE,
            on=handover_meeting_on,
            action=_("A network meeting with the daycare at handover"),
            field="handover_meeting_on",
        )


@transaction.atomic
def course_close(
    *,
    acting_user: User,
    course: Course,
    end_date: date,
    end_reason: str,
    goals_reached_answer: str,
    child_developed_answer: str,
    goal_results: list[GoalResult],
    end_reason_detail: str = "",
    handover_meeting_on: date | None = None,
    reflection_sheet_given: bool = False,
    booster_planned_on: date | None = None,
    version: int | None = None,
) -> Course:
    """Phase 4: close the course with the reason, each goal's result and the assessment, and
    invite the parents to the questionnaire in the same transaction."""
    course_staff_check(acting_user=acting_user, course=course)
    repeated = course_repeated_move(acting_user=acting_user, course=course, target=Phase.CLOSED, version=version)
    if repeated is not None:  # a double click: the course is closed once, with one closure
        return repeated
    locked = course_lock(course=course, version=version)
    move_check(current=locked.phase, target=Phase.CLOSED)
    _end_check(course=locked, end_date=end_date, end_reason=end_reason, end_reason_detail=end_reason_detail)
    _assessment_check(goals_reached_answer=goals_reached_answer, child_developed_answer=child_developed_answer)
    goals = _goals_with_results(course=locked, goal_results=goal_results)
    _follow_up_check(
        course=locked,
        end_date=end_date,
        booster_planned_on=booster_planned_on,
        handover_meeting_on=handover_meeting_on,
    )
    _planned_visits_open_check(course=locked, end_date=end_date)
    Goal.objects.bulk_update(goals, ["status", "weight_at_end"])
    cancelled = _planned_visits_cancel_after(course=locked, end_date=end_date)
    Closure.objects.create(
        course=locked,
        goals_reached_answer=goals_reached_answer,
        child_developed_answer=child_developed_answer,
        handover_meeting_on=handover_meeting_on,
        reflection_sheet_given=reflection_sheet_given,
        booster_planned_on=booster_planned_on,
        closed_by=acting_user,
    )
    closed = course_move(
        acting_user=acting_user,
        course=locked,
        target=Phase.CLOSED,
        changes={"end_date": end_date, "end_reason": end_reason, "end_reason_detail": end_reason_detail.strip()},
        note=_cancelled_note(cancelled),
        audit_detail=_cancelled_audit(cancelled),
    )
    invitations_create_for_course(acting_user=acting_user, course=closed)
    return closed


@transaction.atomic
def course_consent_withdraw(
    *,
    acting_user: User,
    course: Course,
    on: date,
    version: int | None = None,
) -> Course:
    """Participation is voluntary: withdrawn consent ends the course with that reason, and the
    parents are no longer asked to answer the questionnaire."""
    course_staff_check(acting_user=acting_user, course=course)
    locked = course_lock(course=course, version=version)
    note = _("The parents withdrew their consent.")
    invitations_cancel_for_course(course=locked)
    if locked.phase == Phase.CLOSED:
        _audit(
            acting_user=acting_user,
            course=locked,
            action=Action.UPDATE,
            criterion="consent withdrawn after closure",
        )
        return locked
    if locked.phase == Phase.STARTED:
        end_date = max(on, locked.start_date)
        cancelled = _planned_visits_cancel_after(course=locked, end_date=end_date)
        return course_move(
            acting_user=acting_user,
            course=locked,
            target=Phase.CLOSED,
            changes={"end_date": end_date, "end_reason": EndReason.NO_INTEREST},
            note=" ".join(filter(None, [note, _cancelled_note(cancelled)])),
            audit_detail=_cancelled_audit(cancelled),
        )
    return course_move(acting_user=acting_user, course=locked, target=Phase.WITHDRAWN, note=note)
