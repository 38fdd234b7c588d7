"""The one-time form key: a form that creates a row is sent once.

The form carries a random key (uuid4) in a hidden field, made when the form is first shown and
kept when it is shown again with errors, or when the back button brings a sent form again
unchanged (`static/js/submit-once.js` then sends the key it was sent with). The service stores the key
with the row it creates, under a unique constraint on the row's table. Sent again (a resend,
the back button, a second tap, a queued offline post), the service finds the row with that key
and returns it without writing or auditing anything; two posts at the same moment store one
row, as the loser's insert fails on the constraint inside a savepoint and it returns the
winner's row.

Keys are unique per table, not per user: a key is one submission. A key that comes back from
another user than the one who created the row (or for another course) is refused with a
Danish message, never answered with someone else's row.
"""

import functools
import uuid
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hjemmepaed.errors import DomainError

# The canonical text of a UUID (8-4-4-4-12); a longer value is refused before it is parsed.
FORM_KEY_MAX_LENGTH = 36
FORM_KEY_FIELD = "form_key"

_REPEAT_MARK = "_form_key_repeat"

RowT = TypeVar("RowT", bound=Model)


class FormKeyField(forms.Field):
    """A hidden UUID. Not required: a post without a key (a script, a page from before the
    key) is saved as before, without the check."""

    widget = forms.HiddenInput
    default_error_messages = {
        "invalid": gettext_lazy(
            "The form could not be sent as it was. Check what you have filled in and send it again."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value) -> uuid.UUID | None:
        if isinstance(value, uuid.UUID):
            return value
        value = (value or "").strip()
        if not value:
            return None
        if len(value) > FORM_KEY_MAX_LENGTH:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return uuid.UUID(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class FormKeyForm(forms.Form):
    """Mix into a form whose service creates a row; `form_key` comes with its cleaned data."""

    form_key = FormKeyField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FORM_KEY_FIELD].initial = uuid.uuid4()

    def full_clean(self) -> None:
        super().full_clean()
        if self._errors is None or FORM_KEY_FIELD not in self._errors:
            return
        # A hidden field's error would be invisible: say it at the top, and give the form
        # shown again a fresh key, so sending it after a look goes through.
        message = self._errors.pop(FORM_KEY_FIELD)
        self.add_error(None, message)
        data = self.data.copy()
        data[self.add_prefix(FORM_KEY_FIELD)] = str(uuid.uuid4())
        self.data = data


def form_key_first(*, model: type[RowT], form_key: uuid.UUID | None, acting_user, owner: str, **scope) -> RowT | None:
    """The row created before with this key, or None. `owner` names the field of the row's
    creating user; `scope` (e.g. `course_id=7`) what the row must belong to."""
    if form_key is None:
        return None
    row = model._default_manager.filter(**{FORM_KEY_FIELD: form_key}).first()
    if row is None:
        return None
    if getattr(row, f"{owner}_id") != acting_user.pk or any(getattr(row, k) != v for k, v in scope.items()):
        raise DomainError(
            _("This form has already been sent by someone else. Open the form again and fill it in anew."),
            code="form_key_taken",
        )
    return row


def form_key_once(
    model: type[Model],
    *,
    owner: str,
    scope: tuple[str, ...] = (),
    result: Callable[[Model], Model] = lambda row: row,
    savepoint: bool = True,
):
    """Make a creating service idempotent by its `form_key` argument. The service stores the key
    on its `model` row; `owner` is the row's field for the creating user (the `acting_user`),
    `scope` names arguments the row must belong to (`("course",)`: the row's course is the
    `course` argument), `result` turns the row into what the service returns.

    Sent again with the key, the service returns the first result without running: no checks,
    no writes, no audit event. The service runs in a savepoint (a transaction of its own when
    the caller has none), so when a concurrent post with the same key wins the race (the
    loser's insert breaks the unique constraint), everything the loser did is rolled back and
    the winner's result is returned. `savepoint=False` for a service that makes its own atomic
    block around its writes and must keep what it did before them (the referral's audited
    look-up of a CPR number stays when the registration is refused)."""

    def decorate(service):
        def find(kwargs) -> Model | None:
            row = form_key_first(
                model=model,
                form_key=kwargs["form_key"],
                acting_user=kwargs["acting_user"],
                owner=owner,
                **{f"{name}_id": kwargs[name].pk for name in scope},
            )
            return None if row is None else form_key_repeat(result(row))

        @functools.wraps(service)
        def once(**kwargs):
            if kwargs.get("form_key") is None:
                return service(**kwargs)
            if (first := find(kwargs)) is not None:
                return first
            try:
                if not savepoint:
                    return service(**kwargs)
                with transaction.atomic():
                    return service(**kwargs)
            except IntegrityError:
                if (first := find(kwargs)) is None:  # another constraint broke
                    raise
                return first

        return once

    return decorate


def form_key_repeat(row: RowT) -> RowT:
    """Mark what a service returns for a repeated form key, for the view's message."""
    setattr(row, _REPEAT_MARK, True)
    return row


def form_key_repeated(row) -> bool:
    """Whether the service returned the result of an earlier post with the same key."""
    return getattr(row, _REPEAT_MARK, False)
