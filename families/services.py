"""Writes and deliberate reads of family data that need their own audit trail."""

from django.db import transaction
from django.utils.translation import gettext as _

from families.models import Child
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.cpr import cpr_decrypt, cpr_rotate
from hjemmepaed.errors import DomainError


def child_cpr_reveal(*, acting_user, child: Child, purpose: str, request=None) -> str:
    """The full CPR number, for a stated purpose. Every reveal is an audit event."""
    if not child.cpr_encrypted:
        raise DomainError(_("No CPR number is recorded for this child."))
    if not purpose.strip():
        raise DomainError(_("Write why you need to see the full CPR number."), field="purpose")
    audit_event_record(
        actor=acting_user,
        action=Action.VIEW,
        object_type="child_cpr",
        object_id=child.pk,
        subject=child,
        municipality=child.family.municipality,
        criterion=purpose.strip(),
        request=request,
    )
    return cpr_decrypt(child.cpr_encrypted)


@transaction.atomic
def cpr_keys_rotate(batch_size: int = 500) -> int:
    """Re-encrypt every CPR number under the first key of CPR_ENCRYPTION_KEYS."""
    children = list(Child.objects.exclude(cpr_encrypted="").only("pk", "cpr_encrypted").select_for_update())
    for child in children:
        child.cpr_encrypted = cpr_rotate(child.cpr_encrypted)
    Child.objects.bulk_update(children, ["cpr_encrypted"], batch_size=batch_size)
    audit_event_record(  # the operator's maintenance: one event for all, no number in it
        actor=None, action=Action.UPDATE, object_type="child_cpr", object_id=len(children),
        criterion=f"{len(children)} CPR numbers re-encrypted under the newest key",
    )
    return len(children)
