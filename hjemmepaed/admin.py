"""The Django admin, for administrators only."""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class HjemmepaedAdminSite(AdminSite):
    site_header = _("hjemmepaed administration")
    site_title = _("hjemmepaed administration")
    index_title = _("Administration")

    def has_permission(self, request):
        user = request.user
        return (
            user.is_active
            and user.is_staff
            and getattr(user, "role", None) == "administrator"
        )


class HjemmepaedAdminConfig(AdminConfig):
    default_site = "hjemmepaed.admin.HjemmepaedAdminSite"
