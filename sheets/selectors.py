"""Reads for the registration sheet: the gate of an uploaded sheet, the export's one query, and
what the imports compare a sheet's rows with."""

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Course, CourseSource, VisitStatus
from families.models import Child
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Municipality, User
from sdq.access import MEASURABLE_PHASES
from sdq.models import Measurement
from sheets.columns import SDQ_IMPACT_COLUMNS, SDQ_ITEM_COLUMNS, SDQ_SCALE_COLUMNS, SHEET_UPLOAD_HOURS, CourseValues
from sheets.models import EndReasonAlias, SheetUpload, UploadStatus
from sheets.sdq_rows import SdqCourse
from surveys.models import NATIONAL, Questionnaire, Response
from surveys.services import ImportedResponse


def sheet_upload_get_for_user_or_404(*, user: User, pk: int) -> SheetUpload:
    """Only the coordinator who uploaded a sheet sees it, and only while it is kept."""
    if not user.is_authenticated or not user.is_active or not user.is_coordinator:
        uploads = SheetUpload.objects.none()
    else:
        uploads = SheetUpload.objects.filter(
            uploaded_by=user,
            municipality_id=user.municipality_id,
            created_at__gte=timezone.now() - timedelta(hours=SHEET_UPLOAD_HOURS),
        )
    return get_object_or_404(uploads, pk=pk)


def upload_progress_key(upload_id: int) -> str:
    return f"sheets:upload-progress:{upload_id}"


def sheet_upload_progress(*, upload: SheetUpload) -> tuple[int, int | None]:
    """(rows done, rows in all) of the task at work on `upload`: the rows checked of the sheet's
    rows, or the rows imported of those to import. The check writes its progress to the upload;
    the import, whose transaction hides its writes until it commits, to the cache."""
    if upload.status == UploadStatus.IMPORTING:
        kept = cache.get(upload_progress_key(upload.pk))
        if kept is not None:
            return kept[0], kept[1]
    return upload.rows_done, upload.rows_total


def course_sheet_queryset(*, municipality) -> QuerySet[Course]:
    """Every course of the municipality with a start date, imported or logged in the app, with
    the sheet's values in one query: held visits counted and summed, the recruiter, the closure
    answers and the first child's birth month and sex."""
    first_child = Child.objects.filter(family_id=OuterRef("family_id"), birth_date__isnull=False).order_by("pk")
    held = Q(visits__status=VisitStatus.HELD)
    return (
        Course.objects.filter(municipality=municipality, start_date__isnull=False)
        .annotate(
            held_visits=Count("visits", filter=held),
            held_minutes=Sum("visits__duration_minutes", filter=held),
            referral_recruited_by=F("referral__recruited_by"),
            closure_goals_reached=F("closure__goals_reached_answer"),
            closure_child_developed=F("closure__child_developed_answer"),
            first_birth_date=Subquery(first_child.values("birth_date")[:1]),
            first_child_sex=Subquery(first_child.values("sex")[:1]),
        )
        .order_by("start_date", "pk")
    )


def course_sheet_id(course: Course) -> str:
    """The course's `Forløbs-id`: the sheet's own id for an imported course, the course number
    for one logged in the app."""
    return course.external_id or str(course.pk)


def course_values(course: Course) -> CourseValues:
    """`course` must come from `course_sheet_queryset`."""
    imported = course.source == CourseSource.IMPORT
    birth = course.imported_child_birth_month if imported else course.first_birth_date
    return CourseValues(
        course_id=course_sheet_id(course),
        visitation_date=course.visitation_date,
        start_date=course.start_date,
        end_date=course.end_date,
        recruited_by=(course.imported_recruited_by if imported else course.referral_recruited_by) or "",
        visit_count=course.imported_visit_count if imported else course.held_visits,
        visit_minutes=course.imported_visit_minutes if imported else (course.held_minutes or 0),
        goals_reached_answer=course.closure_goals_reached or "",
        child_developed_answer=course.closure_child_developed or "",
        end_reason=course.end_reason,
        birth_month=birth.replace(day=1) if birth else None,
        # The words of an imported course's sheet; a course logged in the app keeps its note
        # (which managers do not read) out of the sheet.
        end_reason_detail=course.end_reason_detail if imported else "",
        # An imported course's child is recorded only with its birth month (`family_import_create`).
        child_sex=(course.first_child_sex or "") if birth else "",
    )


def course_sheet_rows(*, municipality) -> list[CourseValues]:
    return [course_values(course) for course in course_sheet_queryset(municipality=municipality)]


def municipality_keys() -> dict[str, Municipality]:
    """Every municipality by its code and by its lower-cased name, as a sheet may name it."""
    keys = {}
    for municipality in Municipality.objects.all():
        keys[municipality.code] = municipality
        keys[municipality.name.casefold()] = municipality
    return keys


EXISTING_SLICE = 500


