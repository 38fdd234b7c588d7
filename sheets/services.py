"""Writes for the registration sheet: keeping an uploaded sheet between the dry run and the
confirmation, and importing historical courses and historical questionnaire answers.

Both imports check every row before writing anything and write all rows or none. A row whose id
is already in the municipality with the same values is unchanged; with other values it is an
error: a sheet never overwrites what is already there. So importing the same file twice changes
nothing. The rows are written by the services of the apps that own them (courses, surveys);
the import writes one audit event for all of them.
"""

import hashlib
from collections import Counter
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import EndReason
from courses.services import ImportedCourse, course_import_create
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User
from sheets import cells, selectors
from sheets.access import sheet_import_check
from sheets.answer_rows import response_row_read
from sheets.cells import CourseReaders, SheetUnreadable, normalise_text
from sheets.columns import (
    ANSWER_COLUMNS,
    COURSE_COLUMNS,
    COURSE_ID,
    MAX_UPLOAD_BYTES,
    RESPONSE_ID,
    SHEET_UPLOAD_HOURS,
    CourseValues,
)
from sheets.models import EndReasonAlias, SheetKind, SheetUpload
from sheets.rows import ImportResult, Problems, columns_find, course_flaws, course_row_read, rows_iter
from surveys.services import response_import_create


def _table(content: bytes) -> list[list]:
    try:
        return cells.table_read(content)
    except SheetUnreadable as error:
        raise DomainError(str(error), field="file") from error


def _header_read(table, expected: list[str]) -> tuple[Problems, dict[str, int]]:
    problems = Problems()
    return problems, columns_find(table[0] if table else [], expected, problems)


def _rows_read(problems: Problems, table, columns: dict[str, int], read_row) -> list:
    """(row number, values) of each row without a problem; `read_row` records the problems."""
    seen, parsed = {}, []
    for number, row in rows_iter(table, columns):
        values = read_row(problems, number, row, seen=seen)
        if values is not None:
            parsed.append((number, values))
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


@transaction.atomic
def registration_sheet_import(
    *,
    acting_user: User,
    content: bytes,
    dry_run: bool,
) -> ImportResult:
    """Historical courses from the registration sheet, one row per course.

    With `dry_run` nothing is written: the result lists every problem by row and column and
    counts what an import would create. Without it, the rows are imported only if there is no
    problem at all.
    """
    sheet_import_check(acting_user=acting_user)
    table = _table(content)
    problems, columns = _header_read(table, COURSE_COLUMNS)
    if problems:
        return ImportResult(problems=problems.messages)
    read_row = partial(
        course_row_read,
        acting_user=acting_user,
        municipalities=selectors.municipality_keys(),
        today=timezone.localdate(),
        readers=CourseReaders(end_reason_aliases=selectors.end_reason_aliases(municipality=acting_user.municipality)),
    )
    parsed = _rows_read(problems, table, columns, read_row)
    imported, logged = selectors.courses_existing(municipality=acting_user.municipality)
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
    return _import_finish(
        acting_user=acting_user,
        problems=problems,
        to_create=to_create,
        unchanged=unchanged,
        dry_run=dry_run,
        create=lambda: course_import_create(
            acting_user=acting_user, courses=[_imported_course(values) for values in to_create]
        ),
        object_type="registration_sheet",
        flaws=dict(flaws),
    )


# ---------------------------------------------------------------------------------------------
# Answers to the national questionnaire


@transaction.atomic
def national_answers_import(
    *,
    acting_user: User,
    content: bytes,
    dry_run: bool,
) -> ImportResult:
    """Historical answers to the national questionnaire, one row per response, stored exactly as
    `surveys.services.response_submit` stores a parent's answers, so reports count both alike."""
    sheet_import_check(acting_user=acting_user)
    table = _table(content)
    questionnaire = selectors.national_questionnaire()
    problems, columns = _header_read(table, ANSWER_COLUMNS)
    if problems:
        return ImportResult(problems=problems.messages)
    read_row = partial(
        response_row_read,
        acting_user=acting_user,
        municipalities=selectors.municipality_keys(),
        course_ids=selectors.course_ids(municipality=acting_user.municipality),
        today=timezone.localdate(),
        questions={question.number: question for question in questionnaire.questions.all()},
    )
    parsed = _rows_read(problems, table, columns, read_row)
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
        object_type="questionnaire_answers_sheet",
    )


