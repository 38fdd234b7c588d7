"""Scores with bands by the municipality's norm set, and the aggregates reports will use."""

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from sdq import scoring
from sdq.models import Measurement, NormCutoff, NormSet
from sdq.selectors import band_counts, child_changes, measurement_results, norm_set_for_municipality
from sdq.services import Answers, municipality_norm_set_choose
from sdq.tests.factories import answers, course_with_toddler, measurement

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def course(coordinator):
    return course_with_toddler(coordinator=coordinator, months_at_start=30)


@pytest.fixture
def uk():
    return NormSet.objects.get(is_default=True)


def test_the_uk_2_4_set_ships_as_the_default_and_names_its_source(uk, municipality):
    assert "2-4 year olds" in uk.source and "sdqinfo.org" in uk.source
    assert "4–17" in uk.name and "2–4" in uk.name
    # 2 informants × 7 scales × 4 bands, for the 2–4 and the 4–17 version
    assert uk.cutoffs.filter(version="2_4").count() == uk.cutoffs.filter(version="4_17").count() == 2 * 7 * 4
    assert norm_set_for_municipality(municipality_id=municipality.pk) == uk
    only_4_17 = NormSet.objects.get(name="UK fire-bånds-inddeling (sdqinfo.org), 4–17 år")
    assert not only_4_17.is_default and not only_4_17.cutoffs.filter(version="2_4").exists()


@pytest.mark.parametrize(
    "informant, scale, boundaries",
    [
        ("parent", "total", [(12, "close_to_average"), (13, "slightly_raised"), (16, "high"), (19, "very_high")]),
        ("parent", "emotional", [(2, "close_to_average"), (3, "slightly_raised"), (4, "high"), (5, "very_high")]),
        ("parent", "conduct", [(3, "close_to_average"), (4, "slightly_raised"), (5, "high"), (6, "very_high")]),
        ("parent", "hyperactivity", [(5, "close_to_average"), (6, "slightly_raised"), (7, "high"), (8, "very_high")]),
        ("parent", "peer", [(2, "close_to_average"), (3, "slightly_raised"), (4, "high"), (5, "very_high")]),
        ("parent", "prosocial", [(7, "close_to_average"), (6, "slightly_raised"), (5, "high"), (4, "very_high")]),
        ("parent", "impact", [(0, "close_to_average"), (1, "slightly_raised"), (2, "high"), (10, "very_high")]),
        ("staff", "total", [(11, "close_to_average"), (12, "slightly_raised"), (16, "high"), (19, "very_high")]),
        ("staff", "prosocial", [(6, "close_to_average"), (5, "slightly_raised"), (4, "high"), (3, "very_high")]),
        ("staff", "impact", [(0, "close_to_average"), (3, "very_high"), (6, "very_high")]),
    ],
)
def test_uk_2_4_cutoffs_at_the_band_boundaries(uk, informant, scale, boundaries):
    rows = list(uk.cutoffs.all())
    for value, expected in boundaries:
        cutoffs = scoring.cutoffs_for(rows, informant=informant, version="2_4", scale=scale, age_months=30)
        assert scoring.band(value, cutoffs) == expected, (informant, scale, value)


def _uk_band(uk, informant, scale, value):
    rows = scoring.cutoffs_for(list(uk.cutoffs.all()), informant=informant, version="4_17", scale=scale)
    return scoring.band(value, rows)


@pytest.mark.parametrize(
    "informant, scale, boundaries",
    [
        (
            "parent",
            "total",
            [
                (13, "close_to_average"),
                (14, "slightly_raised"),
                (16, "slightly_raised"),
                (17, "high"),
                (19, "high"),
                (20, "very_high"),
            ],
        ),
        (
            "parent",
            "emotional",
            [(3, "close_to_average"), (4, "slightly_raised"), (5, "high"), (6, "high"), (7, "very_high")],
        ),
        (
            "parent",
            "conduct",
            [(2, "close_to_average"), (3, "slightly_raised"), (4, "high"), (5, "high"), (6, "very_high")],
        ),
        (
            "parent",
            "hyperactivity",
            [(5, "close_to_average"), (6, "slightly_raised"), (7, "slightly_raised"), (8, "high"), (9, "very_high")],
        ),
        ("parent", "peer", [(2, "close_to_average"), (3, "slightly_raised"), (4, "high"), (5, "very_high")]),
        (
            "parent",
            "prosocial",
            [(8, "close_to_average"), (7, "slightly_raised"), (6, "high"), (5, "very_high"), (0, "very_high")],
        ),
        (
            "parent",
            "impact",
            [(0, "close_to_average"), (1, "slightly_raised"), (2, "high"), (3, "very_high"), (10, "very_high")],
        ),
        (
            "staff",
            "total",
            [
                (11, "close_to_average"),
                (12, "slightly_raised"),
                (15, "slightly_raised"),
                (16, "high"),
                (18, "high"),
                (19, "very_high"),
            ],
        ),
        ("staff", "emotional", [(3, "close_to_average"), (4, "slightly_raised"), (5, "high"), (6, "very_high")]),
        ("staff", "conduct", [(2, "close_to_average"), (3, "slightly_raised"), (4, "high"), (5, "very_high")]),
        (
            "staff",
            "hyperactivity",
            [(5, "close_to_average"), (6, "slightly_raised"), (7, "slightly_raised"), (8, "high"), (9, "very_high")],
        ),
        (
            "staff",
            "peer",
            [(2, "close_to_average"), (3, "slightly_raised"), (4, "slightly_raised"), (5, "high"), (6, "very_high")],
        ),
        ("staff", "prosocial", [(6, "close_to_average"), (5, "slightly_raised"), (4, "high"), (3, "very_high")]),
        (
            "staff",
            "impact",
            [(0, "close_to_average"), (1, "slightly_raised"), (2, "high"), (3, "very_high"), (6, "very_high")],
        ),
    ],
)
def test_uk_cutoffs_at_the_band_boundaries(uk, informant, scale, boundaries):
    for value, expected in boundaries:
        assert _uk_band(uk, informant, scale, value) == expected, (informant, scale, value)


