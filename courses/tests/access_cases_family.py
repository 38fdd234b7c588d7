"""The access cases of a child's changes over time on the course page (`courses/views_family.py`):
the birth on a pregnancy referral of each kind of ownership, the change of daycare on the
started courses of `access_cases.py`."""

from django.urls import reverse

from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.access import AccessCase

STAFF = (Role.HOME_EDUCATOR, Role.COORDINATOR)


def _child_url(name: str, kind: str):
    def url(world, which):
        course = world.obj(kind, which)
        return reverse(name, args=[course.pk, course.family.children.get().pk])

    return url


CASES = [
    AccessCase(
        "child_birth_record",
        STAFF,
        _child_url("child_birth_record", "pregnancy_course"),
        scoped=True,
        educator_bound=True,
    ),
    AccessCase(
        "child_daycare_change",
        STAFF,
        _child_url("child_daycare_change", "course"),
        scoped=True,
        educator_bound=True,
    ),
    AccessCase(
        "child_sex_set",
        STAFF,
        _child_url("child_sex_set", "course"),
        scoped=True,
        educator_bound=True,
    ),
]


def build_objects(world):
    """An approved pregnancy referral per kind of ownership (the started courses are courses')."""
    from courses.tests.factories_family import pregnancy_course
    from hjemmepaed.organisation.tests.factories import user_for_role

    coordinator, educator = world.users[Role.COORDINATOR], world.users[Role.HOME_EDUCATOR]
    world.objects["pregnancy_course"] = {
        "own": pregnancy_course(coordinator=coordinator, educator=educator),
        "colleague": pregnancy_course(coordinator=coordinator, educator=world.colleague),
        "second": pregnancy_course(coordinator=coordinator, educator=world.colleague, second_educator=educator),
        "other": pregnancy_course(coordinator=user_for_role(Role.COORDINATOR, municipality=world.other)),
    }
