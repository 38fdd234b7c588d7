"""Ishøj tabel 1-10 computed from imported sheets: courses with their children, answers to the
Ishøj questionnaire and SDQ measurements, through the real imports and the real report, every
cell against the values computed by hand below."""

from datetime import date

import pytest
from django.utils import translation

from reporting.formatting import format_cell
from reporting.selectors import Cohort
from reporting.tables import report_compute
from sheets import columns as sheet
from sheets.services import ishoej_answers_import, registration_sheet_import, sdq_sheet_import
from sheets.tests.factories import SCORES_ONLY, course_csv, ishoej_answers_csv, sdq_csv

pytestmark = pytest.mark.usefixtures("shipped_questionnaires")

BLANK_ANSWERS = {**dict.fromkeys(sheet.SDQ_ITEM_COLUMNS.values()), **dict.fromkeys(sheet.SDQ_IMPACT_COLUMNS.values())}


def _items(box: str) -> dict:
    return {**BLANK_ANSWERS, **dict.fromkeys(sheet.SDQ_ITEM_COLUMNS.values(), box)}


def _scores(emotional, conduct, hyperactivity, peer, prosocial, impact=None) -> dict:
    return {
        **SCORES_ONLY,
        "Score følelsesmæssige": emotional,
        "Score adfærd": conduct,
        "Score hyperaktivitet": hyperactivity,
        "Score jævnaldrende": peer,
        "Score prosocial": prosocial,
        "Score impact": impact,
    }


