"""Who may do what with a family's data: the write checks and the template predicates.

Consents are recorded on a course's page, so the checks take the course. They read its own
fields (municipality, primary and second educator) and import nothing of `courses`, which sits
above this app.
"""

from django.utils.translation import gettext as _

from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role, User

# The roles that record and withdraw consents on a course's page.
CONSENT_WRITERS = (Role.HOME_EDUCATOR, Role.COORDINATOR)


def course_staff_check(*, acting_user: User, course) -> None:
    """The course's own educators and the municipality's coordinators work on a course.

    Written here, in the lowest app that needs it (consents); `courses.access` re-exports it.
    """
    if acting_user.municipality_id != course.municipality_id:
        raise DomainError(_("Only the course's home educators or a coordinator can do this."))
    if acting_user.is_coordinator:
        return
    if acting_user.pk in (course.primary_educator_id, course.second_educator_id):
        return
    raise DomainError(_("Only the course's home educators or a coordinator can do this."))


def consent_write_check(*, acting_user: User, course, guardian) -> None:
    """Consents are recorded on a course's page by its home educators and the coordinators,
    for a parent of the course's family."""
    course_staff_check(acting_user=acting_user, course=course)
    if guardian.family_id != course.family_id:
        raise DomainError(_("The parent does not belong to the course's family."), field="guardian")


def consent_can_write(*, user: User, course) -> bool:
    """The course page offers to record and withdraw consents on a course kept in the app."""
    return user.holds(*CONSENT_WRITERS) and course.source == "app"


def family_change_check(*, acting_user: User, course) -> None:
    """A family's parents, custody, contact details and language are changed on a course's page
    by its home educators and the coordinators, while the course's family still has its names."""
    course_staff_check(acting_user=acting_user, course=course)
    if course.source != "app" or course.family.anonymised_at is not None:
        raise DomainError(_("The family of this course cannot be changed: its names are not kept in the system."))


def family_guardian_check(*, course, guardian) -> None:
    """The parent being changed belongs to the course's family and has not left it."""
    if guardian.family_id != course.family_id:
        raise DomainError(_("The parent does not belong to the course's family."), field="guardian")
    if guardian.left_on is not None:
        raise DomainError(
            _("%(name)s left the family and is kept only as history.") % {"name": guardian.name}, field="guardian"
        )


def family_can_change(*, user: User, course) -> bool:
    """The course page offers to change the family (parents, custody, contact, language)."""
    return user.holds(*CONSENT_WRITERS) and course.source == "app" and course.family.anonymised_at is None
