"""Courses that ran before the app, imported from a municipality's registration sheet.

An imported course is made as the app makes one: it is referred, then moves along the phase
table (`courses.workflow`) through the intake decision to started and, with an end date, to
closed, with a history row for every move and the closure as a closed course has one. Only what
the sheet holds is filled in: no referral, no goals, no visits, and a family without names; with
the child's birth month, the family has that child (born on the month's first day, no name).

A sheet has thousands of rows and all of them are written together, so the moves are checked
once against the table and each table's rows are inserted in one statement
(`hjemmepaed.bulk.rows_insert`), not built as model instances.
"""

from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import rules
from courses.models import Closure, Course, CourseSource, Phase, PhaseChange
from courses.variants import version_on, versions_by_municipality
from courses.workflow import move_check
from families.services import ImportedChild, family_import_create
from hjemmepaed.bulk import rows_insert
from hjemmepaed.organisation.models import User

# The phases a course logged in the app passes to be started, and then closed.
STARTED_PATH = (Phase.REFERRED, Phase.DECIDED, Phase.STARTED)
CLOSED_PATH = (*STARTED_PATH, Phase.CLOSED)


@dataclass(frozen=True)
class ImportedCourse:
    """One course as another system (the registration sheet) holds it."""

    external_id: str
    visitation_date: date | None
    start_date: date
    end_date: date | None
    end_reason: str
    recruited_by: str
    visit_count: int | None
    visit_minutes: int | None
    child_birth_month: date | None
    goals_reached_answer: str  # empty: not answered in the sheet
    child_developed_answer: str
    end_reason_detail: str = ""  # the sheet's own words for an end reason kept as "other"
    child_sex: str = ""  # families.models.ChildSex; only with `child_birth_month`


def _moves(path: tuple[str, ...]) -> list[tuple[str, str]]:
    """(from, to) of each move along `path`, every one allowed by the phase table; a new course's
    first row comes from no phase, as a referral's does."""
    moves = [("", path[0])]
    for current, target in pairwise(path):
        move_check(current=current, target=target)
        moves.append((current, target))
    return moves


def _planned_ends(*, versions, municipality_id: int):
    """The planned end of an imported course: the longest course of the model in force at the
    start (40 weeks nationally), or the end date when the course ran longer before the app. The
    model in force is looked up once per start date (a sheet of 50,000 rows has a few hundred)."""
    max_weeks = {}

    def planned_end(row: ImportedCourse) -> date:
        weeks = max_weeks.get(row.start_date)
        if weeks is None:
            weeks = max_weeks[row.start_date] = version_on(
                versions, municipality_id=municipality_id, on=row.start_date
            ).max_weeks
        planned = rules.planned_end_default(row.start_date, weeks)
        return row.end_date if row.end_date and row.end_date > planned else planned

    return planned_end


@transaction.atomic
def course_import_create(*, acting_user: User, courses: list[ImportedCourse]) -> list[int]:
    """Create `courses` in the acting coordinator's municipality, each with a new family, its
    phase history and, with an end date, its closure; the courses' ids, in order. The caller
    checks the rows and writes the import's one audit event."""
    municipality = acting_user.municipality
    versions = versions_by_municipality(municipality_ids=[municipality.pk])  # read once for the import
    moves = {False: _moves(STARTED_PATH), True: _moves(CLOSED_PATH)}
    family_ids = family_import_create(
        acting_user=acting_user,
        children=[
            ImportedChild(birth_month=row.child_birth_month, sex=row.child_sex) if row.child_birth_month else None
            for row in courses
        ],
    )
    planned_end = _planned_ends(versions=versions, municipality_id=municipality.pk)
    course_ids = rows_insert(
        Course,
        count=len(courses),
        columns={
            "external_id": [row.external_id for row in courses],
            "family": family_ids,
            "phase": [str(moves[row.end_date is not None][-1][1]) for row in courses],
            "visitation_date": [row.visitation_date for row in courses],
            "start_date": [row.start_date for row in courses],
            "planned_end_date": [planned_end(row) for row in courses],
            "end_date": [row.end_date for row in courses],
            "end_reason": [row.end_reason for row in courses],
            "end_reason_detail": [row.end_reason_detail for row in courses],
            "imported_recruited_by": [row.recruited_by for row in courses],
            "imported_visit_count": [row.visit_count for row in courses],
            "imported_visit_minutes": [row.visit_minutes for row in courses],
            "imported_child_birth_month": [row.child_birth_month for row in courses],
        },
        same={"source": CourseSource.IMPORT, "municipality": municipality.pk},
        ids=True,
    )
    closed = [(course_id, row) for course_id, row in zip(course_ids, courses, strict=True) if row.end_date]
    rows_insert(
        Closure,
        count=len(closed),
        columns={
            "course": [course_id for course_id, _row in closed],
            "goals_reached_answer": [row.goals_reached_answer for _course_id, row in closed],
            "child_developed_answer": [row.child_developed_answer for _course_id, row in closed],
        },
        same={"closed_by": acting_user.pk},
    )
    _phase_history_create(
        course_ids=course_ids,
        closed=[row.end_date is not None for row in courses],
        moves=moves,
        acting_user=acting_user,
        note=_("Imported from a registration sheet"),
    )
    return course_ids


def _phase_history_create(*, course_ids: list[int], closed: list[bool], moves, acting_user: User, note: str):
    """A history row for every move of every imported course, as `PhaseChange` rows made one by
    one would be (the same time, by and note; each course's moves in order), in one statement
    (a 50,000-row sheet has 190,000 moves)."""
    history = [
        (course_id, move) for course_id, is_closed in zip(course_ids, closed, strict=True) for move in moves[is_closed]
    ]
    rows_insert(
        PhaseChange,
        count=len(history),
        columns={
            "course": [course_id for course_id, _move in history],
            "from_phase": [str(move[0]) for _course_id, move in history],
            "to_phase": [str(move[1]) for _course_id, move in history],
        },
        same={"at": timezone.now(), "by": acting_user.pk, "note": note},
    )
