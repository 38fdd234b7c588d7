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
    ),
    AccessCase(
        "guardian_consent_withdraw",
        CONSENT_WRITERS,
        lambda world, which: reverse(
            "guardian_consent_withdraw",
            args=[world.obj("consent", which).course.pk, world.obj("consent", which).pk],
        ),
        scoped=True,
        role_status={role: 405 for role in CONSENT_WRITERS},  # only a POST withdraws
    ),
]


def build_objects(world):
    """A started course in each municipality whose parent has consented; the consent carries
    its course for the URLs."""
    from hjemmepaed.organisation.tests.factories import user_for_role
    from visitation.tests.factories import course_started

    own = course_started(coordinator=world.users[Role.COORDINATOR], educator=world.users[Role.HOME_EDUCATOR])
    other = course_started(coordinator=user_for_role(Role.COORDINATOR, municipality=world.other))
    consents = {}
    for which, course in (("own", own), ("other", other)):
        consent = course.family.guardians.get().consents.first()
        consent.course = course
        consents[which] = consent
    world.objects["consent"] = consents
