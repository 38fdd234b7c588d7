"""The family's changes after the referral (`families.services.guardians`), each run once
against the access matrix's world, with the audit event it must write."""

from hjemmepaed.audit.tests.completeness import Expect, call, course_started_for, sent_twice, today
from hjemmepaed.organisation.models import Role


def guardian_service_cases():
    from families import services as family_services
    from visitation.services import GuardianData

    coordinator = lambda world: world.users[Role.COORDINATOR]  # noqa: E731
    parents = [
        GuardianData(name="Sara Nielsen", relation="mother"),
        GuardianData(name="Jonas Nielsen", relation="father"),
    ]

    def add(world):
        course = course_started_for(world)
        arguments = {"acting_user": coordinator(world), "course": course, "name": "Ali Hassan", "relation": "father"}
        arguments.update(has_custody=True, on=today())
        sent_twice(
            lambda form_key: family_services.guardian_add(form_key=form_key, **arguments),
            first=lambda form_key: call(family_services.guardian_add, form_key=form_key, **arguments),
        )

    def on_jonas(service, **arguments):
        def run(world):
            course = course_started_for(world, guardians=parents)
            jonas = course.family.guardians.get(name="Jonas Nielsen")
            call(service, acting_user=coordinator(world), course=course, guardian=jonas, **arguments)

        return run

    def household(world):
        course = course_started_for(world)
        call(
            family_services.family_household_update,
            acting_user=coordinator(world),
            course=course,
            language="arabisk",
            interpreter_needed=True,
            single_parent=True,
        )

    update = Expect("update", "guardian", "guardian")
    return {
        "families.services.guardian_add": (add, Expect("create", "guardian", "guardian")),
        "families.services.guardian_remove": (on_jonas(family_services.guardian_remove, left_on=today()), update),
        "families.services.guardian_custody_change": (
            on_jonas(family_services.guardian_custody_change, has_custody=False, on=today()),
            update,
        ),
        "families.services.guardian_contact_update": (
            on_jonas(family_services.guardian_contact_update, phone="12345678", email="jonas@example.dk"),
            update,
        ),
        "families.services.family_household_update": (household, Expect("update", "family", "family")),
    }
