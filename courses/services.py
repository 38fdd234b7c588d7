"""Writes of courses. Every phase change goes through `course_move`."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses import rules
from courses.models import Course, Extension, Goal, Phase, PhaseChange, StartUpMeeting, Theme
from courses.workflow import move_check
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role, User


def course_lock(*, course: Course) -> Course:
    """The course row, locked until the transaction ends: concurrent moves queue behind it."""
    return Course.objects.select_for_update().get(pk=course.pk)


@transaction.atomic
def course_move(
    *, acting_user, course: Course, target: str, changes: dict | None = None, note: str = "", request=None
) -> Course:
    """Move a course to `target` along the phase table, setting `changes` in the same save.

    The row is locked first, so of two people deciding the same referral at once the second
    finds it already moved and gets the table's Danish refusal.
    """
    locked = course_lock(course=course)
    move_check(current=locked.phase, target=target)
    source = locked.phase
    changed = ["phase"]
    locked.phase = target
    for field, value in (changes or {}).items():
        setattr(locked, field, value)
        changed.append(field)
    locked.save(update_fields=[*changed, "updated_at"])
    PhaseChange.objects.create(
        course=locked, from_phase=source, to_phase=target, by=acting_user, note=note
    )
    audit_event_record(
        actor=acting_user,
        action=Action.UPDATE,
        object_type="course",
        object_id=locked.pk,
        subject=locked.family,
        municipality=locked.municipality,
        criterion=f"phase {source} -> {target}",
        request=request,
    )
    return locked


@dataclass(frozen=True)
class GoalData:
    theme: str
    description: str
    weight_at_start: int
    focus_points: str = ""


def _course_staff_check(*, acting_user: User, course: Course) -> None:
    """The course's own educators and the municipality's coordinators work on a course."""
    if acting_user.municipality_id != course.municipality_id:
        raise DomainError(_("Only the course's home educators or a coordinator can do this."))
    if acting_user.role == Role.COORDINATOR:
        return
    if acting_user.pk in (course.primary_educator_id, course.second_educator_id):
        return
    raise DomainError(_("Only the course's home educators or a coordinator can do this."))


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
    request=None,
) -> Course:
    """Phase 2: record the start-up meeting and the goals agreed with the parents."""
    _course_staff_check(acting_user=acting_user, course=course)
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
    _age_check(course=course, start_date=start_date, planned_end=planned_end, third_birthday_reason=third_birthday_reason)
    if other_professionals_present and course.referral.consent_given_on is None:
        raise DomainError(
            _("Other professionals can only take part with the parents' consent. Record the consent first."),
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
        request=request,
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
    request=None,
) -> Course:
    """Extend a started course beyond its planned end. Only a coordinator may."""
    if acting_user.role != Role.COORDINATOR or acting_user.municipality_id != course.municipality_id:
        raise DomainError(_("Only a coordinator can extend a course beyond 40 weeks."))
    locked = course_lock(course=course)
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
    locked.save(update_fields=["planned_end_date", "updated_at"])
    audit_event_record(
        actor=acting_user,
        action=Action.UPDATE,
        object_type="course",
        object_id=locked.pk,
        subject=locked.family,
        municipality=locked.municipality,
        criterion="extended",
        request=request,
    )
    return locked
