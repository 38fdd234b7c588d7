"""Writes for the registration sheet: keeping an uploaded sheet between the dry run and the
confirmation, and importing historical courses and historical questionnaire answers.

Both imports check every row before writing anything and write all rows or none. A row whose id
is already in the municipality with the same values is unchanged; with other values it is an
error: a sheet never overwrites what is already there. So importing the same file twice changes
nothing.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import rules
from courses.models import Closure, Course, CourseSource, Phase, PhaseChange
from families.models import Family
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Municipality, Role, User
from reporting import sheets
from reporting.models import SheetKind, SheetUpload
from reporting.sheet_selectors import course_sheet_queryset, course_values
from reporting.sheets import CellError, CourseValues, SheetUnreadable
from surveys.forms import YES_NO
from surveys.models import NATIONAL, Answer, QuestionKind, Questionnaire, Response, Source

ANSWER_TIME = time(12, 0)
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
MAX_ID_LENGTH = 60
INVALID = object()  # a cell that could not be read; its problem is already recorded


@dataclass
class ImportResult:
    """What a dry run found, or what an import did."""

    problems: list[str] = field(default_factory=list)
    created: int = 0
    unchanged: int = 0
    imported: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


class _Problems:
    def __init__(self):
        self.messages = []

    def add(self, row: int, column: str, message: str) -> None:
        self.messages.append(
            _("Row %(row)s, column %(column)s: %(problem)s") % {"row": row, "column": column, "problem": message}
        )

    def add_row(self, row: int, message: str) -> None:
        self.messages.append(_("Row %(row)s: %(problem)s") % {"row": row, "problem": message})

    def __bool__(self) -> bool:
        return bool(self.messages)


def _coordinator_check(acting_user: User) -> None:
    if acting_user.role != Role.COORDINATOR or acting_user.municipality_id is None:
        raise DomainError(_("Only a coordinator can import a sheet for the municipality."))


def _table(content: bytes) -> list[list]:
    try:
        return sheets.table_read(content)
    except SheetUnreadable as error:
        raise DomainError(str(error), field="file") from error


def _columns(header: list, expected: list[str], problems: _Problems) -> dict[str, int]:
    """Each expected column's index in the header row; every column must be there, once."""
    wanted = {sheets.normalise_header(column): column for column in expected}
    found = {}
    for index, cell in enumerate(header):
        key = sheets.normalise_header(cell)
        if not key:
            continue
        column = wanted.get(key)
        if column is None:
            problems.add_row(1, _("The column “%(column)s” is not a column of this sheet.") % {"column": cell})
        elif column in found:
            problems.add_row(1, _("The column “%(column)s” appears twice.") % {"column": column})
        else:
            found[column] = index
    missing = [column for column in expected if column not in found]
    if missing:
        problems.add_row(
            1,
            _("These columns are missing: %(columns)s. Download the template to see them.")
            % {"columns": ", ".join(missing)},
        )
    return found


def _rows(table: list[list], columns: dict[str, int]):
    """(row number as in the sheet, {column: cell}) for each row that is not empty."""
    for number, row in enumerate(table[1:], start=2):
        if all(sheets.is_empty(cell) for cell in row):
            continue
        yield number, {column: row[index] if index < len(row) else None for column, index in columns.items()}


def _read(problems: _Problems, number: int, column: str, reader, value, **kwargs):
    try:
        return reader(value, **kwargs)
    except CellError as error:
        problems.add(number, column, str(error))
        return INVALID


def _municipality_read(problems, number, value, *, acting_user, municipalities) -> None:
    text = sheets.text_read(value)
    if text is None:
        problems.add(number, sheets.MUNICIPALITY, _("Write the municipality code or name."))
        return
    key = text.zfill(3) if text.isdigit() else text.casefold()
    municipality = municipalities.get(key)
    if municipality is None:
        problems.add(
            number,
            sheets.MUNICIPALITY,
            _("“%(value)s” is neither a municipality code nor a municipality name.") % {"value": text},
        )
    elif municipality.pk != acting_user.municipality_id:
        problems.add(number, sheets.MUNICIPALITY, _("%(value)s is not your municipality.") % {"value": text})


def _municipality_keys() -> dict:
    keys = {}
    for municipality in Municipality.objects.all():
        keys[municipality.code] = municipality
        keys[municipality.name.casefold()] = municipality
    return keys


