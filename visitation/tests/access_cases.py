from django.urls import reverse

from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.access import AccessCase

CASES = [
    # The municipality's local risk factors: its coordinators read them, its manager edits them.
    AccessCase(
        "local_risk_factor_list",
        (Role.COORDINATOR, Role.MANAGER),
        lambda world, which: reverse("local_risk_factor_list"),
    ),
    AccessCase(
        "local_risk_factor_active",
        (Role.MANAGER,),
        lambda world, which: reverse("local_risk_factor_active", args=[world.obj("local_risk_factor", which).pk]),
        scoped=True,
        role_status={Role.MANAGER: 405},  # only a POST changes it (test_local_lists.py posts)
    ),
    AccessCase(
        "referral_create", (Role.COORDINATOR, Role.HOME_EDUCATOR), lambda world, which: reverse("referral_create")
    ),
    # The course's printouts (visitation/views_pdf.py): its educators and the coordinators, not managers.
    *[
        AccessCase(
            name,
            (Role.HOME_EDUCATOR, Role.COORDINATOR),
            (lambda name: lambda world, which: reverse(name, args=[world.obj("course", which).pk]))(name),  # noqa: B023  (bound by the outer lambda)
            scoped=True,
            educator_bound=True,
        )
        for name in ("course_summary_pdf", "reflection_sheet_pdf")
    ],
    AccessCase("intake_queue", (Role.COORDINATOR,), lambda world, which: reverse("intake_queue")),
    AccessCase(
        "referral_decide",
        (Role.COORDINATOR,),
        lambda world, which: reverse("referral_decide", args=[world.obj("referral", which).pk]),
        scoped=True,
    ),
    AccessCase(
        "referral_revise",
        (Role.COORDINATOR,),
        lambda world, which: reverse("referral_revise", args=[world.obj("course", which).pk]),
        scoped=True,
    ),
]


def build_objects(world):
    """A fresh referral and a local risk factor in each municipality."""
    from hjemmepaed.organisation.tests.factories import user_for_role
    from visitation.services import local_risk_factor_add
    from visitation.tests.factories import referral_register

    world.objects["local_risk_factor"] = {
        which: local_risk_factor_add(acting_user=manager, kind="parent", label="Manglende overskud")
        for which, manager in (
            ("own", world.users[Role.MANAGER]),
            ("other", user_for_role(Role.MANAGER, municipality=world.other)),
        )
    }

    world.objects["referral"] = {
        "own": referral_register(coordinator=world.users[Role.COORDINATOR]),
        "other": referral_register(coordinator=user_for_role(Role.COORDINATOR, municipality=world.other)),
    }
