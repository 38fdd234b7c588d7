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
SIZES = [0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 17]  # courses closed in 2025 per municipality


@pytest.fixture
def many_municipalities(db):
    """Eleven municipalities with 0–17 courses closed in 2025 (and some in 2023–2024), answers
    drawn at random (seeded), parents' and Ishøj questionnaires, a few without visitation date."""
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
                recruited_by=rng.choice(recruiters),
                visitation=None if rng.random() < 0.1 else start - timedelta(days=rng.randrange(0, 60)),
                goals_answer=rng.choice(agreements),
                child_answer=rng.choice(agreements[:3]),
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


def analyst_report(municipalities, monkeypatch, *, complementary=True) -> dict:
    """The report as an analyst gets it, with each cell's count kept (the audit's right answer)."""
    monkeypatch.setattr("reporting.disclosure.strip", lambda rows: None)
    if not complementary:  # primary suppression alone, as before issue 15
        monkeypatch.setattr("reporting.disclosure.protect", lambda rows, layout: None)
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

    if key in ("figur-3-1", "figur-3-2"):
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


def derivable_cells(section: dict) -> list:
    """Hidden cells (not zero) whose range, given the shown cells and sums, is narrower than the limit."""
    equal, at_most = sums_a_reader_sees(section)
    rows = section["rows"]
    unknowns: dict = {}

    def term(position):
        cell = rows[position[0]]["cells"][position[1]]
        if cell["suppressed"]:
            return unknowns.setdefault(position, len(unknowns)), None
        return None, cell["count"]

    def matrix(relations):
        lines, bounds = [], []
        for parts, total in relations:
            line, constant = {}, 0.0
            for position in parts:
                index, known = term(position)
                if index is None:
                    constant -= known
                else:
                    line[index] = line.get(index, 0) + 1
            if isinstance(total, int):
                constant += total
            else:
                index, known = term(total)
                if index is None:
                    constant += known
                else:
                    line[index] = line.get(index, 0) - 1
            if line:
                lines.append(line)
                bounds.append(constant)
        return lines, bounds

    eq_lines, eq_bounds = matrix(equal)
    ub_lines, ub_bounds = matrix(at_most)
    if not unknowns:
        return []

    def dense(lines):
        return np.array([[line.get(i, 0) for i in range(len(unknowns))] for line in lines]) if lines else None

    found = []
    for position, index in unknowns.items():
        truth = rows[position[0]]["cells"][position[1]]["count"]
        if not truth:
            continue
        ends = []
        for sign in (1, -1):
            objective = np.zeros(len(unknowns))
            objective[index] = sign
            outcome = linprog(
                objective,
                A_eq=dense(eq_lines),
                b_eq=eq_bounds or None,
                A_ub=dense(ub_lines),
                b_ub=ub_bounds or None,
                bounds=[(0, None)] * len(unknowns),
            )
            if outcome.status == 3:  # unbounded: nothing pins it from above
                ends.append(float("inf"))
                continue
            assert outcome.status == 0, (section["key"], outcome.message)
            ends.append(sign * outcome.fun)
        low, high = ends[0], ends[1]
        if high - low < SMALL_CELL_LIMIT:
            found.append((section["key"], rows[position[0]]["label"], section["columns"][position[1] + 1], low, high))
    return found


def test_no_hidden_cell_of_an_analysts_report_can_be_worked_out(many_municipalities, monkeypatch):
    result = analyst_report(many_municipalities, monkeypatch)
    audited = [s for s in result["sections"] if any(sums_a_reader_sees(s))]
    assert {s["key"] for s in audited} >= {
        "figur-3-1",
        "figur-3-2",
        "tabel-3-1",
        "figur-3-3",
        "figur-4-1",
        "tabel-5-4",
        "ishoej-5",
    }
    hidden = sum(c["suppressed"] for s in audited for r in s["rows"] for c in r["cells"])
    assert hidden > 50  # the data set has small groups in every table
    assert [cell for s in audited for cell in derivable_cells(s)] == []
    # and no row per child
    assert not [r["label"] for s in result["sections"] for r in s["rows"] if r["label"].startswith("Barn ")]


def test_without_complementary_suppression_the_audit_finds_the_cells(many_municipalities, monkeypatch):
    """The audit has teeth: the hiding of small cells alone (as before issue 15) leaves cells
    a reader can work out, in the per-year figures and in the shares."""
    result = analyst_report(many_municipalities, monkeypatch, complementary=False)
    found = [cell for s in result["sections"] for cell in derivable_cells(s)]
    assert {key for key, *_rest in found} >= {"figur-3-1", "figur-3-2", "figur-3-3"}
