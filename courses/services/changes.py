"""Writes of courses. Every phase change goes through `course_move`."""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses import rules
from courses.access import coordinator_check, course_staff_check, educator_check
from courses.models import (
    DURATION_MINUTES,
    Adjustment,
    Agreement,
    Closure,
    ConcernNotification,
    Course,
    EndReason,
    Extension,
    Goal,
    GoalStatus,
    Method,
    Phase,
    PhaseChange,
    StartUpMeeting,
    Theme,
    Transfer,
    Visit,
    VisitKind,
    VisitStatus,
)
from courses.workflow import move_check
from families.models import ConsentScope
from families.services import consent_require
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User
from surveys.services import invitations_cancel_for_course, invitations_create_for_course


def course_conflict() -> DomainError:
    return DomainError(
        _(
            "The course was changed by someone else while you were writing. What you typed is still "
            "in the form; the course's current details are shown above it. Save again if your "
            "change is still right."
        ),
        code="course_conflict",
    )


def course_lock(*, course: Course, version: int | None = None) -> Course:
    """The course row, locked until the transaction ends: concurrent moves queue behind it.

    `version` is the one the user's form was loaded with; a course changed since then refuses
    with the conflict message, so no one overwrites a change they have not seen.
    """
    locked = Course.objects.select_for_update().get(pk=course.pk)
    if version is not None and locked.version != version:
        raise course_conflict()
    return locked


def course_save(*, course: Course, fields: list[str]) -> None:
    """Save the course's own `fields` and count a new version, compared and incremented in one
    ``UPDATE ... WHERE version = n``: a save from a stale copy changes nothing and refuses."""
    values = {field: getattr(course, field) for field in fields if field not in ("version", "updated_at")}
    now = timezone.now()
    saved = Course.objects.filter(pk=course.pk, version=course.version).update(
        **values, version=F("version") + 1, updated_at=now
    )
    if saved != 1:
        raise course_conflict()
    course.version += 1
    course.updated_at = now


def course_repeated_move(*, acting_user: User, course: Course, target: str, version: int | None) -> Course | None:
    """The locked course when this request repeats the move just made (a double click): the
    form's version was followed by exactly one change, this user's move to `target`. Else None.
    """
    if version is None:
        return None
    locked = Course.objects.select_for_update().get(pk=course.pk)
    if locked.phase != target or locked.version != version + 1:
        return None
    last = locked.phase_changes.order_by("-pk").first()
    if last is None or last.to_phase != target or last.by_id != acting_user.pk:
        return None
    return locked


def _audit(*, acting_user: User, course: Course, action: str, object_type="course", object_id=None, criterion=""):
    """One audit event about the course's family."""
    audit_event_record(
        actor=acting_user,
        action=action,
        object_type=object_type,
        object_id=course.pk if object_id is None else object_id,
        subject=course.family,
        municipality=course.municipality,
        criterion=criterion,
    )


@transaction.atomic
def course_move(
    *,
    acting_user,
    course: Course,
    target: str,
    changes: dict | None = None,
    note: str = "",
    version: int | None = None,
) -> Course:
    """Move a course to `target` along the phase table, setting `changes` in the same save.

    The row is locked first, so of two people deciding the same referral at once the second
    finds it changed (the conflict message, or the table's Danish refusal without a version).
    The same user's repeated submission of the move just made returns the course as it is.
    """
    repeated = course_repeated_move(acting_user=acting_user, course=course, target=target, version=version)
    if repeated is not None:
        return repeated
    locked = course_lock(course=course, version=version)
    move_check(current=locked.phase, target=target)
    source = locked.phase
    changed = ["phase"]
    locked.phase = target
    for field, value in (changes or {}).items():
        setattr(locked, field, value)
        changed.append(field)
    course_save(course=locked, fields=changed)
    PhaseChange.objects.create(course=locked, from_phase=source, to_phase=target, by=acting_user, note=note)
    _audit(
        acting_user=acting_user,
        course=locked,
        action=Action.UPDATE,
        criterion=f"phase {source} -> {target}",
    )
    return locked


@dataclass(frozen=True)
class GoalData:
    theme: str
    description: str
    weight_at_start: int
    focus_points: str = ""


