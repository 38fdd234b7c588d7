from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.access import AccessCase

CASES = [
    # The municipality's local methods: its coordinators read them, its manager edits them.
    AccessCase(
        "local_method_list", (Role.COORDINATOR, Role.MANAGER), lambda world, which: reverse("local_method_list")
    ),
    AccessCase(
        "local_method_active",
        (Role.MANAGER,),
        lambda world, which: reverse("local_method_active", args=[world.obj("local_method", which).pk]),
        scoped=True,
        role_status={Role.MANAGER: 405},  # only a POST changes it (test_local_lists.py posts)
    ),
    AccessCase("reminder_list", (Role.HOME_EDUCATOR, Role.COORDINATOR), lambda world, which: reverse("reminder_list")),
    AccessCase("course_list", (Role.COORDINATOR, Role.MANAGER), lambda world, which: reverse("course_list")),
    # The search page: an educator finds only her own courses in it (courses/tests/test_search.py).
    AccessCase("search", (Role.HOME_EDUCATOR, Role.COORDINATOR), lambda world, which: reverse("search")),
    AccessCase("my_courses", (Role.HOME_EDUCATOR,), lambda world, which: reverse("my_courses")),
    # The phone's offline pages: only her own running courses (courses/tests/test_views_offline.py).
    AccessCase("offline_courses", (Role.HOME_EDUCATOR,), lambda world, which: reverse("offline_courses")),
    AccessCase("offline_pages", (Role.HOME_EDUCATOR,), lambda world, which: reverse("offline_pages")),
    AccessCase(
        "course_detail",
        (Role.HOME_EDUCATOR, Role.COORDINATOR, Role.MANAGER),
        lambda world, which: reverse("course_detail", args=[world.obj("course", which).pk]),
        scoped=True,
        educator_bound=True,
    ),
    AccessCase(
        "course_start",
        (Role.HOME_EDUCATOR, Role.COORDINATOR),
        lambda world, which: reverse("course_start", args=[world.obj("course", which).pk]),
        scoped=True,
        educator_bound=True,
    ),
    AccessCase(
        "course_close",
        (Role.HOME_EDUCATOR, Role.COORDINATOR),
        lambda world, which: reverse("course_close", args=[world.obj("course", which).pk]),
        scoped=True,
        educator_bound=True,
    ),
    *[
        AccessCase(
            name,
            roles,
            (lambda name: lambda world, which: reverse(name, args=[world.obj("course", which).pk]))(name),  # noqa: B023  (bound by the outer lambda)
            scoped=True,
            educator_bound=True,
        )
        for name, roles in [
            ("course_transfer", (Role.COORDINATOR,)),
            ("course_extend", (Role.COORDINATOR,)),
            ("course_adjust", (Role.HOME_EDUCATOR, Role.COORDINATOR)),
            ("concern_notification", (Role.HOME_EDUCATOR, Role.COORDINATOR)),
            ("consent_withdraw", (Role.HOME_EDUCATOR, Role.COORDINATOR)),
            ("course_correct", (Role.COORDINATOR,)),
            ("goal_add", (Role.HOME_EDUCATOR, Role.COORDINATOR)),
        ]
    ],
    *[
        AccessCase(
            name,
            (Role.HOME_EDUCATOR, Role.COORDINATOR),
            (
                lambda name: (
                    lambda world, which: reverse(
                        name,  # noqa: B023  (bound by the outer lambda)
                        args=[world.obj("course", which).pk, world.obj("course", which).goals.first().pk],
                    )
                )
            )(name),
            scoped=True,
            educator_bound=True,
        )
        for name in ("goal_reword", "goal_end")
    ],
    AccessCase(
        "child_cpr_reveal",
        (Role.HOME_EDUCATOR, Role.COORDINATOR),
        lambda world, which: reverse(
            "child_cpr_reveal",
            args=[world.obj("course", which).pk, world.obj("course", which).family.children.first().pk],
        ),
        scoped=True,
        educator_bound=True,
    ),
    AccessCase(
        "visit_update",
        (Role.HOME_EDUCATOR, Role.COORDINATOR),
        lambda world, which: reverse(
            "visit_update", args=[world.obj("course", which).pk, world.obj("visit", which).pk]
        ),
        scoped=True,
        educator_bound=True,
    ),
    AccessCase(
        "visit_series_plan",
        (Role.HOME_EDUCATOR, Role.COORDINATOR),
        lambda world, which: reverse("visit_series_plan", args=[world.obj("course", which).pk]),
        scoped=True,
        educator_bound=True,
    ),
    # The educator's own calendar link page. The feed it makes (`calendar_feed`) is public by
    # its token, so it is not a case here: it is in test_url_protection's PUBLIC_VIEWS, and
    # courses/tests/test_calendar.py runs every role (and no login) against a working, an
    # unknown and a revoked token.
    AccessCase("calendar_feed_settings", (Role.HOME_EDUCATOR,), lambda world, which: reverse("calendar_feed_settings")),
    AccessCase(
        "visit_create",
        (Role.HOME_EDUCATOR, Role.COORDINATOR),
        lambda world, which: reverse("visit_create", args=[world.obj("course", which).pk]),
        scoped=True,
        educator_bound=True,
    ),
]


