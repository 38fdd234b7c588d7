"""The access matrix's world as fixtures, built once per test module instead of once per test.

Building the world goes through the real services (16 courses, 144 consents) and takes about a
second; some 500 tests in four modules use it. So `world_built` builds it once per module inside
an outer transaction (`module_rows`) that is rolled back after the module's last test, and
`world` gives each test a deep copy of the objects as they were built (unpickled from one
pickle of them: a fifth of `copy.deepcopy`'s time, the same copy, about 12 ms less for each of
some 1,200 tests), its report files in the test's own MEDIA_ROOT. A test's own writes are undone after it as always: pytest-django's
transaction for the test is a savepoint inside the outer one.

A transactional test (a live server's) cannot share rows that were never committed: it asks for
`world_in_test`, built inside the test as before.

Loaded for every test by the root conftest (`pytest_plugins`), so a module that imports `world`
finds `world_built` too.
"""

import pickle
import shutil
from contextlib import contextmanager

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import translation


@contextmanager
def module_rows(django_db_blocker):
    """Rows made inside the block stay for the tests that follow and are rolled back at its end.

    For fixtures of module or class scope that non-transactional tests share: a transactional
    test (TransactionTestCase, live_server) flushes the tables and must not run inside it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        # As Django's TestCase marks its own atomics: a service's durable block still works inside.
        outer._from_testcase = True
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def world_build():
    """Two municipalities, a user of every role, and every app's objects (`build_objects`)."""
    from hjemmepaed.organisation.models import Role
    from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
    from hjemmepaed.tests.access import ALL_ROLES, World
    from hjemmepaed.tests.test_access_matrix import CASE_MODULES

    own = MunicipalityFactory(name="Svendborg", code="479")
    other = MunicipalityFactory(name="Thisted", code="787")
    world = World(
        own=own,
        other=other,
        users={role: user_for_role(role, municipality=own) for role in ALL_ROLES},
        colleague=user_for_role(Role.HOME_EDUCATOR, municipality=own),
    )
    for module in CASE_MODULES:
        module.build_objects(world)
    return world


def transactional(item) -> bool:
    """Does this test commit its rows (and flush the tables after it)?"""
    marker = item.get_closest_marker("django_db")
    return bool(
        (marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
        or {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


@pytest.fixture(scope="module")
def world_built(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world of this module's tests and the folder of its files (reports' PDFs)."""
    media = tmp_path_factory.mktemp("world-media")
    with module_rows(django_db_blocker):
        # As the per-test fixtures would have it: Danish texts, files in a folder of our own.
        with django_db_blocker.unblock(), translation.override("da"), override_settings(MEDIA_ROOT=media):
            built = world_build()
        yield built, media


@pytest.fixture(scope="module")
def _world_pickled(world_built) -> bytes:
    """The built objects as one pickle: each test unpickles its own deep copy."""
    return pickle.dumps(world_built[0], protocol=pickle.HIGHEST_PROTOCOL)


@pytest.fixture
def world(request, world_built, _world_pickled, db, settings):
    """The module's world for one test: the rows as built, the objects a copy that the test may
    change (the next test gets the built state again)."""
    if transactional(request.node):
        pytest.fail("a transactional test cannot use the shared world: ask for world_in_test")
    _, media = world_built
    shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return pickle.loads(_world_pickled)


@pytest.fixture
def world_in_test(transactional_db):
    """The world built inside the test, committed, for a live server's thread to see."""
    return world_build()
