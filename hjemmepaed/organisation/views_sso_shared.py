"""What the pages of both protocols of single sign-on share: the local session a provider's
login opens, and the Danish refusal page."""

from django.contrib.auth import login as auth_login
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from hjemmepaed.organisation import oidc
from hjemmepaed.organisation.middleware import PASSED_KEY

BACKEND = "hjemmepaed.organisation.backends.StaffBackend"


def session_start(request, *, user, device, provider, logout_origin: str) -> None:
    """The local session of a person the provider logged in, verified by the provider's login."""
    auth_login(request, user, backend=BACKEND)
    # The provider's own multi-factor login is the second factor (docs/security.md).
    otp_login(request, device)
    request.session[PASSED_KEY] = True
    request.session[oidc.SESSION_PROVIDER] = provider.pk
    request.session[oidc.SESSION_LOGOUT_ORIGIN] = logout_origin


def refused(request, message: str, *, status: int):
    return render(request, "registration/sso_refused.html", {"message": message}, status=status)


def unavailable(request, provider):
    message = _("We could not complete the login with %(provider)s. Try again in a moment.")
    return refused(request, message % {"provider": provider.name}, status=502)
