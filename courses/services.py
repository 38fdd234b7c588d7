"""Writes of courses. Every phase change goes through `course_move`."""

from django.db import transaction

from courses.models import Course, PhaseChange
from courses.workflow import move_check
from hjemmepaed.audit.services import Action, audit_event_record


def course_lock(*, course: Course) -> Course:
    """The course row, locked until the transaction ends: concurrent moves queue behind it."""
    return Course.objects.select_for_update().get(pk=course.pk)


@transaction.atomic
def course_move(
    *, acting_user, course: Course, target: str, changes: dict | None = None, note: str = "", request=None
) -> Course:
    """Move a course to `target` along the phase table, setting `changes` in the same save.

    The row is locked first, so of two people deciding the same referral at once the second
    finds it already moved and gets the table's Danish refusal.
    """
    locked = course_lock(course=course)
    move_check(current=locked.phase, target=target)
    source = locked.phase
    changed = ["phase"]
    locked.phase = target
    for field, value in (changes or {}).items():
        setattr(locked, field, value)
        changed.append(field)
    locked.save(update_fields=[*changed, "updated_at"])
    PhaseChange.objects.create(
        course=locked, from_phase=source, to_phase=target, by=acting_user, note=note
    )
    audit_event_record(
        actor=acting_user,
        action=Action.UPDATE,
        object_type="course",
        object_id=locked.pk,
        subject=locked.family,
        municipality=locked.municipality,
        criterion=f"phase {source} -> {target}",
        request=request,
    )
    return locked
