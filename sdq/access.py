"""Who may do what with SDQ measurements and the norm-set choice: write checks and the course
page's predicates."""

from django.utils.translation import gettext as _

from courses.models import Phase
from families.access import course_staff_check
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role, User

# The roles that record and correct measurements on a course's page.
COURSE_STAFF = (Role.HOME_EDUCATOR, Role.COORDINATOR)
MEASURABLE_PHASES = (Phase.STARTED, Phase.CLOSED)


def measurement_write_check(*, acting_user: User, course) -> None:
    """Measurements are recorded and corrected by the course's home educators and the coordinators."""
    course_staff_check(acting_user=acting_user, course=course)


def measurement_can_record(*, user: User, course) -> bool:
    """The course page offers to record and edit measurements on a started or closed course."""
    return user.holds(*COURSE_STAFF) and course.phase in MEASURABLE_PHASES


def norm_set_choose_check(*, acting_user: User) -> None:
    if not acting_user.is_coordinator or acting_user.municipality_id is None:
        raise DomainError(_("Only a coordinator can choose the municipality's norm set."))


def norm_set_can_choose(*, user: User) -> bool:
    """The course page links to the norm-set choice for coordinators."""
    return user.is_coordinator
