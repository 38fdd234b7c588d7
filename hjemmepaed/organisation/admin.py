from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from hjemmepaed.organisation.models import (
    Daycare,
    IdentityProvider,
    IdentityProviderRole,
    Municipality,
    StaffRole,
    User,
)
from hjemmepaed.organisation.services import staff_admin_changes_record


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
    fieldsets = UserAdmin.fieldsets + (
        (_("Role"), {"fields": ("role", "municipality", "profession", "anchoring", "daycare")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        (_("Role"), {"fields": ("role", "municipality", "profession", "anchoring", "daycare")}),
    )

    # Every saved change to an account is an audit event, as on the staff pages: the admin's
    # form writes the user and its extra roles, then the service records what changed.
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        fields = list(form.changed_data)
        if any(formset.has_changed() for formset in formsets):
            fields.append("roles")
        before = form.initial if change else {}
        municipality_before = before.get("municipality")
        staff_admin_changes_record(
            acting_user=request.user,
            person=form.instance,
            fields=fields,
            created=not change,
            role_before=before.get("role", ""),
            municipality_before=Municipality.objects.filter(pk=municipality_before).first()
            if municipality_before
            else None,
        )

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                staff_admin_changes_record(
                    acting_user=request.user, person=self.get_object(request, id), fields=["password"]
                )
        return response

    def delete_model(self, request, obj):
        staff_admin_changes_record(acting_user=request.user, person=obj, fields=["deleted"])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for person in queryset:
            staff_admin_changes_record(acting_user=request.user, person=person, fields=["deleted"])
        super().delete_queryset(request, queryset)


class IdentityProviderRoleInline(admin.TabularInline):
    """Which value of the provider's roles claim gives which role."""

    model = IdentityProviderRole
    extra = 1


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    """A municipality's single sign-on. The secret itself is set on the server, in the
    environment variable the row names."""

    inlines = [IdentityProviderRoleInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "municipality", "protocol", "is_active"]
    list_select_related = ["municipality"]
    fieldsets = [
        (None, {"fields": ["municipality", "name", "protocol", "is_active"]}),
        (_("OpenID Connect"), {"fields": ["issuer", "client_id", "client_secret_variable", "scopes"]}),
        (
            _("SAML 2.0"),
            {"fields": ["saml_entity_id", "saml_metadata_url", "saml_metadata_xml", "saml_privilege_scope"]},
        ),
        (
            _("The person and her roles"),
            {
                "fields": [
                    "username_claim",
                    "roles_claim",
                    "accepted_acr_values",
                    "required_amr_values",
                    "new_educator_profession",
                    "new_educator_anchoring",
                ]
            },
        ),
    ]
