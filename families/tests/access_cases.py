from django.urls import reverse

from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.access import AccessCase

CONSENT_WRITERS = (Role.HOME_EDUCATOR, Role.COORDINATOR)


CASES = [
    AccessCase(
        "guardian_consent_record",
        CONSENT_WRITERS,
        lambda world, which: reverse(
            "guardian_consent_record",
            args=[world.obj("consent", which).course.pk, world.obj("consent", which).guardian_id],
        ),
        scoped=True,
        educator_bound=True,
    ),
    AccessCase(
        "guardian_consent_withdraw",
        CONSENT_WRITERS,
        lambda world, which: reverse(
            "guardian_consent_withdraw",
            args=[world.obj("consent", which).course.pk, world.obj("consent", which).pk],
        ),
        scoped=True,
        educator_bound=True,
        role_status=dict.fromkeys(CONSENT_WRITERS, 405),  # only a POST withdraws
    ),
]


def build_objects(world):
    """A started course of every ownership whose parent has consented (the consent carries its
    course for the URLs)."""
    from hjemmepaed.organisation.tests.factories import user_for_role
    from visitation.tests.factories import course_started

    coordinator, educator = world.users[Role.COORDINATOR], world.users[Role.HOME_EDUCATOR]
    other_coordinator = user_for_role(Role.COORDINATOR, municipality=world.other)
    courses = {
        "own": course_started(coordinator=coordinator, educator=educator),
        "colleague": course_started(coordinator=coordinator, educator=world.colleague),
        "second": course_started(coordinator=coordinator, educator=world.colleague, second_educator=educator),
        "other": course_started(coordinator=other_coordinator),
    }
    consents = {}
    for which, course in courses.items():
        consent = course.family.guardians.get().consents.first()
        consent.course = course
        consents[which] = consent
    world.objects["consent"] = consents
