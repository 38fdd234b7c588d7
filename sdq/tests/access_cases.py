from django.urls import reverse

from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.access import AccessCase

COURSE_STAFF = (Role.HOME_EDUCATOR, Role.COORDINATOR)

CASES = [
    AccessCase(
        "sdq_measurement_create",
        COURSE_STAFF,
        lambda world, which: reverse("sdq_measurement_create", args=[world.obj("sdq_measurement", which).course_id]),
        scoped=True,
        educator_bound=True,
    ),
    AccessCase(
        "sdq_measurement_update",
        COURSE_STAFF,
        lambda world, which: reverse(
            "sdq_measurement_update",
            args=[world.obj("sdq_measurement", which).course_id, world.obj("sdq_measurement", which).pk],
        ),
        scoped=True,
        educator_bound=True,
    ),
    AccessCase("sdq_norm_set_choose", (Role.COORDINATOR,), lambda world, which: reverse("sdq_norm_set_choose")),
    AccessCase(
        "sdq_norm_set_import",
        (Role.COORDINATOR, Role.ADMINISTRATOR),
        lambda world, which: reverse("sdq_norm_set_import"),
    ),
]


def build_objects(world):
    """A course with a child past 2 and its start measurement, in each municipality."""
    from hjemmepaed.organisation.tests.factories import user_for_role
    from sdq.tests.factories import course_with_toddler, measurement

    coordinator, educator = world.users[Role.COORDINATOR], world.users[Role.HOME_EDUCATOR]
    courses = {
        "own": course_with_toddler(coordinator=coordinator, educator=educator),
        "colleague": course_with_toddler(coordinator=coordinator, educator=world.colleague),
        "second": course_with_toddler(coordinator=coordinator, educator=world.colleague, second_educator=educator),
        "other": course_with_toddler(coordinator=user_for_role(Role.COORDINATOR, municipality=world.other)),
    }
    world.objects["sdq_measurement"] = {which: measurement(course=course) for which, course in courses.items()}
