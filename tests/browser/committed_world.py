"""The access matrix's world for transactional tests (a live server's thread sees only
committed rows), built once per process and copied into each test.

`world_in_test` builds the world in each test through the real services (16 courses, 144
consents): several seconds on PostgreSQL, for each of the CSP walks. `world_committed` builds
it once, inside a transaction rolled back afterwards (its commit hooks run in it, as they would
have after each commit), keeps every table's rows (tests/rows.py) and the files it wrote, and
gives each test those rows committed, the files in the test's MEDIA_ROOT and a copy of the
world's objects (whose primary keys are the copied rows'). The test's flush empties the tables
after it, as for any transactional test.
"""

import copy
import shutil

import pytest
from django.test import TestCase, override_settings
from django.utils import translation

from hjemmepaed.tests.world import module_rows, world_build
from tests.rows import rows_read, rows_write

_kept: dict = {}


def _built(django_db_blocker, tmp_path_factory):
    if not _kept:
        media = tmp_path_factory.mktemp("committed-world-media")
        with module_rows(django_db_blocker):
            with (
                translation.override("da"),
                override_settings(MEDIA_ROOT=media),
                TestCase.captureOnCommitCallbacks(execute=True),
            ):
                world = world_build()
            _kept.update(world=world, rows=rows_read(), media=media)
    return _kept


@pytest.fixture
def world_committed(transactional_db, django_db_blocker, tmp_path_factory, settings, shipped_questionnaires):
    built = _built(django_db_blocker, tmp_path_factory)
    rows_write(built["rows"])
    shutil.copytree(built["media"], settings.MEDIA_ROOT, dirs_exist_ok=True)
    return copy.deepcopy(built["world"])
