"""Compiled modules kept between runs, also where PYTHONDONTWRITEBYTECODE is set.

With PYTHONDONTWRITEBYTECODE=1 (set on the machines the suite runs on) nothing is cached: each
run's processes (the controller and every xdist worker) compile the project's modules anew and
rewrite the asserts of every test module, about 1,500 modules and 8 s of CPU per process. So the
suite writes its bytecode after all, under `var/pycache/` (ignored by git, `make clean` removes
var/), never beside the sources. A run without that variable writes `__pycache__/` as Python does.

Loaded with `-p` (pytest.ini), before pytest-django sets Django up and imports the apps.
"""

import sys
from pathlib import Path

if sys.dont_write_bytecode:
    sys.pycache_prefix = str(Path(__file__).resolve().parent.parent / "var" / "pycache")
    sys.dont_write_bytecode = False
