"""Logging visits without a connection: the web app's manifest, its service worker and what
every page tells `static/js/offline.js` (docs/security.md, "A lost phone").

The service worker is a small one of our own (`templates/offline/sw.js`), not Workbox: it
caches the app shell and the pages `courses.views_offline.offline_pages` lists, and nothing
else, which is some 100 lines; Workbox is not installed and would be a build step and a
dependency for that. It is served from the site's root, not from /static/, because a worker's
scope is the folder it is served from and it must answer for /forloeb/.

Only a home educator of a municipality that allows offline use gets it registered; every other
page (another role, the login page after a logout or an expired session, a municipality that
switched it off) unregisters it and deletes its caches and the queue of typed visits.
"""

import hashlib
import json
from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from hjemmepaed.access import public
from hjemmepaed.organisation.models import Role

# The app shell: what every page loads. The worker also keeps any other static file a page
# loads while online (an icon of the design system), so this list need not name them all.
SHELL = (
    "dkfds/css/dkfds.min.css",
    "dkfds/js/dkfds.min.js",
    "dkfds/img/all-svg-icons.svg",
    *(
        f"dkfds/fonts/IBMPlexSans/complete/woff2/IBMPlexSans-{weight}.woff2"
        for weight in ("Regular", "Italic", "Medium", "SemiBold", "Bold")
    ),
    "css/hjemmepaed.css",
    "js/hjemmepaed.js",
    "js/submit-once.js",
    "js/offline.js",
    "img/favicon.svg",
    "img/logo.svg",
    "img/icon-192.png",
    "img/icon-512.png",
)


def offline_allowed(user) -> bool:
    """Whether this user's browser keeps the visit form and the queue (a home educator whose
    municipality allows it)."""
    is_verified = getattr(user, "is_verified", None)  # the second factor passed
    return (
        user.is_authenticated
        and user.is_active
        and bool(is_verified and is_verified())
        and user.holds(Role.HOME_EDUCATOR)
        and user.municipality_id is not None
        and user.municipality.offline_use
    )


def _texts() -> dict:
    """What offline.js says, translated here so the .po file has it; `{n}` is a count, `{date}`
    a date and `{course}` the course's number."""
    return {
        "waitingOne": ngettext("%(n)s visit is waiting to be sent.", "%(n)s visits are waiting to be sent.", 1)
        % {"n": "{n}"},
        "waitingMany": ngettext("%(n)s visit is waiting to be sent.", "%(n)s visits are waiting to be sent.", 2)
        % {"n": "{n}"},
        "queued": _("The visit is kept on this phone and will be sent when there is a connection again."),
        "sent": _("The visits kept on this phone have been sent."),
        "conflict": _("The visit on %(date)s (course no. %(course)s) was not saved:")
        % {"date": "{date}", "course": "{course}"},
        "typed": _("What you typed"),
        "fix": _("Fix the visit"),
        "discard": _("Discard the visit"),
        "discardConfirm": _("Discard the visit? What you typed is deleted from this phone."),
        "gone": _("The course is no longer among your courses."),
        "refused": _("The visit could not be sent. Open the form and send it again."),
        "loggedOut": _("You have been logged out. Log in again to send the visits."),
        "logoutConfirm": _(
            "Visits not yet sent: {n}. If you log out, they are deleted from this phone. Log out anyway?"
        ),
        "expiryWarning": _(
            "You will be logged out in 5 minutes unless you use the page. Visits not yet sent ({n}) are "
            "then deleted from this phone: connect and send them first."
        ),
        "wiped": _("Visits not sent ({n}) were deleted from this phone because you were logged out."),
        "fixing": _("You are fixing a visit that was not saved. What you typed is filled in."),
        # The visit form's free-text fields, shown with a refused visit (courses.forms.VisitForm).
        "labels": {
            "participants": _("Participants"),
            "methods_other": _("Other methods"),
            "note": _("Note"),
            "next_steps": _("Next steps"),
        },
    }


def offline(request) -> dict:
    """The context processor: whether the page registers the worker, and offline.js' texts."""
    user = getattr(request, "user", None)
    allowed = bool(user is not None and offline_allowed(user))
    return {
        "offline_allowed": allowed,
        "offline_texts": _texts(),
        "session_idle_seconds": int(settings.SESSION_IDLE_TIMEOUT.total_seconds()),
    }


@public
def manifest(request):
    """The web app manifest: the name on the phone's home screen, the icons, Mine forløb as start."""
    data = {
        "name": _("Home-based pedagogical courses"),
        "short_name": _("Home visits"),
        "lang": "da",
        "start_url": reverse("my_courses"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#003b89",
        "icons": [
            {"src": static(f"img/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
            for size in (192, 512)
        ],
    }
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json")


@public
@never_cache
def service_worker(request):
    """The worker, from the root so its scope is the whole site. Its cache's name changes with
    the shell's files (their hashed names in production) and with the worker's own text, so a
    deploy replaces the old cache."""
    shell = [static(path) for path in SHELL]
    context = {
        "shell": json.dumps(shell),
        "offline_page": json.dumps(reverse("offline_courses")),
        "pages_list": json.dumps(reverse("offline_pages")),
        "max_age_ms": json.dumps(int(settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds() * 1000)),
    }
    body = render_to_string("offline/sw.js", {**context, "version": ""})
    version = hashlib.sha256(body.encode()).hexdigest()[:12]
    body = render_to_string("offline/sw.js", {**context, "version": version})
    response = HttpResponse(body, content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response


def clear_site_data(view):
    """Logging out tells the browser to delete this site's storage (the worker, its caches and
    the queue in IndexedDB) even where offline.js did not run; offline.js warns first about
    visits not sent."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "POST":
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response

    return wrapped
