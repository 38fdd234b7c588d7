"""A settings module as a server started with a given environment reads it, evaluated in the
test process: base.py and the module run afresh under that environment (a second of Django's
start-up less than a subprocess each), without setting Django up, and the test run's own
settings stay as they are. A refusal to start is the exception the module raises."""

import os
import runpy
import sys
from unittest import mock

BASE = "config.settings.base"


def settings_evaluated(module: str, environ: dict[str, str]) -> dict:
    """The names `module` (e.g. "config.settings.production") defines when `environ` is the
    whole environment."""
    package = sys.modules["config.settings"]
    names = (BASE, module)
    attributes = [name.rsplit(".", 1)[1] for name in names]
    saved_modules = {name: sys.modules.pop(name) for name in names if name in sys.modules}
    saved_attributes = {name: getattr(package, name) for name in attributes if hasattr(package, name)}
    try:
        with mock.patch.dict(os.environ, environ, clear=True):
            return runpy.run_module(module, run_name=module)
    finally:
        for name in names:
            sys.modules.pop(name, None)
        sys.modules.update(saved_modules)
        for name in attributes:
            if name in saved_attributes:
                setattr(package, name, saved_attributes[name])
            elif hasattr(package, name):
                delattr(package, name)
