"""The evaluation report's tables and figures, computed from a cohort.

`report_compute` returns one plain, JSON-ready structure: a list of sections numbered as in
the national evaluation (Figur 3.1 … Tabel 5.3) and the Ishøj evaluation (Ishøj tabel 1–10),
each with its columns, rows of cells, its N and notes that state every exclusion with its
count. The PDF, the xlsx and the JSON download are drawn from this one structure.

A cell is {"value": number or None, "format": "int|dec1|dec2|pct|kr", "suppressed": bool}
and optionally "share" (a percentage shown next to a count) and "tone" (better/worse/same).
Values are rounded as shown, so every output carries exactly the same numbers.
"""

from collections import Counter, defaultdict
from datetime import timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.models import Agreement, Closure
from families.models import Guardian
from hjemmepaed.organisation.models import Anchoring, Profession
from reporting import selectors
from reporting.formatting import rounded
from reporting.models import CohortKind
from reporting.selectors import TOTAL, Cohort
from sdq import scoring
from sdq.models import Informant, Scale, Timing
from sdq.selectors import NO_NORM, NO_SCORE, band_counts, band_label, child_changes, norm_set_for_municipality
from surveys.models import ISHOEJ, NATIONAL, Question
from visitation.models import RecruitedBy

SMALL_CELL_LIMIT = 5
AGREEMENTS = [choice.value for choice in Agreement]
AGREEING = {Agreement.STRONGLY_AGREE.value, Agreement.AGREE.value}


class Cells:
    """Makes cells, hiding numbers based on fewer than 5 when the report asks for it."""

    def __init__(self, *, suppress: bool):
        self.suppress = suppress

    def _small(self, n) -> bool:
        return self.suppress and n is not None and 0 < n < SMALL_CELL_LIMIT

    def count(self, n: int, *, total: int | None = None) -> dict:
        """A count of courses, children or responses; with `total`, its share beside it."""
        cell = {"value": n, "format": "int", "suppressed": self._small(n)}
        if total is not None:
            cell["share"] = rounded(100 * n / total, "pct") if total else None
            if self._small(total):
                cell["suppressed"] = True
        if cell["suppressed"]:
            cell["value"] = None
            cell.pop("share", None)
        return cell

    def stat(self, value, fmt: str, *, n: int) -> dict:
        """A mean, minimum or maximum over `n` courses, children or responses."""
        if self._small(n):
            return {"value": None, "format": fmt, "suppressed": True}
        return {"value": rounded(value, fmt) if n else None, "format": fmt, "suppressed": False}

    def share(self, part: int, n: int) -> dict:
        """`part` of `n` in per cent; hidden when either is small."""
        if self._small(part) or self._small(n):
            return {"value": None, "format": "pct", "suppressed": True}
        return {"value": rounded(100 * part / n, "pct") if n else None, "format": "pct", "suppressed": False}

    @staticmethod
    def plain(value, fmt: str) -> dict:
        """A number that is not about courses, children or responses (hours, rates, staff)."""
        return {"value": rounded(value, fmt), "format": fmt, "suppressed": False}


def _section(key, number, title, columns, rows, *, notes=(), chart=None, subtitle="", part=""):
    return {
        "key": key,
        "number": number,
        "title": title,
        "subtitle": subtitle,
        "part": part,
        "columns": [str(column) for column in columns],
        "rows": rows,
        "notes": [note for note in notes if note],
        "chart": chart,
    }


def _row(label: str, cells: list, *, total: bool = False) -> dict:
    return {"label": str(label), "cells": cells, "total": total}


def _days(value: timedelta | None) -> float | None:
    """An average or difference of dates (a timedelta from the database), as days."""
    return None if value is None else value.total_seconds() / 86400


