from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from hjemmepaed.organisation.models import Daycare, Municipality, StaffRole, User


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "authority_name", "code"]
    search_fields = ["name", "code"]


@admin.register(Daycare)
class DaycareAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "is_active"]
    list_filter = ["municipality", "kind", "is_active"]
    search_fields = ["name"]
    list_select_related = ["municipality"]


class StaffRoleInline(admin.TabularInline):
    """The municipal roles a person holds besides her primary one."""

    model = StaffRole
    extra = 0


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [StaffRoleInline]
    list_display = ["username", "first_name", "last_name", "role", "municipality", "is_active"]
    list_filter = ["role", "municipality", "is_active"]
    list_select_related = ["municipality"]
    fieldsets = UserAdmin.fieldsets + ((_("Role"), {"fields": ("role", "municipality", "profession", "anchoring")}),)
    add_fieldsets = UserAdmin.add_fieldsets + (
        (_("Role"), {"fields": ("role", "municipality", "profession", "anchoring")}),
    )
