"""Disclosure control: the issue's worked-out cells stay hidden, and a linear program over every
table of an analyst's report over many municipalities finds no hidden cell it can pin down."""

import random
import re
from datetime import date, timedelta

import numpy as np
import pytest
from django.utils import translation
from scipy.optimize import linprog

from courses.choices import Agreement, RecruitedBy
from courses.models import Course, Phase
from hjemmepaed.organisation.tests.factories import MunicipalityFactory
from reporting.disclosure import SMALL_CELL_LIMIT, Layout, protect
from reporting.formatting import format_cell
from reporting.selectors import Cohort
from reporting.tables import Cells, report_compute
from reporting.tables.base import share_layout
from reporting.tests.factories import imported_course, national_response

pytestmark = pytest.mark.django_db


def counts_table(rows: dict, *, total_label="Alle kommuner") -> list:
    """Municipality rows of counts per year with their "I alt", then the total row."""
    cells = Cells(suppress=True)
    table = [
        {"label": label, "cells": [cells.count(n) for n in [*ns, sum(ns)]], "total": False}
        for label, ns in rows.items()
    ]
    columns = list(zip(*rows.values(), strict=True))
    totals = [sum(column) for column in columns]
    table.append({"label": total_label, "cells": [cells.count(n) for n in [*totals, sum(totals)]], "total": True})
    return table


def shown(table: list, label: str) -> list:
    return [format_cell(cell) for cell in next(row for row in table if row["label"] == label)["cells"]]


def year_layout(years: int) -> Layout:
    return Layout(across=((tuple(range(years)), years),), down=tuple(range(years + 1)))


def test_a_hidden_year_is_not_the_total_minus_the_shown_years():
    # Figur 3.1, Helsingør 2022: 26 − 7 − 18 = 1
    table = counts_table({"Helsingør": [7, 18, 1], "Thisted": [12, 32, 4], "Ishøj": [20, 30, 40]})
    protect(table, year_layout(3))
    helsingoer = shown(table, "Helsingør")
    assert helsingoer[2] == "<5"
    assert helsingoer.count("<5") >= 2  # the 1 and one more, so 26 minus the shown is no longer 1
    # Figur 3.2, Thisted 2021: 48 − 12 − 32 = 4
    assert shown(table, "Thisted").count("<5") >= 2
    # and the year's column does not give them back either: 1 + 4 hidden, 40 beside them
    assert [shown(table, name)[2] for name in ("Helsingør", "Thisted", "Ishøj")].count("<5") >= 2


def test_agree_in_all_with_the_shown_shares_does_not_give_a_single_answer_back():
    # "Enige i alt" 83 % of 6: 2 strongly agree, 3 agree, 1 neutral
    cells = Cells(suppress=True)
    values = [a.value for a in Agreement]
    parts = {"strongly_agree": 2, "agree": 3, "neutral": 1}
    counts = [parts.get(v, 0) for v in values]
    row = [cells.share(c, 6) for c in counts] + [cells.share(5, 6), cells.count(6)]
    table = [{"label": "Thisted", "cells": row, "total": False}]
    protect(table, share_layout(values, agreeing=True))
    assert shown(table, "Thisted") == ["<5", "<5", "<5", "0 %", "0 %", "0 %", "<5", "6"]


def test_the_minimum_of_all_municipalities_is_hidden_when_it_is_a_hidden_groups():
    cells = Cells(suppress=True)

    def stats(mean, low, high, n, total=False):
        row = [cells.stat(mean, "dec1", n=n), cells.stat(low, "int", n=n), cells.stat(high, "int", n=n), cells.count(n)]
        return {"label": "Alle kommuner" if total else f"K{n}", "cells": row, "total": total}

    table = [stats(10, 1, 30, 3), stats(20, 8, 40, 7), stats(25, 9, 29, 30), stats(22.4, 1, 40, 40, total=True)]
    protect(table, Layout(down=(3,), row_n=3, extremes={1: "min", 2: "max"}))
    assert shown(table, "K7") == ["<5"] * 4  # 40 − 30 would give the 3 back
    # the minimum 1 lies below every shown municipality's: one course of the hidden group
    assert shown(table, "Alle kommuner") == ["22,4", "<5", "<5", "40"]


