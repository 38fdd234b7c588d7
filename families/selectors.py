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

Who counts is the family as it is now: a parent who left the family (`left_on`) and a parent
without custody do not count; a parent whose custody began later (`custody_since`) counts for
actions from that day, so a new parent with custody must consent before information is shared.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from families.models import Child, Consent, ConsentDecline, ConsentScope, ConsentText, DaycarePeriod, Family, Guardian
from hjemmepaed.cpr import cpr_lookup_hash, cpr_normalise
from hjemmepaed.organisation.models import Role, User


def family_list_visible_to(*, user: User) -> QuerySet[Family]:
    if not user.is_authenticated or not user.is_active:
        return Family.objects.none()
    families = Family.objects.select_related("municipality")
    if user.holds(Role.COORDINATOR, Role.MANAGER):
        return families.filter(municipality_id=user.municipality_id)
    if user.is_home_educator:
        return (
            families.filter(municipality_id=user.municipality_id)
            .filter(Q(courses__primary_educator=user) | Q(courses__second_educator=user))
            .distinct()
        )
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


def children_with_daycare_history(*, family: Family) -> list[Child]:
    """The family's children, each with her current daycare, `daycare_since` (the day of the
    last change, None when it never changed) and `daycare_history`: the periods before the
    current one, newest first (all of them, with who recorded each, in `daycare_periods_newest_first`).
    Two queries, however many changes."""
    periods = DaycarePeriod.objects.select_related("daycare", "recorded_by").order_by(
        F("ends_on").desc(nulls_first=True)
    )
    children = list(
        family.children.select_related("daycare").prefetch_related(
            Prefetch("daycare_periods", queryset=periods, to_attr="daycare_periods_newest_first")
        )
    )
    for child in children:
        current = [period for period in child.daycare_periods_newest_first if period.ends_on is None]
        child.daycare_since = current[0].starts_on if current else None
        child.daycare_history = [period for period in child.daycare_periods_newest_first if period.ends_on]
    return children


def in_daycare_on(*, daycare, on: str) -> Q:
    """A filter on rows with a `family` and a date annotation named `on` (e.g. a course and the
    day that counts for it): a child of the family went to `daycare` that day. A child whose
    daycare never changed is where the referral recorded her; one who changed, where the period
    covering that day says."""
    covering = DaycarePeriod.objects.filter(child__family=OuterRef("family"), daycare=daycare).filter(
        Q(starts_on__isnull=True) | Q(starts_on__lte=OuterRef(on)),
        Q(ends_on__isnull=True) | Q(ends_on__gte=OuterRef(on)),
    )
    unchanged = Child.objects.filter(family=OuterRef("family"), daycare=daycare).exclude(
        Exists(DaycarePeriod.objects.filter(child=OuterRef("pk")))
    )
    return Q(Exists(covering)) | Q(Exists(unchanged))


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


def guardians_current(*, family: Family) -> QuerySet[Guardian]:
    """The family's parents who have not left it, in the order they were recorded."""
    return family.guardians.filter(left_on__isnull=True)


def guardians_current_prefetch(lookup: str = "family__guardians") -> Prefetch:
    """Prefetch only the parents still in the family, and only their names, for the lists."""
    return Prefetch(lookup, queryset=Guardian.objects.filter(left_on__isnull=True).only("id", "family_id", "name"))


def children_names_prefetch(lookup: str = "family__children") -> Prefetch:
    """Prefetch the family's children with only what a list row shows (name and age)."""
    return Prefetch(lookup, queryset=Child.objects.only("id", "family_id", "name", "birth_date"))


def guardians_left(*, family: Family) -> QuerySet[Guardian]:
    """The parents who left the family, kept as history."""
    return family.guardians.filter(left_on__isnull=False).order_by("-left_on", "-pk")


def custodians_on(*, family: Family, on: date | None = None) -> QuerySet[Guardian]:
    """The parents whose consent counts on `on` (today): in the family, with custody since then."""
    on = on or timezone.localdate()
    return guardians_current(family=family).filter(
        Q(custody_since__isnull=True) | Q(custody_since__lte=on), has_custody=True
    )


def guardians_without_consent(*, family: Family, scope: str, on: date | None = None) -> list[Guardian]:
    """The family's guardians with custody who have no consent of `scope` valid on `on` (today)."""
    on = on or timezone.localdate()
    consenting = Consent.objects.filter(_valid_on(on), scope=scope, guardian__family=family).values("guardian_id")
    return list(custodians_on(family=family, on=on).exclude(pk__in=consenting))


def consent_valid(*, family: Family, scope: str, on: date | None = None) -> bool:
    """Every guardian with custody (and at least one) has a consent of `scope` valid on `on`."""
    if not custodians_on(family=family, on=on).exists():
        return False
    return not guardians_without_consent(family=family, scope=scope, on=on)


def guardians_with_active_consent(*, family: Family, scope: str) -> list[Guardian]:
    """The guardians with custody whose consent of `scope` is not withdrawn and given by today."""
    active = Consent.objects.filter(_valid_on(timezone.localdate()), scope=scope, guardian__family=family)
    return list(custodians_on(family=family).filter(pk__in=active.values("guardian_id")))


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
    """Per guardian with custody in the family and per scope: the active consent, the withdrawn ones
    and the newest "no". Three queries, however many consents the family has."""
    guardians = list(guardians_current(family=family).filter(has_custody=True))
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


def family_changes(*, family: Family) -> list:
    """The family's changes since the referral, newest first, with their parent and recorder."""
    return list(family.changes.select_related("guardian", "recorded_by"))
