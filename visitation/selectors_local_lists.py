"""Reads of a municipality's local risk factors: the choices its referral form offers."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from courses.selectors_local_lists import local_label
from hjemmepaed.organisation.models import User
from visitation.models import ChildRiskFactor, LocalRiskFactor, ParentRiskFactor, RiskFactorKind

NATIONAL = {RiskFactorKind.PARENT: ParentRiskFactor, RiskFactorKind.CHILD: ChildRiskFactor}


def local_risk_factor_list_visible_to(*, user: User) -> QuerySet[LocalRiskFactor]:
    """The user's municipality's local risk factors, in use first; another municipality's never."""
    return LocalRiskFactor.objects.filter(municipality_id=user.municipality_id).order_by(
        "kind", "-is_active", "label", "pk"
    )


def local_risk_factor_get_for_user_or_404(*, user: User, pk: int) -> LocalRiskFactor:
    return get_object_or_404(local_risk_factor_list_visible_to(user=user), pk=pk)


def risk_factor_choices_for(*, municipality_id: int | None) -> dict[str, list[tuple[str, str]]]:
    """Per kind, the national factors and then the municipality's local ones in use, marked local."""
    choices = {kind: list(NATIONAL[kind].choices) for kind in RiskFactorKind.values}
    if municipality_id is not None:
        for factor in LocalRiskFactor.objects.filter(municipality_id=municipality_id, is_active=True).order_by(
            "label", "pk"
        ):
            choices[factor.kind].append((factor.code, local_label(factor.label)))
    return choices
