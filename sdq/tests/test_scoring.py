"""The published scoring rules, on worked examples. Items are known by number only."""

from decimal import Decimal

import pytest

from sdq import scoring
from sdq.scoring import Cutoff, band, cutoffs_for, score, subscale_score


def form(answer=0, **overrides):
    """All 25 items answered `answer`; `overrides` as item_7=2."""
    items = dict.fromkeys(scoring.ITEMS, answer)
    items.update({int(key.split("_")[1]): value for key, value in overrides.items()})
    return items


def test_a_complete_form():
    # Box 1 (2 points) on every item: the reverse-keyed items count 0.
    result = score(items=form(2), informant="parent")
    assert result.emotional == 10
    assert result.conduct == 8  # item 7 reversed
    assert result.hyperactivity == 6  # items 21 and 25 reversed
    assert result.peer == 6  # items 11 and 14 reversed
    assert result.prosocial == 10
    assert result.total == 30
    assert result.externalising == 14
    assert result.internalising == 16


def test_reverse_keyed_items_count_two_minus_the_box():
    result = score(items=form(0), informant="parent")
    assert (result.conduct, result.hyperactivity, result.peer) == (2, 4, 4)
    assert result.emotional == 0 and result.prosocial == 0
    assert result.total == 10
    assert scoring.item_points(7, 0) == 2 and scoring.item_points(7, 2) == 0 and scoring.item_points(3, 2) == 2


def test_four_answered_are_prorated_and_rounded_half_up():
    # Emotional 3, 8, 13, 16, 24: four answered summing to 5 -> 6.25 -> 6.
    assert subscale_score({3: 2, 8: 2, 13: 1, 16: 0}, "emotional") == 6
    # Four answered summing to 2 -> 2.5 -> 3 (Python's round would give 2).
    assert subscale_score({3: 1, 8: 1, 13: 0, 16: 0}, "emotional") == 3
    assert round(2.5) == 2
    # Four answered summing to 6 -> 7.5 -> 8.
    assert subscale_score({3: 2, 8: 2, 13: 2, 16: 0}, "emotional") == 8
    # Three answered summing to 5 -> 8.33 -> 8.
    assert subscale_score({3: 2, 8: 2, 13: 1}, "emotional") == 8
    # three answered summing to 4 -> 6.67 -> 7, the scoring note's own example.
    assert subscale_score({3: 2, 8: 1, 13: 1}, "emotional") == 7


def test_half_point_six_and_a_half_rounds_up_to_seven():
    # Only 2.5 and 7.5 can come from five-item scales; the rounding itself is half up everywhere.
    assert scoring.round_half_up(Decimal("6.5")) == 7
    assert round(6.5) == 6
    assert scoring.round_half_up(Decimal(13) * 5 / 10) == 7


def test_prorating_uses_reversed_points():
    # Conduct 5, 7, 12, 18, 22 with 7 and 22 unanswered: 1 + 0 + 0 = 1 -> 1.67 -> 2.
    assert subscale_score({5: 1, 12: 0, 18: 0}, "conduct") == 2
    # Item 7 answered 0 counts 2: 2 + 0 + 0 + 0 = 2 over four -> 2.5 -> 3.
    assert subscale_score({5: 0, 7: 0, 12: 0, 18: 0}, "conduct") == 3


def test_fewer_than_three_answered_is_missing_and_so_is_the_total():
    items = form(1)
    for n in (3, 8, 13):  # emotional now has two answered
        items[n] = None
    result = score(items=items, informant="parent")
    assert result.emotional is None
    assert result.total is None
    assert result.internalising is None
    assert result.externalising == 10  # conduct and hyperactivity are whole
    assert result.prosocial == 5


def test_impact_parent_sums_five_areas_mapped_0_0_1_2():
    areas = {"distress": 3, "home_life": 2, "friendships": 1, "learning": 0, "leisure": 3}
    assert scoring.impact_score("parent", 2, areas) == 2 + 1 + 0 + 0 + 2


def test_impact_staff_sums_three_areas_only():
    areas = {"distress": 3, "home_life": 3, "friendships": 2, "learning": 3, "leisure": 3}
    assert scoring.impact_score("staff", 1, areas) == 2 + 1 + 2


def test_impact_is_zero_when_there_are_no_difficulties():
    areas = {"distress": 3, "home_life": 3, "friendships": 3, "learning": 3, "leisure": 3}
    assert scoring.impact_score("parent", 0, areas) == 0
    assert score(items=form(0), informant="staff", difficulties=0, impact_areas={}).impact == 0


def test_impact_missing_without_the_supplement():
    assert scoring.impact_score("parent", None, {}) is None
    assert scoring.impact_score("parent", 1, {}) is None


def test_impact_with_the_first_question_blank_is_the_sum_of_the_areas_answered():
    """youthinmind's syntax: the areas are summed; only a "no" to the first question makes it 0."""
    areas = {"distress": 3, "home_life": 2, "friendships": 1, "learning": None, "leisure": 3}
    assert scoring.impact_score("parent", None, areas) == 2 + 1 + 0 + 2
    staff = score(items=form(1), informant="staff", difficulties=None, impact_areas={"distress": 2, "learning": 3})
    assert staff.impact == 1 + 2


def test_an_answer_outside_0_to_2_is_refused():
    with pytest.raises(ValueError):
        scoring.item_points(4, 3)


UK_PARENT_TOTAL = [
    Cutoff("close_to_average", 0, 13),
    Cutoff("slightly_raised", 14, 16),
    Cutoff("high", 17, 19),
    Cutoff("very_high", 20, 40),
]


@pytest.mark.parametrize(
    "total, expected",
    [
        (0, "close_to_average"),
        (13, "close_to_average"),
        (14, "slightly_raised"),
        (16, "slightly_raised"),
        (17, "high"),
        (19, "high"),
        (20, "very_high"),
        (40, "very_high"),
        (None, None),
    ],
)
def test_band_at_the_boundaries(total, expected):
    assert band(total, UK_PARENT_TOTAL) == expected


def test_no_cutoffs_no_band():
    assert band(12, []) is None


def test_sex_specific_rows_win_only_when_the_sex_is_known():
    rows = [
        Cutoff("close_to_average", 0, 10, "parent", "2_4", "total"),
        Cutoff("close_to_average", 0, 8, "parent", "2_4", "total", sex="girl"),
        Cutoff("close_to_average", 0, 12, "parent", "4_17", "total"),
    ]
    assert cutoffs_for(rows, informant="parent", version="2_4", scale="total") == [rows[0]]
    assert cutoffs_for(rows, informant="parent", version="2_4", scale="total", sex="girl") == [rows[1]]
    assert cutoffs_for(rows, informant="parent", version="2_4", scale="total", sex="boy") == [rows[0]]


def test_age_ranges_limit_rows():
    rows = [
        Cutoff("close_to_average", 0, 10, "parent", "2_4", "total", age_from_months=24, age_to_months=35),
        Cutoff("close_to_average", 0, 11, "parent", "2_4", "total", age_from_months=36, age_to_months=47),
    ]
    assert cutoffs_for(rows, informant="parent", version="2_4", scale="total", age_months=30) == [rows[0]]
    assert cutoffs_for(rows, informant="parent", version="2_4", scale="total", age_months=36) == [rows[1]]
