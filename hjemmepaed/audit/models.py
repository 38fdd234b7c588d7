"""The audit log: who saw or changed which personal data, when and why.

Append-only. The application has no code path that edits or deletes an event: the queryset
and the model refuse it, and the database refuses it too (triggers created in the migration).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEventImmutable(Exception):
    """Raised when code tries to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditEventImmutable("Audit events cannot be changed.")

    def delete(self):
        raise AuditEventImmutable("Audit events cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditEventImmutable("Audit events cannot be changed.")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("View")
        SEARCH = "search", _("Search")
        CREATE = "create", _("Create")
        UPDATE = "update", _("Update")
        DELETE = "delete", _("Delete")
        EXPORT = "export", _("Export")
        DOWNLOAD = "download", _("Download")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
        help_text=_("Empty when a citizen acted, e.g. a parent answering a questionnaire."),
    )
    # The username at the time: the event stays readable if the account is renamed.
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    municipality = models.ForeignKey(
        "organisation.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    subject_type = models.CharField(
        _("subject type"),
        max_length=100,
        blank=True,
        help_text=_("The kind of person the data is about, e.g. child or guardian."),
    )
    subject_id = models.CharField(_("subject id"), max_length=64, blank=True)
    criterion = models.TextField(
        _("criterion or purpose"),
        blank=True,
        help_text=_("The search criterion, or why the data was looked at."),
    )
    # The criterion as the audit log shows it, a Danish sentence, written with the event so the log's
    # search finds what a coordinator reads ("samtykke") and not only the stored code ("consent").
    # Empty when the sentence is the criterion itself (a list's filters, a typed purpose).
    criterion_text = models.TextField(_("criterion as shown, for search"), blank=True, editable=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="audit_subject_idx"),
            models.Index(fields=["municipality", "at"], name="audit_municipality_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=["view", "search", "create", "update", "delete", "export", "download"]),
                name="audit_action_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditEventImmutable("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditEventImmutable("Audit events cannot be deleted.")
