"""What a home educator's phone keeps for logging visits without a connection: her own running
courses only (docs/security.md, "A lost phone")."""

from django.db.models import Q, QuerySet

from courses.models import Course, Phase
from courses.selectors import course_list_for_rows
from hjemmepaed.organisation.models import User

# A phone keeps the visit forms of at most this many courses; an educator has 10-20.
OFFLINE_COURSES_MAX = 60


def offline_course_list(*, user: User) -> QuerySet[Course]:
    """Her running courses, as primary or second educator, through the courses' gate. Not a
    coordinator's view of the municipality: an educator who is also a coordinator keeps only
    the courses she visits."""
    own = Q(primary_educator=user) | Q(second_educator=user)
    courses = course_list_for_rows(user=user).filter(own, phase=Phase.STARTED)
    return courses.order_by("-start_date", "-pk")[:OFFLINE_COURSES_MAX]
