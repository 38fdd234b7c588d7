from django.urls import reverse

from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.access import ALL_ROLES, AccessCase

CASES = [
    # Educators have "Mine forløb" as their start page.
    AccessCase(
        "home", ALL_ROLES, lambda world, which: reverse("home"), role_status={Role.HOME_EDUCATOR: 302}
    ),
    AccessCase("password_change", ALL_ROLES, lambda world, which: reverse("password_change")),
    AccessCase(
        "password_change_done", ALL_ROLES, lambda world, which: reverse("password_change_done")
    ),
    AccessCase(
        "daycare_list",
        (Role.COORDINATOR, Role.MANAGER),
        lambda world, which: reverse("daycare_list"),
    ),
    AccessCase(
        "daycare_create", (Role.COORDINATOR,), lambda world, which: reverse("daycare_create")
    ),
    AccessCase(
        "daycare_update",
        (Role.COORDINATOR,),
        lambda world, which: reverse("daycare_update", args=[world.obj("daycare", which).pk]),
        scoped=True,
    ),
    AccessCase(
        "staff_list", (Role.COORDINATOR, Role.MANAGER), lambda world, which: reverse("staff_list")
    ),
    AccessCase(
        "retention_settings",
        (Role.COORDINATOR, Role.MANAGER),
        lambda world, which: reverse("retention_settings"),
    ),
    # Only a POST changes anything; a GET by the manager is refused as a method.
    AccessCase(
        "retention_years_set",
        (Role.MANAGER,),
        lambda world, which: reverse("retention_years_set"),
        role_status={Role.MANAGER: 405},
    ),
    AccessCase(
        "archive_decision_create",
        (Role.MANAGER,),
        lambda world, which: reverse("archive_decision_create"),
        role_status={Role.MANAGER: 405},
    ),
]


def build_objects(world):
    """The organisation's objects in both municipalities."""
    from hjemmepaed.organisation.tests.factories import DaycareFactory

    world.objects["daycare"] = {
        "own": DaycareFactory(municipality=world.own),
        "other": DaycareFactory(municipality=world.other),
    }