COURSES = [
    # Closed in 2023, the report's cohort; K-4 is still running and outside it.
    {
        sheet.COURSE_ID: "K-1",
        sheet.START_DATE: "15-02-2023",
        sheet.END_DATE: "30-10-2023",
        sheet.BIRTH_MONTH: "03-2021",
        sheet.CHILD_SEX: "Pige",
    },
    {
        sheet.COURSE_ID: "K-2",
        sheet.START_DATE: "01-03-2023",
        sheet.END_DATE: "15-12-2023",
        sheet.BIRTH_MONTH: "06-2020",
        sheet.CHILD_SEX: "Dreng",
    },
    {
        sheet.COURSE_ID: "K-3",
        sheet.VISITATION_DATE: "01-12-2022",
        sheet.START_DATE: "01-01-2023",
        sheet.END_DATE: "30-11-2023",
        sheet.BIRTH_MONTH: "01-2021",
    },
    {
        sheet.COURSE_ID: "K-4",
        sheet.START_DATE: "01-06-2023",
        sheet.END_DATE: None,
        sheet.GOALS_REACHED: None,
        sheet.CHILD_DEVELOPED: None,
        sheet.END_REASON: None,
        sheet.BIRTH_MONTH: "02-2021",
    },
]
Q1, Q4, Q5, Q6, Q7, Q8, Q9 = (header for header in sheet.ISHOEJ_QUESTION_COLUMNS.values())
ANSWERS = [
    {
        sheet.RESPONSE_ID: "I-1",
        sheet.COURSE_ID: "K-1",
        Q1: "Ja",
        Q4: "8",
        Q5: "3",
        Q6: "Fylder mindre",
        Q7: "ja",
        Q8: "Nej",
        Q9: "Ja",
    },
    {
        sheet.RESPONSE_ID: "I-2",
        sheet.COURSE_ID: "K-2",
        Q1: "Nej",
        Q4: "9",
        Q5: "9",
        Q6: "Fylder det samme",
        Q7: "nej",
        Q8: "Ja",
        Q9: None,
    },
    {
        sheet.RESPONSE_ID: "I-3",
        sheet.COURSE_ID: "K-3",
        Q1: None,
        Q4: "2",
        Q5: None,
        Q6: "Fylder mere",
        Q7: "ja",
        Q8: "ja",
        Q9: "nej",
    },
    # Not tied to a course: counted when answered in the period.
    {
        sheet.RESPONSE_ID: "I-4",
        sheet.ANSWERED_ON: "05-05-2023",
        Q1: "Ja",
        Q4: "5",
        Q5: "1",
        Q6: "Fylder mindre",
        Q7: "Ja",
        Q8: "Ja",
        Q9: "Ja",
    },
    # Outside: answered in 2022 without a course, and about the running course.
    {sheet.RESPONSE_ID: "I-5", sheet.ANSWERED_ON: "01-06-2022", Q1: "Nej"},
    {sheet.RESPONSE_ID: "I-6", sheet.COURSE_ID: "K-4", Q1: "Nej"},
]
STAFF = {sheet.SDQ_INFORMANT: "Dagtilbudspersonale"}
END = {sheet.SDQ_TIMING: "Slut"}
SDQ = [
    # K-1, parents: every box 1 (each scale 5, total 20), supplement: distress "quite a lot" 1 +
    # home life "a great deal" 2 = impact 3; at the end every box 0 (the reverse-keyed items score
    # 2: conduct 2, hyperactivity 4, peer 4, total 10), "no difficulties": impact 0.
    {sheet.COURSE_ID: "K-1", sheet.SDQ_MEASURED_ON: "01-03-2023"},
    {sheet.COURSE_ID: "K-1", **END, sheet.SDQ_MEASURED_ON: "30-10-2023", **_items("0"), "Vanskeligheder": "0"},
    # K-1, staff at the start, only the scores kept: total 3+2+6+3 = 14; no impact.
    {sheet.COURSE_ID: "K-1", **STAFF, sheet.SDQ_MEASURED_ON: "01-03-2023", **_scores("3", "2", "6", "3", "5")},
    # K-2, parents, only the scores kept: total 15 (no impact), then 11 with impact 1.
    {sheet.COURSE_ID: "K-2", sheet.SDQ_MEASURED_ON: "15-03-2023", **_scores("4", "3", "6", "2", "8")},
    {sheet.COURSE_ID: "K-2", **END, sheet.SDQ_MEASURED_ON: "10-12-2023", **_scores("2", "3", "5", "1", "9", "1")},
    # K-3, staff: every box 2 (emotional 10, conduct 8, hyperactivity 6, peer 6, prosocial 10,
    # total 30), distress 3 → 2 + friendships 2 → 1 + learning 1 → 0 = impact 3; at the end every
    # box 1 (total 20) and "no difficulties": impact 0.
    {
        sheet.COURSE_ID: "K-3",
        **STAFF,
        sheet.SDQ_MEASURED_ON: "20-01-2023",
        **_items("2"),
        "Vanskeligheder": "2",
        "Belaster barnet": "3",
        "Venskaber": "2",
        "Læring": "1",
    },
    {sheet.COURSE_ID: "K-3", **STAFF, **END, sheet.SDQ_MEASURED_ON: "20-11-2023", **_items("1"), "Vanskeligheder": "0"},
    # K-4 is outside the cohort.
    {sheet.COURSE_ID: "K-4", sheet.SDQ_MEASURED_ON: "01-03-2023"},
]


@pytest.fixture
def report(coordinator, municipality):
    for service, content in (
        (registration_sheet_import, course_csv(COURSES)),
        (ishoej_answers_import, ishoej_answers_csv(ANSWERS)),
        (sdq_sheet_import, sdq_csv(SDQ)),
    ):
        result = service(acting_user=coordinator, content=content, dry_run=False)
        assert (result.problems, result.imported) == ([], True)
    cohort = Cohort(
        kind="closed_in_year", start=date(2023, 1, 1), end=date(2023, 12, 31), municipality_ids=(municipality.pk,)
    )
    with translation.override("da"):
        return report_compute(cohort=cohort, suppress=False)


def table(report, key) -> dict[str, list[str]]:
    section = next(s for s in report["sections"] if s["key"] == key)
    return {row["label"]: [format_cell(cell) for cell in row["cells"]] for row in section["rows"]}


def only_row(report, key) -> list[str]:
    [cells] = table(report, key).values()
    return cells


