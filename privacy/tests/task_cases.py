from hjemmepaed.tests.celery_cases import TaskCase, TaskRun


def courses_anonymise_nightly(monkeypatch) -> TaskRun:
    """A course from 2019 (retention passed) in a municipality that recorded its archive decision."""
    from datetime import date

    from courses.models import Course
    from families.models import Child, Guardian
    from hjemmepaed.organisation.models import Role
    from hjemmepaed.organisation.services import archive_decision_record
    from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
    from privacy.tests.test_retention import _old_course

    municipality = MunicipalityFactory(name="Svendborg", code="479")
    manager = user_for_role(Role.MANAGER, municipality=municipality, first_name="Camilla", last_name="Pedersen")
    archive_decision_record(
        acting_user=manager, municipality=municipality, decided_on=date(2024, 1, 15), reference="00.01.10-P20-1-24"
    )
    _old_course(user_for_role(Role.COORDINATOR, municipality=municipality))
    return TaskRun(
        args=(),
        state=lambda: (
            sorted(Course.objects.values_list("pk", "anonymised_at")),
            sorted(Guardian.objects.values_list("name", flat=True)),
            sorted(Child.objects.values_list("name", flat=True)),
        ),
    )


CASES = [TaskCase("privacy.tasks.courses_anonymise_nightly", courses_anonymise_nightly)]
