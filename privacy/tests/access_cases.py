from django.urls import reverse

from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.access import AccessCase


def _family_url(name):
    return lambda world, which: reverse(name, args=[world.obj("family", which).pk])


CASES = [
    # A request of access is answered by the municipality's coordinators; another
    # municipality's family answers 404 like a missing one.
    *[
        AccessCase(name, (Role.COORDINATOR,), _family_url(name), scoped=True)
        for name in ("family_export_pdf", "family_export_json")
    ],
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
    """A referred family in each municipality: its data is exported, its child's lookups too."""
    from hjemmepaed.organisation.tests.factories import user_for_role
    from visitation.tests.factories import referral_register

    coordinator = world.users[Role.COORDINATOR]
    other_coordinator = user_for_role(Role.COORDINATOR, municipality=world.other)
    world.objects["family"] = {
        "own": referral_register(coordinator=coordinator).family,
        "other": referral_register(coordinator=other_coordinator).family,
    }
    world.objects["audit_child"] = {which: family.children.first() for which, family in world.objects["family"].items()}
