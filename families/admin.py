"""Consent texts are data: the administrator adds a new version of a scope's wording. A stored
version is never edited or deleted, because recorded consents point at the words the parent heard."""

from django.contrib import admin

from families.models import ConsentText


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    list_display = ["scope", "version", "valid_from"]
    list_filter = ["scope"]
    fields = ["scope", "version", "valid_from", "text"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
