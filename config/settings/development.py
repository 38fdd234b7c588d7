"""`make run`: the embedded defaults on a developer's or evaluator's machine."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
