from django.urls import reverse

from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.access import AccessCase

CASES = [
    AccessCase("audit_log", (Role.COORDINATOR,), lambda world, which: reverse("audit_log")),
    AccessCase(
        "audit_sample",
        (Role.COORDINATOR,),
        lambda world, which: reverse("audit_sample"),
        role_status={Role.COORDINATOR: 405},  # only a POST draws a sample
    ),
    AccessCase(
        "audit_subject_report",
        (Role.COORDINATOR,),
        lambda world, which: reverse("audit_subject_report", args=["child", world.obj("audit_child", which).pk]),
        scoped=True,
    ),
]


def build_objects(world):
    """A child in each municipality, whose lookups a coordinator can export."""
    from hjemmepaed.organisation.tests.factories import user_for_role
    from visitation.tests.factories import referral_register

    own = referral_register(coordinator=world.users[Role.COORDINATOR])
    other = referral_register(coordinator=user_for_role(Role.COORDINATOR, municipality=world.other))
    world.objects["audit_child"] = {
        "own": own.family.children.first(),
        "other": other.family.children.first(),
    }
