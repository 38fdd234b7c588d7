"""Courses imported from another system: made as the app makes a course, along the phase table."""

from datetime import date

import pytest

from courses.models import Closure, Course, Phase
from courses.services import ImportedCourse, course_import_create
from courses.workflow import ALLOWED_MOVES
from families.models import Family
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError


def _row(**changes) -> ImportedCourse:
    values = {
        "external_id": "K-1",
        "visitation_date": date(2023, 2, 1),
        "start_date": date(2023, 2, 15),
        "end_date": None,
        "end_reason": "",
        "recruited_by": "daycare",
        "visit_count": 12,
        "visit_minutes": 600,
        "child_birth_month": date(2022, 3, 1),
        "goals_reached_answer": "",
        "child_developed_answer": "",
    }
    closed = {
        "end_date": date(2023, 10, 30),
        "end_reason": "goals_reached",
        "goals_reached_answer": "agree",
        "child_developed_answer": "agree",
    }
    return ImportedCourse(**{**values, **(closed if changes.pop("closed", False) else {}), **changes})


def test_every_history_row_is_a_move_the_phase_table_allows_ending_in_the_course_phase(coordinator):
    started_id, closed_id = course_import_create(
        acting_user=coordinator, courses=[_row(), _row(external_id="K-2", closed=True)]
    )

    for course_id, phase in ((started_id, Phase.STARTED), (closed_id, Phase.CLOSED)):
        course = Course.objects.get(pk=course_id)
        changes = list(course.phase_changes.all())
        assert course.phase == phase
        assert (changes[0].from_phase, changes[0].to_phase) == ("", Phase.REFERRED)
        for before, change in zip(changes, changes[1:]):
            assert change.from_phase == before.to_phase
            assert change.to_phase in ALLOWED_MOVES[change.from_phase]
        assert changes[-1].to_phase == phase
        assert course.family.municipality == coordinator.municipality
    assert list(Closure.objects.values_list("course__external_id", flat=True)) == ["K-2"]
    assert not AuditEvent.objects.exists()  # the import that calls it writes the one event


def test_a_move_the_phase_table_refuses_is_not_made(coordinator, monkeypatch):
    monkeypatch.setitem(ALLOWED_MOVES, Phase.DECIDED, frozenset({Phase.WAITING, Phase.WITHDRAWN}))

    with pytest.raises(DomainError):
        course_import_create(acting_user=coordinator, courses=[_row()])

    assert not Course.objects.exists()
    assert not Family.objects.exists()


@pytest.mark.parametrize("count", [2, 40])
def test_the_writes_do_not_grow_with_the_rows(coordinator, count, django_assert_num_queries):
    """A sheet of 50,000 rows is written in a few statements per table, the same for 2 rows as
    for 40: families, children, courses, closures and phase history each in one."""
    from django.db import connection

    rows = [_row(external_id=f"K-{n}", closed=n % 2 == 0) for n in range(count)]
    # PostgreSQL: the variants, then per table the rows (for families and courses their ids
    # from the sequence first), and the two services' savepoints. Elsewhere the families and
    # courses go through bulk_create, in batches that grow with the rows.
    expected = 12 if connection.vendor == "postgresql" else None
    if expected is None:
        course_import_create(acting_user=coordinator, courses=rows)
    else:
        with django_assert_num_queries(expected):
            course_import_create(acting_user=coordinator, courses=rows)

    courses = Course.objects.filter(external_id__in=[row.external_id for row in rows])
    assert courses.count() == count
    assert Closure.objects.filter(course__in=courses).count() == (count + 1) // 2
    assert courses.filter(family__children__birth_date=date(2022, 3, 1)).count() == count
    history = {course.pk: [change.to_phase for change in course.phase_changes.order_by("pk")] for course in courses}
    assert sorted(map(len, history.values())) == sorted([4] * ((count + 1) // 2) + [3] * (count // 2))