def courses_existing(*, municipality, ids) -> tuple[dict[str, CourseValues], dict[str, CourseValues]]:
    """The sheet values of the municipality's imported courses whose id is one of `ids`, and of
    its courses logged in the app whose number is one of them.

    A sheet's ids are mostly new: one narrow query finds which are taken, and only those courses
    are read with their sheet values (in slices, so no query has more than a few hundred
    parameters)."""
    wanted = set(ids)
    taken = [
        pk
        for pk, source, external_id in Course.objects.filter(municipality=municipality, start_date__isnull=False)
        .values_list("pk", "source", "external_id")
        .iterator(chunk_size=5000)
        if (external_id if source == CourseSource.IMPORT else str(pk)) in wanted
    ]
    imported, logged = {}, {}
    for start in range(0, len(taken), EXISTING_SLICE):
        courses = course_sheet_queryset(municipality=municipality).filter(pk__in=taken[start : start + EXISTING_SLICE])
        for course in courses:
            if course.source == CourseSource.IMPORT:
                imported[course.external_id] = course_values(course)
            else:
                logged[str(course.pk)] = course_values(course)
    return imported, logged


def course_ids(*, municipality) -> dict[str, int]:
    """Course ids as the sheets give them: an imported course's id, else the course number."""
    ids = {}
    for pk, external_id in Course.objects.filter(municipality=municipality).values_list("pk", "external_id"):
        ids.setdefault(external_id or str(pk), pk)
    return ids


def shipped_questionnaire(*, key: str) -> Questionnaire:
    """The latest active version of a questionnaire the app ships (the national one, Ishøj's)."""
    questionnaire = (
        Questionnaire.objects.filter(key=key, municipality__isnull=True, is_active=True).order_by("-version").first()
    )
    if questionnaire is None:
        if key == NATIONAL:
            raise DomainError(_("The national questionnaire is not installed."))
        raise DomainError(_("The Ishøj questionnaire is not installed."))
    return questionnaire


def responses_existing(*, municipality, questionnaire, ids) -> dict[str, ImportedResponse]:
    """The municipality's imported responses with one of `ids`, as the import reads a row."""
    responses = (
        Response.objects.filter(municipality=municipality, questionnaire=questionnaire, external_id__in=ids)
        .exclude(external_id="")
        .prefetch_related("answers__question")
    )
    return {
        response.external_id: ImportedResponse(
            external_id=response.external_id,
            submitted_at=response.submitted_at,
            course_id=response.course_id,
            children=response.children,
            answers=frozenset((a.question.number, a.child, a.choice, a.number) for a in response.answers.all()),
        )
        for response in responses
    }


def end_reason_aliases(*, municipality) -> dict[str, str]:
    """The municipality's own words for end reasons (normalised) to the end reason."""
    return dict(EndReasonAlias.objects.filter(municipality=municipality).values_list("text", "end_reason"))


def end_reason_alias_get_for_user_or_404(*, user: User, pk: int) -> EndReasonAlias:
    """Words of the coordinator's own municipality; another municipality's answer 404 like
    missing ones."""
    if not user.is_authenticated or not user.is_active or not user.is_coordinator:
        aliases = EndReasonAlias.objects.none()
    else:
        aliases = EndReasonAlias.objects.filter(municipality_id=user.municipality_id)
    return get_object_or_404(aliases, pk=pk)


def end_reason_alias_list(*, municipality) -> QuerySet[EndReasonAlias]:
    return EndReasonAlias.objects.filter(municipality=municipality).order_by("text")


def sdq_courses(*, municipality) -> dict[str, SdqCourse]:
    """The municipality's courses by their id in the sheets, with their children, for an SDQ sheet."""
    courses = Course.objects.filter(municipality=municipality).prefetch_related("family__children")
    found = {}
    for course in courses.order_by("pk"):
        sdq_course = SdqCourse(
            course=course,
            measurable=course.phase in MEASURABLE_PHASES,
            children=tuple(course.family.children.all()),
        )
        found.setdefault(course_sheet_id(course), sdq_course)
    return found


def _answers_of(measurement: Measurement, fields) -> tuple | None:
    values = tuple(getattr(measurement, field) for field in fields)
    return None if all(value is None for value in values) else values


def sdq_measurements_existing(*, municipality) -> dict[tuple, tuple]:
    """The municipality's SDQ measurements by (course, child, timing, informant), as
    `sdq_rows.SdqValues.compared` holds a sheet's row."""
    existing = {}
    for measurement in Measurement.objects.filter(course__municipality=municipality):
        if measurement.scores_only:
            items, impact = None, None
            scales = tuple(getattr(measurement, f"score_{scale}") for scale in SDQ_SCALE_COLUMNS)
        else:
            items = _answers_of(measurement, [f"item_{number}" for number in SDQ_ITEM_COLUMNS])
            impact = _answers_of(measurement, SDQ_IMPACT_COLUMNS)
            scales = None
        key = (measurement.course_id, measurement.child_id, measurement.timing, measurement.informant)
        existing[key] = (measurement.measured_on, items, impact, scales)
    return existing
