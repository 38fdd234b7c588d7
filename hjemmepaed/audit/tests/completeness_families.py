"""A child's changes over time (`families.services.changes`), each run once against the access
matrix's world, with the audit events it must write (`test_completeness_services.py` checks them)."""

from datetime import timedelta

from hjemmepaed.audit.tests.completeness import Expect, call, call_sent_twice, today
from hjemmepaed.organisation.models import Role


def family_change_service_cases():
    from families import services
    from hjemmepaed.organisation.tests.factories import DaycareFactory

    coordinator = lambda world: world.users[Role.COORDINATOR]  # noqa: E731

    def birth(world):
        course = world.obj("pregnancy_course", "own")
        call(
            services.child_birth_record,
            acting_user=coordinator(world),
            course=course,
            child=course.family.children.get(),
            birth_date=today() - timedelta(days=2),
            name="Alma",
        )

    def daycare_change(world):
        course = world.obj("course", "own")
        call_sent_twice(  # a resend of the form writes nothing more
            services.child_daycare_change,
            acting_user=coordinator(world),
            course=course,
            child=course.family.children.get(),
            on=today(),
            daycare=DaycareFactory(municipality=world.own),
            attends_daycare=True,
        )

    def sex_set(world):
        course = world.obj("course", "own")
        call(
            services.child_sex_set,
            acting_user=coordinator(world),
            course=course,
            child=course.family.children.get(),
            sex="girl",
        )

    return {
        "families.services.child_birth_record": (birth, Expect("update", "child", "child")),
        "families.services.child_sex_set": (sex_set, Expect("update", "child", "child")),
        "families.services.child_daycare_change": (daycare_change, Expect("create", "daycare_period", "child")),
    }
