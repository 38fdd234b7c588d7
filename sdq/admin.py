"""Norm sets are data: the administrator adds Danish (or other) norm sets with their cut-offs."""

from django.contrib import admin

from sdq.models import NormCutoff, NormSet


class NormCutoffInline(admin.TabularInline):
    model = NormCutoff
    extra = 0
    fields = ["informant", "version", "sex", "age_from_months", "age_to_months", "scale", "band", "lowest", "highest"]


@admin.register(NormSet)
class NormSetAdmin(admin.ModelAdmin):
    list_display = ["name", "is_default"]
    fields = ["name", "source", "is_default"]
    inlines = [NormCutoffInline]
