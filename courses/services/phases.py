"""Every phase change goes through `course_move`: along the table in `courses/workflow.py`, on
the locked row, with a history row and an audit event."""

from django.db import transaction

from courses.models import Course, PhaseChange
from courses.services.locking import _audit, course_lock, course_repeated_move, course_save
from courses.workflow import INITIAL, move_check
from hjemmepaed.audit.services import Action


@transaction.atomic
def course_refer(*, acting_user, municipality, family) -> Course:
    """A new course in the first phase of the table, with its history row from nothing.

    No audit event of its own: the caller (the referral's registration, a sheet's import) writes
    the one event that says why the course came into being."""
    course = Course.objects.create(municipality=municipality, family=family, phase=INITIAL)
    PhaseChange.objects.create(course=course, from_phase="", to_phase=INITIAL, by=acting_user)
    return course


@transaction.atomic
def course_move(
    *,
    acting_user,
    course: Course,
    target: str,
    changes: dict | None = None,
    note: str = "",
    version: int | None = None,
    audit_detail: str = "",
) -> Course:
    """Move a course to `target` along the phase table, setting `changes` in the same save.

    The row is locked first, so of two people deciding the same referral at once the second
    finds it changed (the conflict message, or the table's Danish refusal without a version).
    The same user's repeated submission of the move just made returns the course as it is.
    `audit_detail` (no personal data) joins the move's one audit event: what the move did besides.
    """
    repeated = course_repeated_move(acting_user=acting_user, course=course, target=target, version=version)
    if repeated is not None:
        return repeated
    locked = course_lock(course=course, version=version)
    move_check(current=locked.phase, target=target)
    source = locked.phase
    changed = ["phase"]
    locked.phase = target
    for field, value in (changes or {}).items():
        setattr(locked, field, value)
        changed.append(field)
    course_save(course=locked, fields=changed)
    PhaseChange.objects.create(course=locked, from_phase=source, to_phase=target, by=acting_user, note=note)
    _audit(
        acting_user=acting_user,
        course=locked,
        action=Action.UPDATE,
        criterion=f"phase {source} -> {target}" + (f"; {audit_detail}" if audit_detail else ""),
    )
    return locked
