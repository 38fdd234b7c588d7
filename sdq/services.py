"""Writes of SDQ measurements, of norm sets loaded from CSV and of a municipality's norm-set choice.

Scores are computed here from the answers (`sdq/scoring.py`), never typed, and re-computed on
every edit. The course row is locked first, so two people typing the same form at once get the
uniqueness refusal rather than a database error.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.models import Course
from courses.rules import age_in_months
from courses.services import course_lock
from families.models import Child, ConsentScope
from families.services import consent_require
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User
from sdq import scoring
from sdq.access import (
    MEASURABLE_PHASES,
    measurement_write_check,
    norm_set_choose_check,
    norm_set_import_check,
    norm_set_visibility,
)
from sdq.models import (
    IMPACT_AREA_FIELDS,
    ITEM_FIELDS,
    PARENT_ONLY_IMPACT_FIELDS,
    SCORE_FIELDS,
    Informant,
    Measurement,
    MunicipalityNormChoice,
    NormCutoff,
    NormSet,
    Scale,
    Timing,
    Version,
)
from sdq.norm_csv import NormCsvError, norm_csv_read
from sdq.selectors import band_label

YOUNGEST_MONTHS = 24  # the SDQ has no version below 2 years
VERSION_4_17_FROM_MONTHS = 48


@dataclass(frozen=True)
class Answers:
    """What the paper form says: the 25 boxes and the impact supplement (None: not answered)."""

    items: dict[int, int | None]
    impact: dict[str, int | None] = field(default_factory=dict)  # model field name -> box 0–3


def version_for_age(age_months: int) -> str:
    """The SDQ version for a child's age on the measurement date."""
    return Version.AGE_2_4 if age_months < VERSION_4_17_FROM_MONTHS else Version.AGE_4_17


def _age_months_check(*, child: Child, measured_on: date) -> int:
    if child.birth_date is None or child.birth_date > measured_on:
        raise DomainError(_("%(name)s is not born on the measurement date.") % {"name": child.name}, field="child")
    months = age_in_months(child.birth_date, measured_on)
    if months < YOUNGEST_MONTHS:
        raise DomainError(
            _(
                "The SDQ is for children from 2 years (24 months); there is no version for younger "
                "children. %(name)s is %(months)s months old on %(date)s."
            )
            % {"name": child.name, "months": months, "date": date_format(measured_on, "SHORT_DATE_FORMAT")},
            field="child",
        )
    return months


def _answers_check(*, informant: str, answers: Answers) -> None:
    if set(answers.items) - set(scoring.ITEMS):
        raise DomainError(_("The SDQ has items 1 to 25."))
    for number, answer in answers.items.items():
        if answer is not None and answer not in scoring.ANSWERS:
            raise DomainError(_("Item %(number)s is answered 0, 1 or 2.") % {"number": number}, field=f"item_{number}")
    if all(answer is None for answer in answers.items.values()):
        raise DomainError(_("Type the answers from the paper form: no item is answered."))
    for name, answer in answers.impact.items():
        if answer is not None and answer not in (0, 1, 2, 3):
            raise DomainError(_("Choose one of the four boxes."), field=name)
    if informant == Informant.STAFF:
        for name in PARENT_ONLY_IMPACT_FIELDS:
            if answers.impact.get(name) is not None:
                raise DomainError(
                    _("The daycare staff's form has no question about home life or leisure activities."), field=name
                )


def _measurement_check(
    *,
    acting_user: User,
    course: Course,
    child: Child,
    timing: str,
    informant: str,
    measured_on: date,
    answers: Answers,
    exclude_pk: int | None = None,
) -> int:
    """Every rule of a measurement; returns the child's age in months on the date."""
    measurement_write_check(acting_user=acting_user, course=course)
    if course.phase not in MEASURABLE_PHASES:
        raise DomainError(_("SDQ measurements are recorded on a started or closed course."))
    if child.family_id != course.family_id:
        raise DomainError(_("The child does not belong to the course's family."), field="child")
    if timing not in Timing.values:
        raise DomainError(_("Choose start or end of the course."), field="timing")
    if informant not in Informant.values:
        raise DomainError(_("Choose who filled in the form."), field="informant")
    if measured_on > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field="measured_on")
    months = _age_months_check(child=child, measured_on=measured_on)
    if informant == Informant.STAFF:  # the daycare is asked about the child: information is shared
        consent_require(
            family=course.family,
            scope=ConsentScope.SHARE_WITH_DAYCARE,
            on=measured_on,
            action=_("An SDQ filled in by the daycare staff"),
            field="informant",
        )
    _answers_check(informant=informant, answers=answers)
    duplicates = Measurement.objects.filter(course=course, child=child, timing=timing, informant=informant)
    if exclude_pk is not None:
        duplicates = duplicates.exclude(pk=exclude_pk)
    if duplicates.exists():
        raise _duplicate_error(child=child, timing=timing, informant=informant)
    return months


