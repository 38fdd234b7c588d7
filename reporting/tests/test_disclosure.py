"""Disclosure control: the issue's worked-out cells stay hidden, and a linear program over every
table of an analyst's report over many municipalities finds no hidden cell it can pin down."""

import re

import pytest

from courses.choices import Agreement
from reporting.disclosure import Layout, protect
from reporting.formatting import format_cell
from reporting.tables import Cells
from reporting.tables.base import share_layout
from reporting.tests.disclosure_audit import Report, sums_a_reader_sees
from reporting.tests.disclosure_data import (  # noqa: F401 (fixtures)
    FEW_RATES,
    FEW_SIZES,
    analyst_report,
    few_municipalities,
    many_municipalities,
    many_municipalities_built,
    municipalities_with,
)

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
    # the sums behind the means, hours and cost of the small groups are audited too
    assert {term[1] for term in report.amounts} >= {"tabel-3-1", "tabel-4-1", "tabel-5-1", "tabel-5-3", "tabel-5-4"}
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


def test_the_cost_in_all_does_not_give_two_hidden_municipalities_hours_back(few_municipalities, monkeypatch):
    """Tabel 5.4 hides the two small municipalities' rows; the hours in all and the cost in all
    (each municipality's hours times its own rate, 450 and 520 kr) are two sums of their two
    hidden hours, which pin both (19.5 and 24.75 hours, of 2 and 3 courses): rule 9 hides the
    cost in all of all municipalities instead, and the hours stay within a wide range."""
    before = Report(analyst_report(few_municipalities, monkeypatch, without=("weighted",))).derivable()
    assert {(term[1], term[3]) for term, *_rest in before} == {("tabel-5-4", "hours")}
    monkeypatch.undo()
    result = analyst_report(few_municipalities, monkeypatch)
    cost = next(s for s in result["sections"] if s["key"] == "tabel-5-4")
    assert shown(cost["rows"], "Alle kommuner") == ["0", "350,5", "8,8", "–", "<5", "<5", "40"]
    report = Report(result)
    assert report.check_truth() == []
    assert report.derivable() == []


def test_a_municipality_by_year_figure_with_hidden_cells_in_several_rows_and_years(monkeypatch):
    """Four municipalities of 2-21 courses with earlier years: two small rows' "I alt" (4 and 3,
    together 7 as the total row shows) bound the large row's hidden 2024 at 19-26, and so a
    neighbour's hidden 7 of 2022 at 4-8, a cycle of sums rules 2-3 do not see one by one. Rule 10
    solves the figure and hides one more cell of the pinned cell's row or column."""
    municipalities = municipalities_with(FEW_SIZES, rates=FEW_RATES, flaws=False, sdq=False, earlier=True)
    before = Report(analyst_report(municipalities, monkeypatch, without=("cycles",))).derivable()
    assert {term[1] for term, *_rest in before} & {"figur-3-1", "figur-3-2"}
    monkeypatch.undo()
    report = Report(analyst_report(municipalities, monkeypatch))
    assert report.check_truth() == []
    assert report.derivable() == []