# The LP audit ------------------------------------------------------------------------------

YEAR = 2025
SIZES = [0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 17, 46]  # courses closed in 2025 per municipality
# A few flaws the notes count, each under 5 in all: courses without who recruited the family,
# closures without the educator's assessment, courses still running at the end of the year.
WITHOUT_RECRUITER = {(10, 0), (11, 3)}
NOT_ANSWERED = {(9, 1), (10, 2), (11, 5)}
RUNNING = {5: 1, 11: 1}


@pytest.fixture
def many_municipalities(db):
    """Twelve municipalities, small and large, with 0–46 courses closed in 2025 (and some in
    2023–2024), answers drawn at random (seeded), parents' and Ishøj questionnaires, a few
    without visitation date, and the few flaws the notes count as "<5"."""
    rng = random.Random(15)
    from hjemmepaed.organisation.models import Role
    from hjemmepaed.organisation.tests.factories import user_for_role

    agreements = [a.value for a in Agreement]
    recruiters = [r.value for r in RecruitedBy][:4]
    municipalities = []
    serial = iter(range(1, 10**6))
    for index, size in enumerate(SIZES):
        municipality = MunicipalityFactory(name=f"Kommune {index:02d}", code=f"9{index:02d}", visit_hourly_rate=450)
        municipalities.append(municipality)
        coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
        earlier = rng.choice([0, 2, 6, 11])
        for number in range(size + earlier):
            year = YEAR if number < size else rng.choice([2023, 2024])
            start = date(year - 1, 1, 1) + timedelta(days=rng.randrange(0, 300))
            end = max(start + timedelta(days=rng.randrange(60, 330)), date(year, 1, 1))
            end = min(end, date(year, 12, 31))
            visits = rng.choice([None, 0, 3, 6, 9, 14])
            course = imported_course(
                coordinator=coordinator,
                external_id=f"K{next(serial)}",
                start=start,
                end=end,
                visits=visits,
                minutes=None if visits is None else visits * rng.choice([45, 60, 90]),
                recruited_by="" if (index, number) in WITHOUT_RECRUITER else rng.choice(recruiters),
                visitation=None if rng.random() < 0.1 else start - timedelta(days=rng.randrange(0, 60)),
                goals_answer="" if (index, number) in NOT_ANSWERED else rng.choice(agreements),
                child_answer="" if (index, number) in NOT_ANSWERED else rng.choice(agreements[:3]),
            )
            if year == YEAR and rng.random() < 0.7:
                national_response(
                    municipality=municipality,
                    course=course,
                    submitted_on=end,
                    answers={
                        "1": rng.choice(["mother", "mother", "father", "other"]),
                        "2": rng.choice(["yes", "no", "no"]),
                        "9": rng.randrange(4, 11),
                        "7": rng.choice(agreements[:4]),
                        ("5", 1): rng.choice(agreements[:3]),
                        ("6", 1): rng.choice(agreements[:3]),
                    },
                )
            if year == YEAR and rng.random() < 0.5:
                national_response(
                    municipality=municipality,
                    course=course,
                    submitted_on=end,
                    key="ishoej",
                    answers={
                        "1": rng.choice(["yes", "yes", "no"]),
                        "4": rng.randrange(3, 11),
                        "5": rng.randrange(1, 9),
                        "6": rng.choice(["less", "less", "same", "more"]),
                        "7": rng.choice(["yes", "no"]),
                    },
                )
        for number in range(RUNNING.get(index, 0)):
            course = imported_course(
                coordinator=coordinator,
                external_id=f"K{next(serial)}",
                start=date(YEAR, 10, 1 + number),
                end=date(YEAR, 12, 1),
                visits=3,
                minutes=180,
                visitation=date(YEAR, 9, 1),
            )
            Course.objects.filter(pk=course.pk).update(phase=Phase.STARTED, end_date=None)
    for municipality, children in zip(municipalities[3:9:2], (2, 3, 6), strict=True):
        coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
        for child in range(children):
            _sdq_course(coordinator, start=date(YEAR, 1, 10 + child), boxes=(rng.randrange(0, 3), rng.randrange(0, 3)))
    return municipalities


