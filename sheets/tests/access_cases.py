from django.urls import reverse

from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.access import AccessCase

SHEET_READERS = (Role.COORDINATOR, Role.MANAGER)

CASES = [
    AccessCase("sheet_index", SHEET_READERS, lambda world, which: reverse("sheet_index")),
    AccessCase("sheet_export", SHEET_READERS, lambda world, which: reverse("sheet_export")),
    AccessCase("sheet_template_courses", SHEET_READERS, lambda world, which: reverse("sheet_template_courses")),
    AccessCase("sheet_template_answers", SHEET_READERS, lambda world, which: reverse("sheet_template_answers")),
    AccessCase("sheet_template_ishoej", SHEET_READERS, lambda world, which: reverse("sheet_template_ishoej")),
    AccessCase("sheet_template_sdq", SHEET_READERS, lambda world, which: reverse("sheet_template_sdq")),
    AccessCase("sheet_import_courses", (Role.COORDINATOR,), lambda world, which: reverse("sheet_import_courses")),
    AccessCase("sheet_import_answers", (Role.COORDINATOR,), lambda world, which: reverse("sheet_import_answers")),
    AccessCase("sheet_import_ishoej", (Role.COORDINATOR,), lambda world, which: reverse("sheet_import_ishoej")),
    AccessCase("sheet_import_sdq", (Role.COORDINATOR,), lambda world, which: reverse("sheet_import_sdq")),
    AccessCase(
        "sheet_end_reason_aliases", (Role.COORDINATOR,), lambda world, which: reverse("sheet_end_reason_aliases")
    ),
    # Another municipality's words answer 404 (test_aliases.py shows the POSTs do too).
    *[
        AccessCase(
            name,
            (Role.COORDINATOR,),
            lambda world, which, name=name: reverse(name, args=[world.obj("end_reason_alias", which).pk]),
            scoped=True,
        )
        for name in ("sheet_end_reason_alias_update", "sheet_end_reason_alias_delete")
    ],
    AccessCase(
        "sheet_upload_status",
        (Role.COORDINATOR,),
        lambda world, which: reverse("sheet_upload_status", args=[world.obj("sheet_upload", which).pk]),
        scoped=True,
    ),
    AccessCase(
        "sheet_upload_review",
        (Role.COORDINATOR,),
        lambda world, which: reverse("sheet_upload_review", args=[world.obj("sheet_upload", which).pk]),
        scoped=True,
    ),
]


def build_objects(world):
    """A checked-in sheet upload of a coordinator in each municipality, and each municipality's
    own words for an end reason."""
    from hjemmepaed.organisation.tests.factories import user_for_role
    from sheets.models import SheetKind
    from sheets.services import end_reason_alias_add, sheet_upload_create
    from sheets.tests.factories import course_csv

    own_coordinator = world.users[Role.COORDINATOR]
    other_coordinator = user_for_role(Role.COORDINATOR, municipality=world.other)
    world.objects["sheet_upload"] = {
        "own": sheet_upload_create(
            acting_user=own_coordinator, kind=SheetKind.COURSES, content=course_csv([{"Kommune": world.own.code}])
        ),
        "other": sheet_upload_create(
            acting_user=other_coordinator, kind=SheetKind.COURSES, content=course_csv([{"Kommune": world.other.code}])
        ),
    }
    world.objects["end_reason_alias"] = {
        "own": end_reason_alias_add(acting_user=own_coordinator, text="Fraflyttet kommunen", end_reason="moved"),
        "other": end_reason_alias_add(acting_user=other_coordinator, text="Fraflyttet kommunen", end_reason="moved"),
    }
