"""The version of the municipality's model a course runs under: the one in force on its start
date (before the start, today's), read once per course and, for lists and the reminder job,
once per page or run (never one look-up per row)."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from hjemmepaed.variants.models import Variant
from hjemmepaed.variants.presets import NATIONAL
from hjemmepaed.variants.selectors import variant_for_start

CACHE = "_variant"


def course_variant(course, *, start_date: date | None = None) -> Variant:
    """The course's version of the model; `start_date` for a course about to start on it."""
    if start_date is not None:
        return variant_for_start(municipality=course.municipality, start_date=start_date)
    if CACHE not in course.__dict__:
        course.__dict__[CACHE] = variant_for_start(municipality=course.municipality, start_date=course.start_date)
    return course.__dict__[CACHE]


def versions_by_municipality(*, municipality_ids: Iterable[int] | None = None) -> dict[int, list[Variant]]:
    """Every version of the given municipalities' models (all when None), newest first, in one query."""
    versions = Variant.objects.select_related("municipality").order_by("municipality_id", "-valid_from")
    if municipality_ids is not None:
        versions = versions.filter(municipality_id__in=set(municipality_ids))
    grouped = defaultdict(list)
    for version in versions:
        grouped[version.municipality_id].append(version)
    return grouped


def version_on(versions: dict[int, list[Variant]], *, municipality_id: int, on: date) -> Variant:
    """From `versions_by_municipality`: the version in force on `on`, else the national model."""
    in_force = next((v for v in versions.get(municipality_id, ()) if v.valid_from <= on), None)
    return in_force or Variant(municipality_id=municipality_id, valid_from=date.min, **NATIONAL)


def variants_attach(courses: Iterable, *, today: date | None = None) -> None:
    """Give each course its version in one query for all their municipalities (a page of a list)."""
    courses = [course for course in courses if CACHE not in course.__dict__]
    if not courses:
        return
    today = today or timezone.localdate()
    versions = versions_by_municipality(municipality_ids={course.municipality_id for course in courses})
    national = {}  # one national model per municipality without versions, not one per row
    for course in courses:
        if course.municipality_id in versions:
            variant = version_on(versions, municipality_id=course.municipality_id, on=course.start_date or today)
        else:
            variant = national.setdefault(
                course.municipality_id, version_on(versions, municipality_id=course.municipality_id, on=today)
            )
        course.__dict__[CACHE] = variant