def _sdq_course(coordinator, *, start, boxes):
    """A course with a 2½-year-old measured by the parents at the start and the end, closed in the year."""
    from courses.services import GoalResult, course_close
    from sdq.tests.factories import answers, course_with_toddler, measurement

    course = course_with_toddler(coordinator=coordinator, start_date=start)
    end = start + timedelta(days=200)
    measurement(course=course, timing="start", answers=answers(boxes[0]), measured_on=start)
    measurement(course=course, timing="end", answers=answers(boxes[1]), measured_on=end)
    course_close(
        acting_user=course.primary_educator,
        course=course,
        end_date=end,
        end_reason="goals_reached",
        goals_reached_answer="agree",
        child_developed_answer="agree",
        goal_results=[GoalResult(goal=goal, status="reached", weight_at_end=3) for goal in course.goals.all()],
    )


def analyst_report(municipalities, monkeypatch, *, without=()) -> dict:
    """The report as an analyst gets it, with each cell's count kept (the audit's right answer).

    `without` leaves rules out, to show the audit finds what they protect: "complementary"
    (primary suppression alone, as before issue 15), "groups" (rule 6: each table on its own),
    "notes" (rule 7)."""
    monkeypatch.setattr("reporting.disclosure.strip", lambda rows: None)
    if "complementary" in without:
        monkeypatch.setattr("reporting.disclosure.protect_report", lambda sections, notes, known: None)
    if "groups" in without:
        monkeypatch.setattr("reporting.disclosure._hide_same_groups", lambda sections: False)
    if "notes" in without:
        monkeypatch.setattr("reporting.disclosure._protect_note", lambda by_key, note: False)
    cohort = Cohort(
        kind="closed_in_year",
        start=date(YEAR, 1, 1),
        end=date(YEAR, 12, 31),
        municipality_ids=tuple(m.pk for m in municipalities),
    )
    with translation.override("da"):
        return report_compute(cohort=cohort, suppress=True)


PARTS_EXCLUDED = {"Enige i alt", "§ 52-foranstaltninger afgjort", "Bor alene med børnene", "N", "I alt"}


def sums_a_reader_sees(section: dict) -> tuple[list, list]:
    """The table's additive relations as a reader sees them from its headers and its notes, not
    from the code's layout: (equalities, at-most relations), each (parts, total); a cell is
    (row, column), a total may be a number from the notes."""
    columns = section["columns"][1:]
    rows = section["rows"]
    municipality_rows = [r for r, row in enumerate(rows) if not row["total"]]
    total_rows = [r for r, row in enumerate(rows) if row["total"]]
    key = section["key"]
    equal, at_most = [], []

    def down(column):
        if total_rows and municipality_rows:
            equal.append(([(r, column) for r in municipality_rows], (total_rows[0], column)))

    if key == "svarprocent":  # invited, answered, and answered again as a share of invited
        down(0)
        down(1)
        for r in range(len(rows)):
            equal.append(([(r, 2)], (r, 1)))
    elif key in ("figur-3-1", "figur-3-2"):
        for r in range(len(rows)):
            equal.append(([(r, c) for c in range(len(columns) - 1)], (r, len(columns) - 1)))
        for c in range(len(columns)):
            down(c)
    elif columns[-1] == "N" and columns[1:4] == ["Min.", "Maks.", "N"]:
        down(3)  # mean, min., max., N
    elif key == "tabel-5-4":
        down(len(columns) - 1)
    elif columns and columns[-1] == "N":  # shares of N
        n = len(columns) - 1
        parts = [c for c, name in enumerate(columns) if name not in PARTS_EXCLUDED]
        for r in range(len(rows)):
            equal.append(([(r, c) for c in parts], (r, n)))
            if "Enige i alt" in columns:
                agree = [columns.index("Meget enig"), columns.index("Enig")]
                equal.append(([(r, c) for c in agree], (r, columns.index("Enige i alt"))))
        for c, name in enumerate(columns):
            if name != "Bor alene med børnene":
                down(c)
    elif key.startswith("ishoej-"):
        notes = " ".join(section["notes"])
        pooled = re.search(r"N = (\d+) besvarelser", notes)
        children = re.search(r"(\d+) børn har begge målinger|(\d+) barn har begge målinger", notes)
        if key in ("ishoej-1", "ishoej-8", "ishoej-9", "ishoej-10") and pooled:
            equal.append(([(0, c) for c in range(len(columns))], int(pooled.group(1))))
        elif key in ("ishoej-6", "ishoej-7") and pooled:
            for c in range(len(columns)):
                equal.append(([(r, c) for r in range(len(rows))], int(pooled.group(1))))
        elif key in ("ishoej-4", "ishoej-5") and children:
            for c in range(len(columns)):
                at_most.append(([(r, c) for r in range(len(rows))], int(children.group(1) or children.group(2))))
    return equal, at_most


