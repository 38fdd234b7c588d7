"""A municipality's own additions to the national method list (e.g. Marte Meo, video).

The national methods are `courses.choices.Method`; a local one is data, added by the
municipality's manager. A visit names it in its `methods` list as ``local:<pk>``, so a national
code and a local one never collide, and a renamed or deactivated local method keeps its history.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

LOCAL_PREFIX = "local:"


class LocalMethod(models.Model):
    municipality = models.ForeignKey(
        "organisation.Municipality", on_delete=models.PROTECT, related_name="local_methods"
    )
    label = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["label", "pk"]
        verbose_name = _("local method")
        verbose_name_plural = _("local methods")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "label"], name="local_method_label_once"),
            models.CheckConstraint(condition=~Q(label=""), name="local_method_named"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def code(self) -> str:
        return f"{LOCAL_PREFIX}{self.pk}"
