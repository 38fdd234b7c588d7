"""scripts/backup.sh and scripts/restore.sh on this machine's PostgreSQL: a family with a CPR
number is backed up, restored into a new database, and its CPR number read back there through
the app's decryption with the same keys; the keys are in no file of the backup; a restore
without the backup's key, or onto an existing database, refuses before it writes anything."""

import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from families.services import ChildData
from visitation.tests.factories import referral_register

SCRIPTS = Path(settings.BASE_DIR) / "scripts"
BORN = timezone.localdate() - timedelta(days=200)
CPR = f"{BORN:%d%m%y}-4123"
OTHER_KEY = "b3RoZXIta2V5LW5vdC10aGUtYmFja3Vwcy1vd24tMDA="

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="backup and restore are of PostgreSQL (pg_dump, pg_restore): run with DATABASE_URL=postgres://…",
    ),
    pytest.mark.django_db(transaction=True),  # pg_dump sees only what is committed
]


def _url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _env(**extra) -> dict:
    return {
        **{key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "MEDIA_ROOT")},
        "CPR_ENCRYPTION_KEYS": ",".join(settings.CPR_ENCRYPTION_KEYS),
        "CPR_HASH_KEY": settings.CPR_HASH_KEY,
        **extra,
    }


def _run(args: list, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=120, cwd=settings.BASE_DIR)


@pytest.fixture
def restored_name():
    name = f"{connection.settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    yield name
    subprocess.run(
        ["psql", _url("postgres"), "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
        capture_output=True,
        timeout=60,
    )


def test_backup_then_restore_into_a_new_database_reads_the_cpr_number_back(coordinator, tmp_path, restored_name):
    course = referral_register(coordinator=coordinator, children=[ChildData(name="Alma", birth_date=BORN, cpr=CPR)])
    child = course.family.children.get()
    report = Path(settings.MEDIA_ROOT) / "reports" / "rapport-1.pdf"
    report.parent.mkdir(parents=True)
    report.write_bytes(b"%PDF-1.7 the report")

    backup = _run(
        [SCRIPTS / "backup.sh", tmp_path / "backups"],
        _env(DATABASE_URL=_url(connection.settings_dict["NAME"]), MEDIA_ROOT=str(settings.MEDIA_ROOT)),
    )
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip().splitlines()[-1])
    assert folder.stat().st_mode & 0o077 == 0  # personal data: readable by the backup's user only
    assert sorted(path.name for path in folder.iterdir()) == [
        "SHA256SUMS",
        "database.dump",
        "manifest.txt",
        "media.tar.gz",
    ]
    manifest = (folder / "manifest.txt").read_text()
    assert "cpr encryption key: " in manifest and "media files: 1" in manifest

    # No key in any file, nor in the dump's data once unpacked to SQL.
    sql = _run(["pg_restore", "--file=-", folder / "database.dump"], _env()).stdout
    assert child.cpr_encrypted in sql  # the data is there, encrypted
    for key in (*settings.CPR_ENCRYPTION_KEYS, settings.CPR_HASH_KEY):
        assert key not in sql
        for path in folder.iterdir():
            assert key.encode() not in path.read_bytes(), path.name

    # Without the backup's key, or onto a database that exists: refused, nothing written.
    new_media = tmp_path / "restored-media"
    wrong_key = _run(
        [SCRIPTS / "restore.sh", folder, _url(restored_name), new_media], _env(CPR_ENCRYPTION_KEYS=OTHER_KEY)
    )
    assert wrong_key.returncode != 0
    assert "lacks the key" in wrong_key.stderr and "cannot be read" in wrong_key.stderr
    existing = _run([SCRIPTS / "restore.sh", folder, _url(connection.settings_dict["NAME"]), new_media], _env())
    assert existing.returncode != 0 and "exists; restore into a new one" in existing.stderr
    assert not new_media.exists()

    restore = _run([SCRIPTS / "restore.sh", folder, _url(restored_name), new_media], _env())
    assert restore.returncode == 0, restore.stderr
    assert (new_media / "reports" / "rapport-1.pdf").read_bytes() == b"%PDF-1.7 the report"

    # The restored database as the app sees it: every migration applied, the CPR number readable.
    read_back = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('migrate', check=True, verbosity=0); "
        "from families.models import Child; from families.services import child_cpr_reveal; "
        f"child = Child.objects.get(pk={child.pk}); "
        "print(child_cpr_reveal(acting_user=child.family.municipality.staff.get(username="
        f"{coordinator.username!r}), child=child, purpose='Gendannelsesprøve'))"
    )
    shown = _run([sys.executable, "-c", read_back], _env(DATABASE_URL=_url(restored_name)))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == CPR.replace("-", "")
