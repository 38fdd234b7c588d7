"""Checking the rows of a sheet of SDQ measurements: the course and its child, the timing and
the informant, the date, and the answers or only the kept scores, each problem named by row and
column in the user's language.

Pure code: the municipality's courses with their children are passed in (`SdqCourse`).
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from courses.rules import age_in_months
from sdq.models import PARENT_ONLY_IMPACT_FIELDS, Informant, Timing
from sheets import cells
from sheets import columns as c
from sheets.rows import INVALID, Problems, cell_read, municipality_check, not_future

YOUNGEST_MONTHS = 24  # sdq.services: the SDQ has no version below 2 years
DIFFICULTY_SCALES = ("emotional", "conduct", "hyperactivity", "peer", "prosocial")


@dataclass(frozen=True)
class SdqCourse:
    """A course an SDQ row may name: its own row, whether it is started or closed, its children."""

    course: object  # courses.models.Course
    measurable: bool
    children: tuple  # families.models.Child, each with its birth date


@dataclass(frozen=True)
class SdqValues:
    """One measurement as the sheet holds it. `key` names it once per course; two rows, or a row
    and a stored measurement, with the same key are the same measurement."""

    course: object
    child: object
    timing: str
    informant: str
    measured_on: date
    items: tuple | None  # the 25 boxes, None when only the scores were kept
    impact: tuple | None  # the supplement's boxes in `columns.SDQ_IMPACT_COLUMNS`' order
    scales: tuple | None  # the kept scores in `columns.SDQ_SCALE_COLUMNS`' order

    @property
    def key(self) -> tuple:
        return (self.course.pk, self.child.pk, self.timing, self.informant)

    @property
    def compared(self) -> tuple:
        return (self.measured_on, self.items, self.impact, self.scales)


class SdqReaders:
    """The closed lists of the SDQ sheet, their labels looked up once per import."""

    def __init__(self):
        self.timing = cells.ChoiceReader(Timing.choices, c.SDQ_TIMING_ALIASES)
        self.informant = cells.ChoiceReader(Informant.choices, c.SDQ_INFORMANT_ALIASES)


def _child_find(problems, number, row, sdq_course: SdqCourse):
    month = cell_read(problems, number, c.BIRTH_MONTH, cells.month_read, row[c.BIRTH_MONTH])
    if month is INVALID:
        return None
    children = [child for child in sdq_course.children if child.birth_date is not None]
    if month is not None:
        children = [
            child for child in children if (child.birth_date.year, child.birth_date.month) == (month.year, month.month)
        ]
        if len(children) != 1:
            problems.add(number, c.BIRTH_MONTH, _("The course has no child born in this month."))
            return None
        return children[0]
    if not children:
        problems.add(
            number,
            c.COURSE_ID,
            _("The course has no child. Import the course again with the child's birth month, or add the child."),
        )
        return None
    if len(children) > 1:
        problems.add(
            number, c.BIRTH_MONTH, _("The course's family has more than one child: write the child's birth month.")
        )
        return None
    return children[0]


def _group_read(problems, number, row, columns: dict, maximum: int) -> tuple | None:
    """The group's cells as whole numbers from 0 to `maximum` (None: empty), or None when every
    cell is empty; INVALID when a cell cannot be read."""
    values = tuple(
        cell_read(problems, number, header, cells.integer_read, row[header], maximum=maximum)
        for header in columns.values()
    )
    if INVALID in values:
        return INVALID
    return None if all(value is None for value in values) else values


def _answers_or_scores(problems, number, row, informant):
    """(items, impact, scales) of the row: the answers, or only the kept scores."""
    items = _group_read(problems, number, row, c.SDQ_ITEM_COLUMNS, 2)
    impact = _group_read(problems, number, row, c.SDQ_IMPACT_COLUMNS, 3)
    scales = _group_read(problems, number, row, c.SDQ_SCALE_COLUMNS, 10)
    if INVALID in (items, impact, scales):
        return INVALID
    if scales is not None and (items is not None or impact is not None):
        problems.add_row(
            number, _("Write either the answers (Spm 1-25 and the supplement) or only the scores, not both.")
        )
        return INVALID
    if scales is None and items is None:
        problems.add_row(
            number, _("Write the answers (Spm 1-25), or the scale scores where only the scores were kept.")
        )
        return INVALID
    if scales is not None:
        missing = [
            c.SDQ_SCALE_COLUMNS[scale]
            for scale, value in zip(c.SDQ_SCALE_COLUMNS, scales)
            if value is None and scale in DIFFICULTY_SCALES
        ]
        for header in missing:
            problems.add(number, header, _("Required when only the scores were kept."))
        return INVALID if missing else (None, None, scales)
    if informant == Informant.STAFF and impact is not None:
        for field, value in zip(c.SDQ_IMPACT_COLUMNS, impact):
            if field in PARENT_ONLY_IMPACT_FIELDS and value is not None:
                problems.add(
                    number,
                    c.SDQ_IMPACT_COLUMNS[field],
                    _("The daycare staff's form has no question about home life or leisure activities."),
                )
                return INVALID
    return (items, impact, None)


def sdq_row_read(
    problems: Problems, number: int, row: dict, *, acting_user, municipalities, seen, today, readers, courses
) -> SdqValues | None:
    """The measurement of one row, or None when it has a problem."""
    municipality_check(problems, number, row[c.MUNICIPALITY], acting_user=acting_user, municipalities=municipalities)
    timing = cell_read(problems, number, c.SDQ_TIMING, readers.timing, row[c.SDQ_TIMING])
    informant = cell_read(problems, number, c.SDQ_INFORMANT, readers.informant, row[c.SDQ_INFORMANT])
    measured_on = not_future(
        problems,
        number,
        c.SDQ_MEASURED_ON,
        cell_read(problems, number, c.SDQ_MEASURED_ON, cells.date_read, row[c.SDQ_MEASURED_ON]),
        today,
    )
    for column, value in ((c.SDQ_TIMING, timing), (c.SDQ_INFORMANT, informant), (c.SDQ_MEASURED_ON, measured_on)):
        if value is None:
            problems.add(number, column, _("Required."))
    course_text = cells.text_read(row[c.COURSE_ID])
    sdq_course = courses.get(course_text) if course_text is not None else None
    child = None
    if course_text is None:
        problems.add(number, c.COURSE_ID, _("The id is required."))
    elif sdq_course is None:
        problems.add(
            number,
            c.COURSE_ID,
            _("No course in your municipality has the id %(id)s. Import the course first, or empty the cell.")
            % {"id": cells.shown(course_text)},
        )
    elif not sdq_course.measurable:
        problems.add(number, c.COURSE_ID, _("SDQ measurements are recorded on a started or closed course."))
    else:
        child = _child_find(problems, number, row, sdq_course)
    answers = _answers_or_scores(problems, number, row, informant)
    if child is not None and measured_on not in (None, INVALID):
        months = age_in_months(child.birth_date, measured_on)
        if months < YOUNGEST_MONTHS:
            problems.add(
                number,
                c.SDQ_MEASURED_ON,
                _("The SDQ is for children from 2 years (24 months); the child is %(months)s months old on the date.")
                % {"months": max(months, 0)},
            )
            return None
    if (
        child is None
        or answers is INVALID
        or None in (timing, informant, measured_on)
        or INVALID in (timing, informant, measured_on)
    ):
        return None
    values = SdqValues(sdq_course.course, child, timing, informant, measured_on, *answers)
    if values.key in seen:
        problems.add_row(
            number,
            _("Row %(row)s has the same course, child, timing and informant.") % {"row": seen[values.key]},
        )
        return None
    seen[values.key] = number
    return values
