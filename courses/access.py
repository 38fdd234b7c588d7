"""Who may do what with a course.

Which courses a user may *see* is decided here (`course_visibility`) and applied by the one gate
in `courses/selectors.py` (`course_list_visible_to`, `course_get_for_user_or_404`). Then the
write checks the services call before they change anything, each refusing with a Danish
`DomainError`, the roles that may open the course pages, and what those pages offer (`can_*`).
"""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses import workflow
from courses.models import Course
from families.access import course_staff_check  # noqa: F401  (one rule, written where the lowest user of it lives)
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role, User

# The roles that may open a course's pages: staff work on courses, managers only read them.
COURSE_STAFF = (Role.HOME_EDUCATOR, Role.COORDINATOR)
COURSE_READERS = (Role.HOME_EDUCATOR, Role.COORDINATOR, Role.MANAGER)


def course_visibility(*, user: User) -> Q | None:
    """The courses `user` may see, as a filter; None for none.

    * A home educator sees the courses where she is the primary or the second educator.
    * Coordinators and managers see every course of their municipality.
    * The national analyst and the administrator see no single course (aggregates only).
    * Someone with several roles sees what the widest of them sees.
    """
    if not user.is_authenticated or not user.is_active:
        return None
    if user.holds(Role.COORDINATOR, Role.MANAGER):
        return Q(municipality_id=user.municipality_id)
    if user.is_home_educator:
        own = Q(primary_educator=user) | Q(second_educator=user)
        return Q(municipality_id=user.municipality_id) & own
    return None


def coordinator_check(*, acting_user: User, course: Course, message: str) -> None:
    """Refuse with `message` unless the acting user is a coordinator of the course's municipality."""
    if not acting_user.is_coordinator or acting_user.municipality_id != course.municipality_id:
        raise DomainError(message)


def educator_role_removal_check(*, person: User, removed: set[str]) -> None:
    """The home educator's role is not taken away from someone with open courses (referred,
    approved, waiting or running) as primary or second educator: they are transferred first.
    The staff service calls it through its role-removal seam (`courses.apps`)."""
    if Role.HOME_EDUCATOR not in removed:
        return
    count = (
        Course.objects.filter(Q(primary_educator=person) | Q(second_educator=person))
        .filter(phase__in=workflow.OPEN)
        .count()
    )
    if count:
        raise DomainError(
            ngettext(
                "%(name)s is the home educator of %(count)d open course. "
                "Transfer it to another home educator before taking away the role.",
                "%(name)s is the home educator of %(count)d open courses. "
                "Transfer them to another home educator before taking away the role.",
                count,
            )
            % {"name": person, "count": count},
            field="roles",
        )


def educator_check(*, educator: User, course: Course, field: str) -> None:
    """Refuse unless `educator` is an active home educator of the course's municipality."""
    if not educator.is_home_educator or educator.municipality_id != course.municipality_id or not educator.is_active:
        raise DomainError(
            _("%(name)s is not an active home educator in the municipality.") % {"name": educator},
            field=field,
        )


# What the course page offers. The services check again; these only decide which links show.


def can_work_on_course(*, user: User) -> bool:
    """Home educators and coordinators act on a course they can see; a manager only reads it."""
    return user.holds(*COURSE_STAFF)


def can_coordinate_course(*, user: User) -> bool:
    """A coordinator transfers, extends and corrects a course and answers a request of access."""
    return user.is_coordinator


def can_see_visit_notes(*, user: User) -> bool:
    """Managers see no visit notes."""
    return user.holds(*COURSE_STAFF)


# A municipality's local additions to the national lists (methods here, risk factors in
# visitation): its manager edits them, its coordinators read them.
LOCAL_LIST_READERS = (Role.COORDINATOR, Role.MANAGER)


def can_edit_local_lists(*, user: User) -> bool:
    return user.is_manager and user.municipality_id is not None


def local_list_edit_check(*, acting_user: User) -> None:
    """Refuse unless the acting user is a manager of a municipality."""
    if not can_edit_local_lists(user=acting_user):
        raise DomainError(_("Only the municipality's manager can change its local lists."))
