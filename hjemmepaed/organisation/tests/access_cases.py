from django.urls import reverse

from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.access import ALL_ROLES, AccessCase

CASES = [
    # Educators have "Mine forløb" as their start page.
    AccessCase("home", ALL_ROLES, lambda world, which: reverse("home"), role_status={Role.HOME_EDUCATOR: 302}),
    AccessCase("password_change", ALL_ROLES, lambda world, which: reverse("password_change")),
    AccessCase("password_change_done", ALL_ROLES, lambda world, which: reverse("password_change_done")),
    AccessCase(
        "daycare_list",
        (Role.COORDINATOR, Role.MANAGER),
        lambda world, which: reverse("daycare_list"),
    ),
    AccessCase("daycare_create", (Role.COORDINATOR,), lambda world, which: reverse("daycare_create")),
    AccessCase(
        "daycare_update",
        (Role.COORDINATOR,),
        lambda world, which: reverse("daycare_update", args=[world.obj("daycare", which).pk]),
        scoped=True,
    ),
    AccessCase(
        "staff_list",
        (Role.COORDINATOR, Role.MANAGER, Role.ADMINISTRATOR),
        lambda world, which: reverse("staff_list"),
    ),
    AccessCase("staff_create", (Role.COORDINATOR, Role.MANAGER), lambda world, which: reverse("staff_create")),
    AccessCase(
        "staff_update",
        (Role.COORDINATOR, Role.MANAGER),
        lambda world, which: reverse("staff_update", args=[world.obj("staff", which).pk]),
        scoped=True,
    ),
    AccessCase(
        "staff_deactivate",
        (Role.COORDINATOR, Role.MANAGER),
        lambda world, which: reverse("staff_deactivate", args=[world.obj("staff", which).pk]),
        scoped=True,
    ),
    AccessCase(
        "staff_deactivated_list",
        (Role.COORDINATOR, Role.MANAGER),
        lambda world, which: reverse("staff_deactivated_list"),
    ),
    AccessCase(
        "staff_reactivate",
        (Role.COORDINATOR, Role.MANAGER),
        lambda world, which: reverse("staff_reactivate", args=[world.obj("staff", which).pk]),
        scoped=True,
    ),
    AccessCase(
        "staff_second_factor_reset",
        (Role.COORDINATOR, Role.MANAGER, Role.ADMINISTRATOR),
        lambda world, which: reverse("staff_second_factor_reset", args=[world.obj("staff", which).pk]),
        scoped=True,
    ),
    # The second-factor steps. The matrix logs in with force_login, which gives a verified
    # session with a set-up app (root conftest.py): the verify and set-up steps send such a
    # user on, and there is no app being set up whose QR code could be shown.
    AccessCase(
        "second_factor_verify",
        ALL_ROLES,
        lambda world, which: reverse("second_factor_verify"),
        role_status=dict.fromkeys(ALL_ROLES, 302),
    ),
    AccessCase(
        "second_factor_enrol",
        ALL_ROLES,
        lambda world, which: reverse("second_factor_enrol"),
        role_status=dict.fromkeys(ALL_ROLES, 302),
    ),
    AccessCase(
        "second_factor_qr",
        ALL_ROLES,
        lambda world, which: reverse("second_factor_qr"),
        role_status=dict.fromkeys(ALL_ROLES, 404),
    ),
    AccessCase("recovery_codes", ALL_ROLES, lambda world, which: reverse("recovery_codes")),
]


def build_objects(world):
    """The organisation's objects in both municipalities."""
    from hjemmepaed.organisation.tests.factories import DaycareFactory, user_for_role

    world.objects["daycare"] = {
        "own": DaycareFactory(municipality=world.own),
        "other": DaycareFactory(municipality=world.other),
    }
    world.objects["staff"] = {
        "own": user_for_role(Role.HOME_EDUCATOR, municipality=world.own),
        "other": user_for_role(Role.HOME_EDUCATOR, municipality=world.other),
    }