def _age_check(*, course: Course, start_date: date, planned_end: date, third_birthday_reason: str) -> None:
    for child in course.family.children.all():
        if child.birth_date is None or child.birth_date > start_date:
            raise DomainError(
                _("%(name)s must be born on the start date: the course is for children aged 0–36 months.")
                % {"name": child.name},
                field="start_date",
            )
        birthday = rules.third_birthday(child.birth_date)
        if start_date > birthday:
            raise DomainError(
                _("%(name)s is older than 36 months on the start date (turned 3 on %(birthday)s).")
                % {"name": child.name, "birthday": date_format(birthday, "SHORT_DATE_FORMAT")},
                field="start_date",
            )
        if birthday < planned_end and not third_birthday_reason.strip():
            raise DomainError(
                _(
                    "%(name)s turns 3 on %(birthday)s, before the planned end %(end)s. End the course "
                    "before the birthday, or record a special reason to continue past it."
                )
                % {
                    "name": child.name,
                    "birthday": date_format(birthday, "SHORT_DATE_FORMAT"),
                    "end": date_format(planned_end, "SHORT_DATE_FORMAT"),
                },
                field="third_birthday_reason",
            )


@transaction.atomic
def course_start(
    *,
    acting_user: User,
    course: Course,
    start_date: date,
    participants: str,
    goals: list[GoalData],
    other_professionals_present: bool = False,
    planned_end_date: date | None = None,
    third_birthday_reason: str = "",
    version: int | None = None,
) -> Course:
    """Phase 2: record the start-up meeting and the goals agreed with the parents."""
    course_staff_check(acting_user=acting_user, course=course)
    repeated = course_repeated_move(acting_user=acting_user, course=course, target=Phase.STARTED, version=version)
    if repeated is not None:  # a double click: the course has started once
        return repeated
    if start_date > timezone.localdate():
        raise DomainError(_("The start-up meeting cannot be in the future."), field="start_date")
    if course.visitation_date and start_date < course.visitation_date:
        raise DomainError(
            _("The start date cannot be before the intake decision (%(date)s).")
            % {"date": date_format(course.visitation_date, "SHORT_DATE_FORMAT")},
            field="start_date",
        )
    planned_end = planned_end_date or rules.planned_end_default(start_date)
    if planned_end <= start_date or planned_end > rules.planned_end_default(start_date):
        raise DomainError(
            _("A course lasts at most 40 weeks: the planned end lies after the start and no later than %(date)s.")
            % {"date": date_format(rules.planned_end_default(start_date), "SHORT_DATE_FORMAT")},
            field="planned_end_date",
        )
    _age_check(
        course=course, start_date=start_date, planned_end=planned_end, third_birthday_reason=third_birthday_reason
    )
    if other_professionals_present:
        consent_require(
            family=course.family,
            scope=ConsentScope.INVOLVE_PROFESSIONALS,
            on=start_date,
            action=_("Other professionals at the start-up meeting"),
            field="other_professionals_present",
        )
    if not goals:
        raise DomainError(_("Agree at least one goal with the parents."), field="goals")
    for goal in goals:
        if goal.theme not in Theme.values or not goal.description.strip():
            raise DomainError(_("Each goal needs a theme and a concrete description."), field="goals")
        if not 1 <= goal.weight_at_start <= 10:
            raise DomainError(_("How much the topic fills daily life is a number from 1 to 10."), field="goals")
    if not participants.strip():
        raise DomainError(_("Write who took part in the start-up meeting."), field="participants")

    course = course_move(
        acting_user=acting_user,
        course=course,
        target=Phase.STARTED,
        changes={"start_date": start_date, "planned_end_date": planned_end},
        version=version,
    )
    StartUpMeeting.objects.create(
        course=course,
        participants=participants.strip(),
        other_professionals_present=other_professionals_present,
        third_birthday_reason=third_birthday_reason.strip(),
    )
    Goal.objects.bulk_create(
        Goal(
            course=course,
            theme=goal.theme,
            description=goal.description.strip(),
            focus_points=goal.focus_points.strip(),
            weight_at_start=goal.weight_at_start,
        )
        for goal in goals
    )
    return course


