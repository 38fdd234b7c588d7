"""Declaring who may open a view.

Every view of the project is either `public` (no login: the login page, a parent's
questionnaire) or `roles_required(...)` (logged-in staff with one of the named roles).
`hjemmepaed/tests/test_url_protection.py` walks every URL pattern and fails on a view that
declares neither, so no view can ship unprotected.

This decides which *pages* a role may open. Which *objects* a user may see is decided by each
entity's gate in its app's selectors (`*_visible_to`, `*_get_for_user_or_404`): another
municipality's object answers 404, exactly like a missing one.
"""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied

PUBLIC = "public"
PROTECTED = "protected"


def public(view):
    """A view anyone may open without logging in."""
    view = login_not_required(view)
    view.access = PUBLIC
    view.roles = ()
    return view


def roles_required(*roles):
    """A view only logged-in staff holding one of `roles` (primary or extra) may open; others get 403."""
    if not roles:
        raise ValueError("roles_required needs at least one role")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                # LoginRequiredMiddleware sends anonymous users to login before this.
                raise PermissionDenied
            if not user.holds(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.access = PROTECTED
        wrapped.roles = tuple(roles)
        return wrapped

    return decorator
