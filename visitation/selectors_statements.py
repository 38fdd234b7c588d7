"""Reads for the daycare leader's statement (Helsingør): the one gate to the referrals a daycare
leader may read, what she is shown of them, and the statements the coordinator decides with.

A daycare leader reads a referral of a child in the daycare she leads, in her own municipality,
while its model in force asks for her statement: awaiting the intake decision, or one she gave a
statement on (read-only once decided). She sees the child's first name and age and the concern;
never a CPR number, the parents or the risk factors.
"""

from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from courses.models import Course, Phase
from families.models import Child
from hjemmepaed.organisation.models import User
from hjemmepaed.variants.selectors import variant_in_force
from visitation.access import daycare_statement_asked
from visitation.models import DaycareStatement


def daycare_statement_course_list_visible_to(*, user: User) -> QuerySet[Course]:
    """The gate: the courses whose referral a daycare leader may read."""
    if not user.is_authenticated or not user.is_active:
        return Course.objects.none()
    if not user.is_daycare_leader:
        return Course.objects.none()
    if user.municipality_id is None or user.daycare_id is None:
        return Course.objects.none()
    # The intake's version of the model: the one in force today (`services.intake_rules`).
    if not daycare_statement_asked(variant=variant_in_force(municipality=user.municipality, on=timezone.localdate())):
        return Course.objects.none()
    in_her_daycare = Child.objects.filter(family=OuterRef("family"), daycare_id=user.daycare_id)
    hers = DaycareStatement.objects.filter(course=OuterRef("pk"), author=user)
    return (
        Course.objects.filter(municipality_id=user.municipality_id)
        .filter(Exists(in_her_daycare))
        .filter(Q(phase=Phase.REFERRED) | Exists(hers))
        .select_related("referral", "family")
    )


def daycare_statement_course_get_for_user_or_404(*, user: User, pk: int) -> Course:
    return get_object_or_404(daycare_statement_course_list_visible_to(user=user), pk=pk)


@dataclass(frozen=True)
class ChildShown:
    first_name: str
    age_months: int | None  # None: not born yet


def _children_in(daycare_id: int) -> Prefetch:
    return Prefetch(
        "family__children",
        queryset=Child.objects.filter(daycare_id=daycare_id).order_by("pk"),
        to_attr="children_in_daycare",
    )


def children_shown(*, course: Course, user: User) -> list[ChildShown]:
    """The children of the family in her daycare, by first name and age in whole months today.
    Expects the courses of `daycare_statements_awaiting` or `daycare_statement_page`."""
    today = timezone.localdate()
    children = getattr(course.family, "children_in_daycare", None)
    if children is None:
        children = list(course.family.children.filter(daycare_id=user.daycare_id).order_by("pk"))
    return [
        ChildShown(
            first_name=child.name.split()[0] if child.name.split() else child.name,
            age_months=_months(child.birth_date, today) if child.birth_date and child.birth_date <= today else None,
        )
        for child in children
    ]


def _months(born, today) -> int:
    delta = relativedelta(today, born)
    return delta.years * 12 + delta.months


def daycare_statements_awaiting(*, user: User) -> QuerySet[Course]:
    """The referrals awaiting the intake decision that she may give her statement on, the oldest
    first, each with `statement_given_at` (hers, or None) and its children in her daycare."""
    mine = DaycareStatement.objects.filter(course=OuterRef("pk"), author=user)
    return (
        daycare_statement_course_list_visible_to(user=user)
        .filter(phase=Phase.REFERRED)
        .annotate(statement_given=Exists(mine))
        .prefetch_related(_children_in(user.daycare_id) if user.daycare_id else "family__children")
        .order_by("referral__received_on", "pk")
    )


def daycare_statement_of(*, user: User, course: Course) -> DaycareStatement | None:
    """Her own statement on the course, if she gave one."""
    return DaycareStatement.objects.filter(course=course, author=user).first()


def daycare_statements_for_course(*, course: Course) -> list[DaycareStatement]:
    """The statements daycare leaders gave on the course's referral, with who and which daycare
    (for the coordinator's decision page and the decision itself); one query."""
    return list(DaycareStatement.objects.filter(course=course).select_related("author", "daycare"))