def build_objects(world):
    """A started course of the world's own educator, and one in the other municipality; a local
    method of each municipality."""
    from courses.services import local_method_add, visit_log
    from hjemmepaed.organisation.tests.factories import user_for_role
    from visitation.tests.factories import course_started

    world.objects["local_method"] = {
        "own": local_method_add(acting_user=world.users[Role.MANAGER], label="Marte Meo"),
        "other": local_method_add(acting_user=user_for_role(Role.MANAGER, municipality=world.other), label="Marte Meo"),
    }

    start = timezone.localdate() - timedelta(days=14)
    other_coordinator = user_for_role(Role.COORDINATOR, municipality=world.other)
    coordinator, educator = world.users[Role.COORDINATOR], world.users[Role.HOME_EDUCATOR]
    world.objects["course"] = {
        "own": course_started(coordinator=coordinator, educator=educator, start_date=start),
        "colleague": course_started(coordinator=coordinator, educator=world.colleague, start_date=start),
        "second": course_started(
            coordinator=coordinator, educator=world.colleague, second_educator=educator, start_date=start
        ),
        "other": course_started(coordinator=other_coordinator, start_date=start),
    }
    world.objects["visit"] = {
        which: visit_log(acting_user=course.primary_educator, course=course, date=start, duration_minutes=60)
        for which, course in world.objects["course"].items()
    }


# The parents' consents on the course page (courses/consent_views.py), on the courses above,
# whose parent has consented.
def _guardian(world, which):
    return world.obj("course", which).family.guardians.get()


CONSENT_WRITERS = (Role.HOME_EDUCATOR, Role.COORDINATOR)
CASES += [
    AccessCase(
        "guardian_consent_record",
        CONSENT_WRITERS,
        lambda world, which: reverse(
            "guardian_consent_record", args=[world.obj("course", which).pk, _guardian(world, which).pk]
        ),
        scoped=True,
        educator_bound=True,
    ),
    AccessCase(
        "guardian_consent_withdraw",
        CONSENT_WRITERS,
        lambda world, which: reverse(
            "guardian_consent_withdraw",
            args=[world.obj("course", which).pk, _guardian(world, which).consents.first().pk],
        ),
        scoped=True,
        educator_bound=True,
        role_status=dict.fromkeys(CONSENT_WRITERS, 405),  # only a POST withdraws
    ),
]


def _guardian_url(name):
    return lambda world, which: reverse(name, args=[world.obj("course", which).pk, _guardian(world, which).pk])


# The family's changes on the course page (courses/views_guardians.py): the course's educators
# and the coordinators; managers see nothing of it.
CASES += [
    AccessCase(
        "guardian_add",
        CONSENT_WRITERS,
        lambda world, which: reverse("guardian_add", args=[world.obj("course", which).pk]),
        scoped=True,
        educator_bound=True,
    ),
    AccessCase(
        "family_household",
        CONSENT_WRITERS,
        lambda world, which: reverse("family_household", args=[world.obj("course", which).pk]),
        scoped=True,
        educator_bound=True,
    ),
    *[
        AccessCase(name, CONSENT_WRITERS, _guardian_url(name), scoped=True, educator_bound=True)
        for name in ("guardian_contact", "guardian_custody", "guardian_remove")
    ],
]
