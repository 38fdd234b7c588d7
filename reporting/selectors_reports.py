"""Reads of the reports themselves: the gate (who sees which report), the municipalities a user
may order a report over, and the order form's default period."""

from datetime import date

from django.db.models import Max, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404

from courses.models import Course, Phase
from hjemmepaed.organisation.models import Municipality, Role, User
from reporting.models import Report


def report_default_periods(*, municipalities: QuerySet[Municipality], today: date) -> dict:
    """The latest period with data, for the order form: the last year up to today in which a
    course of `municipalities` closed, and the last in which one started. None without any."""
    return (
        Course.objects.filter(municipality__in=municipalities)
        .order_by()
        .aggregate(
            closed=Max(ExtractYear("end_date"), filter=Q(phase=Phase.CLOSED, end_date__lte=today)),
            started=Max(
                ExtractYear("start_date"), filter=Q(phase__in=[Phase.STARTED, Phase.CLOSED], start_date__lte=today)
            ),
        )
    )


# The gate -------------------------------------------------------------------------------


def report_list_visible_to(*, user: User) -> QuerySet[Report]:
    """Municipal staff see the reports of their own municipality alone; the national analyst
    sees the analysts' reports. Nobody else sees a report."""
    if not user.is_authenticated or not user.is_active:
        return Report.objects.none()
    reports = Report.objects.select_related("ordered_by").prefetch_related("municipalities")
    if user.holds(Role.COORDINATOR, Role.MANAGER):
        return reports.filter(municipalities=user.municipality_id).exclude(
            municipalities__in=Municipality.objects.exclude(pk=user.municipality_id)
        )
    if user.role == Role.ANALYST:
        return reports.filter(ordered_by__role=Role.ANALYST)
    return Report.objects.none()


def report_get_for_user_or_404(*, user: User, pk: int) -> Report:
    return get_object_or_404(report_list_visible_to(user=user), pk=pk)


def report_municipality_choices(*, user: User) -> QuerySet[Municipality]:
    """The municipalities a user may order a report over."""
    if user.role == Role.ANALYST:
        return Municipality.objects.order_by("name")
    if user.holds(Role.COORDINATOR, Role.MANAGER):
        return Municipality.objects.filter(pk=user.municipality_id)
    return Municipality.objects.none()
