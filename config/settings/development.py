"""`make run`: the embedded defaults on a developer's or evaluator's machine."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)

# Links in letters, e-mails and parents' QR codes follow the address the app runs on: `make run`
# passes its HOST and PORT (`make run PORT=8123`); SITE_URL, when set, wins.
SITE_URL = env("SITE_URL", default=f"http://{env('HOST', default='127.0.0.1')}:{env('PORT', default='8000')}")
