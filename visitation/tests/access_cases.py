from django.urls import reverse

from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.access import AccessCase

CASES = [
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
    """A fresh referral in each municipality."""
    from hjemmepaed.organisation.tests.factories import user_for_role
    from visitation.tests.factories import referral_register

    world.objects["referral"] = {
        "own": referral_register(coordinator=world.users[Role.COORDINATOR]),
        "other": referral_register(coordinator=user_for_role(Role.COORDINATOR, municipality=world.other)),
    }