@transaction.atomic
def course_extend(
    *,
    acting_user: User,
    course: Course,
    new_planned_end: date,
    reason: str,
    other_service_needed: bool,
    other_service_assessment: str,
    third_birthday_reason: str = "",
    version: int | None = None,
) -> Course:
    """Extend a started course beyond its planned end. Only a coordinator may.

    Extending past a child's third birthday needs the special reason too, unless one was
    recorded at the start-up meeting.
    """
    coordinator_check(
        acting_user=acting_user, course=course, message=_("Only a coordinator can extend a course beyond 40 weeks.")
    )
    locked = course_lock(course=course, version=version)
    if locked.phase != Phase.STARTED:
        raise DomainError(_("Only a course that has started and is not closed can be extended."))
    if new_planned_end <= locked.planned_end_date:
        raise DomainError(
            _("The new planned end must be after the current one (%(date)s).")
            % {"date": date_format(locked.planned_end_date, "SHORT_DATE_FORMAT")},
            field="new_planned_end",
        )
    if not reason.strip():
        raise DomainError(_("Write why the course is extended."), field="reason")
    if not other_service_assessment.strip():
        raise DomainError(
            _("Write your assessment of whether the family needs another service."),
            field="other_service_assessment",
        )
    recorded_reason = getattr(getattr(locked, "start_up", None), "third_birthday_reason", "")
    _age_check(
        course=locked,
        start_date=locked.start_date,
        planned_end=new_planned_end,
        third_birthday_reason=third_birthday_reason or recorded_reason,
    )
    if third_birthday_reason.strip() and not recorded_reason:
        locked.start_up.third_birthday_reason = third_birthday_reason.strip()
        locked.start_up.save(update_fields=["third_birthday_reason"])
    Extension.objects.create(
        course=locked,
        previous_planned_end=locked.planned_end_date,
        new_planned_end=new_planned_end,
        reason=reason.strip(),
        other_service_needed=other_service_needed,
        other_service_assessment=other_service_assessment.strip(),
        by=acting_user,
    )
    locked.planned_end_date = new_planned_end
    course_save(course=locked, fields=["planned_end_date"])
    _audit(acting_user=acting_user, course=locked, action=Action.UPDATE, criterion="extended")
    return locked


BOOSTER_WINDOW = relativedelta(months=3)


def _visit_date_check(*, course: Course, visit_date: date, status: str, is_booster: bool) -> None:
    today = timezone.localdate()
    if status != VisitStatus.PLANNED and visit_date > today:
        raise DomainError(_("A visit that has taken place cannot be in the future."), field="date")
    if status == VisitStatus.PLANNED and visit_date < today:
        raise DomainError(_("A planned visit lies today or later."), field="date")
    if course.phase == Phase.STARTED:
        if visit_date < course.start_date:
            raise DomainError(
                _("Visits lie within the course: the course started on %(date)s.")
                % {"date": date_format(course.start_date, "SHORT_DATE_FORMAT")},
                field="date",
            )
        if is_booster:
            raise DomainError(_("A booster visit comes after the course has closed."), field="is_booster")
        return
    if course.phase == Phase.CLOSED:
        latest = course.end_date + BOOSTER_WINDOW
        if not is_booster:
            raise DomainError(
                _("The course is closed and takes no more visits, except one booster visit within 3 months."),
                field="is_booster",
            )
        if not course.end_date < visit_date <= latest:
            raise DomainError(
                _("A booster visit lies after the end date and no later than %(date)s.")
                % {"date": date_format(latest, "SHORT_DATE_FORMAT")},
                field="date",
            )
        if status == VisitStatus.HELD and course.visits.filter(is_booster=True, status=VisitStatus.HELD).exists():
            raise DomainError(_("The course already has its one booster visit."), field="is_booster")
        return
    raise DomainError(_("Visits can only be logged on a course that has started."))


# A planned or held visit of these kinds shares information: in the daycare the daycare's
# staff take part; a network meeting brings in other professionals (the daycare or others).
VISIT_CONSENTS = {
    VisitKind.DAYCARE: (ConsentScope.SHARE_WITH_DAYCARE, gettext_lazy("A visit in the daycare")),
    VisitKind.NETWORK_MEETING: (ConsentScope.INVOLVE_PROFESSIONALS, gettext_lazy("A network meeting")),
}


