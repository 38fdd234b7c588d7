"""Scoring and banding the SDQ by the published rules, as pure functions (no database).

Items are numbered 1–25 as on the paper form; an answer is the box ticked, left to right:
0, 1 or 2. The reverse-keyed items count 2 − answer. Item wording is copyrighted and appears
nowhere in this project: items are known by number, scales by name.

* A scale with at least 3 of its 5 items answered is prorated: mean × 5, rounded half up
  (Decimal ROUND_HALF_UP; Python's `round` rounds half to even: 2.5 → 2, which is wrong here).
  Fewer than 3 answered: the scale is missing (None).
* Total difficulties = the four problem scales; externalising = conduct + hyperactivity;
  internalising = emotional + peer. Missing when a part is missing.
* Impact: the interference answers (boxes 0–3, "not at all" … "a great deal") count 0, 0, 1, 2
  and are summed; 5 for parents, 3 for daycare staff. Impact is 0 when the informant answers
  "no" (box 0) to the supplement's first question: no difficulties. When that first question is
  left blank but areas are answered, impact is the sum of the areas, as youthinmind's official
  scoring syntax computes it (it sums the area items and sets impact to 0 only on a "no").
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ITEMS = tuple(range(1, 26))
ANSWERS = (0, 1, 2)

EMOTIONAL = "emotional"
CONDUCT = "conduct"
HYPERACTIVITY = "hyperactivity"
PEER = "peer"
PROSOCIAL = "prosocial"
TOTAL = "total"
EXTERNALISING = "externalising"
INTERNALISING = "internalising"
IMPACT = "impact"

SUBSCALE_ITEMS = {
    EMOTIONAL: (3, 8, 13, 16, 24),
    CONDUCT: (5, 7, 12, 18, 22),
    HYPERACTIVITY: (2, 10, 15, 21, 25),
    PEER: (6, 11, 14, 19, 23),
    PROSOCIAL: (1, 4, 9, 17, 20),
}
REVERSE_KEYED = frozenset({7, 11, 14, 21, 25})
MIN_ANSWERED = 3

# All scales in the order reports show them; prosocial is the one where a low score is the concern.
SCALES = (EMOTIONAL, CONDUCT, HYPERACTIVITY, PEER, PROSOCIAL, TOTAL, EXTERNALISING, INTERNALISING, IMPACT)
LOW_IS_CONCERN = frozenset({PROSOCIAL})

# The impact supplement, by short neutral names.
PARENT = "parent"
STAFF = "staff"
IMPACT_AREAS = {
    PARENT: ("distress", "home_life", "friendships", "learning", "leisure"),
    STAFF: ("distress", "friendships", "learning"),
}
# Box ticked (0 "not at all", 1 "only a little", 2 "quite a lot", 3 "a great deal") → points.
IMPACT_POINTS = {0: 0, 1: 0, 2: 1, 3: 2}
NO_DIFFICULTIES = 0  # the first supplement question answered "no"

# The four bands of the published four-band categorisation.
CLOSE_TO_AVERAGE = "close_to_average"
SLIGHTLY_RAISED = "slightly_raised"
HIGH = "high"
VERY_HIGH = "very_high"
BANDS = (CLOSE_TO_AVERAGE, SLIGHTLY_RAISED, HIGH, VERY_HIGH)


def item_points(item: int, answer: int) -> int:
    """The points one answer gives: the box number, reversed for the reverse-keyed items."""
    if answer not in ANSWERS:
        raise ValueError(f"item {item}: answer {answer!r} is not 0, 1 or 2")
    return 2 - answer if item in REVERSE_KEYED else answer


def round_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def subscale_score(items: Mapping[int, int | None], scale: str) -> int | None:
    """One of the five scales, prorated when 3 or 4 of its items are answered."""
    points = [item_points(n, items[n]) for n in SUBSCALE_ITEMS[scale] if items.get(n) is not None]
    if len(points) < MIN_ANSWERED:
        return None
    if len(points) == len(SUBSCALE_ITEMS[scale]):
        return sum(points)
    return round_half_up(Decimal(sum(points)) * 5 / len(points))


def _sum_or_none(*parts: int | None) -> int | None:
    return None if any(part is None for part in parts) else sum(parts)


def impact_score(informant: str, difficulties: int | None, areas: Mapping[str, int | None]) -> int | None:
    """The impact score, or None when the supplement was not answered.

    "No difficulties" gives 0 whatever else is ticked. Otherwise (the first question answered
    "yes", or left blank) the answered areas of the informant's form are summed; with none
    answered the score is missing.
    """
    if difficulties == NO_DIFFICULTIES:
        return 0
    answered = [areas.get(area) for area in IMPACT_AREAS[informant] if areas.get(area) is not None]
    if not answered:
        return None
    return sum(IMPACT_POINTS[answer] for answer in answered)


@dataclass(frozen=True)
class Scores:
    emotional: int | None
    conduct: int | None
    hyperactivity: int | None
    peer: int | None
    prosocial: int | None
    total: int | None
    externalising: int | None
    internalising: int | None
    impact: int | None

    def as_dict(self) -> dict[str, int | None]:
        return {scale: getattr(self, scale) for scale in SCALES}


def score(
    *,
    items: Mapping[int, int | None],
    informant: str,
    difficulties: int | None = None,
    impact_areas: Mapping[str, int | None] | None = None,
) -> Scores:
    """Every score of one completed form."""
    sub = {scale: subscale_score(items, scale) for scale in SUBSCALE_ITEMS}
    return Scores(
        **sub,
        total=_sum_or_none(sub[EMOTIONAL], sub[CONDUCT], sub[HYPERACTIVITY], sub[PEER]),
        externalising=_sum_or_none(sub[CONDUCT], sub[HYPERACTIVITY]),
        internalising=_sum_or_none(sub[EMOTIONAL], sub[PEER]),
        impact=impact_score(informant, difficulties, impact_areas or {}),
    )


def scores_from_scales(scales: Mapping[str, int | None]) -> Scores:
    """Every score of a form of which only the five scales' scores (and perhaps impact) were
    kept: the sums are computed from them as from answered items."""
    sub = {scale: scales.get(scale) for scale in SUBSCALE_ITEMS}
    return Scores(
        **sub,
        total=_sum_or_none(sub[EMOTIONAL], sub[CONDUCT], sub[HYPERACTIVITY], sub[PEER]),
        externalising=_sum_or_none(sub[CONDUCT], sub[HYPERACTIVITY]),
        internalising=_sum_or_none(sub[EMOTIONAL], sub[PEER]),
        impact=scales.get(IMPACT),
    )


@dataclass(frozen=True)
class Cutoff:
    """One band of one scale: scores from `lowest` to `highest`, both included."""

    band: str
    lowest: int
    highest: int
    informant: str = ""
    version: str = ""
    scale: str = ""
    sex: str = ""  # "" = any sex
    age_from_months: int | None = None
    age_to_months: int | None = None


def band(score: int | None, cutoffs: Iterable) -> str | None:
    """The band `score` falls in, or None when it is missing or no cut-off covers it."""
    if score is None:
        return None
    for cutoff in cutoffs:
        if cutoff.lowest <= score <= cutoff.highest:
            return cutoff.band
    return None


def cutoffs_for(
    cutoffs: Iterable, *, informant: str, version: str, scale: str, sex: str = "", age_months: int | None = None
) -> list:
    """The cut-offs of one norm set that apply to one scale of one measurement.

    A norm set may have sex- and age-specific rows. Sex-specific rows apply when the sex is
    known and the set has rows for it; otherwise the sex-agnostic rows apply. Age ranges are
    in months, both ends included; a row without a range applies at any age.
    """

    def applies(cutoff) -> bool:
        if (cutoff.informant, cutoff.version, cutoff.scale) != (informant, version, scale):
            return False
        if age_months is not None:
            if cutoff.age_from_months is not None and age_months < cutoff.age_from_months:
                return False
            if cutoff.age_to_months is not None and age_months > cutoff.age_to_months:
                return False
        elif cutoff.age_from_months is not None or cutoff.age_to_months is not None:
            return False
        return True

    matching = [cutoff for cutoff in cutoffs if applies(cutoff)]
    if sex:
        own_sex = [cutoff for cutoff in matching if cutoff.sex == sex]
        if own_sex:
            return own_sex
    return [cutoff for cutoff in matching if not cutoff.sex]
