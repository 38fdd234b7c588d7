"""The municipality's own words for an end reason in its registration sheets: added, reworded or
pointed at another end reason, and deleted by a coordinator, each audited. An import reads the
words as they are when its dry run is made (and shows it in the dry run's data-quality summary)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from courses.models import EndReason
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User
from sheets.access import end_reason_alias_change_check, sheet_import_check
from sheets.cells import CourseReaders, normalise_text
from sheets.models import EndReasonAlias


def _duplicate() -> DomainError:
    return DomainError(_("Your municipality already reads these words as an end reason."), field="text")


def _words_checked(*, municipality, text: str, end_reason: str, alias: EndReasonAlias | None = None) -> str:
    """The words as the import keys them (one space, casefolded), or a Danish refusal: empty,
    too long, an unknown end reason, one of the app's own labels, or the municipality's already
    (other than `alias`, the one being changed)."""
    key = normalise_text(text) if text and text.strip() else ""
    if not key:
        raise DomainError(_("Write the words the sheet uses."), field="text")
    if len(key) > EndReasonAlias._meta.get_field("text").max_length:
        raise DomainError(_("Write at most 100 characters."), field="text")
    if end_reason not in EndReason.values:
        raise DomainError(_("Choose the end reason the words mean."), field="end_reason")
    if CourseReaders(end_reason_aliases={}).end_reason_labels.find(key) is not None:
        raise DomainError(_("These words are already one of the app's end reasons."), field="text")
    taken = EndReasonAlias.objects.filter(municipality=municipality, text=key)
    if alias is not None:
        taken = taken.exclude(pk=alias.pk)
    if taken.exists():
        raise _duplicate()
    return key


def _audit(*, acting_user: User, alias: EndReasonAlias, action: str, object_id: int) -> None:
    audit_event_record(
        actor=acting_user,
        action=action,
        object_type="end_reason_alias",
        object_id=object_id,
        municipality=alias.municipality,
    )


@transaction.atomic
def end_reason_alias_add(*, acting_user: User, text: str, end_reason: str) -> EndReasonAlias:
    """Read `text` in the municipality's sheets as `end_reason` from now on. Words that are
    already a label of the app, or already the municipality's, are refused."""
    sheet_import_check(acting_user=acting_user)
    key = _words_checked(municipality=acting_user.municipality, text=text, end_reason=end_reason)
    try:
        with transaction.atomic():  # two coordinators adding the same words at once
            alias = EndReasonAlias.objects.create(
                municipality=acting_user.municipality, text=key, end_reason=end_reason, created_by=acting_user
            )
    except IntegrityError as error:
        raise _duplicate() from error
    _audit(acting_user=acting_user, alias=alias, action=Action.CREATE, object_id=alias.pk)
    return alias


@transaction.atomic
def end_reason_alias_update(*, acting_user: User, alias: EndReasonAlias, text: str, end_reason: str) -> EndReasonAlias:
    """Change the words, or the end reason they mean; the same checks as adding them."""
    end_reason_alias_change_check(acting_user=acting_user, alias=alias)
    locked = EndReasonAlias.objects.select_for_update().get(pk=alias.pk)
    key = _words_checked(municipality=locked.municipality, text=text, end_reason=end_reason, alias=locked)
    changed = [name for name, value in (("text", key), ("end_reason", end_reason)) if getattr(locked, name) != value]
    if not changed:
        return locked
    locked.text, locked.end_reason = key, end_reason
    try:
        with transaction.atomic():
            locked.save(update_fields=changed)
    except IntegrityError as error:
        raise _duplicate() from error
    _audit(acting_user=acting_user, alias=locked, action=Action.UPDATE, object_id=locked.pk)
    return locked


@transaction.atomic
def end_reason_alias_delete(*, acting_user: User, alias: EndReasonAlias) -> None:
    """Stop reading the words: a sheet's next dry run keeps them as “Other” with their text.
    Courses already imported keep the end reason they were imported with."""
    end_reason_alias_change_check(acting_user=acting_user, alias=alias)
    pk = alias.pk
    deleted, _kinds = EndReasonAlias.objects.filter(pk=pk).delete()
    if deleted:
        _audit(acting_user=acting_user, alias=alias, action=Action.DELETE, object_id=pk)
