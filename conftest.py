import pytest
from django.utils import translation

from hjemmepaed.organisation.tests.factories import MunicipalityFactory


@pytest.fixture(autouse=True)
def _danish():
    """Tests read what a Danish user reads."""
    with translation.override("da"):
        yield


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name="København", code="101")


@pytest.fixture
def other_municipality(db):
    return MunicipalityFactory(name="Thisted", code="787")
