"""Reads for the course's two printouts: the course summary (for the course's staff) and the
reflection sheet the parents keep.

They live here, not in `courses`, because the summary prints the referral, which is this app's.
Both are rendered while the user waits (`hjemmepaed.pdf.render_pdf` with the request's time
limit), so what they print is bounded here: every free text is cut at `TEXT_LIMIT` characters,
all notes of one summary together at `NOTES_BUDGET`, and the timeline lists at most
`VISITS_SHOWN` visits. What is left out is said on the page, with the count; the course page
shows it all.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum
from django.utils import timezone

from courses import rules
from courses.models import Closure, Course, StartUpMeeting, VisitStatus
from visitation.selectors import intake_decisions_for_course, referral_for_course

# One free text as printed: a note of several pages is an error or an attack, not a summary.
TEXT_LIMIT = 2_000
# The goals' descriptions and focus points together.
GOALS_BUDGET = 10_000
# All the visits' notes and next steps, adjustments and extensions of one summary together (about 10 pages: 40 visits with 500 characters each).
NOTES_BUDGET = 20_000
# A course of 40 weeks with two visits a week.
VISITS_SHOWN = 80
# Goals are agreed a few at a time (the parents' sheet has a box for each).
GOALS_SHOWN = 20


# A break opportunity in every run of this many characters without a space, so a long link or a
# hostile word wraps in its table cell (cheaper than the CSS `overflow-wrap: anywhere`, which
# makes WeasyPrint's table layout ten times slower).
LONGEST_WORD = 40
_LONG_WORD = re.compile(rf"(\S{{{LONGEST_WORD}}})(?=\S)")


@dataclass(frozen=True)
class Clipped:
    """A free text as printed: its first characters and how many were left out."""

    text: str
    omitted: int = 0


class TextBudget:
    """Cuts texts at `limit` each and at what is left of `total` for all together."""

    def __init__(self, total: int):
        self.left = total

    def clip(self, text: str, *, limit: int = TEXT_LIMIT) -> Clipped:
        keep = max(0, min(limit, self.left))
        printed = text[:keep]
        self.left -= len(printed)
        return Clipped(_LONG_WORD.sub("\\1\u200b", printed), len(text) - len(printed))


def clip(text: str, *, limit: int = TEXT_LIMIT) -> Clipped:
    return TextBudget(limit).clip(text, limit=limit)


def _children(course: Course, today: date) -> list[dict]:
    return [
        {
            "child": child,
            "age_months": rules.age_in_months(child.birth_date, today) if child.birth_date else None,
        }
        for child in course.family.children.select_related("daycare").order_by("pk")
    ]


def _goals(course: Course) -> list[dict]:
    budget = TextBudget(GOALS_BUDGET)
    return [
        {
            "goal": goal,
            "description": budget.clip(goal.description),
            "focus_points": [budget.clip(line) for line in goal.focus_points.splitlines()[:20] if line.strip()],
        }
        for goal in course.goals.all()[:GOALS_SHOWN]
    ]


def _visits(course: Course, budget: TextBudget) -> list[dict]:
    """The first `VISITS_SHOWN` visits, oldest first, each with the numbers of the goals it
    worked on (as numbered in the summary's list of goals)."""
    numbers = {pk: number for number, pk in enumerate(course.goals.values_list("pk", flat=True), 1)}
    visits = course.visits.prefetch_related("goals").order_by("date", "pk")[:VISITS_SHOWN]
    return [
        {
            "visit": visit,
            "note": budget.clip(visit.note),
            "next_steps": budget.clip(visit.next_steps),
            "goal_numbers": sorted(numbers[goal.pk] for goal in visit.goals.all()),
        }
        for visit in visits
    ]


def course_summary(*, course: Course, today: date | None = None) -> dict:
    """Everything the course summary prints, bounded (see the module's docstring)."""
    today = today or timezone.localdate()
    referral = referral_for_course(course=course)
    budget = TextBudget(NOTES_BUDGET)
    totals = course.visits.aggregate(
        count=Count("pk"),
        held=Count("pk", filter=Q(status=VisitStatus.HELD)),
        minutes=Sum("duration_minutes", filter=Q(status=VisitStatus.HELD)),
    )
    start_up = StartUpMeeting.objects.filter(course=course).first()
    return {
        "course": course,
        "guardians": list(course.family.guardians.order_by("pk")),
        "children": _children(course, today),
        "referral": referral,
        "concern": clip(referral.concern) if referral else None,
        "answers": [
            {"question": answer.question_text, "answer": clip(answer.answer)} for answer in referral.answers.all()
        ]
        if referral
        else [],
        "decisions": [
            {
                "decision": decision,
                "statement": clip(decision.daycare_leader_statement),
                "given": [
                    {"statement": statement, "text": clip(statement.text)}
                    for statement in (
                        decision.daycare_statements.all() if decision.visitation == "daycare_leader" else []
                    )
                ],
            }
            for decision in (intake_decisions_for_course(course=course) if referral else [])
        ],
        "start_up": start_up,
        "start_up_participants": clip(start_up.participants) if start_up else None,
        "third_birthday_reason": clip(start_up.third_birthday_reason) if start_up else None,
        "goals": _goals(course),
        "goals_left_out": max(0, course.goals.count() - GOALS_SHOWN),
        "visits": _visits(course, budget),
        "visits_total": totals["count"],
        "visits_left_out": max(0, totals["count"] - VISITS_SHOWN),
        "visits_held": totals["held"],
        "visit_hours": (totals["minutes"] or 0) / 60,
        "adjustments": [
            {
                "adjustment": adjustment,
                "description": budget.clip(adjustment.description),
                "reason": budget.clip(adjustment.reason),
            }
            for adjustment in course.adjustments.all()[:VISITS_SHOWN]
        ],
        "adjustments_left_out": max(0, course.adjustments.count() - VISITS_SHOWN),
        "extensions": [
            {"extension": extension, "reason": budget.clip(extension.reason)}
            for extension in course.extensions.all()[:VISITS_SHOWN]
        ],
        "closure": Closure.objects.select_related("closed_by").filter(course=course).first(),
        "made_on": today,
    }


def reflection_sheet(*, course: Course) -> dict:
    """What the parents' reflection sheet prints: their goals in their own words and the home
    educator's name; no notes, no concern, no risk factors (the parents keep it)."""
    return {
        "course": course,
        "children": [child.name for child in course.family.children.order_by("pk")],
        "goals": _goals(course),
        "goals_left_out": max(0, course.goals.count() - GOALS_SHOWN),
        "educator": course.primary_educator,
        "scale": range(1, 11),
    }
