"""Error pages in the site's layout and language."""

from django.shortcuts import render


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def input_refused(request):
    """What was sent holds a character no field accepts (a NUL); nothing was done with it."""
    return render(request, "400_input.html", status=400)


def server_error(request):
    # No context processors that touch the database: the error may be the database.
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: mostly a page left open past its session."""
    return render(request, "403_csrf.html", status=403)
