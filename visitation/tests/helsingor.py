"""Helsingør's model in force, a daycare and its leader: the fixtures of the daycare leader's
statement tests (test_daycare_statements.py, test_daycare_statement_views.py)."""

import pytest

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import DaycareFactory, user_for_role
from hjemmepaed.variants.models import Preset
from hjemmepaed.variants.tests.factories import variant_from_preset


@pytest.fixture
def helsingor(municipality):
    municipality.name = "Helsingør"
    municipality.save(update_fields=["name"])
    variant_from_preset(municipality=municipality, preset=Preset.HELSINGOR)
    return municipality


@pytest.fixture
def daycare(helsingor):
    return DaycareFactory(municipality=helsingor, name="Vuggestuen Solsikken")


@pytest.fixture
def leader(helsingor, daycare):
    return user_for_role(
        Role.DAYCARE_LEADER, municipality=helsingor, daycare=daycare, first_name="Lone", last_name="Berg"
    )
