from django.urls import reverse

from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.access import AccessCase

COURSE_STAFF = (Role.HOME_EDUCATOR, Role.COORDINATOR)
TRANSLATION_STAFF = (Role.COORDINATOR, Role.MANAGER)


def _course(world, which):
    return world.obj("closed_course", which)


CASES = [
    AccessCase("survey_settings", (Role.COORDINATOR,), lambda world, which: reverse("survey_settings")),
    AccessCase(
        "open_link_create",
        (Role.COORDINATOR,),
        lambda world, which: reverse("open_link_create", args=[world.obj("questionnaire", which).pk]),
        role_status={Role.COORDINATOR: 405},  # only a POST makes a link
    ),
    AccessCase("survey_translations", TRANSLATION_STAFF, lambda world, which: reverse("survey_translations")),
    AccessCase(
        "translation_reviewed",
        TRANSLATION_STAFF,
        lambda world, which: reverse("translation_reviewed", args=[world.obj("translation", which).pk]),
        role_status={Role.COORDINATOR: 405, Role.MANAGER: 405},  # only a POST marks it
    ),
    AccessCase(
        "translation_source_download",
        TRANSLATION_STAFF,
        lambda world, which: reverse(
            "translation_source_download", args=[world.obj("own_questionnaire", which).pk, "xlf"]
        ),
        scoped=True,
        educator_bound=False,
    ),
    AccessCase(
        "invitation_letter",
        COURSE_STAFF,
        lambda world, which: reverse(
            "invitation_letter", args=[_course(world, which).pk, _course(world, which).family.guardians.first().pk]
        ),
        scoped=True,
        educator_bound=True,
    ),
    AccessCase(
        "invitation_email",
        COURSE_STAFF,
        lambda world, which: reverse(
            "invitation_email", args=[_course(world, which).pk, _course(world, which).invitations.first().pk]
        ),
        scoped=True,
        educator_bound=True,
    ),
]


def build_objects(world):
    """A closed course with invitations in each municipality."""
    from hjemmepaed.organisation.tests.factories import user_for_role
    from surveys.loading import definition_install, definition_read
    from surveys.models import Questionnaire, QuestionnaireTranslation
    from visitation.tests.factories import course_closed

    other_coordinator = user_for_role(Role.COORDINATOR, municipality=world.other)
    coordinator, educator = world.users[Role.COORDINATOR], world.users[Role.HOME_EDUCATOR]
    world.objects["closed_course"] = {
        "own": course_closed(coordinator=coordinator, educator=educator),
        "colleague": course_closed(coordinator=coordinator, educator=world.colleague),
        "second": course_closed(coordinator=coordinator, educator=world.colleague, second_educator=educator),
        "other": course_closed(coordinator=other_coordinator),
    }
    national = Questionnaire.objects.get(key="national")
    world.objects["questionnaire"] = {"own": national, "other": national}
    world.objects["translation"] = {
        which: QuestionnaireTranslation.objects.create(
            questionnaire=national, language="ar", municipality=municipality, translator="Tolkebureauet A/S"
        )
        for which, municipality in (("own", world.own), ("other", world.other))
    }
    world.objects["own_questionnaire"] = {  # a municipality's own variant: its source file is its own
        which: definition_install(
            {**definition_read("ishoej-v1.json"), "key": f"variant-{municipality.pk}"}, municipality=municipality
        )
        for which, municipality in (("own", world.own), ("other", world.other))
    }
