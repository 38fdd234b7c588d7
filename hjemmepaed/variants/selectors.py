"""Which version of a municipality's model is in force."""

from datetime import date

from django.utils import timezone

from hjemmepaed.variants.models import Variant
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
