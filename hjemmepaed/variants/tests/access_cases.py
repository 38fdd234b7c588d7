from django.urls import reverse

from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.access import AccessCase

CASES = [
    # The page always shows the user's own municipality's model: managers change, coordinators read.
    AccessCase(
        "variant_settings",
        (Role.COORDINATOR, Role.MANAGER),
        lambda world, which: reverse("variant_settings"),
    ),
    # Only a POST changes anything; a GET by the manager is refused as a method. Another
    # municipality's question answers 404 (test_views.py).
    *[
        AccessCase(
            name, (Role.MANAGER,), lambda world, which, name=name: reverse(name), role_status={Role.MANAGER: 405}
        )
        for name in ("variant_create", "referral_question_create", "offline_use_set")
    ],
    AccessCase(
        "referral_question_update",
        (Role.MANAGER,),
        lambda world, which: reverse("referral_question_update", args=[world.obj("referral_question", which).pk]),
        role_status={Role.MANAGER: 405},
    ),
]


def build_objects(world):
    from hjemmepaed.variants.models import ReferralQuestion

    world.objects["referral_question"] = {
        which: ReferralQuestion.objects.create(municipality=municipality, text="Hvad håber forældrene?")
        for which, municipality in (("own", world.own), ("other", world.other))
    }
