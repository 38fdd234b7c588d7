"""Reads of SDQ measurements: through the course gate, with scores banded by the norm set the
course's municipality chose (or the default set), and aggregates for reports."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from courses.selectors import course_get_for_user_or_404
from hjemmepaed.organisation.models import User
from sdq import scoring
from sdq.access import norm_set_visibility
from sdq.models import Band, Measurement, MunicipalityNormChoice, NormSet, Scale, Timing

NO_SCORE = "missing"
NO_NORM = "no_norm"


def measurement_get_for_user_or_404(*, user: User, course_pk: int, pk: int) -> Measurement:
    """A measurement of a course the user may see; anything else answers 404."""
    course = course_get_for_user_or_404(user=user, pk=course_pk)
    return get_object_or_404(course.sdq_measurements.select_related("course__family", "child"), pk=pk)


def norm_set_list_visible_to(*, user: User) -> QuerySet[NormSet]:
    """The shared norm sets and those the user's municipality loaded (`access.norm_set_visibility`)."""
    return NormSet.objects.filter(norm_set_visibility(user=user))


def norm_set_for_municipality(*, municipality_id: int) -> NormSet | None:
    """The municipality's chosen norm set, else the default set (None only if there is none)."""
    choice = MunicipalityNormChoice.objects.select_related("norm_set").filter(municipality_id=municipality_id).first()
    if choice is not None:
        return choice.norm_set
    return NormSet.objects.filter(is_default=True).first()


def norm_sets_for_municipalities(*, municipality_ids) -> dict[int, NormSet | None]:
    """`norm_set_for_municipality` for many municipalities in two queries (a report's)."""
    chosen = {
        choice.municipality_id: choice.norm_set
        for choice in MunicipalityNormChoice.objects.select_related("norm_set").filter(
            municipality_id__in=list(municipality_ids)
        )
    }
    default = None
    if len(chosen) < len(set(municipality_ids)):
        default = NormSet.objects.filter(is_default=True).first()
    return {municipality_id: chosen.get(municipality_id, default) for municipality_id in municipality_ids}


def band_label(scale: str, band: str | None) -> str:
    """The band's Danish name; for prosocial a low score is the concern, so its words differ."""
    if band is None:
        return ""
    if scale in scoring.LOW_IS_CONCERN:
        return {
            Band.CLOSE_TO_AVERAGE: _("Close to average"),
            Band.SLIGHTLY_RAISED: _("Slightly lowered"),
            Band.HIGH: _("Low"),
            Band.VERY_HIGH: _("Very low"),
        }[band]
    return Band(band).label


@dataclass(frozen=True)
class ScaleResult:
    scale: str
    label: str
    score: int | None
    band: str | None  # a Band value, or None: no score or no norm
    band_label: str  # the band, or why there is none

    @property
    def level(self) -> int | None:
        """0–3 for the four bands, for styling and counting."""
        return scoring.BANDS.index(self.band) if self.band else None


@dataclass(frozen=True)
class MeasurementResult:
    measurement: Measurement
    norm_set: NormSet | None
    scales: list[ScaleResult]
    has_norm: bool  # the norm set has cut-offs for this informant and version


def _results(measurement: Measurement, norm_set: NormSet | None, cutoffs: list, sex: str) -> MeasurementResult:
    """Bands by the set's rows for the child's sex where it has them (the sex recorded), else its
    rows for any sex (`scoring.cutoffs_for`)."""
    scales, has_norm = [], False
    scores = measurement.scores()
    for scale in scoring.SCALES:
        score = scores[scale]
        rows = scoring.cutoffs_for(
            cutoffs,
            informant=measurement.informant,
            version=measurement.version,
            scale=scale,
            sex=sex,
            age_months=measurement.age_months,
        )
        has_norm = has_norm or bool(rows)
        band = scoring.band(score, rows)
        if score is None:
            label = _("No score (too few items answered)") if scale != scoring.IMPACT else _("No score")
        elif not rows:
            label = _("No norm in the chosen norm set")
        else:
            label = band_label(scale, band) if band else _("Outside the norm set's ranges")
        scales.append(ScaleResult(scale=scale, label=Scale(scale).label, score=score, band=band, band_label=label))
    return MeasurementResult(measurement=measurement, norm_set=norm_set, scales=scales, has_norm=has_norm)


def _cutoffs(norm_set: NormSet | None) -> list:
    return list(norm_set.cutoffs.all()) if norm_set is not None else []


def measurement_results(*, measurement: Measurement, norm_set: NormSet | None = None) -> MeasurementResult:
    """One measurement's scores with bands by the municipality's norm set (or `norm_set`)."""
    if norm_set is None:
        norm_set = norm_set_for_municipality(municipality_id=measurement.course.municipality_id)
    return _results(measurement, norm_set, _cutoffs(norm_set), measurement.child.sex)


@dataclass(frozen=True)
class CourseSdq:
    results: list[MeasurementResult]
    norm_set: NormSet | None


def course_sdq(*, course) -> CourseSdq:
    """The course page's SDQ section, in a fixed number of queries."""
    norm_set = norm_set_for_municipality(municipality_id=course.municipality_id)
    cutoffs = _cutoffs(norm_set)
    measurements = course.sdq_measurements.select_related("child", "course").order_by(
        "child__birth_date", "child_id", "-timing", "informant"
    )
    return CourseSdq(
        results=[_results(m, norm_set, cutoffs, m.child.sex) for m in measurements],
        norm_set=norm_set,
    )


def band_counts(*, measurements: QuerySet[Measurement], norm_set: NormSet | None) -> dict:
    """Counts per band at start and end per informant (like Ishøj's Tabel 2–3).

    Returns {(timing, informant, scale): Counter({band or "missing" or "no_norm": count})}.
    """
    cutoffs = _cutoffs(norm_set)
    counts: dict = defaultdict(Counter)
    # The child's sex only, never her row: reports read no names.
    for measurement in measurements.annotate(child_sex=F("child__sex")).order_by("pk"):
        for result in _results(measurement, norm_set, cutoffs, measurement.child_sex).scales:
            if result.score is None:
                key = NO_SCORE
            elif result.band is None:
                key = NO_NORM
            else:
                key = result.band
            counts[(measurement.timing, measurement.informant, result.scale)][key] += 1
    return dict(counts)


@dataclass(frozen=True)
class ChildChange:
    """One child's change on one scale from the start to the end measurement by one informant."""

    course_id: int
    child_id: int
    informant: str
    scale: str
    start: int | None
    end: int | None

    @property
    def change(self) -> int | None:
        return None if self.start is None or self.end is None else self.end - self.start


def child_changes(*, measurements: QuerySet[Measurement]) -> list[ChildChange]:
    """Per child, informant and scale: start score, end score and change (like Tabel 4–5).

    Only children with both a start and an end measurement by the same informant appear.
    """
    pairs: dict = defaultdict(dict)
    for m in measurements.order_by("course_id", "child_id", "informant", "pk"):
        pairs[(m.course_id, m.child_id, m.informant)][m.timing] = m
    changes = []
    for (course_id, child_id, informant), by_timing in pairs.items():
        if Timing.START not in by_timing or Timing.END not in by_timing:
            continue
        start, end = by_timing[Timing.START].scores(), by_timing[Timing.END].scores()
        changes.extend(
            ChildChange(
                course_id=course_id,
                child_id=child_id,
                informant=informant,
                scale=scale,
                start=start[scale],
                end=end[scale],
            )
            for scale in scoring.SCALES
        )
    return changes
