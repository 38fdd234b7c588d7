"""Importing historical courses and historical answers to the national and the Ishøj
questionnaires from a sheet.

Both imports check every row before writing anything and write all rows or none. A row whose id
is already in the municipality with the same values is unchanged; with other values it is an
error: a sheet never overwrites what is already there. So importing the same file twice changes
nothing. The rows are written by the services of the apps that own them (courses, surveys);
the import writes one audit event for all of them.
"""

from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.services import ImportedCourse, course_import_create
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User
from sheets import cells, selectors
from sheets.access import sheet_import_check
from sheets.answer_rows import ISHOEJ_SHEET, NATIONAL_SHEET, answer_readers, response_row_read
from sheets.cells import CourseReaders, SheetUnreadable
from sheets.columns import (
    ANSWER_COLUMNS,
    COURSE_COLUMNS,
    COURSE_ID,
    ISHOEJ_ANSWER_COLUMNS,
    OPTIONAL_COURSE_COLUMNS,
    RESPONSE_ID,
    CourseValues,
)
from sheets.rows import (
    CheckedRowsDamaged,
    ImportResult,
    Problems,
    checked_rows_dump,
    checked_rows_load,
    columns_find,
    course_flaws,
    course_row_read,
    rows_iter,
)
from surveys.models import ISHOEJ, NATIONAL
from surveys.services import response_import_create

# (rows checked, rows in all): the task that checks an upload shows it on the page.
Progress = Callable[[int, int], None]
PROGRESS_EVERY = 1000


def _table(content: bytes) -> list[list]:
    try:
        return cells.table_read(content)
    except SheetUnreadable as error:
        raise DomainError(str(error), field="file") from error


def _header_read(table, expected: list[str], optional=()) -> tuple[Problems, dict[str, int]]:
    problems = Problems()
    return problems, columns_find(table[0] if table else [], expected, problems, optional)


def _rows_read(problems: Problems, table, columns: dict[str, int], read_row, progress: Progress | None) -> list:
    """(row number, values) of each row without a problem; `read_row` records the problems."""
    seen, parsed, reported = {}, [], 0
    total = max(len(table) - 1, 0)
    for number, row in rows_iter(table, columns):
        values = read_row(problems, number, row, seen=seen)
        if values is not None:
            parsed.append((number, values))
        if progress is not None and number % PROGRESS_EVERY == 0:
            reported = number - 1
            progress(reported, total)
    if progress is not None and total and reported != total:
        progress(total, total)
    if not parsed and not problems:
        problems.add_row(2, _("The sheet has no rows below the headings."))
    return parsed


def _import_finish(
    *, acting_user, problems, to_create, unchanged, dry_run, create, object_type, flaws=None
) -> ImportResult:
    """The dry run's result, or (without problems) the rows written and one audit event for them."""
    result = ImportResult(problems=problems.messages, created=len(to_create), unchanged=unchanged, flaws=flaws or {})
    if problems or dry_run:
        return result
    create()
    audit_event_record(
        actor=acting_user,
        action=Action.CREATE,
        object_type=object_type,
        object_id=len(to_create),
        municipality=acting_user.municipality,
        criterion=f"{len(to_create)} created, {unchanged} unchanged",
    )
    result.imported = True
    return result


# ---------------------------------------------------------------------------------------------
# Courses


def _imported_course(values: CourseValues) -> ImportedCourse:
    return ImportedCourse(
        external_id=values.course_id,
        visitation_date=values.visitation_date,
        start_date=values.start_date,
        end_date=values.end_date,
        end_reason=values.end_reason,
        recruited_by=values.recruited_by,
        visit_count=values.visit_count,
        visit_minutes=values.visit_minutes,
        child_birth_month=values.birth_month,
        child_sex=values.child_sex,
        goals_reached_answer=values.goals_reached_answer,
        child_developed_answer=values.child_developed_answer,
        end_reason_detail=values.end_reason_detail,
    )