def _id_read(problems, number, column, value, seen: dict) -> str | None:
    text = sheets.text_read(value)
    if text is None:
        problems.add(number, column, _("The id is required."))
        return None
    if len(text) > MAX_ID_LENGTH:
        problems.add(number, column, _("The id is longer than %(count)s characters.") % {"count": MAX_ID_LENGTH})
        return None
    if text in seen:
        problems.add(number, column, _("The id %(id)s also appears in row %(row)s.") % {"id": text, "row": seen[text]})
        return None
    seen[text] = number
    return text


def _not_future(problems, number, column, value, today):
    if value not in (None, INVALID) and value > today:
        problems.add(number, column, _("The date cannot be in the future."))
        return INVALID
    return value


# ---------------------------------------------------------------------------------------------
# Courses


def _course_row_read(problems: _Problems, number: int, cells: dict, *, acting_user, municipalities, seen, today):
    s = sheets
    _municipality_read(problems, number, cells[s.MUNICIPALITY], acting_user=acting_user, municipalities=municipalities)
    course_id = _id_read(problems, number, s.COURSE_ID, cells[s.COURSE_ID], seen)
    visitation = _not_future(
        problems,
        number,
        s.VISITATION_DATE,
        _read(problems, number, s.VISITATION_DATE, s.date_read, cells[s.VISITATION_DATE]),
        today,
    )
    start = _not_future(
        problems, number, s.START_DATE, _read(problems, number, s.START_DATE, s.date_read, cells[s.START_DATE]), today
    )
    end = _not_future(
        problems, number, s.END_DATE, _read(problems, number, s.END_DATE, s.date_read, cells[s.END_DATE]), today
    )
    recruited_by = _read(problems, number, s.RECRUITED_BY, s.recruited_by_read, cells[s.RECRUITED_BY])
    visit_count = _read(problems, number, s.VISIT_COUNT, s.integer_read, cells[s.VISIT_COUNT])
    visit_minutes = _read(problems, number, s.VISIT_HOURS, s.hours_to_minutes, cells[s.VISIT_HOURS])
    goals_reached = _read(problems, number, s.GOALS_REACHED, s.agreement_read, cells[s.GOALS_REACHED])
    child_developed = _read(problems, number, s.CHILD_DEVELOPED, s.agreement_read, cells[s.CHILD_DEVELOPED])
    end_reason = _read(problems, number, s.END_REASON, s.end_reason_read, cells[s.END_REASON])
    birth_month = _read(problems, number, s.BIRTH_MONTH, s.month_read, cells[s.BIRTH_MONTH])

    if start is None:
        problems.add(number, s.START_DATE, _("The start date is required."))
    if start not in (None, INVALID):
        if visitation not in (None, INVALID) and visitation > start:
            problems.add(number, s.VISITATION_DATE, _("The intake decision date cannot be after the start date."))
        if end not in (None, INVALID) and end < start:
            problems.add(number, s.END_DATE, _("The end date cannot be before the start date."))
    closing = {s.END_REASON: end_reason, s.GOALS_REACHED: goals_reached, s.CHILD_DEVELOPED: child_developed}
    if end is None:
        for column, value in closing.items():
            if value not in (None, INVALID):
                problems.add(
                    number, column, _("Only a course with an end date has this. Write the end date, or empty the cell.")
                )
    elif end is not INVALID:
        for column, value in closing.items():
            if value is None:
                problems.add(number, column, _("Required when the course has an end date."))
    values = [
        course_id,
        visitation,
        start,
        end,
        recruited_by,
        visit_count,
        visit_minutes,
        goals_reached,
        child_developed,
        end_reason,
        birth_month,
    ]
    if course_id is None or INVALID in values:
        return None
    return CourseValues(
        course_id=course_id,
        visitation_date=visitation,
        start_date=start,
        end_date=end,
        recruited_by=recruited_by or "",
        visit_count=visit_count,
        visit_minutes=visit_minutes,
        goals_reached_answer=goals_reached or "",
        child_developed_answer=child_developed or "",
        end_reason=end_reason or "",
        birth_month=birth_month,
    )


