"""The course row as every service handles it: locked for the transaction, saved with a new
version, a repeated submission recognised, and the one audit event about the family."""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Course
from hjemmepaed.audit.services import audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User


def course_conflict() -> DomainError:
    return DomainError(
        _(
            "The course was changed by someone else while you were writing. What you typed is still "
            "in the form; the course's current details are shown above it. Save again if your "
            "change is still right."
        ),
        code="course_conflict",
    )


def course_lock(*, course: Course, version: int | None = None) -> Course:
    """The course row, locked until the transaction ends: concurrent moves queue behind it.

    `version` is the one the user's form was loaded with; a course changed since then refuses
    with the conflict message, so no one overwrites a change they have not seen.
    """
    # With its municipality and family in the same query (the model's version, the audit and the
    # rules read them: otherwise two more queries in nearly every write); only the course's row
    # is locked.
    locked = Course.objects.select_for_update(of=("self",)).select_related("municipality", "family").get(pk=course.pk)
    if version is not None and locked.version != version:
        raise course_conflict()
    return locked


def course_save(*, course: Course, fields: list[str]) -> None:
    """Save the course's own `fields` and count a new version, compared and incremented in one
    ``UPDATE ... WHERE version = n``: a save from a stale copy changes nothing and refuses."""
    values = {field: getattr(course, field) for field in fields if field not in ("version", "updated_at")}
    now = timezone.now()
    saved = Course.objects.filter(pk=course.pk, version=course.version).update(
        **values, version=F("version") + 1, updated_at=now
    )
    if saved != 1:
        raise course_conflict()
    course.version += 1
    course.updated_at = now


def course_repeated_move(*, acting_user: User, course: Course, target: str, version: int | None) -> Course | None:
    """The locked course when this request repeats the move just made (a double click): the
    form's version was followed by exactly one change, this user's move to `target`. Else None.
    """
    if version is None:
        return None
    locked = Course.objects.select_for_update().get(pk=course.pk)
    if locked.phase != target or locked.version != version + 1:
        return None
    last = locked.phase_changes.order_by("-pk").first()
    if last is None or last.to_phase != target or last.by_id != acting_user.pk:
        return None
    return locked


def _audit(*, acting_user: User, course: Course, action: str, object_type="course", object_id=None, criterion=""):
    """One audit event about the course's family."""
    audit_event_record(
        actor=acting_user,
        action=action,
        object_type=object_type,
        object_id=course.pk if object_id is None else object_id,
        subject=course.family,
        municipality=course.municipality,
        criterion=criterion,
    )