def _duplicate_error(*, child: Child, timing: str, informant: str) -> DomainError:
    return DomainError(
        _("%(name)s already has an SDQ from %(informant)s at %(timing)s. Edit that measurement instead.")
        % {"name": child.name, "informant": Informant(informant).label.lower(), "timing": Timing(timing).label.lower()},
        field="timing",
    )


def _apply(*, measurement: Measurement, answers: Answers) -> list[str]:
    """Set answers and computed scores on the row; returns the fields set."""
    items = {n: answers.items.get(n) for n in scoring.ITEMS}
    for n, answer in items.items():
        setattr(measurement, f"item_{n}", answer)
    impact = {
        name: answers.impact.get(name)
        for name in ("impact_difficulties", "impact_duration", *IMPACT_AREA_FIELDS.values(), "impact_burden")
    }
    for name, answer in impact.items():
        setattr(measurement, name, answer)
    scores = scoring.score(
        items=items,
        informant=measurement.informant,
        difficulties=impact["impact_difficulties"],
        impact_areas={area: impact[name] for area, name in IMPACT_AREA_FIELDS.items()},
    )
    for scale, value in scores.as_dict().items():
        setattr(measurement, SCORE_FIELDS[scale], value)
    return [*ITEM_FIELDS, *impact, *SCORE_FIELDS.values()]


def _audit(*, acting_user: User, measurement: Measurement, action: str) -> None:
    audit_event_record(
        actor=acting_user,
        action=action,
        object_type="sdq_measurement",
        object_id=measurement.pk,
        subject=measurement.child,
        municipality=measurement.course.municipality,
    )


@transaction.atomic
def measurement_record(
    *,
    acting_user: User,
    course: Course,
    child: Child,
    timing: str,
    informant: str,
    measured_on: date,
    answers: Answers,
) -> Measurement:
    """Record one informant's SDQ about one child at the start or the end of the course."""
    course = course_lock(course=course)
    months = _measurement_check(
        acting_user=acting_user,
        course=course,
        child=child,
        timing=timing,
        informant=informant,
        measured_on=measured_on,
        answers=answers,
    )
    measurement = Measurement(
        course=course,
        child=child,
        timing=timing,
        informant=informant,
        measured_on=measured_on,
        age_months=months,
        version=version_for_age(months),
        recorded_by=acting_user,
        updated_by=acting_user,
    )
    _apply(measurement=measurement, answers=answers)
    try:
        with transaction.atomic():
            measurement.save()
    except IntegrityError:  # the constraint, should a row slip past the check
        raise _duplicate_error(child=child, timing=timing, informant=informant) from None
    _audit(acting_user=acting_user, measurement=measurement, action=Action.CREATE)
    return measurement


@transaction.atomic
def measurement_update(
    *,
    acting_user: User,
    measurement: Measurement,
    child: Child,
    timing: str,
    informant: str,
    measured_on: date,
    answers: Answers,
) -> Measurement:
    """Correct a measurement; its scores are computed again from the answers."""
    course = course_lock(course=measurement.course)
    measurement = Measurement.objects.select_for_update().get(pk=measurement.pk)
    if measurement.scores_only:  # no answers to correct: the scores are the sheet's
        raise DomainError(_("Only the scores of this SDQ were kept, so it cannot be edited."))
    months = _measurement_check(
        acting_user=acting_user,
        course=course,
        child=child,
        timing=timing,
        informant=informant,
        measured_on=measured_on,
        answers=answers,
        exclude_pk=measurement.pk,
    )
    measurement.child = child
    measurement.timing = timing
    measurement.informant = informant
    measurement.measured_on = measured_on
    measurement.age_months = months
    measurement.version = version_for_age(months)
    measurement.updated_by = acting_user
    measurement.updated_at = timezone.now()
    changed = _apply(measurement=measurement, answers=answers)
    measurement.save(
        update_fields=[
            "child",
            "timing",
            "informant",
            "measured_on",
            "age_months",
            "version",
            "updated_by",
            "updated_at",
            *changed,
        ]
    )
    _audit(acting_user=acting_user, measurement=measurement, action=Action.UPDATE)
    return measurement


@dataclass(frozen=True)
class ImportedMeasurement:
    """One SDQ from a sheet: its answers, or only the kept scores (five scales, perhaps impact)."""

    course: Course
    child: Child
    timing: str
    informant: str
    measured_on: date
    answers: Answers | None = None
    scales: dict[str, int | None] | None = None