def _existing_courses(*, municipality) -> tuple[dict, dict]:
    """The sheet values of the municipality's imported courses by their id, and of its courses
    logged in the app by their number."""
    imported, logged = {}, {}
    for course in course_sheet_queryset(municipality=municipality):
        if course.source == CourseSource.IMPORT:
            imported[course.external_id] = course_values(course)
        else:
            logged[str(course.pk)] = course_values(course)
    return imported, logged


def _course_create_all(*, acting_user: User, rows: list[CourseValues]) -> None:
    municipality = acting_user.municipality
    families = Family.objects.bulk_create([Family(municipality=municipality) for _row in rows])
    courses = []
    for family, row in zip(families, rows, strict=True):
        planned_end = rules.planned_end_default(row.start_date)
        if row.end_date and row.end_date > planned_end:
            planned_end = row.end_date
        courses.append(
            Course(
                source=CourseSource.IMPORT,
                external_id=row.course_id,
                municipality=municipality,
                family=family,
                phase=Phase.CLOSED if row.end_date else Phase.STARTED,
                visitation_date=row.visitation_date,
                start_date=row.start_date,
                planned_end_date=planned_end,
                end_date=row.end_date,
                end_reason=row.end_reason,
                imported_recruited_by=row.recruited_by,
                imported_visit_count=row.visit_count,
                imported_visit_minutes=row.visit_minutes,
                imported_child_birth_month=row.birth_month,
            )
        )
    courses = Course.objects.bulk_create(courses)
    note = _("Imported from a registration sheet")
    Closure.objects.bulk_create(
        Closure(
            course=course,
            goals_reached_answer=row.goals_reached_answer,
            child_developed_answer=row.child_developed_answer,
            closed_by=acting_user,
        )
        for course, row in zip(courses, rows, strict=True)
        if row.end_date
    )
    PhaseChange.objects.bulk_create(
        PhaseChange(course=course, from_phase="", to_phase=course.phase, by=acting_user, note=note)
        for course in courses
    )


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
    _coordinator_check(acting_user)
    table = _table(content)
    problems = _Problems()
    columns = _columns(table[0] if table else [], sheets.COURSE_COLUMNS, problems)
    if problems:
        return ImportResult(problems=problems.messages)
    municipalities = _municipality_keys()
    today = timezone.localdate()
    seen, parsed = {}, []
    for number, cells in _rows(table, columns):
        values = _course_row_read(
            problems, number, cells, acting_user=acting_user, municipalities=municipalities, seen=seen, today=today
        )
        if values is not None:
            parsed.append((number, values))
    if not parsed and not problems:
        problems.add_row(2, _("The sheet has no rows below the headings."))
    imported, logged = _existing_courses(municipality=acting_user.municipality)
    to_create, unchanged = [], 0
    for number, values in parsed:
        existing = imported.get(values.course_id)
        if existing is None and values.course_id in logged:
            existing = logged[values.course_id]
            if existing != values:
                problems.add(
                    number,
                    sheets.COURSE_ID,
                    _(
                        "%(id)s is the number of a course logged in the app, and the row differs from it. "
                        "A sheet never changes a course logged in the app: remove the row."
                    )
                    % {"id": values.course_id},
                )
                continue
        if existing is None:
            to_create.append(values)
        elif existing == values:
            unchanged += 1
        else:
            problems.add(
                number,
                sheets.COURSE_ID,
                _(
                    "A course with the id %(id)s already exists with other values. A sheet never overwrites "
                    "a course: correct the row, or remove it."
                )
                % {"id": values.course_id},
            )
    return _import_finish(
        acting_user=acting_user,
        problems=problems,
        to_create=to_create,
        unchanged=unchanged,
        dry_run=dry_run,
        create=lambda: _course_create_all(acting_user=acting_user, rows=to_create),
        object_type="registration_sheet",
    )


def _import_finish(
    *,
    acting_user,
    problems,
    to_create,
    unchanged,
    dry_run,
    create,
    object_type,
) -> ImportResult:
    """The dry run's result, or (without problems) the rows written and one audit event for them."""
    result = ImportResult(problems=problems.messages, created=len(to_create), unchanged=unchanged)
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
# Answers to the national questionnaire


def national_questionnaire() -> Questionnaire:
    questionnaire = (
        Questionnaire.objects.filter(key=NATIONAL, municipality__isnull=True, is_active=True)
        .order_by("-version")
        .first()
    )
    if questionnaire is None:
        raise DomainError(_("The national questionnaire is not installed."))
    return questionnaire


