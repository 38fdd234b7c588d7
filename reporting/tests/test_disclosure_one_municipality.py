"""Disclosure control in one municipality's report (a coordinator's, or the analyst's choice of
one): the front page's count of courses and the notes' counts are all a reader has besides the
one row of each table, so a note's count is easily the difference that gives a hidden N back."""

import pytest

from reporting.tests.disclosure_audit import Report
from reporting.tests.disclosure_data import (  # noqa: F401 (fixtures)
    analyst_report,
    many_municipalities,
    many_municipalities_built,
)

pytestmark = pytest.mark.django_db


def notes_of(result: dict, key: str) -> list:
    return next(s["notes"] for s in result["sections"] if s["key"] == key)


def test_a_notes_count_of_five_or_more_is_hidden_when_it_gives_a_small_n_back(many_municipalities, monkeypatch):
    """13 courses, of which 10 have no visit hours: "10 courses are not counted" beside the front
    page's 13 gave Tabel 5.2's hidden N of 3 back; the note now writes its count as "<5"."""
    one = many_municipalities[7:8]
    before = Report(analyst_report(one, monkeypatch, without=("pinning",))).derivable()
    assert [found[:2] for found in before] == [(("cell", "tabel-5-2", 0, 3), 3)]
    monkeypatch.undo()
    result = analyst_report(one, monkeypatch)
    assert result["cohort"]["courses"] == 13
    assert "<5 forløb er ikke talt med, da de ikke har afholdte besøg eller registreret besøgstid." in notes_of(
        result, "tabel-5-2"
    )
    assert Report(result).derivable() == []


def test_a_hidden_in_all_of_a_public_year_and_a_small_one_does_not_pin_the_small_one(many_municipalities, monkeypatch):
    """Figur 3.2: 2 courses closed in 2024 (hidden), the cohort's 9 in 2025 (on the front page),
    "In all" 11 hidden; Tabel 3.1's N of 8 plus the note's "<5" without a visitation date put
    "In all" at 9-12 and so the 2 at 0-3. Rule 7 hides Tabel 3.1's N instead."""
    one = many_municipalities[8:9]
    before = Report(analyst_report(one, monkeypatch, without=("thin",))).derivable()
    assert [found[:2] for found in before] == [(("cell", "figur-3-2", 0, 0), 2)]
    monkeypatch.undo()
    result = analyst_report(one, monkeypatch)
    tabel_3_1 = next(s for s in result["sections"] if s["key"] == "tabel-3-1")
    assert [c["suppressed"] for c in tabel_3_1["rows"][0]["cells"]] == [True] * 4
    assert Report(result).derivable() == []


def test_no_hidden_cell_of_one_municipalitys_report_can_be_worked_out(many_municipalities, monkeypatch):
    """Five municipalities of 9-46 courses, each in a report of its own: the whole report's
    linear program pins no hidden cell, note or small group's sum. (Kommune 11: Figur 3.1's 46
    courses started in 2024 equal the front page's 46 closed in 2025, and were kept shown as if
    they were that number; its hidden "In all" of Figur 3.2 was the shown year's sum.)"""
    for index in (7, 8, 9, 10, 11):
        report = Report(analyst_report(many_municipalities[index : index + 1], monkeypatch))
        assert report.check_truth() == [], index
        assert report.derivable() == [], index


def test_the_smallest_municipalities_notes_leave_their_counts_out(many_municipalities, monkeypatch):
    """Kommune 05 (8 courses) and 06 (6): "<5 forløb er ikke talt med" beside the front page's 8
    put Tabel 5.1's hidden N of 6 at 4-7, and "<5 besvarelser" besides no answered invitation
    bounded every response table at 0-4. Those notes now say "Nogle" and give no count."""
    for index in (5, 6):
        one = many_municipalities[index : index + 1]
        before = Report(analyst_report(one, monkeypatch, without=("uncounted",))).derivable()
        assert {found[0][1] for found in before} & {"tabel-5-1", "tabel-5-2", "tabel-4-1", "tabel-4-2"}, index
        monkeypatch.undo()
        result = analyst_report(one, monkeypatch)
        assert "Nogle forløb er ikke talt med, da de er importeret uden antal besøg." in notes_of(result, "tabel-5-1")
        assert (
            "Tabel 4.1–4.2 tæller også nogle besvarelser, der ikke kom via en invitation "
            "(men fra det åbne link eller et importeret ark)." in notes_of(result, "svarprocent")
        )
        report = Report(result)
        assert report.check_truth() == [], index
        assert report.derivable() == [], index
        monkeypatch.undo()
