"""What the course page offers each role that may open it (the services check again)."""

import pytest

from courses.access import can_coordinate_course, can_see_visit_notes, can_work_on_course
from hjemmepaed.organisation.models import Role, User


@pytest.mark.parametrize(
    ("role", "works", "coordinates", "notes"),
    [
        (Role.HOME_EDUCATOR, True, False, True),
        (Role.COORDINATOR, True, True, True),
        (Role.MANAGER, False, False, False),
    ],
)
def test_the_course_page_offers_each_role_its_own_links(role, works, coordinates, notes):
    user = User(role=role)
    assert can_work_on_course(user=user) is works
    assert can_coordinate_course(user=user) is coordinates
    assert can_see_visit_notes(user=user) is notes