def test_ishoej_questionnaire_tables_1_and_6_to_10(report):
    # N = 4: I-1, I-2, I-3 about the cohort's courses, I-4 answered in 2023 without a course.
    assert only_row(report, "ishoej-1") == ["2 (50 %)", "1 (25 %)", "1 (25 %)"]
    assert table(report, "ishoej-6") == {
        "Det fylder meget lidt eller slet ingenting (1-2)": ["1 (25 %)", "1 (25 %)"],
        "Det fylder lidt (3-4)": ["0 (0 %)", "1 (25 %)"],
        "Det fylder noget (5-6)": ["1 (25 %)", "0 (0 %)"],
        "Det fylder meget (7-8)": ["1 (25 %)", "0 (0 %)"],
        "Det fylder rigtig meget eller overskygger hverdagen helt (9-10)": ["1 (25 %)", "1 (25 %)"],
        "Ikke besvaret": ["0 (0 %)", "1 (25 %)"],
    }
    assert table(report, "ishoej-7") == {
        "Fylder mindre": ["2 (50 %)"],
        "Fylder det samme": ["1 (25 %)"],
        "Fylder mere": ["1 (25 %)"],
        "Ikke besvaret": ["0 (0 %)"],
    }
    assert only_row(report, "ishoej-8") == ["3 (75 %)", "1 (25 %)", "0 (0 %)"]
    assert only_row(report, "ishoej-9") == ["3 (75 %)", "1 (25 %)", "0 (0 %)"]
    assert only_row(report, "ishoej-10") == ["2 (50 %)", "1 (25 %)", "1 (25 %)"]


def test_ishoej_sdq_band_tables_2_and_3(report):
    # Shares of the 3 children measured in the cohort; columns: total start, end; impact start, end.
    # Banded by the shipped UK 2–4 set (every child is 24–42 months old on its dates).
    assert table(report, "ishoej-2") == {  # staff: K-3 total 30 / 20, impact 3 / 0; K-1 total 14
        "Almindelig": ["0 (0 %)", "0 (0 %)", "0 (0 %)", "1 (33 %)"],
        "Let forhøjet": ["1 (33 %)", "0 (0 %)", "0 (0 %)", "0 (0 %)"],
        "Høj": ["0 (0 %)", "0 (0 %)", "0 (0 %)", "0 (0 %)"],
        "Meget høj": ["1 (33 %)", "1 (33 %)", "1 (33 %)", "0 (0 %)"],
        "Ingen score": ["0 (0 %)", "0 (0 %)", "1 (33 %)", "0 (0 %)"],
    }
    assert table(report, "ishoej-3") == {  # parents: K-1 total 20 / 10, impact 3 / 0; K-2 15 / 11, – / 1
        "Almindelig": ["0 (0 %)", "2 (67 %)", "0 (0 %)", "1 (33 %)"],
        "Let forhøjet": ["1 (33 %)", "0 (0 %)", "0 (0 %)", "1 (33 %)"],
        "Høj": ["0 (0 %)", "0 (0 %)", "0 (0 %)", "0 (0 %)"],
        "Meget høj": ["1 (33 %)", "0 (0 %)", "1 (33 %)", "0 (0 %)"],
        "Ingen score": ["0 (0 %)", "0 (0 %)", "1 (33 %)", "0 (0 %)"],
    }


def test_ishoej_sdq_change_tables_4_and_5(report):
    # Columns: prosocial, emotional, conduct, hyperactivity, peer, total, impact; end minus start.
    assert table(report, "ishoej-4") == {  # staff: only K-3 has both
        "Barn 1": ["-5", "-5", "-3", "-1", "-1", "-10", "-3"],
        "Børn: Bedre": ["0", "1", "1", "1", "1", "1", "1"],
        "Børn: Uændret": ["0", "0", "0", "0", "0", "0", "0"],
        "Børn: Værre": ["1", "0", "0", "0", "0", "0", "0"],
    }
    assert table(report, "ishoej-5") == {
        "Barn 2": ["-5", "-5", "-3", "-1", "-1", "-10", "-3"],  # K-1
        "Barn 3": ["1", "-2", "0", "-1", "-1", "-4", "–"],  # K-2, scores only; no impact at the start
        "Børn: Bedre": ["1", "2", "1", "2", "2", "2", "1"],
        "Børn: Uændret": ["0", "0", "1", "0", "0", "0", "0"],
        "Børn: Værre": ["1", "0", "0", "0", "0", "0", "0"],
    }
