from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hjemmepaed.audit.criteria import event_criterion_text
from hjemmepaed.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log can be searched, never edited or pruned by hand."""

    list_display = ["at", "actor_username", "municipality", "action", "object_type", "object_id"]
    list_filter = ["action", "municipality"]
    search_fields = ["actor_username", "object_type", "object_id", "subject_id"]
    date_hierarchy = "at"
    list_select_related = ["municipality"]
    readonly_fields = ["criterion_as_shown"]

    @admin.display(description=_("criterion as shown"))
    def criterion_as_shown(self, event: AuditEvent) -> str:
        """The stored criterion as the audit log reads it, a Danish sentence."""
        return event_criterion_text(event)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
