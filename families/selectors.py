"""Reads of families: the gate and the parents' consents. (Everything the system holds about one
family, for a request of access, is read by `privacy.selectors.family_export`.)

* A home educator sees the families of her courses.
* Coordinators and managers see every family of their municipality.
* The national analyst and the administrator see no family.

A family's consent to a scope is valid on a day when every guardian with custody has a consent
of that scope that was given on or before the day and not withdrawn by then (a family with two
guardians with custody needs both). A family with no guardian with custody has no valid consent:
nobody could give it. Actions are checked on their own date, so correcting a visit that was held
while the consent was valid stays possible after the consent is withdrawn.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from families.models import Child, Consent, ConsentDecline, ConsentScope, ConsentText, Family, Guardian
from hjemmepaed.cpr import cpr_lookup_hash, cpr_normalise
from hjemmepaed.organisation.models import Role, User


def family_list_visible_to(*, user: User) -> QuerySet[Family]:
    if not user.is_authenticated or not user.is_active:
        return Family.objects.none()
    families = Family.objects.select_related("municipality")
    if user.role == Role.HOME_EDUCATOR:
        return (
            families.filter(municipality_id=user.municipality_id)
            .filter(Q(courses__primary_educator=user) | Q(courses__second_educator=user))
            .distinct()
        )
    if user.role in (Role.COORDINATOR, Role.MANAGER):
        return families.filter(municipality_id=user.municipality_id)
    return Family.objects.none()


def family_get_for_user_or_404(*, user: User, pk: int) -> Family:
    return get_object_or_404(family_list_visible_to(user=user), pk=pk)


def child_with_cpr_in_municipality(*, municipality, cpr: str) -> Child | None:
    """The municipality's child recorded with this CPR number (exact, through the lookup hash;
    the newest should there be several). No gate: the caller audits what a match reveals."""
    digits = cpr_normalise(cpr)
    return (
        Child.objects.filter(family__municipality=municipality, cpr_hash=cpr_lookup_hash(digits))
        .select_related("family")
        .order_by("-pk")
        .first()
    )


def consent_text_current(*, scope: str, on: date | None = None) -> ConsentText | None:
    """The version of the scope's text in force on `on` (today): the newest already valid."""
    on = on or timezone.localdate()
    return ConsentText.objects.filter(scope=scope, valid_from__lte=on).order_by("-version").first()


def consent_texts_current(*, on: date | None = None) -> list[ConsentText]:
    """The text in force for every scope that has one, in the scopes' order."""
    on = on or timezone.localdate()
    newest = {}
    for text in ConsentText.objects.filter(valid_from__lte=on).order_by("scope", "-version"):
        newest.setdefault(text.scope, text)
    return [newest[scope] for scope in ConsentScope.values if scope in newest]


def _valid_on(on: date) -> Q:
    return Q(given_on__lte=on) & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))


def guardians_without_consent(*, family: Family, scope: str, on: date | None = None) -> list[Guardian]:
    """The family's guardians with custody who have no consent of `scope` valid on `on` (today)."""
    on = on or timezone.localdate()
    consenting = Consent.objects.filter(_valid_on(on), scope=scope, guardian__family=family).values("guardian_id")
    return list(family.guardians.filter(has_custody=True).exclude(pk__in=consenting))


def consent_valid(*, family: Family, scope: str, on: date | None = None) -> bool:
    """Every guardian with custody (and at least one) has a consent of `scope` valid on `on`."""
    if not family.guardians.filter(has_custody=True).exists():
        return False
    return not guardians_without_consent(family=family, scope=scope, on=on)


def guardians_with_active_consent(*, family: Family, scope: str) -> list[Guardian]:
    """The guardians with custody whose consent of `scope` is not withdrawn and given by today."""
    active = Consent.objects.filter(_valid_on(timezone.localdate()), scope=scope, guardian__family=family)
    return list(family.guardians.filter(has_custody=True, pk__in=active.values("guardian_id")))


@dataclass
class ScopeStatus:
    scope: str
    label: str
    active: Consent | None
    history: list[Consent] = field(default_factory=list)  # withdrawn consents, newest first
    declined: ConsentDecline | None = None  # the newest "no", when it is the newest answer

    @property
    def state(self) -> str:
        """given, declined, withdrawn or not_asked: the newest answer the parent gave."""
        if self.active is not None:
            return "given"
        if self.declined is not None:
            return "declined"
        return "withdrawn" if self.history else "not_asked"


@dataclass
class GuardianConsents:
    guardian: Guardian
    scopes: list[ScopeStatus]


def _newest_decline(declines: list[ConsentDecline], withdrawn: list[Consent]) -> ConsentDecline | None:
    """The newest "no", unless a consent given after it was withdrawn since (then "withdrawn" is
    the newest answer)."""
    if not declines:
        return None
    decline = declines[0]
    if any(consent.recorded_at > decline.recorded_at for consent in withdrawn):
        return None
    return decline


def consent_overview(*, family: Family) -> list[GuardianConsents]:
    """Per guardian with custody and per scope: the active consent, the withdrawn ones and the
    newest "no". Three queries, however many consents the family has."""
    guardians = list(family.guardians.filter(has_custody=True))
    consents = (
        Consent.objects.filter(guardian__family=family)
        .select_related("text_version", "recorded_by", "withdrawn_by")
        .order_by("-given_on", "-pk")
    )
    by_key: dict[tuple[int, str], list[Consent]] = {}
    for consent in consents:
        by_key.setdefault((consent.guardian_id, consent.scope), []).append(consent)
    declines: dict[tuple[int, str], list[ConsentDecline]] = {}
    for decline in ConsentDecline.objects.filter(guardian__family=family).order_by("-recorded_at", "-pk"):
        declines.setdefault((decline.guardian_id, decline.scope), []).append(decline)
    rows = []
    for guardian in guardians:
        scopes = []
        for scope in ConsentScope:
            found = by_key.get((guardian.pk, scope.value), [])
            active = next((consent for consent in found if consent.is_active), None)
            history = [consent for consent in found if not consent.is_active]
            declined = None if active else _newest_decline(declines.get((guardian.pk, scope.value), []), history)
            scopes.append(
                ScopeStatus(scope=scope.value, label=scope.label, active=active, history=history, declined=declined)
            )
        rows.append(GuardianConsents(guardian=guardian, scopes=scopes))
    return rows