@transaction.atomic
def measurement_import_create(*, acting_user: User, measurements: list[ImportedMeasurement]) -> list[Measurement]:
    """Historical measurements of the coordinator's courses, scored as `measurement_record` scores
    them, or marked as scores only; in bulk, inside the sheet import, which checked the rows and
    whose one event covers them (the daycare's consent was given outside the app, before it)."""
    rows = []
    for row in measurements:
        if row.course.municipality_id != acting_user.municipality_id or row.child.family_id != row.course.family_id:
            raise DomainError(_("The child does not belong to the course's family."))
        if (row.answers is None) == (row.scales is None):
            raise DomainError(_("An SDQ has either the answers or only the scores."))
        months = _age_months_check(child=row.child, measured_on=row.measured_on)
        measurement = Measurement(
            course=row.course,
            child=row.child,
            timing=row.timing,
            informant=row.informant,
            measured_on=row.measured_on,
            age_months=months,
            version=version_for_age(months),
            scores_only=row.scales is not None,
            recorded_by=acting_user,
            updated_by=acting_user,
        )
        if row.answers is not None:
            _answers_check(informant=row.informant, answers=row.answers)
            _apply(measurement=measurement, answers=row.answers)
        else:
            for scale, value in scoring.scores_from_scales(row.scales).as_dict().items():
                setattr(measurement, SCORE_FIELDS[scale], value)
        rows.append(measurement)
    return Measurement.objects.bulk_create(rows)


@transaction.atomic
def municipality_norm_set_choose(
    *,
    acting_user: User,
    norm_set: NormSet,
) -> MunicipalityNormChoice:
    """A coordinator chooses the norm set her municipality's SDQ scores are banded with."""
    norm_set_choose_check(acting_user=acting_user)
    if not NormSet.objects.filter(norm_set_visibility(user=acting_user), pk=norm_set.pk).exists():
        raise DomainError(_("That norm set was loaded by another municipality."), field="norm_set")
    choice, _created = MunicipalityNormChoice.objects.select_for_update().update_or_create(
        municipality_id=acting_user.municipality_id,
        defaults={"norm_set": norm_set, "chosen_by": acting_user, "chosen_at": timezone.now()},
    )
    audit_event_record(
        actor=acting_user,
        action=Action.UPDATE,
        object_type="sdq_norm_choice",
        object_id=choice.pk,
        criterion=f"norm set {norm_set.pk}",
    )
    return choice


NORM_SET_SOURCE_MAX = 2000


def _norm_csv_labels() -> dict:
    """The Danish names of scales and bands for the CSV reader's messages."""
    return {
        "scales": {scale: str(Scale(scale).label) for scale in scoring.SCALES},
        "bands": {scale: {band: band_label(scale, band) for band in scoring.BANDS} for scale in scoring.SCALES},
    }


@transaction.atomic
def norm_set_import(*, acting_user: User, name: str, source: str, content: bytes) -> NormSet:
    """A norm set from a CSV file (`sdq/norm_csv.py`): all its cut-offs or none. A coordinator's
    set is her municipality's (licensed norms stay there); the administrator's is for everyone."""
    norm_set_import_check(acting_user=acting_user)
    name, source = name.strip(), source.strip()
    if not name:
        raise DomainError(_("Give the norm set a name."), field="name")
    if len(name) > NormSet._meta.get_field("name").max_length:
        raise DomainError(_("The name is at most 150 characters."), field="name")
    if not source:
        raise DomainError(_("Write where the norms are published, e.g. the article and its table."), field="source")
    if len(source) > NORM_SET_SOURCE_MAX:
        raise DomainError(_("The source is at most 2,000 characters."), field="source")
    if NormSet.objects.filter(name__iexact=name).exists():
        raise DomainError(_("A norm set with that name exists already: choose another name."), field="name")
    try:
        rows = norm_csv_read(content, labels=_norm_csv_labels())
    except NormCsvError as error:
        raise DomainError(error.message, field="file") from None
    try:
        with transaction.atomic():
            norm_set = NormSet.objects.create(
                name=name,
                source=source,
                municipality_id=None if acting_user.is_administrator else acting_user.municipality_id,
                created_by=acting_user,
            )
    except IntegrityError:  # the same name loaded at the same moment
        raise DomainError(_("A norm set with that name exists already: choose another name."), field="name") from None
    NormCutoff.objects.bulk_create(NormCutoff(norm_set=norm_set, **row.__dict__) for row in rows)
    audit_event_record(
        actor=acting_user,
        action=Action.CREATE,
        object_type="sdq_norm_set",
        object_id=norm_set.pk,
        criterion=f"{len(rows)} cut-offs",
    )
    return norm_set