# ---------------------------------------------------------------------------------------------
# The municipality's own words for an end reason


@transaction.atomic
def end_reason_alias_add(*, acting_user: User, text: str, end_reason: str) -> EndReasonAlias:
    """Read `text` in the municipality's sheets as `end_reason` from now on. Words that are
    already a label of the app, or already the municipality's, are refused."""
    sheet_import_check(acting_user=acting_user)
    key = normalise_text(text) if text and text.strip() else ""
    if not key:
        raise DomainError(_("Write the words the sheet uses."), field="text")
    if len(key) > EndReasonAlias._meta.get_field("text").max_length:
        raise DomainError(_("Write at most 100 characters."), field="text")
    if end_reason not in EndReason.values:
        raise DomainError(_("Choose the end reason the words mean."), field="end_reason")
    if CourseReaders(end_reason_aliases={}).end_reason_labels.find(key) is not None:
        raise DomainError(_("These words are already one of the app's end reasons."), field="text")
    if EndReasonAlias.objects.filter(municipality=acting_user.municipality, text=key).exists():
        raise DomainError(_("Your municipality already reads these words as an end reason."), field="text")
    alias = EndReasonAlias.objects.create(
        municipality=acting_user.municipality, text=key, end_reason=end_reason, created_by=acting_user
    )
    audit_event_record(
        actor=acting_user,
        action=Action.CREATE,
        object_type="end_reason_alias",
        object_id=alias.pk,
        municipality=acting_user.municipality,
    )
    return alias


# ---------------------------------------------------------------------------------------------
# The uploaded file between the dry run and the confirmation

IMPORTERS = {SheetKind.COURSES: registration_sheet_import, SheetKind.ANSWERS: national_answers_import}


def sheet_uploads_purge() -> int:
    deleted, _kinds = SheetUpload.objects.filter(
        created_at__lt=timezone.now() - timedelta(hours=SHEET_UPLOAD_HOURS)
    ).delete()
    return deleted


@transaction.atomic
def sheet_upload_create(*, acting_user: User, kind: str, content: bytes) -> SheetUpload:
    """Keep the uploaded file for the dry run and the confirmation. A file that cannot be read
    at all is refused here; the coordinator's previous upload of the same kind is replaced."""
    sheet_import_check(acting_user=acting_user)
    if kind not in SheetKind.values:
        raise DomainError(_("Unknown kind of sheet."))
    if len(content) > MAX_UPLOAD_BYTES:
        raise DomainError(_("The file is larger than 5 MB."), field="file")
    table = _table(content)
    if not table:
        raise DomainError(_("The file is empty."), field="file")
    sheet_uploads_purge()
    SheetUpload.objects.filter(uploaded_by=acting_user, kind=kind).delete()
    return SheetUpload.objects.create(
        municipality=acting_user.municipality,
        uploaded_by=acting_user,
        kind=kind,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def sheet_upload_check(*, acting_user: User, upload: SheetUpload) -> ImportResult:
    """The dry run of an uploaded file, made once and kept on the upload: the review page shows
    the kept result however often it is opened."""
    if upload.result is not None:
        return ImportResult.from_json(upload.result)
    result = IMPORTERS[upload.kind](acting_user=acting_user, content=bytes(upload.content), dry_run=True)
    upload.result = result.as_json()
    upload.save(update_fields=["result"])
    return result


@transaction.atomic
def sheet_upload_import(
    *,
    acting_user: User,
    upload: SheetUpload,
) -> ImportResult:
    """Import exactly the file that was checked; it is deleted once imported."""
    locked = SheetUpload.objects.select_for_update().filter(pk=upload.pk, uploaded_by=acting_user).first()
    if locked is None:
        raise DomainError(_("The file has already been imported, or it is no longer kept. Upload it again."))
    content = bytes(locked.content)
    if hashlib.sha256(content).hexdigest() != locked.sha256:
        raise DomainError(_("The kept file is damaged. Upload it again."))
    result = IMPORTERS[locked.kind](acting_user=acting_user, content=content, dry_run=False)
    if result.imported:
        locked.delete()
    return result