def _visit_check(*, course, visit_date, status, is_booster, duration_minutes, methods, goals, kind) -> None:
    """The rules a visit obeys, whether logged now or changed later."""
    _visit_date_check(course=course, visit_date=visit_date, status=status, is_booster=is_booster)
    if kind in VISIT_CONSENTS and status in (VisitStatus.PLANNED, VisitStatus.HELD):
        scope, action = VISIT_CONSENTS[kind]
        consent_require(family=course.family, scope=scope, on=visit_date, action=str(action), field="kind")
    held_without_duration = status == VisitStatus.HELD and duration_minutes is None
    if held_without_duration or (duration_minutes is not None and duration_minutes not in DURATION_MINUTES):
        raise DomainError(
            _("The duration is given in quarter hours: more than 0 and at most 8 hours."),
            field="duration_minutes",
        )
    if set(methods) - set(Method.values):
        raise DomainError(_("Choose methods from the list, or write them under other methods."), field="methods")
    if any(goal.course_id != course.pk for goal in goals):
        raise DomainError(_("Only the course's own goals can be worked on."), field="goals")


@transaction.atomic
def visit_log(
    *,
    acting_user: User,
    course: Course,
    date: date,
    status: str = VisitStatus.HELD,
    duration_minutes: int | None = None,
    kind: str = VisitKind.HOME,
    is_booster: bool = False,
    participants: str = "",
    goals: list[Goal] = (),
    methods: list[str] = (),
    methods_other: str = "",
    note: str = "",
    next_steps: str = "",
) -> Visit:
    """Phase 3: record a visit or contact, held, planned, cancelled or a no-show."""
    course_staff_check(acting_user=acting_user, course=course)
    course = course_lock(course=course)
    _visit_check(
        course=course,
        visit_date=date,
        status=status,
        is_booster=is_booster,
        duration_minutes=duration_minutes,
        methods=methods,
        goals=goals,
        kind=kind,
    )
    visit = Visit.objects.create(
        course=course,
        date=date,
        status=status,
        duration_minutes=duration_minutes,
        kind=kind,
        is_booster=is_booster,
        participants=participants.strip(),
        methods=sorted(set(methods)),
        methods_other=methods_other.strip(),
        note=note.strip(),
        next_steps=next_steps.strip(),
        logged_by=acting_user,
    )
    visit.goals.set(goals)
    _audit(
        acting_user=acting_user,
        course=course,
        action=Action.CREATE,
        object_type="visit",
        object_id=visit.pk,
    )
    return visit


