"""The one-click demo login: a page of the demo users, a button each (development only)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from demo import selectors, services
from hjemmepaed.access import public
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.backends import StaffBackend
from hjemmepaed.organisation.middleware import PASSED_KEY


@public
@never_cache
@require_http_methods(["GET", "POST"])
def demo_login(request):
    if not settings.DEMO_DATA_ALLOWED:
        raise Http404
    if request.method == "POST":
        user = selectors.demo_user_get_or_404(username=request.POST.get("username", ""))
        try:
            device = services.demo_login(acting_user=user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("demo_login")
        # A new session (login() cycles its key), verified with the user's own app.
        # The backend the session names must be one of AUTHENTICATION_BACKENDS, or the next
        # request finds no user: the staff backend, which reads her roles with her.
        login(request, user, backend=f"{StaffBackend.__module__}.{StaffBackend.__qualname__}")
        otp_login(request, device)
        request.session[PASSED_KEY] = True
        return redirect("home")
    return render(request, "demo/login.html", {"demo_users": selectors.demo_user_list()})