class ReportBuilder:
    def __init__(self, *, cohort: Cohort, suppress: bool):
        self.cohort = cohort
        self.cells = Cells(suppress=suppress)
        self.suppress = suppress
        self.municipalities = selectors.cohort_municipalities(cohort)
        self.several = len(self.municipalities) > 1
        # Rows: one per municipality, then the total when there are several.
        self.row_keys = [(m.pk, m.name) for m in self.municipalities]
        if self.several:
            self.row_keys.append((TOTAL, _("All municipalities")))
        self.size = selectors.cohort_size(cohort)
        self.questions = {
            (q.questionnaire.key, q.number): q
            for q in Question.objects.filter(questionnaire__key__in=[NATIONAL, ISHOEJ])
            .select_related("questionnaire")
            .order_by("questionnaire__key", "questionnaire__version", "position")
        }  # the latest version wins

    # Helpers ---------------------------------------------------------------------------

    def _rows(self, make) -> list:
        return [_row(label, make(key), total=key is TOTAL) for key, label in self.row_keys]

    def _sum_over(self, counts: dict, municipality_id, value) -> int:
        if municipality_id is TOTAL:
            return sum(n for (m, v), n in counts.items() if v == value)
        return counts.get((municipality_id, value), 0)

    @staticmethod
    def _excluded_note(excluded: int, message: str) -> str:
        """`message` is the ngettext sentence for `excluded` courses; nothing when none is left out."""
        return message % {"count": excluded} if excluded else ""

    def _question_text(self, key: str, number: str) -> str:
        question = self.questions.get((key, number))
        return question.text if question else ""

    def _choice_labels(self, key: str, number: str) -> dict:
        question = self.questions.get((key, number))
        return {choice["value"]: choice["label"] for choice in (question.choices if question else [])}

    # The report ------------------------------------------------------------------------

    def build(self) -> dict:
        cohort = self.cohort
        if cohort.kind == CohortKind.CLOSED_IN_YEAR:
            label = _("Courses closed in %(year)s") % {"year": cohort.start.year}
        else:
            label = _("Courses started from %(start)s to %(end)s") % {
                "start": cohort.start.strftime("%d.%m.%Y"),
                "end": cohort.end.strftime("%d.%m.%Y"),
            }
        answers = selectors.answer_counts(cohort, keys=(NATIONAL, ISHOEJ))
        responses = selectors.response_counts(cohort)
        sections = [
            *self.per_year_figures(),
            self.visitation_to_start(),
            self.recruitment(),
            self.educators(),
            *self.educator_assessment(),
            *self.national_questionnaire(answers, responses),
            *self.visits_and_length(),
            *self.ishoej_questionnaire(answers, responses),
            *self.sdq_tables(),
        ]
        return {
            "title": _("Evaluation of the home-based pedagogical courses"),
            "cohort": {
                "kind": cohort.kind,
                "label": label,
                "start": cohort.start.isoformat(),
                "end": cohort.end.isoformat(),
                "courses": self.size[TOTAL]["n"],
            },
            "municipalities": [{"id": m.pk, "name": m.name, "code": m.code} for m in self.municipalities],
            "suppress_small_cells": self.suppress,
            "generated_at": timezone.localtime().isoformat(timespec="seconds"),
            "sections": sections,
        }

    # Chapter 3 -------------------------------------------------------------------------

    def per_year_figures(self) -> list:
        sections = []
        for key, number, title, field, note in (
            (
                "figur-3-1",
                "Figur 3.1",
                _("Courses started per municipality and year"),
                "start_date",
                _("All courses of the municipalities started up to the end of the period, not only the cohort."),
            ),
            (
                "figur-3-2",
                "Figur 3.2",
                _("Courses closed per municipality and year"),
                "end_date",
                _("All courses of the municipalities closed up to the end of the period, not only the cohort."),
            ),
        ):
            counts = selectors.courses_per_year(self.cohort, field=field)
            years = sorted({year for (_m, year) in counts}) or [self.cohort.end.year]

            def make(municipality_id, counts=counts, years=years):
                per_year = [self._sum_over(counts, municipality_id, year) for year in years]
                return [self.cells.count(n) for n in per_year] + [self.cells.count(sum(per_year))]

            sections.append(
                _section(
                    key,
                    number,
                    title,
                    [_("Municipality"), *[str(y) for y in years], _("In all")],
                    self._rows(make),
                    notes=[note],
                    chart={"type": "grouped", "series": list(range(len(years)))},
                    part="3",
                )
            )
        return sections

    def _stat_cells(
        self, row: dict | None, fmt: str, *, prefix: str = "", convert=lambda v: v, min_fmt: str | None = None
    ) -> list:
        """Mean, min., max. and N from a `_stats`-shaped row (keys `<prefix>mean` …); a
        municipality without rows gets empty cells."""
        row = row or {}
        n = row.get(f"{prefix}n") or 0
        min_fmt = min_fmt or fmt
        return [
            self.cells.stat(convert(row.get(f"{prefix}mean")), fmt, n=n),
            self.cells.stat(convert(row.get(f"{prefix}min")), min_fmt, n=n),
            self.cells.stat(convert(row.get(f"{prefix}max")), min_fmt, n=n),
            self.cells.count(n),
        ]

    def visitation_to_start(self) -> dict:
        stats = selectors.days_visitation_to_start(self.cohort)
        excluded = self.size[TOTAL]["n"] - stats[TOTAL]["n"]
        return _section(
            "tabel-3-1",
            "Tabel 3.1",
            _("Days from the intake decision to the start of the course"),
            [_("Municipality"), _("Mean"), _("Min."), _("Max."), "N"],
            self._rows(lambda m: self._stat_cells(stats.get(m), "dec1", convert=_days, min_fmt="int")),
            notes=[
                _("Days from the visitation date to the start date (the start-up meeting)."),
                self._excluded_note(
                    excluded,
                    ngettext(
                        "%(count)s course is not counted, as it lacks a visitation date (imported from a registration sheet).",
                        "%(count)s courses are not counted, as they lack a visitation date (imported from a registration sheet).",
                        excluded,
                    ),
                ),
            ],
            part="3",
        )

    def _share_rows(self, counts: dict, values: list, *, agreeing: bool = False) -> list:
        def make(municipality_id):
            per_value = [self._sum_over(counts, municipality_id, value) for value in values]
            n = sum(per_value)
            cells = [self.cells.share(part, n) for part in per_value]
            if agreeing:
                cells.append(self.cells.share(sum(p for v, p in zip(values, per_value) if v in AGREEING), n))
            return cells + [self.cells.count(n)]

        return self._rows(make)

    def recruitment(self) -> dict:
        counts = selectors.counts_by(self.cohort, expression=selectors.recruiter_expression())
        missing = sum(n for (_m, value), n in counts.items() if value is None)
        values = [choice.value for choice in RecruitedBy]
        return _section(
            "figur-3-3",
            "Figur 3.3",
            _("Recruitment of families"),
            [_("Municipality"), *[choice.label for choice in RecruitedBy], "N"],
            self._share_rows(counts, values),
            subtitle=_("Share of courses by who recruited the family (per cent)."),
            notes=[
                self._excluded_note(
                    missing,
                    ngettext(
                        "%(count)s course is not counted, as it lacks who recruited the family.",
                        "%(count)s courses are not counted, as they lack who recruited the family.",
                        missing,
                    ),
                )
            ],
            chart={"type": "shares", "series": list(range(len(values)))},
            part="3",
        )

    def educators(self) -> dict:
        by_profession = selectors.educators_by(self.cohort, field="profession")
        by_anchoring = selectors.educators_by(self.cohort, field="anchoring")
        columns = [(m.pk, m.name) for m in self.municipalities]
        if self.several:
            columns.append((TOTAL, _("All municipalities")))

        def row(label, counts, value):
            return _row(label, [self.cells.plain(self._sum_over(counts, m, value), "int") for m, _name in columns])

        rows = [
            _row(
                _("Home educators in all"),
                [
                    self.cells.plain(sum(self._sum_over(by_profession, m, p.value) for p in Profession), "int")
                    for m, _name in columns
                ],
                total=True,
            ),
            *[row(p.label, by_profession, p.value) for p in Profession],
            *[row(_("Anchored: %(anchoring)s") % {"anchoring": a.label}, by_anchoring, a.value) for a in Anchoring],
        ]
        return _section(
            "tabel-3-2",
            "Tabel 3.2",
            _("Organisation of the home educators"),
            ["", *[name for _m, name in columns]],
            rows,
            notes=[_("Home educators who were primary or second educator on at least one course of the cohort.")],
            part="3",
        )

    # Chapter 4 -------------------------------------------------------------------------

    def educator_assessment(self) -> list:
        sections = []
        for key, number, title, field in (
            (
                "figur-4-1",
                "Figur 4.1",
                _("The home educators' assessment of goal attainment"),
                "closure__goals_reached_answer",
            ),
            (
                "figur-4-1-b",
                "Figur 4.1 b",
                _("The home educators' assessment of the child's development"),
                "closure__child_developed_answer",
            ),
        ):
            counts = selectors.counts_by(self.cohort, expression=F(field))
            missing = sum(n for (_m, value), n in counts.items() if not value)
            sections.append(
                _section(
                    key,
                    number,
                    title,
                    [_("Municipality"), *[a.label for a in Agreement], _("Agree in all"), "N"],
                    self._share_rows(counts, AGREEMENTS, agreeing=True),
                    subtitle=_("Share of courses per answer (per cent)."),
                    notes=[
                        self._closure_question(field),
                        self._excluded_note(
                            missing,
                            ngettext(
                                "%(count)s course is not counted, as it has no closure assessment (not closed yet).",
                                "%(count)s courses are not counted, as they have no closure assessment (not closed yet).",
                                missing,
                            ),
                        ),
                    ],
                    chart={"type": "shares", "series": list(range(len(AGREEMENTS)))},
                    part="4",
                )
            )
        return sections

    @staticmethod
    def _closure_question(field: str) -> str:
        name = field.split("__")[1]
        return "“%s”" % Closure._meta.get_field(name).verbose_name

    def _answers_of(self, answers: dict, key: str, number: str) -> dict:
        """{(municipality_id, choice or number): count} for one question."""
        result: dict = defaultdict(int)
        for (m, k, q, choice, value), n in answers.items():
            if k == key and q == number:
                result[(m, choice if choice else value)] += n
        return dict(result)

    def _responses_of(self, responses: dict, key: str, municipality_id) -> int:
        return sum(
            n
            for (m, k, _tied), n in responses.items()
            if k == key and (municipality_id is TOTAL or m == municipality_id)
        )

    def _untied_note(self, responses: dict, key: str) -> str:
        untied = sum(n for (_m, k, tied), n in responses.items() if k == key and not tied)
        if not untied:
            return ""
        return ngettext(
            "%(count)s response was given through the open link or imported without a course; it is counted by the date it was given.",
            "%(count)s responses were given through the open link or imported without a course; they are counted by the date they were given.",
            untied,
        ) % {"count": untied}

    def national_questionnaire(self, answers: dict, responses: dict) -> list:
        rating = self._answers_of(answers, NATIONAL, "9")

        def rating_cells(municipality_id):
            values = Counter()
            for (m, value), n in rating.items():
                if municipality_id is TOTAL or m == municipality_id:
                    values[value] += n
            n = sum(values.values())
            mean = sum(v * c for v, c in values.items()) / n if n else None
            return [
                self.cells.stat(mean, "dec2", n=n),
                self.cells.stat(min(values) if n else None, "int", n=n),
                self.cells.stat(max(values) if n else None, "int", n=n),
                self.cells.count(n),
            ]

        untied = self._untied_note(responses, NATIONAL)
        sections = [
            _section(
                "tabel-4-1",
                "Tabel 4.1",
                _("The parents' overall rating of the course (1–10)"),
                [_("Municipality"), _("Mean"), _("Min."), _("Max."), "N"],
                self._rows(rating_cells),
                notes=[f"“{self._question_text(NATIONAL, '9')}”", untied],
                part="4",
            )
        ]

        who = self._answers_of(answers, NATIONAL, "1")
        alone = self._answers_of(answers, NATIONAL, "2")
        relations = [r.value for r in (Guardian.Relation.MOTHER, Guardian.Relation.FATHER, Guardian.Relation.OTHER)]

        def who_cells(municipality_id):
            per = [self._sum_over(who, municipality_id, value) for value in relations]
            n = sum(per)
            yes = self._sum_over(alone, municipality_id, "yes")
            answered = yes + self._sum_over(alone, municipality_id, "no")
            return [self.cells.share(p, n) for p in per] + [self.cells.share(yes, answered), self.cells.count(n)]

        sections.append(
            _section(
                "tabel-4-2",
                "Tabel 4.2",
                _("Who answered the parent questionnaire"),
                [_("Municipality"), _("Mother"), _("Father"), _("Other"), _("Lives alone with the children"), "N"],
                self._rows(who_cells),
                subtitle=_("Share of responses (per cent)."),
                notes=[untied],
                part="4",
            )
        )
        for key, number, title, question, per_child, extra in (
            (
                "figur-4-2",
                "Figur 4.2",
                _("The parents' assessment of a strengthened relation between parent and child"),
                "6",
                True,
                "",
            ),
            ("figur-4-3", "Figur 4.3", _("The parents' assessment of better frames in the family"), "7", False, ""),
            ("figur-4-4", "Figur 4.4", _("The parents' assessment of the child's development"), "5", True, ""),
            (
                "figur-4-5",
                "Figur 4.5",
                _("The parents' assessment of an improved cooperation with the daycare"),
                "8",
                True,
                _("Only asked about children who attended a daycare."),
            ),
        ):
            counts = self._answers_of(answers, NATIONAL, question)
            sections.append(
                _section(
                    key,
                    number,
                    title,
                    [_("Municipality"), *[a.label for a in Agreement], _("Agree in all"), "N"],
                    self._share_rows(counts, AGREEMENTS, agreeing=True),
                    subtitle=_("Share per answer (per cent). N is the number of children.")
                    if per_child
                    else _("Share per answer (per cent). N is the number of responses."),
                    notes=[f"“{self._question_text(NATIONAL, question)}”", extra, untied],
                    chart={"type": "shares", "series": list(range(len(AGREEMENTS)))},
                    part="4",
                )
            )
        return sections

    # Chapter 5 -------------------------------------------------------------------------

    def visits_and_length(self) -> list:
        figures = selectors.visit_figures(self.cohort)
        course_count = self.size[TOTAL]["n"]

        def visit_cells(m):
            return self._stat_cells(figures.get(m), "dec1", prefix="visits_", min_fmt="int")

        def per_visit_cells(m):
            return self._stat_cells(figures.get(m), "dec2", prefix="hpv_")

        length = selectors.course_length_days(self.cohort)
        columns = [_("Municipality"), _("Mean"), _("Min."), _("Max."), "N"]
        no_count = course_count - (figures[TOTAL]["visits_n"] or 0)
        no_hours = course_count - (figures[TOTAL]["hpv_n"] or 0)
        running = course_count - length[TOTAL]["n"]
        sections = [
            _section(
                "tabel-5-1",
                "Tabel 5.1",
                _("Visits and contacts per course"),
                columns,
                self._rows(visit_cells),
                notes=[
                    _("Held visits and contacts between the family and the home educator, booster visits included."),
                    self._excluded_note(
                        no_count,
                        ngettext(
                            "%(count)s course is not counted, as it was imported without a number of visits.",
                            "%(count)s courses are not counted, as they were imported without a number of visits.",
                            no_count,
                        ),
                    ),
                ],
                part="5",
            ),
            _section(
                "tabel-5-2",
                "Tabel 5.2",
                _("Hours per visit"),
                columns,
                self._rows(per_visit_cells),
                notes=[
                    _(
                        "Each course's visit hours divided by its visits; then mean, minimum and maximum over the courses."
                    ),
                    self._excluded_note(
                        no_hours,
                        ngettext(
                            "%(count)s course is not counted, as it has no held visits or no recorded visit hours.",
                            "%(count)s courses are not counted, as they have no held visits or no recorded visit hours.",
                            no_hours,
                        ),
                    ),
                ],
                part="5",
            ),
            _section(
                "tabel-5-3",
                "Tabel 5.3",
                _("Length of the courses in days"),
                columns,
                self._rows(lambda m: self._stat_cells(length.get(m), "dec1", convert=_days, min_fmt="int")),
                notes=[
                    _("Days from the start date to the end date."),
                    self._excluded_note(
                        running,
                        ngettext(
                            "%(count)s course is not counted, as it is not closed yet.",
                            "%(count)s courses are not counted, as they are not closed yet.",
                            running,
                        ),
                    ),
                ],
                part="5",
            ),
            self.cost(figures),
        ]
        return sections

    def cost(self, figures: dict) -> dict:
        rates = {m.pk: m.visit_hourly_rate for m in self.municipalities}
        missing_rate = [m.name for m in self.municipalities if m.visit_hourly_rate is None]
        empty = {"minutes_sum": None, "minutes_n": 0}

        def cost_of(m):
            row = figures.get(m, empty)
            hours = Decimal(row["minutes_sum"] or 0) / 60
            return hours, row["minutes_n"] or 0

        def cells(m):
            if m is TOTAL:
                hours = sum((cost_of(x)[0] for x in rates), Decimal(0))
                n = sum(cost_of(x)[1] for x in rates)
                total_cost = None if missing_rate else sum((cost_of(x)[0] * rates[x] for x in rates), Decimal(0))
                rate = None
            else:
                hours, n = cost_of(m)
                rate = rates[m]
                total_cost = hours * rate if rate is not None else None
            per_course = total_cost / n if total_cost is not None and n else None
            return [
                self.cells.plain(hours, "dec1"),
                self.cells.stat(hours / n if n else None, "dec1", n=n),
                self.cells.plain(rate, "kr"),
                self.cells.stat(per_course, "kr", n=n),
                self.cells.plain(total_cost, "kr"),
                self.cells.count(n),
            ]

        return _section(
            "tabel-5-4",
            "Tabel 5.4",
            _("Visit hours and cost"),
            [
                _("Municipality"),
                _("Hours in all"),
                _("Hours per course"),
                _("Hourly rate"),
                _("Cost per course"),
                _("Cost in all"),
                "N",
            ],
            self._rows(cells),
            notes=[
                _(
                    "Cost is visit hours times the hourly rate the municipality has set; other time (transport, preparation, coordination) is not included."
                ),
                _("No hourly rate set: %(names)s.") % {"names": ", ".join(missing_rate)} if missing_rate else "",
            ],
            part="5",
        )

    # The Ishøj evaluation --------------------------------------------------------------

    def _pooled(self, counts: dict) -> Counter:
        pooled = Counter()
        for (_m, value), n in counts.items():
            pooled[value] += n
        return pooled

    def ishoej_questionnaire(self, answers: dict, responses: dict) -> list:
        n = self._responses_of(responses, ISHOEJ, TOTAL)
        untied = self._untied_note(responses, ISHOEJ)
        pooled_note = _("All municipalities of the report together. N = %(count)s responses.") % {"count": n}
        yes_no_columns = ["", _("Yes"), _("No"), _("Not answered")]

        def yes_no(key, number, question, title):
            counts = self._pooled(self._answers_of(answers, ISHOEJ, question))
            yes, no = counts["yes"], counts["no"]
            return _section(
                key,
                number,
                title,
                yes_no_columns,
                [
                    _row(
                        self._question_text(ISHOEJ, question),
                        [
                            self.cells.count(yes, total=n),
                            self.cells.count(no, total=n),
                            self.cells.count(n - yes - no, total=n),
                        ],
                    )
                ],
                notes=[pooled_note, untied],
                part="ishoej",
            )

        before = self._pooled(self._answers_of(answers, ISHOEJ, "4"))
        after = self._pooled(self._answers_of(answers, ISHOEJ, "5"))
        bands = [
            (_("Takes up very little or nothing (1-2)"), 1, 2),
            (_("Takes up a little (3-4)"), 3, 4),
            (_("Takes up some (5-6)"), 5, 6),
            (_("Takes up a lot (7-8)"), 7, 8),
            (_("Takes up very much or overshadows daily life (9-10)"), 9, 10),
        ]
        rows = [
            _row(
                label,
                [
                    self.cells.count(sum(c for v, c in before.items() if low <= v <= high), total=n),
                    self.cells.count(sum(c for v, c in after.items() if low <= v <= high), total=n),
                ],
            )
            for label, low, high in bands
        ]
        rows.append(
            _row(
                _("Not answered"),
                [
                    self.cells.count(n - sum(before.values()), total=n),
                    self.cells.count(n - sum(after.values()), total=n),
                ],
            )
        )
        change = self._pooled(self._answers_of(answers, ISHOEJ, "6"))
        labels = self._choice_labels(ISHOEJ, "6")
        change_rows = [_row(label, [self.cells.count(change[value], total=n)]) for value, label in labels.items()]
        change_rows.append(_row(_("Not answered"), [self.cells.count(n - sum(change.values()), total=n)]))
        return [
            yes_no("ishoej-1", _("Ishøj table 1"), "1", _("The child's well-being has improved")),
            _section(
                "ishoej-6",
                _("Ishøj table 6"),
                _("How much the topic of the course fills daily life, before and after"),
                ["", _("Before the course"), _("After the course")],
                rows,
                notes=[
                    f"“{self._question_text(ISHOEJ, '4')}” / “{self._question_text(ISHOEJ, '5')}”",
                    pooled_note,
                    untied,
                ],
                part="ishoej",
            ),
            _section(
                "ishoej-7",
                _("Ishøj table 7"),
                _("Does the topic fill less, the same or more after the course?"),
                ["", _("After the course")],
                change_rows,
                notes=[pooled_note, untied],
                part="ishoej",
            ),
            yes_no("ishoej-8", _("Ishøj table 8"), "7", _("Inspiration to do something differently")),
            yes_no("ishoej-9", _("Ishøj table 9"), "8", _("More options when something is hard")),
            yes_no("ishoej-10", _("Ishøj table 10"), "9", _("More options for a positive interaction")),
        ]

    def sdq_tables(self) -> list:
        measurements = selectors.cohort_measurements(self.cohort)
        counts: dict = defaultdict(Counter)
        for municipality in self.municipalities:
            norm_set = norm_set_for_municipality(municipality_id=municipality.pk)
            for key, counter in band_counts(
                measurements=measurements.filter(course__municipality_id=municipality.pk), norm_set=norm_set
            ).items():
                counts[key].update(counter)
        sections = []
        for informant, number in ((Informant.STAFF, _("Ishøj table 2")), (Informant.PARENT, _("Ishøj table 3"))):
            sections.append(self._sdq_bands(counts, informant, number))
        changes = child_changes(measurements=measurements)
        first_child = 1
        for informant, number in ((Informant.STAFF, _("Ishøj table 4")), (Informant.PARENT, _("Ishøj table 5"))):
            section, first_child = self._sdq_changes(changes, informant, number, first_child)
            sections.append(section)
        return sections

    def _sdq_bands(self, counts: dict, informant: str, number: str) -> dict:
        columns = [
            (Timing.START, scoring.TOTAL),
            (Timing.END, scoring.TOTAL),
            (Timing.START, scoring.IMPACT),
            (Timing.END, scoring.IMPACT),
        ]
        totals = {column: sum(counts.get((column[0], informant, column[1]), Counter()).values()) for column in columns}
        rows = []
        for band in [*scoring.BANDS, NO_NORM, NO_SCORE]:
            values = [counts.get((timing, informant, scale), Counter())[band] for timing, scale in columns]
            if band in (NO_NORM, NO_SCORE) and not any(values):
                continue
            label = {NO_NORM: _("No norm in the chosen norm set"), NO_SCORE: _("No score")}.get(band) or band_label(
                scoring.TOTAL, band
            )
            rows.append(_row(label, [self.cells.count(v, total=totals[c]) for v, c in zip(values, columns)]))
        informant_label = Informant(informant).label
        return _section(
            f"ishoej-{number.split()[-1]}",
            number,
            _("SDQ bands at the start and end of the course: %(informant)s") % {"informant": informant_label.lower()},
            ["", _("Total difficulties, start"), _("Total difficulties, end"), _("Impact, start"), _("Impact, end")],
            rows,
            notes=[
                _(
                    "Bands by the norm set each municipality chose. Number of SDQ measurements at start: %(start)s; at the end: %(end)s."
                )
                % {"start": totals[columns[0]], "end": totals[columns[1]]},
            ],
            part="ishoej",
        )

    def _sdq_changes(self, changes: list, informant: str, number: str, first_child: int):
        scales = [
            scoring.PROSOCIAL,
            scoring.EMOTIONAL,
            scoring.CONDUCT,
            scoring.HYPERACTIVITY,
            scoring.PEER,
            scoring.TOTAL,
            scoring.IMPACT,
        ]
        per_child: dict = defaultdict(dict)
        for change in changes:
            if change.informant == informant and change.scale in scales:
                per_child[(change.course_id, change.child_id)][change.scale] = change.change
        tally = {scale: Counter() for scale in scales}
        rows = []
        for index, (_key, by_scale) in enumerate(sorted(per_child.items())):
            cells = []
            for scale in scales:
                value = by_scale.get(scale)
                tone = _tone(scale, value)
                if tone:
                    tally[scale][tone] += 1
                cells.append({"value": value, "format": "int", "suppressed": False, "tone": tone})
            if not self.suppress:
                rows.append(_row(_("Child %(number)s") % {"number": first_child + index}, cells))
        for tone, label in (("better", _("Better")), ("same", _("Unchanged")), ("worse", _("Worse"))):
            rows.append(
                _row(
                    _("Children: %(tone)s") % {"tone": label},
                    [{**self.cells.count(tally[scale][tone]), "tone": tone} for scale in scales],
                    total=True,
                )
            )
        notes = [
            _(
                "Change from the start to the end measurement by the same informant: end score minus start score. "
                "Better is lower for difficulties and impact and higher for prosocial behaviour."
            ),
            ngettext(
                "%(count)s child has both measurements.", "%(count)s children have both measurements.", len(per_child)
            )
            % {"count": len(per_child)},
        ]
        if self.suppress:
            notes.append(
                _("One row per child is not shown in a report across municipalities or for the national analyst.")
            )
        section = _section(
            f"ishoej-{number.split()[-1]}",
            number,
            _("Change in SDQ scores per child: %(informant)s") % {"informant": Informant(informant).label.lower()},
            ["", *[scoring_label(scale) for scale in scales]],
            rows,
            notes=notes,
            part="ishoej",
        )
        return section, first_child + len(per_child)


def scoring_label(scale: str) -> str:
    return str(Scale(scale).label)


def _tone(scale: str, change: int | None) -> str | None:
    if change is None:
        return None
    if change == 0:
        return "same"
    better = change > 0 if scale in scoring.LOW_IS_CONCERN else change < 0
    return "better" if better else "worse"


def report_compute(*, cohort: Cohort, suppress: bool) -> dict:
    """Every table and figure of the report for `cohort`, as plain data."""
    return ReportBuilder(cohort=cohort, suppress=suppress).build()
