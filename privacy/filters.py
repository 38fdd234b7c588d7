"""The coordinator's search of the audit log (django-filter)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.ui.criteria import filter_criterion
from hjemmepaed.ui.dates import DateField
from privacy.selectors.audit_log import OBJECT_TYPE_LABELS, SUBJECT_KINDS, audit_subject_q


class DateFilter(django_filters.DateFilter):
    """A date of the search as a Danish user types it (hjemmepaed.ui.dates)."""

    field_class = DateField


class AuditEventFilter(django_filters.FilterSet):
    at_from = DateFilter(label=_("From"), field_name="at", lookup_expr="date__gte")
    at_to = DateFilter(label=_("To"), field_name="at", lookup_expr="date__lte")
    actor = django_filters.ModelChoiceFilter(label=_("Staff member"), queryset=None, empty_label=_("All staff"))
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=AuditEvent.Action.choices, empty_label=_("All actions")
    )
    object_type = django_filters.ChoiceFilter(label=_("What"), choices=(), empty_label=_("Everything"))
    subject = django_filters.ChoiceFilter(
        label=_("About child or parent"), choices=(), method="filter_subject", empty_label=_("Anyone")
    )
    criterion = django_filters.CharFilter(label=_("Criterion or purpose contains"), method="filter_criterion")

    class Meta:
        model = AuditEvent
        fields = ["at_from", "at_to", "actor", "action", "object_type", "subject", "criterion"]

    def __init__(self, *args, staff, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["actor"].queryset = staff
        self.filters["object_type"].extra["choices"] = sorted(
            ((key, str(label)) for key, label in OBJECT_TYPE_LABELS.items()), key=lambda choice: choice[1]
        )
        self.filters["subject"].extra["choices"] = subjects
        self.people = {}

    def filter_subject(self, queryset, name, value):
        kind, _sep, pk = value.partition("-")
        person = SUBJECT_KINDS[kind].objects.filter(pk=int(pk)).first()
        if person is None:
            return queryset.none()
        self.people["subject"] = person
        return queryset.filter(audit_subject_q(person))

    def filter_criterion(self, queryset, name, value):
        """What the log shows (the Danish sentence written with the event) or the stored code."""
        return queryset.filter(Q(criterion_text__icontains=value) | Q(criterion__icontains=value))

    def criterion_text(self) -> str:
        """The filters as the audit event's criterion, a Danish sentence; a person picked is named
        by kind and number (the criterion outlives the family's anonymisation)."""
        subject = self.form.data.get("subject") or ""
        kind, _sep, pk = subject.partition("-")
        label = {"child": _("child no. %(pk)s"), "guardian": _("parent no. %(pk)s")}.get(kind, "%(pk)s")
        return filter_criterion(self.form, subject=_("The audit log"), replace={"subject": label % {"pk": pk}})
