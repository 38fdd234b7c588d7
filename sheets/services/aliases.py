"""The municipality's own words for an end reason in its registration sheets."""

from django.db import transaction
from django.utils.translation import gettext as _

from courses.models import EndReason
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User
from sheets.access import sheet_import_check
from sheets.cells import CourseReaders, normalise_text
from sheets.models import EndReasonAlias


@transaction.atomic
def end_reason_alias_add(*, acting_user: User, text: str, end_reason: str) -> EndReasonAlias:
    """Read `text` in the municipality's sheets as `end_reason` from now on. Words that are
    already a label of the app, or already the municipality's, are refused."""
    sheet_import_check(acting_user=acting_user)
    key = normalise_text(text) if text and text.strip() else ""
    if not key:
        raise DomainError(_("Write the words the sheet uses."), field="text")
    if len(key) > EndReasonAlias._meta.get_field("text").max_length:
        raise DomainError(_("Write at most 100 characters."), field="text")
    if end_reason not in EndReason.values:
        raise DomainError(_("Choose the end reason the words mean."), field="end_reason")
    if CourseReaders(end_reason_aliases={}).end_reason_labels.find(key) is not None:
        raise DomainError(_("These words are already one of the app's end reasons."), field="text")
    if EndReasonAlias.objects.filter(municipality=acting_user.municipality, text=key).exists():
        raise DomainError(_("Your municipality already reads these words as an end reason."), field="text")
    alias = EndReasonAlias.objects.create(
        municipality=acting_user.municipality, text=key, end_reason=end_reason, created_by=acting_user
    )
    audit_event_record(
        actor=acting_user,
        action=Action.CREATE,
        object_type="end_reason_alias",
        object_id=alias.pk,
        municipality=acting_user.municipality,
    )
    return alias
