"""Responses that may carry personal data are never stored by a browser or a proxy."""

from django.conf import settings
from django.utils.cache import patch_cache_control


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