# The same group in several tables, as a reader tells from the titles and notes: a
# municipality's courses closed in the year are its year in Figur 3.2 (the cohort), and the N of
# each table of the cohort's courses, less the courses its notes leave out (Tabel 5.4 states none
# but counts only courses with hours); its closed courses in all (Figur 3.2) are Tabel 3.1's N
# and its notes' courses, and at most its started ones (Figur 3.1).
COHORT_TABLES = ("figur-3-3", "maalgruppe", "figur-4-1", "figur-4-1-b", "tabel-5-1", "tabel-5-2", "tabel-5-3")


EXCLUDED = re.compile(r"^(<5|\d+) (?:afsluttede )?forløb (?:er ikke talt med|tælles ikke med), da (.*)$")


def notes_a_reader_sees(result: dict) -> list:
    """The notes' counts of courses left out, each as (name, count or None for "<5", relation):
    relation (plus, minus) of cells (section key, row, column) and numbers, from the definitions
    the notes state: the cohort's courses are a table's N and its notes' courses; Figur 3.1's
    courses in all are Figur 3.2's and those without an end date; Figur 3.2's are Tabel 3.1's N
    and the two other notes of Tabel 3.1."""
    sections = {s["key"]: s for s in result["sections"]}
    cohort = result["cohort"]["courses"]

    def total(key, column):
        rows = sections[key]["rows"]
        row = next((r for r, row in enumerate(rows) if row["total"]), 0)
        return (key, row, column)

    found = []
    for key, section in sections.items():
        notes = [(m.group(1), m.group(2)) for m in map(EXCLUDED.match, section["notes"]) if m]
        if not notes:
            continue
        n = total(key, len(section["columns"]) - 2)
        counts = [(f"{key}:{i}", None if count == "<5" else int(count), why) for i, (count, why) in enumerate(notes)]
        if key == "tabel-3-1":
            started = total("figur-3-1", len(sections["figur-3-1"]["columns"]) - 2)
            closed = total("figur-3-2", len(sections["figur-3-2"]["columns"]) - 2)
            for name, count, why in counts:
                if "slutdato" in why:
                    found.append((name, count, [(1, started), (-1, closed)]))
            others = [(name, count) for name, count, why in counts if "slutdato" not in why]
            if others:
                found.append((others, None, [(1, closed), (-1, n)]))
        else:
            found.append(([(name, count) for name, count, _why in counts], None, [(1, cohort), (-1, n)]))
    return found


