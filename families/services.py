"""Writes and deliberate reads of family data that need their own audit trail."""

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext as _

from families.models import Child, Family
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


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str


EXPORT_KINDS = ("pdf", "json")


def family_access_export(*, acting_user, family: Family, kind: str, request=None) -> ExportFile:
    """Everything the system holds about a family, for a request of access, as PDF or JSON.

    The file name carries the family's number only. Every export is an audit event.
    """
    from families.selectors import family_export_data
    from hjemmepaed.pdf import render_pdf

    if kind not in EXPORT_KINDS:
        raise DomainError(_("Unknown file format."))
    data = family_export_data(family=family)
    if kind == "pdf":
        content = render_pdf("families/pdf/export.html", {
            "data": data,
            "title": _("Request of access: family %(number)s") % {"number": family.pk},
            "municipality_name": family.municipality.name,
        }, time_limit=settings.PDF_RENDER_TIME_LIMIT_IN_REQUEST)  # rendered while the coordinator waits
        content_type = "application/pdf"
    else:
        content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
        content_type = "application/json"
    audit_event_record(
        actor=acting_user,
        action=Action.EXPORT,
        object_type="family",
        object_id=family.pk,
        subject=family,
        municipality=family.municipality,
        criterion=f"request of access ({kind})",
        request=request,
    )
    return ExportFile(content=content, filename=f"indsigt-familie-{family.pk}.{kind}", content_type=content_type)