@dataclass(frozen=True)
class GoalResult:
    goal: Goal
    status: str
    weight_at_end: int


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
    """Phase 4: close the course with the reason, each goal's result and the assessment."""
    course_staff_check(acting_user=acting_user, course=course)
    repeated = course_repeated_move(acting_user=acting_user, course=course, target=Phase.CLOSED, version=version)
    if repeated is not None:  # a double click: the course is closed once, with one closure
        return repeated
    locked = course_lock(course=course, version=version)
    move_check(current=locked.phase, target=Phase.CLOSED)
    if end_date > timezone.localdate():
        raise DomainError(_("The end date cannot be in the future."), field="end_date")
    if end_date < locked.start_date:
        raise DomainError(_("The end date cannot be before the start date."), field="end_date")
    if end_date > locked.planned_end_date:
        raise DomainError(
            _("The end date is after the planned end %(date)s. A coordinator must extend the course first.")
            % {"date": date_format(locked.planned_end_date, "SHORT_DATE_FORMAT")},
            field="end_date",
        )
    if end_reason not in EndReason.values:
        raise DomainError(_("Choose the reason the course ends."), field="end_reason")
    if end_reason in (EndReason.OTHER_SERVICE, EndReason.OTHER) and not end_reason_detail.strip():
        raise DomainError(_("Write which other service, or what the other reason is."), field="end_reason_detail")
    for answer, field in (
        (goals_reached_answer, "goals_reached_answer"),
        (child_developed_answer, "child_developed_answer"),
    ):
        if answer not in Agreement.values:
            raise DomainError(_("Answer both questions about the course's result."), field=field)
    results = {result.goal.pk: result for result in goal_results}
    goals = list(locked.goals.all())
    if set(results) != {goal.pk for goal in goals}:
        raise DomainError(_("Give every goal its status and weight at closure."), field="goals")
    for goal in goals:
        result = results[goal.pk]
        if result.status not in GoalStatus.values or not 1 <= result.weight_at_end <= 10:
            raise DomainError(_("Give every goal its status and weight at closure."), field="goals")
        goal.status = result.status
        goal.weight_at_end = result.weight_at_end
    Goal.objects.bulk_update(goals, ["status", "weight_at_end"])
    if booster_planned_on is not None and not end_date < booster_planned_on <= end_date + BOOSTER_WINDOW:
        raise DomainError(
            _("A booster visit lies after the end date and no later than %(date)s.")
            % {"date": date_format(end_date + BOOSTER_WINDOW, "SHORT_DATE_FORMAT")},
            field="booster_planned_on",
        )
    if handover_meeting_on is not None:
        consent_require(
            family=locked.family,
            scope=ConsentScope.SHARE_WITH_DAYCARE,
            on=handover_meeting_on,
            action=_("A network meeting with the daycare at handover"),
            field="handover_meeting_on",
        )
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
        return course_move(
            acting_user=acting_user,
            course=locked,
            target=Phase.CLOSED,
            changes={"end_date": max(on, locked.start_date), "end_reason": EndReason.NO_INTEREST},
            note=note,
        )
    return course_move(acting_user=acting_user, course=locked, target=Phase.WITHDRAWN, note=note)


def _open_course_check(*, course: Course) -> None:
    if course.phase != Phase.STARTED:
        raise DomainError(_("Only a course that is under way can be changed; a closed course takes no edits."))


@transaction.atomic
def course_adjust(
    *,
    acting_user: User,
    course: Course,
    on: date,
    description: str,
    reason: str,
) -> Adjustment:
    """Record an adjustment of the intervention (core element 5)."""
    course_staff_check(acting_user=acting_user, course=course)
    course = course_lock(course=course)
    _open_course_check(course=course)
    if on > timezone.localdate() or on < course.start_date:
        raise DomainError(_("The date lies within the course and not in the future."), field="on")
    if not description.strip() or not reason.strip():
        raise DomainError(_("Write what was adjusted and why."), field="description")
    adjustment = Adjustment.objects.create(
        course=course, on=on, description=description.strip(), reason=reason.strip(), by=acting_user
    )
    _audit(
        acting_user=acting_user,
        course=course,
        action=Action.CREATE,
        object_type="adjustment",
        object_id=adjustment.pk,
    )
    return adjustment


@transaction.atomic
def concern_notification_record(
    *,
    acting_user: User,
    course: Course,
    on: date,
    recipient: str,
) -> ConcernNotification:
    """Record that a notification of concern (underretning) was made, on any course not rejected."""
    course_staff_check(acting_user=acting_user, course=course)
    if on > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field="on")
    if not recipient.strip():
        raise DomainError(_("Write who received the notification of concern."), field="recipient")
    notification = ConcernNotification.objects.create(course=course, on=on, recipient=recipient.strip(), by=acting_user)
    _audit(
        acting_user=acting_user,
        course=course,
        action=Action.CREATE,
        object_type="concern_notification",
        object_id=notification.pk,
    )
    return notification