def _course_differs_message(values: CourseValues, *, logged_in_app: bool) -> str:
    if logged_in_app:
        return _(
            "%(id)s is the number of a course logged in the app, and the row differs from it. "
            "A sheet never changes a course logged in the app: remove the row."
        ) % {"id": values.course_id}
    return _(
        "A course with the id %(id)s already exists with other values. A sheet never overwrites "
        "a course: correct the row, or remove it."
    ) % {"id": values.course_id}


def _writing(dry_run: bool):
    """The import reads and writes in one transaction; a dry run writes nothing, so its progress
    (written by `progress`) is seen by the page while it runs."""
    return nullcontext() if dry_run else transaction.atomic()


def registration_sheet_import(
    *,
    acting_user: User,
    content: bytes,
    dry_run: bool,
    progress: Progress | None = None,
) -> ImportResult:
    """Historical courses from the registration sheet, one row per course.

    With `dry_run` nothing is written: the result lists every problem by row and column and
    counts what an import would create; without problems it also holds the checked rows
    (`ImportResult.checked`), which an upload keeps for `registration_rows_import`. Without
    `dry_run`, the rows are imported only if there is no problem at all.
    """
    with _writing(dry_run):
        return _registration_sheet_import(acting_user=acting_user, content=content, dry_run=dry_run, progress=progress)


def _registration_sheet_import(*, acting_user, content, dry_run, progress) -> ImportResult:
    sheet_import_check(acting_user=acting_user)
    table = _table(content)
    problems, columns = _header_read(table, COURSE_COLUMNS, OPTIONAL_COURSE_COLUMNS)
    if problems:
        return ImportResult(problems=problems.messages)
    read_row = partial(
        course_row_read,
        acting_user=acting_user,
        municipalities=selectors.municipality_keys(),
        today=timezone.localdate(),
        readers=CourseReaders(end_reason_aliases=selectors.end_reason_aliases(municipality=acting_user.municipality)),
    )
    parsed = _rows_read(problems, table, columns, read_row, progress)
    del table  # 50,000 rows of cells: not kept while the rows are compared and written
    result = _courses_import(acting_user=acting_user, problems=problems, parsed=parsed, dry_run=dry_run)
    if dry_run and result.ok:
        result.checked = checked_rows_dump(parsed)
    return result


@transaction.atomic
def registration_rows_import(*, acting_user: User, checked: bytes, progress: Progress | None = None) -> ImportResult:
    """Import the rows a dry run of the registration sheet checked and kept (`checked`), without
    reading the file again. What can have changed since the dry run is checked again, in the
    same way: an id another import (or a course logged in the app) has taken since. The cells'
    own checks do not depend on the database, and the end reasons stay as the dry run read and
    showed them. `progress` hears (rows written, rows to write)."""
    sheet_import_check(acting_user=acting_user)
    try:
        parsed = checked_rows_load(checked)
    except CheckedRowsDamaged as error:
        raise DomainError(_("The kept file is damaged. Upload it again.")) from error
    return _courses_import(
        acting_user=acting_user, problems=Problems(), parsed=parsed, dry_run=False, progress=progress
    )


# Rows written per call of the courses' service: the import's progress moves on after each.
IMPORT_SLICE = 5000


