"""The list of the longest browser tests (tests/ordering.py) names tests that exist: a renamed
file or test would silently fall back to the end of the run."""

from pathlib import Path

from tests.ordering import SLOWEST_FIRST

ROOT = Path(__file__).resolve().parents[1]


def test_every_slowest_first_prefix_names_an_existing_test():
    for prefix in SLOWEST_FIRST:
        path, _, name = prefix.partition("::")
        source = (ROOT / path).read_text()
        assert "pytest.mark.browser" in source, f"{path} is not a browser test module"
        if name:
            assert f"def {name}" in source, prefix
