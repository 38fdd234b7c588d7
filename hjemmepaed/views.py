"""Error pages in the site's layout and language."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def input_refused(request):
    """What was sent holds a character no field accepts (a NUL); nothing was done with it."""
    return render(request, "400_input.html", status=400)


def server_error(request):
    # A plain context, without the context processors: the error may be the database, and the
    # session and the user are read from it. The site's header shows its signed-out layout.
    return HttpResponseServerError(loader.get_template("500.html").render({}))


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: mostly a page left open past its session."""
    return render(request, "403_csrf.html", status=403)
