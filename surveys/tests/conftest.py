import pytest

from visitation.services import ChildData, GuardianData
from visitation.tests.factories import course_closed


@pytest.fixture
def daycare(municipality):
    from hjemmepaed.organisation.tests.factories import DaycareFactory

    return DaycareFactory(municipality=municipality, name="Vuggestuen Solsikken")


@pytest.fixture
def two_children_closed(coordinator, daycare):
    """Mother and father, Alma (in a nursery at the start) and her brother Bo (at home)."""
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    return course_closed(
        coordinator=coordinator,
        guardians=[
            GuardianData(name="Sara Nielsen", relation="mother", email="sara@example.dk"),
            GuardianData(name="Jonas Nielsen", relation="father"),
        ],
        children=[
            ChildData(
                name="Alma Nielsen", birth_date=today - timedelta(days=700), daycare=daycare, attends_daycare=True
            ),
            ChildData(name="Bo Nielsen", birth_date=today - timedelta(days=200)),
        ],
    )
