from datetime import date

import pytest
from django.db import IntegrityError, transaction

from hjemmepaed.variants.models import Preset, Visitation
from hjemmepaed.variants.selectors import variant_for_start, variant_in_force
from hjemmepaed.variants.tests.factories import variant_from_preset

pytestmark = pytest.mark.django_db


def test_a_municipality_without_a_version_runs_the_national_model(municipality):
    variant = variant_in_force(municipality=municipality, on=date(2026, 1, 1))
    assert variant.pk is None
    assert (variant.max_age_months, variant.max_weeks, variant.visit_cap) == (36, 40, None)
    assert variant.visitation == Visitation.COORDINATOR


def test_a_course_runs_under_the_version_in_force_at_its_start(municipality):
    variant_from_preset(municipality=municipality, preset=Preset.NATIONAL, valid_from=date(2025, 1, 1))
    variant_from_preset(municipality=municipality, preset=Preset.ISHOJ, valid_from=date(2026, 6, 1))
    assert variant_for_start(municipality=municipality, start_date=date(2026, 5, 31)).preset == Preset.NATIONAL
    assert variant_for_start(municipality=municipality, start_date=date(2026, 6, 1)).visit_cap == 10


def test_widening_the_national_model_needs_a_reason(municipality):
    with pytest.raises(IntegrityError), transaction.atomic():
        variant_from_preset(municipality=municipality, preset=Preset.NATIONAL, max_weeks=52)
    variant = variant_from_preset(
        municipality=municipality, preset=Preset.NATIONAL, max_weeks=52, deviation_reason="Byrådsbeslutning"
    )
    assert variant.deviates_from_national
