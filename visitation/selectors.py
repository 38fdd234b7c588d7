"""Reads for phase 1: the coordinator's intake queue, through the course gate."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils import timezone

from courses import rules
from courses.models import Course, Phase
from courses.selectors import course_list_visible_to
from courses.variants import course_variant
from families.selectors import guardians_current_prefetch
from hjemmepaed.organisation.models import User
from hjemmepaed.variants.models import ReferralQuestion, Visitation
from visitation.models import (
    DaycareStatement,
    IntakeDecision,
    Referral,
    ReferralAnswer,
    ReferralRevision,
    ReferralRiskFactor,
)


@dataclass(frozen=True)
class QueueRow:
    course: Course
    family_label: str
    days_waited: int


def intake_rows(*pages, today: date | None = None) -> list[list[QueueRow]]:
    """Rows for pages of `intake_referred` and `intake_waiting`, with the days each waited; the
    guardians of all of them in one query."""
    today = today or timezone.localdate()
    pages = [list(page) for page in pages]
    prefetch_related_objects([course for page in pages for course in page], guardians_current_prefetch())
    return [
        [
            QueueRow(
                course=course,
                family_label=" og ".join(g.name for g in course.family.guardians.all()),
                days_waited=(
                    today - (course.waiting_since if course.phase == Phase.WAITING else course.referral.received_on)
                ).days,
            )
            for course in page
        ]
        for page in pages
    ]


INTAKE_FIELDS = (
    "pk",
    "municipality_id",
    "phase",
    "waiting_position",
    "waiting_since",
    "family__id",
    *(f"referral__{name}" for name in ("id", "course_id", "received_on", "recruited_by", "complexity")),
    "referral__section_52_decided",
)


def _intake_courses(*, user: User) -> QuerySet[Course]:
    # The rows show the family and the referral: not the municipality or the educators the gate
    # joins for the other lists, nor the course's other fields (100 rows a page).
    courses = course_list_visible_to(user=user).select_related(None).select_related("family", "referral")
    return courses.only(*INTAKE_FIELDS)


def intake_referred(*, user: User) -> QuerySet[Course]:
    """New referrals, the oldest first."""
    return _intake_courses(user=user).filter(phase=Phase.REFERRED).order_by("referral__received_on", "pk")


def intake_waiting(*, user: User) -> QuerySet[Course]:
    """The waiting list, by position."""
    return _intake_courses(user=user).filter(phase=Phase.WAITING).order_by("waiting_position", "waiting_since", "pk")


@dataclass(frozen=True)
class ThirdBirthdayWarning:
    name: str
    birthday: date
    planned_end: date
    months: int  # the oldest age of the municipality's model (36 nationally: the third birthday)
    weeks: int  # its longest course


def referral_third_birthday_warnings(*, course: Course, expected_start: date) -> list[ThirdBirthdayWarning]:
    """The children who pass the oldest age of the model in force on `expected_start` (turn 3
    nationally) before the planned end of a course starting then (its longest course later, 40
    weeks nationally): the start-up meeting will need a special reason to continue past it."""
    variant = course_variant(course, start_date=expected_start)
    planned_end = rules.planned_end_default(expected_start, variant.max_weeks)
    return [
        ThirdBirthdayWarning(
            name=child.name,
            birthday=birthday,
            planned_end=planned_end,
            months=variant.max_age_months,
            weeks=variant.max_weeks,
        )
        for child in course.family.children.all()
        if child.birth_date is not None
        and (
            birthday := rules.third_birthday_before_end(
                child.birth_date, expected_start, planned_end, max_age_months=variant.max_age_months
            )
        )
        is not None
    ]


def referral_for_course(*, course: Course) -> Referral | None:
    """The course's referral with its risk factors, revisions and answers to the municipality's
    own referral questions, in four queries; None for an imported course."""
    return (
        Referral.objects.filter(course=course)
        .prefetch_related(
            Prefetch("risk_factors", ReferralRiskFactor.objects.select_related("local_factor")),
            Prefetch("revisions", ReferralRevision.objects.select_related("by")),
            Prefetch("answers", ReferralAnswer.objects.order_by("question__position", "pk")),
        )
        .first()
    )


def referral_revisions_for_course(*, course: Course) -> list[ReferralRevision]:
    """The revisions of the course's referral, oldest first, with who made them (one query)."""
    return list(ReferralRevision.objects.filter(referral__course=course).select_related("by").order_by("on", "pk"))


def referral_questions_asked(*, municipality) -> list[ReferralQuestion]:
    """The municipality's own referral questions asked now (none for a user of no municipality)."""
    if municipality is None:
        return []
    return list(ReferralQuestion.objects.filter(municipality=municipality, is_active=True))


def intake_decisions_for_course(*, course: Course) -> list[IntakeDecision]:
    """The course's approvals as the visitation recorded them, with who took part and the daycare
    leaders' statements; two queries, three with a daycare leader's."""
    decisions = list(
        IntakeDecision.objects.filter(course=course)
        .select_related("by")
        .prefetch_related("team_members")
        .order_by("at", "pk")
    )
    # Only a decision made with the daycare leader's statement can have one of hers.
    prefetch_related_objects(
        [decision for decision in decisions if decision.visitation == Visitation.DAYCARE_LEADER],
        Prefetch("daycare_statements", DaycareStatement.objects.select_related("author", "daycare")),
    )
    return decisions


def referral_current_assessment(*, referral: Referral) -> tuple[str, bool]:
    """(complexity, § 52 decided) as the latest revision has them, else as at the referral."""
    latest = referral.revisions.order_by("-on", "-pk").first()
    if latest is None:
        return referral.complexity, referral.section_52_decided
    return latest.complexity, latest.section_52_decided
