"""A municipality's own risk factors, added to Bilag 2's lists (visitation.models.LocalRiskFactor)."""

from django.db import transaction
from django.utils.translation import gettext as _

from courses.access import local_list_edit_check
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User
from visitation.models import (
    LOCAL_PREFIX,
    ChildRiskFactor,
    LocalRiskFactor,
    ParentRiskFactor,
    ReferralRiskFactor,
    RiskFactorKind,
)

NATIONAL = {RiskFactorKind.PARENT: ParentRiskFactor, RiskFactorKind.CHILD: ChildRiskFactor}


@transaction.atomic
def local_risk_factor_add(*, acting_user: User, kind: str, label: str) -> LocalRiskFactor:
    """Add a risk factor of the acting manager's municipality, offered on its referral form from now on."""
    local_list_edit_check(acting_user=acting_user)
    if kind not in RiskFactorKind.values:
        raise DomainError(_("Choose whether the factor is about the parents or the child."), field="kind")
    label = " ".join(label.split())
    if not label:
        raise DomainError(_("Write the risk factor."), field="label")
    taken = {str(f.label).casefold() for f in NATIONAL[kind]} | {
        existing.casefold()
        for existing in LocalRiskFactor.objects.filter(
            municipality_id=acting_user.municipality_id, kind=kind
        ).values_list("label", flat=True)
    }
    if label.casefold() in taken:
        raise DomainError(_("The risk factor “%(label)s” is already on the list.") % {"label": label}, field="label")
    factor = LocalRiskFactor.objects.create(municipality_id=acting_user.municipality_id, kind=kind, label=label)
    audit_event_record(actor=acting_user, action=Action.CREATE, object_type="local risk factor", object_id=factor.pk)
    return factor


@transaction.atomic
def local_risk_factor_active_set(*, acting_user: User, factor: LocalRiskFactor, is_active: bool) -> LocalRiskFactor:
    """Take a local risk factor out of use (referrals that ticked it keep it) or back into use."""
    local_list_edit_check(acting_user=acting_user)
    factor = LocalRiskFactor.objects.select_for_update().get(pk=factor.pk)
    if factor.municipality_id != acting_user.municipality_id:
        raise DomainError(_("The risk factor is not on your municipality's list."))
    if factor.is_active != is_active:
        factor.is_active = is_active
        factor.save(update_fields=["is_active"])
    audit_event_record(actor=acting_user, action=Action.UPDATE, object_type="local risk factor", object_id=factor.pk)
    return factor


def _risk_factor_rows(*, municipality_id: int, kind: str, codes) -> list[ReferralRiskFactor]:
    """The referral's ticked factors of one kind (unsaved), national or local (``local:<pk>``).
    Refuses a factor that is neither national nor an active local one of the municipality."""
    national = NATIONAL[kind]
    rows, local_ids = [], set()
    for code in set(codes):
        if code in national.values:
            rows.append(ReferralRiskFactor(kind=kind, factor=code))
            continue
        number = code[len(LOCAL_PREFIX) :] if isinstance(code, str) and code.startswith(LOCAL_PREFIX) else ""
        if not number.isdigit():
            raise DomainError(_("Choose risk factors from the list."), field=f"{kind}_risk_factors")
        local_ids.add(int(number))
    local = list(
        LocalRiskFactor.objects.filter(pk__in=local_ids, municipality_id=municipality_id, kind=kind, is_active=True)
    )
    if len(local) != len(local_ids):
        raise DomainError(
            _("A chosen risk factor is not on the municipality's list of risk factors in use."),
            field=f"{kind}_risk_factors",
        )
    rows += [ReferralRiskFactor(kind=kind, local_factor=factor) for factor in local]
    return rows