class Report:
    """The unknowns a reader of the whole report faces: every hidden cell, the same group's cells
    of several tables as one unknown, and the notes' "<5"; the equalities between them."""

    def __init__(self, result: dict):
        self.sections = result["sections"]
        self.parent: dict = {}
        self.truth: dict = {}  # unknown (class root) -> true count
        self.known: dict = {}  # class root -> the count shown
        self.bounds: dict = {}
        self.equalities: list = []
        self.upper: list = []  # (terms, bound): the terms' sum is at most the bound
        self._same_groups(result)
        for section in self.sections:
            equal, at_most = sums_a_reader_sees(section)
            for parts, whole in equal:
                terms = [(1, self._cell(section, p)) for p in parts]
                terms += [(-1, whole)] if isinstance(whole, int) else [(-1, self._cell(section, whole))]
                self.equalities.append(terms)
            for parts, whole in at_most:
                self.upper.append(([(1, self._cell(section, p)) for p in parts], whole))
        by_key = {s["key"]: s for s in self.sections}
        self.notes = []
        self.note_truth = {}
        for names, _none, relation in notes_a_reader_sees(result):
            names = names if isinstance(names, list) else [(names, _none)]
            terms = []
            for name, count in names:
                if count is None:
                    self.notes.append(("note", name))
                    self.note_truth[("note", name)] = None
                    self.bounds[("note", name)] = (1, SMALL_CELL_LIMIT - 1)
                    terms.append((1, ("note", name)))
                else:
                    terms.append((1, count))
            for sign, term in relation:
                if isinstance(term, int):
                    terms.append((-sign, term))
                else:
                    key, r, c = term
                    terms.append((-sign, self._cell(by_key[key], (r, c))))
            self.equalities.append(terms)
        for section in self.sections:
            for r, row in enumerate(section["rows"]):
                for c, cell in enumerate(row["cells"]):
                    root = self._find(("cell", section["key"], r, c))
                    self.truth.setdefault(root, cell.get("count"))
                    if not cell["suppressed"]:
                        assert self.known.get(root, cell.get("count")) == cell.get("count"), (section["key"], r, c)
                        self.known[root] = cell.get("count")

    def _same_groups(self, result: dict) -> None:
        sections = {s["key"]: s for s in self.sections}
        with_notes = {s["key"] for s in self.sections if any(EXCLUDED.match(note) for note in s["notes"])}

        def column(key, name):
            return sections[key]["columns"].index(name) - 1

        def cells_by_label(key, name):
            c = column(key, name)
            return {row["label"]: ("cell", key, r, c) for r, row in enumerate(sections[key]["rows"])}

        cohort = cells_by_label("figur-3-2", str(YEAR))
        for key in (*COHORT_TABLES, "tabel-5-4"):
            for label, n in cells_by_label(key, "N").items():
                if key in with_notes or key == "tabel-5-4":
                    self.upper.append(([(1, n), (-1, cohort[label])], 0))
                else:
                    self.equalities.append([(1, n), (-1, cohort[label])])
        closed, started = cells_by_label("figur-3-2", "I alt"), cells_by_label("figur-3-1", "I alt")
        for label, n in cells_by_label("tabel-3-1", "N").items():
            self.upper.append(([(1, n), (-1, closed[label])], 0))
            self.upper.append(([(1, closed[label]), (-1, started[label])], 0))

    def _find(self, term):
        self.parent.setdefault(term, term)
        while self.parent[term] != term:
            self.parent[term] = self.parent[self.parent[term]]
            term = self.parent[term]
        return term

    def _cell(self, section, position):
        return ("cell", section["key"], *position)

    def check_truth(self) -> list:
        """The relations that do not hold on the true counts (none, or the audit is wrong)."""
        truth = {**self.truth, **self.note_truth}

        def value(term):
            return term if isinstance(term, int) else truth.get(self._find(term) if term[0] == "cell" else term)

        wrong = []
        for terms in self.equalities:
            values = [(sign, value(term)) for sign, term in terms]
            if all(v is not None for _s, v in values) and sum(sign * v for sign, v in values) != 0:
                wrong.append(("=", terms, values))
        for terms, bound in self.upper:
            values = [(sign, value(term)) for sign, term in terms]
            if all(v is not None for _s, v in values) and sum(sign * v for sign, v in values) > bound:
                wrong.append(("<=", terms, values, bound))
        return wrong

    def ranges(self) -> dict:
        """Each unknown's (lowest, highest) over everything the report shows, component by component."""
        lines = []
        for terms in self.equalities:
            line, constant = {}, 0.0
            for sign, term in terms:
                if isinstance(term, int):
                    constant -= sign * term
                    continue
                root = self._find(term) if term[0] == "cell" else term
                if root in self.known:
                    if self.known[root] is None:
                        line = None
                        break
                    constant -= sign * self.known[root]
                else:
                    line[root] = line.get(root, 0) + sign
            line = {k: v for k, v in line.items() if v} if line is not None else None
            if line:
                lines.append((line, constant))
        uppers = []
        for parts, whole in self.upper:
            line, constant = {}, float(whole)
            for sign, term in parts:
                root = self._find(term)
                if root in self.known:
                    constant -= sign * (self.known[root] or 0)
                else:
                    line[root] = line.get(root, 0) + sign
            if line:
                uppers.append((line, constant))
        # components: unknowns joined by a relation
        parent = {}

        def find(x):
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for line, _c in lines + uppers:
            first, *rest = line
            for other in rest:
                parent[find(other)] = find(first)
        unknowns = {u for line, _c in lines + uppers for u in line}
        components: dict = {}
        for u in unknowns:
            components.setdefault(find(u), []).append(u)
        result = {}
        for members in components.values():
            index = {u: i for i, u in enumerate(members)}
            eq = [(line, c) for line, c in lines if next(iter(line)) in index]
            ub = [(line, c) for line, c in uppers if next(iter(line)) in index]
            self._solve(members, eq, ub, result)
        return result

    def _solve(self, members: list, eq: list, ub: list, result: dict) -> None:
        """The range of each of a component's unknowns worth solving, into `result`."""
        index = {u: i for i, u in enumerate(members)}

        def dense(rows):
            return np.array([[line.get(u, 0) for u in members] for line, _c in rows]) if rows else None

        a_eq, b_eq = dense(eq), [c for _l, c in eq] or None
        a_ub, b_ub = dense(ub), [c for _l, c in ub] or None
        bounds = [self.bounds.get(u, (0, None)) for u in members]

        def extreme(u, sign):
            objective = np.zeros(len(members))
            objective[index[u]] = sign
            outcome = linprog(objective, A_eq=a_eq, b_eq=b_eq, A_ub=a_ub, b_ub=b_ub, bounds=bounds)
            if outcome.status == 3:  # unbounded: nothing pins it from above
                return float("inf")
            assert outcome.status == 0, outcome.message
            return sign * outcome.fun

        for u in members:
            if not self._worth_solving(u):
                continue
            low = extreme(u, 1)
            # A range that starts at 5 or above holds no small group: its top does not matter.
            result[u] = (low, extreme(u, -1) if low < SMALL_CELL_LIMIT else float("inf"))

    def _worth_solving(self, unknown) -> bool:
        """A note's "<5", or a cell of at most 9: a cell of 10 or more whose range reaches below 5
        spans more than 5 anyway."""
        truth = self.truth.get(unknown)
        return unknown[0] == "note" or (truth is not None and 0 < truth < 2 * SMALL_CELL_LIMIT)

    def derivable(self) -> list:
        """What a reader of the whole report can work out: a hidden cell (not zero) whose range
        is narrower than the limit and reaches below it (a small group, or a count known to be
        small), and a note's "<5" whose range is narrower than 1-4.

        A hidden count whose whole range lies at 5 or above holds no small group: the tables' N
        beside a note's "<5" are of that kind (the cohort's courses less 1-4)."""
        found = []
        ranges = self.ranges()
        for root, truth in self.truth.items():
            if root in self.known or not truth or not self._worth_solving(root):
                continue
            low, high = ranges.get(root, (0, float("inf")))
            if low < SMALL_CELL_LIMIT and high - low < SMALL_CELL_LIMIT - 1e-6:
                found.append((root, truth, round(low, 2), round(high, 2)))
        for note in self.notes:
            low, high = ranges.get(note, (1, SMALL_CELL_LIMIT - 1))
            if low > 1 + 1e-6 or high < SMALL_CELL_LIMIT - 1 - 1e-6:
                found.append((note, round(low, 2), round(high, 2)))
        return found