def _courses_import(*, acting_user, problems: Problems, parsed, dry_run, progress=None) -> ImportResult:
    imported, logged = selectors.courses_existing(
        municipality=acting_user.municipality, ids=[values.course_id for _number, values in parsed]
    )
    to_create, unchanged = [], 0
    for number, values in parsed:
        # An imported course's id first, else the number of a course logged in the app.
        existing = imported.get(values.course_id, logged.get(values.course_id))
        if existing is None:
            to_create.append(values)
        elif existing == values:
            unchanged += 1
        else:
            logged_in_app = values.course_id not in imported
            problems.add(number, COURSE_ID, _course_differs_message(values, logged_in_app=logged_in_app))
    flaws = Counter(flaw for values in to_create for flaw in course_flaws(values))

    def create():
        total = len(to_create)
        for start in range(0, total, IMPORT_SLICE):
            rows = to_create[start : start + IMPORT_SLICE]
            course_import_create(acting_user=acting_user, courses=[_imported_course(values) for values in rows])
            if progress is not None:
                progress(start + len(rows), total)

    return _import_finish(
        acting_user=acting_user,
        problems=problems,
        to_create=to_create,
        unchanged=unchanged,
        dry_run=dry_run,
        create=create,
        object_type="registration_sheet",
        flaws=dict(flaws),
    )


# ---------------------------------------------------------------------------------------------
# Answers to a questionnaire: the national one, and Ishøj's


def national_answers_import(
    *,
    acting_user: User,
    content: bytes,
    dry_run: bool,
    progress: Progress | None = None,
) -> ImportResult:
    """Historical answers to the national questionnaire, one row per response, stored exactly as
    `surveys.services.response_submit` stores a parent's answers, so reports count both alike."""
    with _writing(dry_run):
        return _answers_import(
            acting_user=acting_user,
            content=content,
            dry_run=dry_run,
            progress=progress,
            questionnaire_key=NATIONAL,
            header=ANSWER_COLUMNS,
            sheet=NATIONAL_SHEET,
            object_type="questionnaire_answers_sheet",
        )


def ishoej_answers_import(
    *,
    acting_user: User,
    content: bytes,
    dry_run: bool,
    progress: Progress | None = None,
) -> ImportResult:
    """Historical answers to the Ishøj questionnaire, one row per response, each kept with the
    date it was answered, and stored as `response_submit` stores a parent's answers, so the Ishøj
    tables count both alike."""
    with _writing(dry_run):
        return _answers_import(
            acting_user=acting_user,
            content=content,
            dry_run=dry_run,
            progress=progress,
            questionnaire_key=ISHOEJ,
            header=ISHOEJ_ANSWER_COLUMNS,
            sheet=ISHOEJ_SHEET,
            object_type="ishoej_answers_sheet",
        )


def _answers_import(
    *, acting_user, content, dry_run, progress, questionnaire_key, header, sheet, object_type
) -> ImportResult:
    sheet_import_check(acting_user=acting_user)
    table = _table(content)
    questionnaire = selectors.shipped_questionnaire(key=questionnaire_key)
    problems, columns = _header_read(table, header)
    if problems:
        return ImportResult(problems=problems.messages)
    read_row = partial(
        response_row_read,
        acting_user=acting_user,
        municipalities=selectors.municipality_keys(),
        course_ids=selectors.course_ids(municipality=acting_user.municipality),
        today=timezone.localdate(),
        readers=answer_readers(questionnaire.questions.all()),
        sheet=sheet,
    )
    parsed = _rows_read(problems, table, columns, read_row, progress)
    existing = selectors.responses_existing(
        municipality=acting_user.municipality,
        questionnaire=questionnaire,
        ids=[values.external_id for _number, values in parsed],
    )
    to_create, unchanged = [], 0
    for number, values in parsed:
        found = existing.get(values.external_id)
        if found is None:
            to_create.append(values)
        elif found == values:
            unchanged += 1
        else:
            problems.add(
                number,
                RESPONSE_ID,
                _(
                    "A response with the id %(id)s already exists with other answers. A sheet never overwrites "
                    "a response: correct the row, or remove it."
                )
                % {"id": values.external_id},
            )
    return _import_finish(
        acting_user=acting_user,
        problems=problems,
        to_create=to_create,
        unchanged=unchanged,
        dry_run=dry_run,
        create=lambda: response_import_create(
            acting_user=acting_user, questionnaire=questionnaire, responses=to_create
        ),
        object_type=object_type,
    )