def _answer_read(question, value):
    """The answer as `response_submit` stores it: ("choice", value) or ("number", value)."""
    kind = question.kind
    if kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
        return "number", sheets.integer_read(value, minimum=question.scale_min, maximum=question.scale_max)
    if kind == QuestionKind.AGREEMENT:
        return "choice", sheets.agreement_read(value)
    if kind == QuestionKind.YES_NO:
        text = sheets.text_read(value)
        if text is None:
            return "choice", None
        found = sheets.YES_NO_VALUES.get(text.casefold())
        if found is None:
            return "choice", sheets.choice_read(text, choices=YES_NO)
        return "choice", found
    if kind == QuestionKind.SINGLE_CHOICE:
        choices = [(choice["value"], choice["label"]) for choice in question.choices]
        aliases = sheets.PARENT_VALUES if question.other_choice else None
        return "choice", sheets.choice_read(value, choices=choices, aliases=aliases)
    raise CellError(_("This question cannot be imported."))


@dataclass(frozen=True)
class ResponseValues:
    response_id: str
    submitted_at: datetime
    course_id: int | None
    children: int
    answers: frozenset  # of (question number, child, choice, number)


def _course_ids(*, municipality) -> dict[str, int]:
    """Course ids as the sheets give them: an imported course's id, else the course number."""
    ids = {}
    for pk, external_id in Course.objects.filter(municipality=municipality).values_list("pk", "external_id"):
        ids.setdefault(external_id or str(pk), pk)
    return ids


def _response_row_read(problems, number, cells, *, acting_user, municipalities, seen, today, questions, course_ids):
    s = sheets
    _municipality_read(problems, number, cells[s.MUNICIPALITY], acting_user=acting_user, municipalities=municipalities)
    response_id = _id_read(problems, number, s.RESPONSE_ID, cells[s.RESPONSE_ID], seen)
    answered_on = _not_future(
        problems,
        number,
        s.ANSWERED_ON,
        _read(problems, number, s.ANSWERED_ON, s.date_read, cells[s.ANSWERED_ON]),
        today,
    )
    if answered_on is None:
        problems.add(number, s.ANSWERED_ON, _("The date is required."))
    course_id = None
    course_text = s.text_read(cells[s.COURSE_ID])
    if course_text is not None:
        course_id = course_ids.get(course_text)
        if course_id is None:
            problems.add(
                number,
                s.COURSE_ID,
                _("No course in your municipality has the id %(id)s. Import the course first, or empty the cell.")
                % {"id": course_text},
            )
    answers, failed = {}, False
    for column in s.answer_columns():
        try:
            kind, value = _answer_read(questions[column.question], cells[column.header])
        except CellError as error:
            problems.add(number, column.header, str(error))
            failed = True
            continue
        if value is not None:
            answers[(column.question, column.child)] = (column.header, kind, value)
    children = 1
    if ("3", 0) in answers:
        children = int(answers[("3", 0)][2])
    for (question, child), (header, _kind, _value) in answers.items():
        if child > children:
            problems.add(
                number,
                header,
                _(
                    "Question 3 says %(count)s child(ren), so this child has no answers. Correct question 3 or empty the cell."
                )
                % {"count": children},
            )
            failed = True
        if question == "8" and answers.get(("4", child), (None, None, None))[2] != "yes":
            problems.add(
                number, header, _("Question 8 is only answered for a child who was in daycare (question 4 is “ja”).")
            )
            failed = True
    if (
        failed
        or response_id is None
        or answered_on in (None, INVALID)
        or (course_text is not None and course_id is None)
    ):
        return None
    return ResponseValues(
        response_id=response_id,
        submitted_at=datetime.combine(answered_on, ANSWER_TIME, tzinfo=COPENHAGEN),
        course_id=course_id,
        children=children,
        answers=frozenset(
            (question, child, value if kind == "choice" else "", value if kind == "number" else None)
            for (question, child), (_header, kind, value) in answers.items()
        ),
    )


