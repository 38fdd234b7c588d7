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
def coordinator(municipality):
    from hjemmepaed.organisation.models import Role
    from hjemmepaed.organisation.tests.factories import user_for_role

    return user_for_role(Role.COORDINATOR, municipality=municipality)


@pytest.fixture
def educator(municipality):
    from hjemmepaed.organisation.models import Role
    from hjemmepaed.organisation.tests.factories import user_for_role

    return user_for_role(Role.HOME_EDUCATOR, municipality=municipality)


@pytest.fixture
def other_municipality(db):
    return MunicipalityFactory(name="Thisted", code="787")


@pytest.fixture
def shipped_questionnaires(db):
    """The questionnaires the data migration ships. A transactional test's flush removes rows
    that migrations made, so such tests install them again (idempotent)."""
    from surveys.loading import shipped_install

    shipped_install()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded and generated files (reports) go to a fresh folder per test, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache holds the rate limits' counters: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
