"""An audit event's criterion as the Danish sentence the audit log, its spot-check sample, the
access request's PDF and a family's request of access show ("Forløbet er flyttet fra fasen
“Henvist” til “Godkendt”.").

Services store the criterion as a short code ("phase referred -> decided", "consent
share_with_daycare v2 given 2026-03-01", a list of changed field names): stable, searchable and
the same in every language. This package is the one place that turns it into text when it is
shown, so events recorded years ago read as Danish too, and so do the codes of earlier versions
("no filters", "phase=started"). The patterns are a table, one module per part of the domain: a
regular expression over the stored text, the kinds of object it is written for, and how it
reads. A field name reads as the field's own Danish name (its `verbose_name`), a phase or another
choice as its label. A criterion written as a Danish sentence already (a list's filters, a
search, a typed purpose) matches no pattern and is shown as stored.
"""

from django.conf import settings
from django.utils import translation

from hjemmepaed.audit.criteria import courses, families, organisation, others

PATTERNS = (*courses.PATTERNS, *families.PATTERNS, *organisation.PATTERNS, *others.PATTERNS)


def criterion_text(*, object_type: str, criterion: str) -> str:
    """The criterion as it reads; empty stays empty."""
    criterion = criterion.strip()
    if not criterion:
        return ""
    for entry in PATTERNS:
        sentence = entry.sentence(object_type=object_type, criterion=criterion)
        if sentence is not None:
            return sentence
    return criterion


def event_criterion_text(event) -> str:
    return criterion_text(object_type=event.object_type, criterion=event.criterion)


def criterion_search_text(*, object_type: str, criterion: str) -> str:
    """The criterion as the audit log shows it, in the product's language, stored with the event
    for the log's search; empty when it reads as stored (the search reads the stored text too)."""
    with translation.override(settings.LANGUAGE_CODE):
        text = criterion_text(object_type=object_type, criterion=criterion)
    return "" if text == criterion.strip() else text
