"""The build step (`make build`): collects the static files once, as production serves them.

No secret and no database are needed to build, so this is not the production module (which
refuses to start without its keys); its static-file storage is production's: whitenoise's
hashed names, compressed copies and the manifest that the app servers read from STATIC_ROOT.
"""

from .base import *  # noqa: F403
from .base import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