def test_a_30_month_old_measured_with_the_2_4_parent_version_is_banded_by_the_shipped_2_4_set(course):
    m = measurement(course=course)  # every box 1: each problem scale 5, total 20; prosocial 5
    assert (m.version, m.age_months) == ("2_4", 30)
    result = measurement_results(measurement=m)
    assert result.has_norm
    bands = {scale.scale: (scale.score, scale.band_label) for scale in result.scales}
    assert bands["total"] == (20, gettext("Very high"))
    assert bands["emotional"] == (5, gettext("Very high"))
    assert bands["conduct"] == (5, gettext("High"))
    assert bands["hyperactivity"] == (5, gettext("Close to average"))
    assert bands["prosocial"] == (5, gettext("Low"))
    assert bands["peer"] == (5, gettext("Very high"))
    # every scale the published four-band scheme bands (it has none for externalising/internalising)
    published = {s.scale: s.band_label for s in result.scales if s.scale not in ("externalising", "internalising")}
    assert "Ingen norm i det valgte normsæt" not in published.values()
    assert published["impact"] == gettext("No score")  # no supplement typed


def test_a_4_17_measurement_is_banded_by_the_uk_set(coordinator):
    course = course_with_toddler(
        coordinator=coordinator, months_at_start=35, start_date=TODAY() - relativedelta(months=14)
    )
    # Every box 1 (1 point): problem scales 5 each, total 20; prosocial 5.
    result = measurement_results(measurement=measurement(course=course, timing="end"))
    bands = {scale.scale: (scale.score, scale.band, scale.band_label) for scale in result.scales}
    assert bands["total"] == (20, "very_high", gettext("Very high"))
    assert bands["prosocial"] == (5, "very_high", gettext("Very low"))
    assert bands["hyperactivity"] == (5, "close_to_average", gettext("Close to average"))
    assert bands["externalising"][1] is None  # the UK set has no externalising bands


@pytest.fixture
def danish_2_4():
    norm_set = NormSet.objects.create(name="Testsæt 2–4 år", source="Opdigtet til testen")
    NormCutoff.objects.bulk_create(
        [
            NormCutoff(
                norm_set=norm_set, informant="parent", version="2_4", scale="total", band=band, lowest=lo, highest=hi
            )
            for band, lo, hi in [
                ("close_to_average", 0, 11),
                ("slightly_raised", 12, 14),
                ("high", 15, 17),
                ("very_high", 18, 40),
            ]
        ]
    )
    return norm_set


def test_the_municipality_s_choice_changes_the_bands(course, coordinator, danish_2_4, municipality):
    items = dict.fromkeys(scoring.ITEMS, 1) | {3: 0, 8: 0}  # emotional 3: total 18
    m = measurement(course=course, answers=Answers(items=items))
    total = lambda: next(s for s in measurement_results(measurement=m).scales if s.scale == "total")  # noqa: E731
    assert total().band == "high"  # the UK 2–4 set: 16–18
    municipality_norm_set_choose(acting_user=coordinator, norm_set=danish_2_4)
    assert norm_set_for_municipality(municipality_id=municipality.pk) == danish_2_4
    assert total().band == "very_high"
    # Another municipality still uses the default.
    other = MunicipalityFactory(name="Thisted", code="787")
    assert norm_set_for_municipality(municipality_id=other.pk).is_default


def test_only_a_coordinator_chooses_the_norm_set(danish_2_4, municipality):
    from hjemmepaed.errors import DomainError

    with pytest.raises(DomainError):
        municipality_norm_set_choose(
            acting_user=user_for_role(Role.MANAGER, municipality=municipality), norm_set=danish_2_4
        )


def test_band_counts_per_timing_informant_and_scale(course, coordinator, danish_2_4):
    municipality_norm_set_choose(acting_user=coordinator, norm_set=danish_2_4)
    measurement(course=course, answers=answers(1))  # total 20: very high
    measurement(course=course, timing="end", answers=answers(0))  # total 10: close to average
    measurement(course=course, informant="staff", answers=answers(0))  # no staff norms in the set
    counts = band_counts(measurements=Measurement.objects.all(), norm_set=danish_2_4)
    assert counts[("start", "parent", "total")] == {"very_high": 1}
    assert counts[("end", "parent", "total")] == {"close_to_average": 1}
    assert counts[("start", "staff", "total")] == {"no_norm": 1}
    assert counts[("start", "parent", "impact")] == {"missing": 1}


def test_child_changes_pair_start_and_end_by_informant(course):
    measurement(course=course, answers=answers(1))
    items = dict.fromkeys(scoring.ITEMS, 1) | {3: 2, 8: 2, 13: None, 16: None}
    measurement(course=course, timing="end", answers=Answers(items=items))
    measurement(course=course, informant="staff")  # no end measurement: left out
    changes = {c.scale: c for c in child_changes(measurements=Measurement.objects.all())}
    assert len(changes) == len(scoring.SCALES)
    assert (changes["emotional"].start, changes["emotional"].end, changes["emotional"].change) == (5, 8, 3)
    assert changes["conduct"].change == 0
    assert changes["impact"].change is None
    assert {c.informant for c in changes.values()} == {"parent"}
