"""Staff sessions end after 30 minutes idle and after 12 hours in all.

Django's session cookie age gives one of the two limits; this middleware enforces both on the
server side, so a copied cookie is no good either. Written by hand because the two limits
together are a few lines and the libraries that offer them are unmaintained.
"""

from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

STARTED_KEY = "hjemmepaed_session_started"
LAST_SEEN_KEY = "hjemmepaed_last_seen"


def _read(session, key) -> datetime | None:
    value = session.get(key)
    return datetime.fromisoformat(value) if value else None


class SessionLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now()
            started = _read(request.session, STARTED_KEY)
            last_seen = _read(request.session, LAST_SEEN_KEY)
            if started is None or last_seen is None:
                request.session[STARTED_KEY] = now.isoformat()
            elif now - last_seen > settings.SESSION_IDLE_TIMEOUT or now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                messages.info(
                    request,
                    _("You have been logged out because your session expired. Please log in again."),
                )
                return redirect(settings.LOGIN_URL)
            request.session[LAST_SEEN_KEY] = now.isoformat()
        return self.get_response(request)
