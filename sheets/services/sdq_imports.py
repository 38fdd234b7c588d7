"""Importing historical SDQ measurements from a sheet: checked whole, written all or nothing by
the sdq app's service, idempotent as the other imports (a measurement already there with the
same values is unchanged; with other values it is an error)."""

from functools import partial

from django.utils import timezone
from django.utils.translation import gettext as _

from hjemmepaed.organisation.models import User
from sdq.services import Answers, ImportedMeasurement, measurement_import_create
from sheets import selectors
from sheets.access import sheet_import_check
from sheets.columns import COURSE_ID, SDQ_COLUMNS, SDQ_IMPACT_COLUMNS, SDQ_OPTIONAL_COLUMNS, SDQ_SCALE_COLUMNS
from sheets.rows import ImportResult
from sheets.sdq_rows import SdqReaders, SdqValues, sdq_row_read
from sheets.services.imports import Progress, _header_read, _import_finish, _rows_read, _table, _writing


def _imported(values: SdqValues) -> ImportedMeasurement:
    common = {
        "course": values.course,
        "child": values.child,
        "timing": values.timing,
        "informant": values.informant,
        "measured_on": values.measured_on,
    }
    if values.scales is not None:
        return ImportedMeasurement(**common, scales=dict(zip(SDQ_SCALE_COLUMNS, values.scales, strict=True)))
    impact = dict(zip(SDQ_IMPACT_COLUMNS, values.impact, strict=True)) if values.impact else {}
    items = dict(enumerate(values.items, start=1))
    return ImportedMeasurement(**common, answers=Answers(items=items, impact=impact))


def sdq_sheet_import(
    *,
    acting_user: User,
    content: bytes,
    dry_run: bool,
    progress: Progress | None = None,
) -> ImportResult:
    """Historical SDQ measurements, one row per course, child, timing and informant: the answers,
    scored as a measurement typed in the app is, or only the kept scores (marked so)."""
    with _writing(dry_run):
        return _sdq_sheet_import(acting_user=acting_user, content=content, dry_run=dry_run, progress=progress)


def _sdq_sheet_import(*, acting_user, content, dry_run, progress) -> ImportResult:
    sheet_import_check(acting_user=acting_user)
    table = _table(content)
    problems, columns = _header_read(table, SDQ_COLUMNS, SDQ_OPTIONAL_COLUMNS)
    if problems:
        return ImportResult(problems=problems.messages)
    read_row = partial(
        sdq_row_read,
        acting_user=acting_user,
        municipalities=selectors.municipality_keys(),
        courses=selectors.sdq_courses(municipality=acting_user.municipality),
        today=timezone.localdate(),
        readers=SdqReaders(),
    )
    parsed = _rows_read(problems, table, columns, read_row, progress)
    existing = selectors.sdq_measurements_existing(municipality=acting_user.municipality)
    to_create, unchanged = [], 0
    for number, values in parsed:
        found = existing.get(values.key)
        if found is None:
            to_create.append(values)
        elif found == values.compared:
            unchanged += 1
        else:
            problems.add(
                number,
                COURSE_ID,
                _(
                    "The child already has an SDQ from this informant at this timing, with other values. A sheet "
                    "never overwrites a measurement: correct the row, or remove it."
                ),
            )
    return _import_finish(
        acting_user=acting_user,
        problems=problems,
        to_create=to_create,
        unchanged=unchanged,
        dry_run=dry_run,
        create=lambda: measurement_import_create(
            acting_user=acting_user, measurements=[_imported(values) for values in to_create]
        ),
        object_type="sdq_sheet",
    )
