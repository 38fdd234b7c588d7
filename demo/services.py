"""Writes of the demo: the one-click login (development only, where DEMO_DATA_ALLOWED is on)."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.organisation import demo_usernames
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User


@transaction.atomic
def demo_login(
    *,
    acting_user: User,
) -> TOTPDevice:
    """The demo user's authenticator app, to mark the session verified with: the one-click login
    skips the password and the code, so it is refused anywhere but a demo, and audited as such."""
    if not settings.DEMO_DATA_ALLOWED:
        raise DomainError(_("Demo logins are switched off here."))
    if acting_user.username not in demo_usernames() or not acting_user.is_active:
        raise DomainError(_("Only the demo users can log in with one click."))
    device = TOTPDevice.objects.filter(user=acting_user, confirmed=True).order_by("pk").first()
    if device is None:
        raise DomainError(_("The demo user has no authenticator app yet. Run “make run” again."))
    audit_event_record(
        actor=acting_user,
        action=Action.CREATE,
        object_type="demo_login",
        object_id=acting_user.pk,
        criterion="demo login: one click, no password or code",
    )
    return device
