"""The translations that come with the system are read through once for every municipality: the
administrator marks them here (audited, through the same service as a coordinator's own)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hjemmepaed.errors import DomainError
from surveys.models import QuestionnaireTranslation
from surveys.translation_services import translation_review_mark


@admin.register(QuestionnaireTranslation)
class QuestionnaireTranslationAdmin(admin.ModelAdmin):
    list_display = ["questionnaire", "language", "municipality", "translator", "reviewed_on"]
    list_filter = ["language", ("municipality", admin.EmptyFieldListFilter)]
    fields = ["questionnaire", "language", "municipality", "translator", "reviewed_on", "created_at"]
    readonly_fields = fields
    actions = ["mark_reviewed"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)  # the list and its action only

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Mark as read through"))
    def mark_reviewed(self, request, queryset):
        marked = 0
        for translation in queryset:
            try:
                translation_review_mark(acting_user=request.user, translation=translation)
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
                return
            marked += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d translation is marked as read through.",
                "%(count)d translations are marked as read through.",
                marked,
            )
            % {"count": marked},
            messages.SUCCESS,
        )
