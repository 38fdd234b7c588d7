"""Responses that may carry personal data are never stored by a browser or a proxy; the
product's own error pages in every mode."""

import logging

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control

from hjemmepaed.views import input_refused, page_not_found, server_error

logger = logging.getLogger("django.request")


class PrivateCacheMiddleware:
    """`Cache-Control: no-store, private` on every response to a signed-in staff user.

    Static files (the same for everyone) are left alone; whitenoise serves them before this in
    production anyway. The parent's questionnaire pages set the same header themselves
    (`surveys.views._private`), as the parent is not signed in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(settings.STATIC_URL):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


NUL = "\x00"


# Bodies that are text and not a form: read whole for a NUL, raw or as JSON's escape of it.
TEXT_BODIES = ("application/json", "text/plain")


def _carries_nul(request) -> bool:
    if NUL in request.path_info:
        return True
    # A cookie is read back into a query too (the session's key): a NUL there would reach it.
    if any(NUL in name or NUL in value for name, value in request.COOKIES.items()):
        return True
    for query in (request.GET, request.POST) if request.method == "POST" else (request.GET,):
        for name, values in query.lists():
            if NUL in name or any(NUL in value for value in values if isinstance(value, str)):
                return True
    if request.method in ("POST", "PUT", "PATCH") and request.content_type in TEXT_BODIES:
        body = request.body
        return b"\x00" in body or b"\\u0000" in body.lower()
    return False


class RefuseNulMiddleware:
    """A NUL character anywhere in the address, the query, a cookie, a posted field (a token, an
    answer, a name) or a JSON or text body is refused with the Danish 400 page before any view sees it: PostgreSQL
    cannot store or compare it and would answer HTTP 500. Uploaded files are left alone (a
    spreadsheet is binary). It sits after the CSP middleware, so its page gets the policy too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _carries_nul(request):
            return input_refused(request)
        return self.get_response(request)


class ProductErrorPagesMiddleware:
    """The product's own 404 and 500 pages with DEBUG on too (`make run`), where Django would show
    its debug pages: in English, with the project's whole URL list or a traceback. The traceback
    still goes to the console (the `django.request` logger). `DEBUG_TECHNICAL_ERROR_PAGES=true`
    brings Django's debug pages back. With DEBUG off Django already calls the handlers in
    config/urls.py, so this does nothing there.

    It sits after the CSP middleware, so the pages it answers get the policy too, and after
    CommonMiddleware's APPEND_SLASH redirect, which still sees the 404.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def _active() -> bool:
        return settings.DEBUG and not settings.DEBUG_TECHNICAL_ERROR_PAGES

    def __call__(self, request):
        if self._active():
            try:
                resolve(request.path_info, urlconf=getattr(request, "urlconf", None))
            except Resolver404:
                return page_not_found(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not self._active():
            return None
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, (PermissionDenied, SuspiciousOperation, BadRequest)):
            return None  # Django answers these with the product's 403 and 400 even with DEBUG on
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return server_error(request)
