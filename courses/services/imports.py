"""Courses that ran before the app, imported from a municipality's registration sheet.

An imported course is made as the app makes one: it is referred, then moves along the phase
table (`courses.workflow`) through the intake decision to started and, with an end date, to
closed, with a history row for every move and the closure as a closed course has one. Only what
the sheet holds is filled in: no referral, no goals, no visits, and a family without names; with
the child's birth month, the family has that child (born on the month's first day, no name).

A sheet has thousands of rows and all of them are written together, so the moves are checked
once against the table and every row is inserted in bulk.
"""

from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import rules
from courses.models import Closure, Course, CourseSource, Phase, PhaseChange
from courses.variants import version_on, versions_by_municipality
from courses.workflow import move_check
from families.services import ImportedChild, family_import_create
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


def _planned_end(row: ImportedCourse, *, versions, municipality_id: int) -> date:
    """The longest course of the model in force at the start (40 weeks nationally), or the end
    date when the course ran longer before the app."""
    max_weeks = version_on(versions, municipality_id=municipality_id, on=row.start_date).max_weeks
    planned_end = rules.planned_end_default(row.start_date, max_weeks)
    if row.end_date and row.end_date > planned_end:
        return row.end_date
    return planned_end


@transaction.atomic
def course_import_create(*, acting_user: User, courses: list[ImportedCourse]) -> list[Course]:
    """Create `courses` in the acting coordinator's municipality, each with a new family, its
    phase history and, with an end date, its closure. The caller checks the rows and writes the
    import's one audit event."""
    municipality = acting_user.municipality
    versions = versions_by_municipality(municipality_ids=[municipality.pk])  # read once for the import
    moves = {False: _moves(STARTED_PATH), True: _moves(CLOSED_PATH)}
    families = family_import_create(
        acting_user=acting_user,
        children=[
            ImportedChild(birth_month=row.child_birth_month, sex=row.child_sex) if row.child_birth_month else None
            for row in courses
        ],
    )
    created = Course.objects.bulk_create(
        [
            Course(
                source=CourseSource.IMPORT,
                external_id=row.external_id,
                municipality=municipality,
                family=family,
                phase=moves[row.end_date is not None][-1][1],
                visitation_date=row.visitation_date,
                start_date=row.start_date,
                planned_end_date=_planned_end(row, versions=versions, municipality_id=municipality.pk),
                end_date=row.end_date,
                end_reason=row.end_reason,
                end_reason_detail=row.end_reason_detail,
                imported_recruited_by=row.recruited_by,
                imported_visit_count=row.visit_count,
                imported_visit_minutes=row.visit_minutes,
                imported_child_birth_month=row.child_birth_month,
            )
            for family, row in zip(families, courses, strict=True)
        ]
    )
    Closure.objects.bulk_create(
        Closure(
            course=course,
            goals_reached_answer=row.goals_reached_answer,
            child_developed_answer=row.child_developed_answer,
            closed_by=acting_user,
        )
        for course, row in zip(created, courses, strict=True)
        if row.end_date
    )
    _phase_history_create(
        courses=created,
        closed=[row.end_date is not None for row in courses],
        moves=moves,
        acting_user=acting_user,
        note=_("Imported from a registration sheet"),
    )
    return created


# Course ids per statement of the phase history: below every database's limit of parameters.
HISTORY_SLICE = 900


def _phase_history_create(*, courses: list[Course], closed: list[bool], moves, acting_user: User, note: str):
    """A history row for every move of every imported course, as `PhaseChange` rows made one by
    one would be (the same time, by and note; each course's moves in order), written by the
    database from the course rows just made: one INSERT … SELECT per move and slice of courses
    instead of four model instances per course built and sent by Python (a 50,000-row sheet
    has 190,000 moves)."""
    change = PhaseChange._meta
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(change.get_field(name).column) for name in ("course", "from_phase", "to_phase", "at", "by", "note")
    )
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        # The closed path begins with the started path: move by move, each course's in order.
        for move in dict.fromkeys([*moves[True], *moves[False]]):
            source, target = move
            ids = [course.pk for course, is_closed in zip(courses, closed, strict=True) if move in moves[is_closed]]
            for start in range(0, len(ids), HISTORY_SLICE):
                part = ids[start : start + HISTORY_SLICE]
                cursor.execute(
                    f"INSERT INTO {quote(change.db_table)} ({columns}) "
                    f"SELECT {quote(Course._meta.pk.column)}, %s, %s, %s, %s, %s FROM {quote(Course._meta.db_table)} "
                    f"WHERE {quote(Course._meta.pk.column)} IN ({', '.join(['%s'] * len(part))}) "
                    f"ORDER BY {quote(Course._meta.pk.column)}",
                    [source, target, at, acting_user.pk, note, *part],
                )
