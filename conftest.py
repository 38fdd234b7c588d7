import fcntl
import hashlib
import os
import tempfile
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from hjemmepaed.organisation.tests.factories import MunicipalityFactory

pytest_plugins = [
    "hjemmepaed.tests.world",  # the access matrix's world: `world` (built once per module), `world_in_test`
    "tests.databases",  # with --reuse-db on PostgreSQL: copies of a migrated template
    "tests.idp.fixture",  # `oidc_provider`: a real OpenID Connect provider on loopback, started once
    "tests.ordering",  # the longest browser tests start first
    "tests.idp.saml",  # `saml_provider`: SimpleSAMLphp as a SAML 2.0 identity provider on loopback, started once
]


# The tests that need the real broker (marker `broker`) share this machine's Redis database
# (REDIS_URL) and start Celery workers on it: a worker of one test would take another's tasks off
# the queue. So they run one at a time, whichever xdist worker (or other test run on this machine
# with the same REDIS_URL) they are on: each holds a lock on a file named after the URL.
#
# They are also one xdist group, which `--dist loadgroup` (make test) sends to one xdist worker,
# leaving the others free for the rest; so is a module whose tests share an expensive fixture
# (the demo seeded once, demo/tests/test_seed_demo.py), built once instead of on each worker.
@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("broker"):
            item.add_marker(pytest.mark.xdist_group("broker"))
    # pytest-xdist 3.8 marks a test's group as a suffix of its node id in a field that pytest 9.2
    # no longer reads (pytest-xdist#1386), so every test would be a group of its own: the suffix
    # is written here where pytest reads it, as xdist means to.
    if not config.getoption("loadgroup", default=False):
        return
    from _pytest.nodeid import NodeId

    for item in items:
        names = {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        }
        if names and "@" not in item.nodeid:
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(sorted(names))}")


@pytest.fixture(autouse=True)
def _one_broker_test_at_a_time(request):
    if request.node.get_closest_marker("broker") is None:
        yield
        return
    url = os.environ.get("REDIS_URL", "")
    lock = Path(tempfile.gettempdir()) / f"hjemmepaed-broker-{hashlib.sha256(url.encode()).hexdigest()[:12]}.lock"
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file is closed, after the test's teardown
        yield


@pytest.fixture(autouse=True)
def _danish():
    """Tests read what a Danish user reads."""
    with translation.override("da"):
        yield


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login(user)` gives a session verified with the user's authenticator app
    (created when missing), as after a real login with password and code. The second factor's
    own tests log in through the real pages instead (hjemmepaed/organisation/tests/)."""
    from hjemmepaed.organisation.tests.second_factor import session_mark_verified

    password_only = Client.force_login

    def force_login(self, user, backend=None):
        password_only(self, user, backend)
        session_mark_verified(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name="København", authority_name="Københavns Kommune", code="101")


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
    from surveys.loading import shipped_install, shipped_translations_install

    shipped_install()
    shipped_translations_install()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded and generated files (reports) go to a fresh folder per test, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache holds the rate limits' counters: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