@transaction.atomic
def course_transfer(
    *,
    acting_user: User,
    course: Course,
    to_educator: User,
    on: date,
    reason: str,
    version: int | None = None,
) -> Course:
    """Hand the course to another primary educator, e.g. when the child changes daycare."""
    coordinator_check(
        acting_user=acting_user,
        course=course,
        message=_("Only a coordinator can transfer a course to another home educator."),
    )
    locked = course_lock(course=course, version=version)
    if locked.phase not in (Phase.DECIDED, Phase.WAITING, Phase.STARTED) or locked.primary_educator is None:
        raise DomainError(_("Only an approved course that is not closed can be transferred."))
    educator_check(educator=to_educator, course=locked, field="to_educator")
    if to_educator.pk == locked.primary_educator_id:
        raise DomainError(_("The course already has this primary home educator."), field="to_educator")
    if not reason.strip():
        raise DomainError(_("Write why the course is transferred."), field="reason")
    Transfer.objects.create(
        course=locked,
        from_educator=locked.primary_educator,
        to_educator=to_educator,
        on=on,
        reason=reason.strip(),
        by=acting_user,
    )
    locked.primary_educator = to_educator
    changed = ["primary_educator"]
    if locked.second_educator_id == to_educator.pk:  # the second educator takes over as primary
        locked.second_educator = None
        changed.append("second_educator")
    course_save(course=locked, fields=changed)
    _audit(acting_user=acting_user, course=locked, action=Action.UPDATE, criterion="transferred")
    return locked


CORRECTABLE_ON_CLOSED = ("end_date", "end_reason", "end_reason_detail")


@transaction.atomic
def course_correct_closed(
    *, acting_user: User, course: Course, reason: str, version: int | None = None, **changes
) -> Course:
    """A coordinator's correction of a closed course's closure data, with its reason audited."""
    coordinator_check(
        acting_user=acting_user, course=course, message=_("Only a coordinator can correct a closed course.")
    )
    locked = course_lock(course=course, version=version)
    if locked.phase != Phase.CLOSED:
        raise DomainError(_("Only a closed course is corrected this way."))
    if locked.anonymised_at is not None:
        raise DomainError(_("An anonymised course can no longer be corrected."))
    if not reason.strip():
        raise DomainError(_("Write why the closed course is corrected."), field="reason")
    unknown = set(changes) - set(CORRECTABLE_ON_CLOSED)
    if unknown:
        raise DomainError(_("Only the end date and the end reason can be corrected."))
    end_date = changes.get("end_date", locked.end_date)
    if end_date < locked.start_date or end_date > timezone.localdate():
        raise DomainError(_("The end date lies between the start date and today."), field="end_date")
    if changes.get("end_reason", locked.end_reason) not in EndReason.values:
        raise DomainError(_("Choose the reason the course ends."), field="end_reason")
    changed = [field for field, value in changes.items() if getattr(locked, field) != value]
    for field in changed:
        setattr(locked, field, changes[field])
    if changed:
        course_save(course=locked, fields=changed)
        _audit(
            acting_user=acting_user,
            course=locked,
            action=Action.UPDATE,
            criterion=f"correction of closed course ({', '.join(changed)}): {reason.strip()}",
        )
    return locked


VISIT_FIELDS = (
    "date",
    "status",
    "duration_minutes",
    "kind",
    "participants",
    "methods",
    "methods_other",
    "note",
    "next_steps",
)


@transaction.atomic
def visit_update(*, acting_user: User, visit: Visit, goals: list[Goal] = (), **changes) -> Visit:
    """Change a visit, e.g. a planned visit that was held, cancelled or missed. Same rules as logging."""
    course = course_lock(course=visit.course)
    course_staff_check(acting_user=acting_user, course=course)
    unknown = set(changes) - set(VISIT_FIELDS) - {"is_booster"}
    if unknown:
        raise DomainError(_("These fields of a visit cannot be changed."))
    merged = {field: changes.get(field, getattr(visit, field)) for field in VISIT_FIELDS}
    is_booster = changes.get("is_booster", visit.is_booster)
    _visit_check(
        course=course,
        visit_date=merged["date"],
        status=merged["status"],
        is_booster=is_booster,
        duration_minutes=merged["duration_minutes"],
        methods=merged["methods"],
        goals=goals,
        kind=merged["kind"],
    )
    changed = [field for field in VISIT_FIELDS if getattr(visit, field) != merged[field]]
    for field in changed:
        setattr(visit, field, merged[field])
    if changed:
        visit.save(update_fields=changed)
    visit.goals.set(goals)
    _audit(
        acting_user=acting_user,
        course=course,
        action=Action.UPDATE,
        object_type="visit",
        object_id=visit.pk,
    )
    return visit
