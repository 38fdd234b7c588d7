"""The educator's calendar link: made (a present one stops working) and revoked, each audited.

The token is shown once, when it is made; only its SHA-256 is stored (`courses/calendar.py`).
"""

from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.calendar import token_hash, token_new
from courses.models import CalendarFeed
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.formkeys import form_key_once
from hjemmepaed.organisation.models import User


def _educator_check(acting_user: User) -> None:
    if not acting_user.is_home_educator or not acting_user.is_active:
        raise DomainError(_("Only a home educator has a calendar of her planned visits."))


def _revoke_active(acting_user: User, now) -> int:
    return CalendarFeed.objects.filter(user=acting_user, revoked_at__isnull=True).update(revoked_at=now)


@form_key_once(CalendarFeed, owner="user")
@transaction.atomic
def calendar_feed_create(*, acting_user: User, form_key: UUID | None = None) -> CalendarFeed:
    """A new secret calendar address for the educator; the result's `token` is its only copy."""
    _educator_check(acting_user)
    now = timezone.now()
    _revoke_active(acting_user, now)
    token = token_new()
    feed = CalendarFeed.objects.create(
        user=acting_user, token_hash=token_hash(token), created_at=now, form_key=form_key
    )
    audit_event_record(actor=acting_user, action=Action.CREATE, object_type="calendar_feed", object_id=feed.pk)
    feed.token = token
    return feed


@transaction.atomic
def calendar_feed_revoke(*, acting_user: User) -> int:
    """Stop the educator's calendar address; it answers 404 from now on."""
    _educator_check(acting_user)
    revoked = _revoke_active(acting_user, timezone.now())
    if not revoked:
        raise DomainError(_("You have no calendar link to stop."))
    audit_event_record(actor=acting_user, action=Action.DELETE, object_type="calendar_feed")
    return revoked