def test_no_hidden_cell_of_an_analysts_report_can_be_worked_out(many_municipalities, monkeypatch):
    """The whole report at once: every table's sums, the same group's N in several tables as one
    unknown, and the notes' counts with what they are the difference of."""
    result = analyst_report(many_municipalities, monkeypatch)
    audited = {s["key"] for s in result["sections"] if any(sums_a_reader_sees(s))}
    assert audited >= {
        "figur-3-1",
        "figur-3-2",
        "tabel-3-1",
        "figur-3-3",
        "figur-4-1",
        "tabel-5-4",
        "svarprocent",
        "ishoej-5",
    }
    hidden = sum(c["suppressed"] for s in result["sections"] for r in s["rows"] for c in r["cells"])
    assert hidden > 50  # the data set has small groups in every table
    report = Report(result)
    assert len(report.notes) >= 3  # notes with "<5": no recruiter, not answered, no end date
    assert report.check_truth() == []
    assert report.derivable() == []
    # and no row per child
    assert not [r["label"] for s in result["sections"] for r in s["rows"] if r["label"].startswith("Barn ")]


def test_without_complementary_suppression_the_audit_finds_the_cells(many_municipalities, monkeypatch):
    """The audit has teeth: the hiding of small cells alone (as before issue 15) leaves cells
    a reader can work out, in the per-year figures and in the shares."""
    result = analyst_report(many_municipalities, monkeypatch, without=("complementary",))
    found = Report(result).derivable()
    assert {term[1] for term, *_rest in found if term[0] == "cell"} >= {"figur-3-1", "figur-3-2", "figur-3-3"}


