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
]


def build_objects(world):
    """A referred family in each municipality."""
    from hjemmepaed.organisation.tests.factories import user_for_role
    from visitation.tests.factories import referral_register

    coordinator = world.users[Role.COORDINATOR]
    other_coordinator = user_for_role(Role.COORDINATOR, municipality=world.other)
    world.objects["family"] = {
        "own": referral_register(coordinator=coordinator).family,
        "other": referral_register(coordinator=other_coordinator).family,
    }
