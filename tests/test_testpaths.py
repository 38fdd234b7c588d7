"""Every test in the project runs: a top-level directory with tests that pytest.ini's `testpaths`
leaves out is never collected by `make test` or CI (sdq's tests went unrun that way)."""

import os
from pathlib import Path

from django.conf import settings

# Not the project's: installed packages and files the suite or the app write.
NOT_OURS = {"node_modules", "var", "staticfiles", "test-artifacts", "__pycache__"}


def _ours(directory: Path) -> bool:
    return not (directory.name.startswith(".") or directory.name in NOT_OURS or (directory / "pyvenv.cfg").exists())


def directories_with_tests(root: Path) -> set[str]:
    """The top-level directories holding a `test_*.py` inside a `tests` folder at any depth
    (`courses/tests/`, `hjemmepaed/organisation/tests/`), or being `tests/` themselves."""
    found = set()
    for top in sorted(path for path in root.iterdir() if path.is_dir() and _ours(path)):
        for folder, subfolders, files in os.walk(top):
            subfolders[:] = [name for name in subfolders if _ours(Path(folder, name))]
            inside_tests = "tests" in Path(folder).relative_to(root).parts
            if inside_tests and any(name.startswith("test_") and name.endswith(".py") for name in files):
                found.add(top.name)
                break
    return found


def test_every_directory_with_tests_is_in_testpaths(pytestconfig):
    testpaths = set(pytestconfig.getini("testpaths"))
    found = directories_with_tests(Path(settings.BASE_DIR))
    assert {"hjemmepaed", "courses", "sdq", "tests"} <= found  # the search works
    assert found - testpaths == set(), "add these to testpaths in pytest.ini"


def test_the_search_finds_a_new_app_and_ignores_what_is_not_ours(tmp_path):
    for path in (
        "privacy/tests/test_retention.py",
        "sheets/tests/services/test_import.py",
        "tests/browser/test_walk.py",
        "demo/management/commands/seed.py",  # no tests
        "demo/tests/factories.py",  # no test module
        "node_modules/pkg/tests/test_x.py",
        ".git/tests/test_x.py",
        "venv/lib/python3.11/site-packages/pkg/tests/test_x.py",
        "venv/pyvenv.cfg",
    ):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).touch()
    assert directories_with_tests(tmp_path) == {"privacy", "sheets", "tests"}