def test_tables_protected_each_on_its_own_give_cells_away_side_by_side(many_municipalities, monkeypatch):
    """Without rule 6 a group's N hidden in one table is shown in another: laid side by side,
    the report gives cells back that each table alone keeps."""
    assert Report(analyst_report(many_municipalities, monkeypatch, without=("groups",))).derivable() != []


def test_a_notes_small_count_is_not_the_difference_of_shown_numbers(many_municipalities, monkeypatch):
    """Without rule 7 the cohort's courses minus a table's N give a note's "<5" back."""
    result = analyst_report(many_municipalities, monkeypatch, without=("notes",))
    assert [found for found in Report(result).derivable() if found[0][0] == "note"] != []


def test_a_notes_count_under_5_is_written_as_the_tables_hidden_cells_are(many_municipalities, monkeypatch):
    """Two courses without who recruited the family, three closures without the educator's
    assessment, two courses still running: each note says "<5", in the plural, as "<5" may be
    any of 1-4; the cells a reader would take the difference of are hidden (the audit above)."""
    notes = {s["key"]: s["notes"] for s in analyst_report(many_municipalities, monkeypatch)["sections"]}
    assert (
        "<5 forløb er ikke talt med, da de mangler oplysning om, hvem der rekrutterede familien." in notes["figur-3-3"]
    )
    assert (
        "<5 afsluttede forløb er ikke talt med, da hjemmepædagogens vurdering er ikke besvaret "
        "(indlæst fra et registreringsark)." in notes["figur-4-1"]
    )
    assert (
        "<5 forløb er ikke talt med, da de mangler en slutdato (ikke afsluttet ved periodens slutning)."
        in notes["tabel-3-1"]
    )
    # no note of the report states a count of 1-4 (an exclusion, an N, the responses beside)
    small = re.compile(r"(?:^|N = |også |alle |[;:] )[1-4] (?:forløb|afsluttede|besvarelse|barn|børn)")
    assert [note for key in notes for note in notes[key] if small.search(note)] == []
