"""Which version of a municipality's model is in force."""

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone

from hjemmepaed.organisation.models import User
from hjemmepaed.variants.models import ReferralQuestion, Variant
from hjemmepaed.variants.presets import NATIONAL


def variant_national(*, municipality) -> Variant:
    """The national model, unsaved: what a municipality without a version of its own runs."""
    return Variant(municipality=municipality, valid_from=date.min, **NATIONAL)


def variant_in_force(*, municipality, on: date) -> Variant:
    """The version in force on `on`: the latest from that day or before, else the national model."""
    version = Variant.objects.filter(municipality=municipality, valid_from__lte=on).order_by("-valid_from").first()
    return version or variant_national(municipality=municipality)


def variant_for_start(*, municipality, start_date: date | None) -> Variant:
    """The version a course runs under: the one in force on its start date; before the start,
    today's (the intake and the start-up apply it)."""
    return variant_in_force(municipality=municipality, on=start_date or timezone.localdate())


def variant_history(*, municipality) -> list[Variant]:
    return list(Variant.objects.filter(municipality=municipality).order_by("-valid_from"))


def variant_overview(*, municipality, on: date | None = None) -> dict:
    """The settings page's versions: the one in force, those still to come, the earlier ones."""
    on = on or timezone.localdate()
    versions = list(
        Variant.objects.filter(municipality=municipality).prefetch_related("team_members").order_by("-valid_from")
    )
    upcoming = [v for v in versions if v.valid_from > on]
    past = [v for v in versions if v.valid_from <= on]
    in_force = past[0] if past else variant_national(municipality=municipality)
    return {"in_force": in_force, "upcoming": sorted(upcoming, key=lambda v: v.valid_from), "earlier": past[1:]}


def variants_for_period(*, municipality, start: date, end: date) -> list[Variant]:
    """The versions in force at some time from `start` to `end`, oldest first: the one in force
    on `start` (the national model when none) and every one that began in the period. For
    reports: which version(s) a period's figures were made under."""
    first = variant_in_force(municipality=municipality, on=start)
    later = list(
        Variant.objects.filter(municipality=municipality, valid_from__gt=start, valid_from__lte=end).order_by(
            "valid_from"
        )
    )
    return [first, *later]


def referral_questions_for(*, municipality, active_only: bool = True) -> list:
    questions = ReferralQuestion.objects.filter(municipality=municipality)
    if active_only:
        questions = questions.filter(is_active=True)
    return list(questions.order_by("position", "pk"))


def referral_question_get_for_user_or_404(*, user, pk: int) -> ReferralQuestion:
    """A question of the user's own municipality; another's answers 404 like a missing one."""
    return get_object_or_404(ReferralQuestion, pk=pk, municipality_id=user.municipality_id)


def variant_team_candidates(*, municipality):
    """Who can sit on the visitation team: the municipality's active staff."""
    return User.objects.filter(municipality=municipality, is_active=True).order_by("first_name", "last_name", "pk")


def variants_for_period_many(*, municipalities, start: date, end: date) -> dict:
    """`variants_for_period` for several municipalities in one query: {municipality: [versions]}.
    A report of many municipalities asks this once, whatever their number."""
    municipalities = list(municipalities)
    rows = Variant.objects.filter(municipality__in=municipalities, valid_from__lte=end).order_by("valid_from")
    by_municipality = {municipality.pk: [] for municipality in municipalities}
    for row in rows:
        by_municipality[row.municipality_id].append(row)
    found = {}
    for municipality in municipalities:
        versions = by_municipality[municipality.pk]
        before = [v for v in versions if v.valid_from <= start]
        first = before[-1] if before else variant_national(municipality=municipality)
        found[municipality] = [first, *(v for v in versions if v.valid_from > start)]
    return found
