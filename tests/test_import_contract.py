"""The import contract (pyproject.toml, checked by `lint-imports` in CI) covers every package of
the project: a package left out of `root_packages` is not in import-linter's graph, and its
layer, written optional as `(sheets)` until it exists, would then be passed over in silence."""

import tomllib
from pathlib import Path

from django.conf import settings

# The suite's own top-level package (browser tests), not an app of the stack.
NOT_LAYERED = {"tests"}


def _contract() -> dict:
    return tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())["tool"]["importlinter"]


def _project_packages() -> set[str]:
    root = Path(settings.BASE_DIR)
    return {path.parent.name for path in root.glob("*/__init__.py")} - NOT_LAYERED


def _layered(contract: dict) -> set[str]:
    [layers] = [c["layers"] for c in contract["contracts"] if c["type"] == "layers"]
    return {name.strip().strip("()") for layer in layers for name in layer.split("|")}


def test_every_package_of_the_project_is_in_the_contract():
    contract = _contract()
    packages = _project_packages()
    assert {"config", "hjemmepaed", "courses", "sdq"} <= packages  # the search works
    assert packages - set(contract["root_packages"]) == set(), "add these to root_packages in pyproject.toml"
    assert packages - _layered(contract) == set(), "give these a layer in pyproject.toml"
