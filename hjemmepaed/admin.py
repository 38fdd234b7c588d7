"""The Django admin, for administrators only, in a session verified with the second factor."""

import axes.apps
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from hjemmepaed.ratelimits import login_limited, too_many_attempts


class HjemmepaedAdminSite(AdminSite):
    site_header = _("hjemmepaed administration")
    site_title = _("hjemmepaed administration")
    index_title = _("Administration")

    def has_permission(self, request):
        user = request.user
        is_verified = getattr(user, "is_verified", None)
        return (
            user.is_active
            and user.is_staff
            and getattr(user, "role", None) == "administrator"
            and bool(is_verified and is_verified())
        )

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        """Behind the staff login's limits, counted together: a post over one is never checked."""
        if login_limited(request):
            return too_many_attempts(request)
        return super().login(request, extra_context)


class HjemmepaedAdminConfig(AdminConfig):
    default_site = "hjemmepaed.admin.HjemmepaedAdminSite"

    def ready(self):
        super().ready()
        from django.contrib import admin
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # django-otp's device admins show a user's secret key and let devices be added or
        # removed unaudited. A second factor is reset, audited, from the staff page instead.
        for model in (TOTPDevice, StaticDevice):
            if admin.site.is_registered(model):
                admin.site.unregister(model)


class AxesConfig(axes.apps.AppConfig):
    """django-axes with a Danish name in the administration (its own has none: "AXES")."""

    verbose_name = _("Login lockout")
