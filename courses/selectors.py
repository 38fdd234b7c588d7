"""Reads of courses, through the one gate: who may see which course.

* A home educator sees the courses where she is the primary or the second educator.
* Coordinators and managers see every course of their municipality.
* The national analyst and the administrator see no single course (aggregates only).
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from courses.models import Course
from hjemmepaed.organisation.models import Role, User


def course_list_visible_to(*, user: User) -> QuerySet[Course]:
    if not user.is_authenticated or not user.is_active:
        return Course.objects.none()
    courses = Course.objects.select_related(
        "municipality", "family", "primary_educator", "second_educator"
    )
    if user.role == Role.HOME_EDUCATOR:
        return courses.filter(municipality_id=user.municipality_id).filter(
            Q(primary_educator=user) | Q(second_educator=user)
        )
    if user.role in (Role.COORDINATOR, Role.MANAGER):
        return courses.filter(municipality_id=user.municipality_id)
    return Course.objects.none()


def course_get_for_user_or_404(*, user: User, pk: int) -> Course:
    return get_object_or_404(course_list_visible_to(user=user), pk=pk)
