"""Phase 3: visits and contacts, logged or changed later under the same rules."""

from datetime import date
from uuid import UUID

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses import rules
from courses.access import course_staff_check
from courses.models import DURATION_MINUTES, Course, Goal, Phase, Visit, VisitKind, VisitStatus
from courses.services.local_lists import _local_methods_check
from courses.services.locking import _audit, course_lock
from courses.variants import course_variant
from families.models import ConsentScope
from families.services import consent_require
from hjemmepaed.audit.services import Action
from hjemmepaed.errors import DomainError
from hjemmepaed.formkeys import form_key_once
from hjemmepaed.organisation.models import User
from hjemmepaed.variants.models import Variant

# The national model's booster window; a course reads its own (`Variant.booster_window_months`).
BOOSTER_WINDOW = relativedelta(months=rules.BOOSTER_WINDOW_MONTHS)


def _booster_window_error(*, variant: Variant, end_date: date, booster_date: date) -> str | None:
    """The message when a booster visit lies outside the model's window after the end."""
    latest = rules.booster_latest(end_date, variant.booster_window_months)
    if end_date < booster_date <= latest:
        return None
    message = _("A booster visit lies after the end date and no later than %(date)s.") % {
        "date": date_format(latest, "SHORT_DATE_FORMAT")
    }
    return rules.local(variant, message)


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
        variant = course_variant(course)
        if not is_booster:
            if variant.booster_window_months == rules.BOOSTER_WINDOW_MONTHS:
                message = _("The course is closed and takes no more visits, except one booster visit within 3 months.")
            else:
                message = _(
                    "The course is closed and takes no more visits, except one booster visit within %(months)d months."
                ) % {"months": variant.booster_window_months}
            raise DomainError(rules.local(variant, message), field="is_booster")
        error = _booster_window_error(variant=variant, end_date=course.end_date, booster_date=visit_date)
        if error:
            raise DomainError(error, field="date")
        if status == VisitStatus.HELD and course.visits.filter(is_booster=True, status=VisitStatus.HELD).exists():
            raise DomainError(_("The course already has its one booster visit."), field="is_booster")
        return
    raise DomainError(_("Visits can only be logged on a course that has started."))


def _visit_cap_check(*, course: Course, status: str, visit: Visit | None = None) -> None:
    """A held visit, or a planned one, stays within the model's cap (Ishøj: "op til ti besøg"):
    the held visits count, the booster among them (it is the last one), and the start-up meeting
    when the model makes it the first visit; a planned visit counts as one to come."""
    variant = course_variant(course)
    if variant.visit_cap is None or status not in (VisitStatus.HELD, VisitStatus.PLANNED):
        return
    others = course.visits.filter(status__in=[VisitStatus.HELD, VisitStatus.PLANNED])
    if status == VisitStatus.PLANNED:
        others = others.exclude(status=VisitStatus.PLANNED, date__lt=timezone.localdate())
    else:
        others = others.filter(status=VisitStatus.HELD)
    if visit is not None:
        others = others.exclude(pk=visit.pk)
    error = rules.visit_cap_error(variant=variant, held=others.count())
    if error:
        raise DomainError(error, field="status")


# A planned or held visit of these kinds shares information: in the daycare the daycare's
# staff take part; a network meeting brings in other professionals (the daycare or others).
VISIT_CONSENTS = {
    VisitKind.DAYCARE: (ConsentScope.SHARE_WITH_DAYCARE, gettext_lazy("A visit in the daycare")),
    VisitKind.NETWORK_MEETING: (ConsentScope.INVOLVE_PROFESSIONALS, gettext_lazy("A network meeting")),
}


def _visit_check(
    *,
    course,
    visit_date,
    status,
    is_booster,
    duration_minutes,
    methods,
    goals,
    kind,
    second_educator_present=False,
    kept_methods=(),
) -> None:
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
    _local_methods_check(municipality_id=course.municipality_id, methods=methods, keep=kept_methods)
    if second_educator_present and course.second_educator_id is None:
        raise DomainError(
            _("The course has no second home educator, so no second educator can have taken part."),
            field="second_educator_present",
        )
    if any(goal.course_id != course.pk for goal in goals):
        raise DomainError(_("Only the course's own goals can be worked on."), field="goals")
    for goal in goals:
        if goal.ended_on is not None and visit_date > goal.ended_on:
            raise DomainError(
                _("The goal “%(goal)s” ended on %(date)s: a visit after that date cannot work on it.")
                % {"goal": goal.description, "date": date_format(goal.ended_on, "SHORT_DATE_FORMAT")},
                field="goals",
            )


@form_key_once(Visit, owner="logged_by", scope=("course",))
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
    second_educator_present: bool = False,
    goals: list[Goal] = (),
    methods: list[str] = (),
    methods_other: str = "",
    note: str = "",
    next_steps: str = "",
    form_key: UUID | None = None,
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
        second_educator_present=second_educator_present,
    )
    _visit_cap_check(course=course, status=status)
    visit = Visit.objects.create(
        course=course,
        date=date,
        status=status,
        duration_minutes=duration_minutes,
        kind=kind,
        is_booster=is_booster,
        participants=participants.strip(),
        second_educator_present=second_educator_present,
        methods=sorted(set(methods)),
        methods_other=methods_other.strip(),
        note=note.strip(),
        next_steps=next_steps.strip(),
        logged_by=acting_user,
        form_key=form_key,
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


VISIT_FIELDS = (
    "date",
    "status",
    "duration_minutes",
    "kind",
    "participants",
    "second_educator_present",
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
        second_educator_present=merged["second_educator_present"] and not visit.second_educator_present,
        kept_methods=visit.methods,
    )
    if merged["status"] != visit.status:
        _visit_cap_check(course=course, status=merged["status"], visit=visit)
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