def _existing_responses(*, municipality, questionnaire, ids) -> dict[str, ResponseValues]:
    responses = (
        Response.objects.filter(municipality=municipality, questionnaire=questionnaire, external_id__in=ids)
        .exclude(external_id="")
        .prefetch_related("answers__question")
    )
    return {
        response.external_id: ResponseValues(
            response_id=response.external_id,
            submitted_at=response.submitted_at,
            course_id=response.course_id,
            children=response.children,
            answers=frozenset((a.question.number, a.child, a.choice, a.number) for a in response.answers.all()),
        )
        for response in responses
    }


def _responses_create_all(*, acting_user: User, questionnaire, questions, rows: list[ResponseValues]) -> None:
    responses = Response.objects.bulk_create(
        Response(
            questionnaire=questionnaire,
            municipality=acting_user.municipality,
            source=Source.IMPORT,
            external_id=row.response_id,
            course_id=row.course_id,
            children=row.children,
            submitted_at=row.submitted_at,
        )
        for row in rows
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=questions[question], child=child, choice=choice, number=number)
        for response, row in zip(responses, rows, strict=True)
        for question, child, choice, number in sorted(row.answers, key=lambda a: (questions[a[0]].position, a[1]))
    )


@transaction.atomic
def national_answers_import(
    *,
    acting_user: User,
    content: bytes,
    dry_run: bool,
) -> ImportResult:
    """Historical answers to the national questionnaire, one row per response, stored exactly as
    `surveys.services.response_submit` stores a parent's answers, so reports count both alike."""
    _coordinator_check(acting_user)
    table = _table(content)
    questionnaire = national_questionnaire()
    questions = {question.number: question for question in questionnaire.questions.all()}
    problems = _Problems()
    columns = _columns(table[0] if table else [], sheets.ANSWER_COLUMNS, problems)
    if problems:
        return ImportResult(problems=problems.messages)
    municipalities = _municipality_keys()
    course_ids = _course_ids(municipality=acting_user.municipality)
    today = timezone.localdate()
    seen, parsed = {}, []
    for number, cells in _rows(table, columns):
        values = _response_row_read(
            problems,
            number,
            cells,
            acting_user=acting_user,
            municipalities=municipalities,
            seen=seen,
            today=today,
            questions=questions,
            course_ids=course_ids,
        )
        if values is not None:
            parsed.append((number, values))
    if not parsed and not problems:
        problems.add_row(2, _("The sheet has no rows below the headings."))
    existing = _existing_responses(
        municipality=acting_user.municipality,
        questionnaire=questionnaire,
        ids=[values.response_id for _n, values in parsed],
    )
    to_create, unchanged = [], 0
    for number, values in parsed:
        found = existing.get(values.response_id)
        if found is None:
            to_create.append(values)
        elif found == values:
            unchanged += 1
        else:
            problems.add(
                number,
                sheets.RESPONSE_ID,
                _(
                    "A response with the id %(id)s already exists with other answers. A sheet never overwrites "
                    "a response: correct the row, or remove it."
                )
                % {"id": values.response_id},
            )
    return _import_finish(
        acting_user=acting_user,
        problems=problems,
        to_create=to_create,
        unchanged=unchanged,
        dry_run=dry_run,
        create=lambda: _responses_create_all(
            acting_user=acting_user, questionnaire=questionnaire, questions=questions, rows=to_create
        ),
        object_type="questionnaire_answers_sheet",
    )


# ---------------------------------------------------------------------------------------------
# The uploaded file between the dry run and the confirmation

IMPORTERS = {SheetKind.COURSES: registration_sheet_import, SheetKind.ANSWERS: national_answers_import}


def sheet_uploads_purge() -> int:
    deleted, _kinds = SheetUpload.objects.filter(
        created_at__lt=timezone.now() - timedelta(hours=sheets.SHEET_UPLOAD_HOURS)
    ).delete()
    return deleted


@transaction.atomic
def sheet_upload_create(*, acting_user: User, kind: str, content: bytes) -> SheetUpload:
    """Keep the uploaded file for the dry run and the confirmation. A file that cannot be read
    at all is refused here; the coordinator's previous upload of the same kind is replaced."""
    _coordinator_check(acting_user)
    if kind not in SheetKind.values:
        raise DomainError(_("Unknown kind of sheet."))
    if len(content) > sheets.MAX_UPLOAD_BYTES:
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
    """The dry run of an uploaded file."""
    return IMPORTERS[upload.kind](acting_user=acting_user, content=bytes(upload.content), dry_run=True)


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
