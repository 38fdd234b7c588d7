"""Phase 2: the start-up meeting, the goals agreed with the parents, and the age rules."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses import rules
from courses.access import course_staff_check
from courses.models import Course, Goal, Phase, StartUpMeeting, Theme
from courses.services.locking import course_repeated_move
from courses.services.phases import course_move
from courses.variants import course_variant
from families.models import ConsentScope
from families.services import ConsentAnswer, consent_require, consents_answer
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User
from hjemmepaed.variants.models import Variant


@dataclass(frozen=True)
class GoalData:
    theme: str
    description: str
    weight_at_start: int
    focus_points: str = ""


def _age_check(
    *, course: Course, start_date: date, planned_end: date, third_birthday_reason: str, variant: Variant
) -> None:
    """Every child is born and within the model's age range on the start date, and passes the
    oldest age after the planned end unless a special reason is recorded."""
    for child in course.family.children.all():
        if child.birth_date is None:
            raise DomainError(
                _(
                    "%(name)s is not born yet: the course starts after the birth. Record the birth on the "
                    "course page first."
                )
                % {"name": child.name},
                field="start_date",
            )
        if child.birth_date > start_date:
            raise DomainError(
                rules.local(
                    variant,
                    _(
                        "%(name)s must be born on the start date: the course is for children aged "
                        "%(youngest)d–%(oldest)d months."
                    )
                    % {"name": child.name, "youngest": variant.min_age_months, "oldest": variant.max_age_months},
                ),
                field="start_date",
            )
        error = rules.age_at_start_error(variant=variant, name=child.name, birth_date=child.birth_date, on=start_date)
        if error:
            raise DomainError(error, field="start_date")
        birthday = rules.third_birthday_before_end(
            child.birth_date, start_date, planned_end, max_age_months=variant.max_age_months
        )
        if birthday and not third_birthday_reason.strip():
            values = {
                "name": child.name,
                "birthday": date_format(birthday, "SHORT_DATE_FORMAT"),
                "end": date_format(planned_end, "SHORT_DATE_FORMAT"),
                "months": variant.max_age_months,
            }
            if variant.max_age_months == rules.MAX_AGE_MONTHS:
                message = _(
                    "%(name)s turns 3 on %(birthday)s, before the planned end %(end)s. End the course "
                    "before the birthday, or record a special reason to continue past it."
                )
            else:
                message = _(
                    "%(name)s passes %(months)d months on %(birthday)s, before the planned end %(end)s. End "
                    "the course before then, or record a special reason to continue past it."
                )
            raise DomainError(rules.local(variant, message % values), field="third_birthday_reason")


def _length_check(*, start_date: date, planned_end: date, variant: Variant) -> None:
    latest = rules.planned_end_default(start_date, variant.max_weeks)
    if planned_end <= start_date or planned_end > latest:
        values = {"date": date_format(latest, "SHORT_DATE_FORMAT"), "weeks": variant.max_weeks}
        if variant.max_weeks == rules.MAX_WEEKS:
            message = _(
                "A course lasts at most 40 weeks: the planned end lies after the start and no later than %(date)s."
            )
        else:
            message = _(
                "A course lasts at most %(weeks)d weeks: the planned end lies after the start and no later "
                "than %(date)s."
            )
        raise DomainError(rules.local(variant, message % values), field="planned_end_date")


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
    consent_answers: list[ConsentAnswer] | None = None,
) -> Course:
    """Phase 2: record the start-up meeting and the goals agreed with the parents.

    The meeting asks every parent with custody for the consents not already given
    (`consent_answers`, each given or declined, dated the start date; the start form always
    sends them, the sheet import and older callers none). They are recorded first, so a consent
    given at the meeting lets other professionals take part in it."""
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
    variant = course_variant(course, start_date=start_date)  # the course runs under it from now on
    planned_end = planned_end_date or rules.planned_end_default(start_date, variant.max_weeks)
    _length_check(start_date=start_date, planned_end=planned_end, variant=variant)
    _age_check(
        course=course,
        start_date=start_date,
        planned_end=planned_end,
        third_birthday_reason=third_birthday_reason,
        variant=variant,
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
    if consent_answers is not None:
        consents_answer(acting_user=acting_user, course=course, answers=consent_answers, on=start_date)
    if other_professionals_present:
        consent_require(
            family=course.family,
            scope=ConsentScope.INVOLVE_PROFESSIONALS,
            on=start_date,
            action=_("Other professionals at the start-up meeting"),
            field="other_professionals_present",
        )

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
