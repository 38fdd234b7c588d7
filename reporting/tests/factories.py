"""Cohorts of courses with known numbers, built with the real services (and, for an imported
course, the rows the registration-sheet import writes)."""

from datetime import date, timedelta

from courses.models import Closure, Course, CourseSource, Phase
from courses.services import GoalData, GoalResult, course_close, course_start, visit_log
from families.models import Family
from reporting.models import Report, ReportStatus
from surveys.models import Answer, Question, Questionnaire, Response
from visitation.tests.factories import course_decided


def closed_course(
    *,
    coordinator,
    educator=None,
    second_educator=None,
    visitation: date,
    start: date,
    end: date,
    visit_minutes=(),
    paired=(),
    recruited_by="health_visiting",
    goals_answer="agree",
    child_answer="agree",
    methods=(),
    parent_risk_factors=None,
) -> Course:
    """A course decided on `visitation`, started on `start`, with one held visit per entry of
    `visit_minutes`, closed on `end`. The visits whose positions are in `paired` had the
    `second_educator` there too; every visit used `methods` (codes, e.g. a local method's).
    `parent_risk_factors` replaces the referral's ticked parent factors when given."""
    referral = {} if parent_risk_factors is None else {"parent_risk_factors": list(parent_risk_factors)}
    course = course_decided(
        coordinator=coordinator,
        educator=educator,
        second_educator=second_educator,
        decided_on=visitation,
        received_on=visitation - timedelta(days=5),
        consent_given_on=visitation - timedelta(days=5),
        birth_date=start - timedelta(days=200),
        recruited_by=recruited_by,
        **referral,
    )
    course = course_start(
        acting_user=course.primary_educator,
        course=course,
        start_date=start,
        participants="Sara (mor)",
        goals=[GoalData(theme="home_relations", description="Faste rammer", weight_at_start=7)],
    )
    for day, minutes in enumerate(visit_minutes, start=1):
        visit_log(
            acting_user=course.primary_educator,
            course=course,
            date=start + timedelta(days=day),
            duration_minutes=minutes,
            second_educator_present=day - 1 in paired,
            **({"methods": list(methods)} if methods else {}),
        )
    return course_close(
        acting_user=course.primary_educator,
        course=course,
        end_date=end,
        end_reason="goals_reached",
        goals_reached_answer=goals_answer,
        child_developed_answer=child_answer,
        goal_results=[GoalResult(goal=goal, status="reached", weight_at_end=3) for goal in course.goals.all()],
    )


def imported_course(
    *,
    coordinator,
    external_id: str,
    start: date,
    end: date,
    visits: int | None,
    minutes: int | None,
    recruited_by="family",
    visitation: date | None = None,
    goals_answer="agree",
    child_answer="agree",
) -> Course:
    """A closed course as the registration-sheet import writes it: totals, no visit rows."""
    course = Course.objects.create(
        municipality=coordinator.municipality,
        family=Family.objects.create(municipality=coordinator.municipality),
        phase=Phase.CLOSED,
        source=CourseSource.IMPORT,
        external_id=external_id,
        visitation_date=visitation,
        start_date=start,
        planned_end_date=start + timedelta(weeks=40),
        end_date=end,
        end_reason="goals_reached",
        imported_recruited_by=recruited_by,
        imported_visit_count=visits,
        imported_visit_minutes=minutes,
    )
    Closure.objects.create(
        course=course, goals_reached_answer=goals_answer, child_developed_answer=child_answer, closed_by=coordinator
    )
    return course


_counter = iter(range(1, 10**6))


def national_response(*, municipality, course=None, submitted_on: date, answers: dict, key="national") -> Response:
    """A national questionnaire response; `answers` maps "9" → 8, "1" → "mother",
    ("5", 1) → "agree" (per child), as `response_submit` stores them."""
    from datetime import datetime, time

    from django.utils import timezone

    questionnaire = Questionnaire.objects.filter(key=key).order_by("-version").first()
    questions = {q.number: q for q in Question.objects.filter(questionnaire=questionnaire)}
    response = Response.objects.create(
        questionnaire=questionnaire,
        municipality=municipality,
        source="import",
        course=course,
        external_id=f"t{next(_counter)}",
        submitted_at=timezone.make_aware(datetime.combine(submitted_on, time(12))),
        children=max([item[1] for item in answers if isinstance(item, tuple)], default=1),
    )
    for item, value in answers.items():
        number, child = item if isinstance(item, tuple) else (item, 0)
        Answer.objects.create(
            response=response,
            question=questions[number],
            child=child,
            choice="" if isinstance(value, int) else value,
            number=value if isinstance(value, int) else None,
        )
    return response


def ready_report(*, user, municipalities, suppress=False) -> Report:
    """A ready report without rendering (for access tests): an empty result and a tiny PDF."""
    from django.core.files.base import ContentFile

    report = Report(
        ordered_by=user,
        cohort_kind="closed_in_year",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        suppress_small_cells=suppress,
        status=ReportStatus.RENDERING,
        result={
            "title": "Evaluering",
            "cohort": {"label": "Forløb afsluttet i 2025", "courses": 0},
            "municipalities": [],
            "suppress_small_cells": suppress,
            "generated_at": "",
            "sections": [],
        },
    )
    report.save()
    report.municipalities.set(municipalities)
    report.pdf.save(f"rapport-{report.pk}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    report.status = ReportStatus.READY
    report.save()
    return report
