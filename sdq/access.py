"""Who may do what with SDQ measurements and the norm-set choice: write checks and the course
page's predicates."""

from django.db.models import Q
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


# Who loads a norm set from CSV: an administrator for every municipality, a coordinator for hers.
NORM_SET_LOADERS = (Role.COORDINATOR, Role.ADMINISTRATOR)


def norm_set_visibility(*, user: User) -> Q:
    """The norm sets a user sees and a municipality may choose: the shared ones (shipped, or
    loaded by the administrator) and those her own municipality loaded."""
    if user.is_administrator:
        return Q()
    return Q(municipality__isnull=True) | Q(municipality_id=user.municipality_id)


def norm_set_import_check(*, acting_user: User) -> None:
    if acting_user.is_administrator:
        return
    if not acting_user.is_coordinator or acting_user.municipality_id is None:
        raise DomainError(_("Only a coordinator or the administrator can load a norm set."))
