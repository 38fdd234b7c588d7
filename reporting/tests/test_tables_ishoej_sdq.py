"""The Ishøj questionnaire's and the SDQ's tables, courses imported from a sheet counted like
the app's, and a pooled N under five kept out of the notes, on small hand-computed data."""

from datetime import date

import pytest

from reporting.formatting import format_cell
from reporting.tests.factories import closed_course, national_response
from reporting.tests.tables_cases import compute, row, section

pytestmark = pytest.mark.django_db


def test_ishoej_questionnaire_tables(municipality):
    given = [
        {"1": "yes", "4": 8, "5": 2, "6": "less", "7": "yes", "8": "yes", "9": "yes"},
        {"1": "yes", "4": 9, "5": 4, "6": "less", "7": "yes", "8": "no"},
        {"4": 7, "5": 8, "6": "more", "7": "yes", "8": "yes", "9": "yes"},
    ]
    for answers in given:
        national_response(municipality=municipality, submitted_on=date(2025, 9, 1), answers=answers, key="ishoej")
    result = compute(municipality)
    assert section(result, "ishoej-1")["rows"][0]["cells"] and row(
        result, "ishoej-1", section(result, "ishoej-1")["rows"][0]["label"]
    ) == ["2 (67 %)", "0 (0 %)", "1 (33 %)"]
    before_after = {r["label"]: [format_cell(c) for c in r["cells"]] for r in section(result, "ishoej-6")["rows"]}
    assert before_after["Det fylder meget lidt eller slet ingenting (1-2)"] == ["0 (0 %)", "1 (33 %)"]
    assert before_after["Det fylder meget (7-8)"] == ["2 (67 %)", "1 (33 %)"]
    assert before_after["Det fylder rigtig meget eller overskygger hverdagen helt (9-10)"] == ["1 (33 %)", "0 (0 %)"]
    change = {r["label"]: format_cell(r["cells"][0]) for r in section(result, "ishoej-7")["rows"]}
    assert change == {
        "Fylder mindre": "2 (67 %)",
        "Fylder det samme": "0 (0 %)",
        "Fylder mere": "1 (33 %)",
        "Ikke besvaret": "0 (0 %)",
    }
    assert [format_cell(c) for c in section(result, "ishoej-9")["rows"][0]["cells"]] == [
        "2 (67 %)",
        "1 (33 %)",
        "0 (0 %)",
    ]
    assert [format_cell(c) for c in section(result, "ishoej-10")["rows"][0]["cells"]] == [
        "2 (67 %)",
        "0 (0 %)",
        "1 (33 %)",
    ]


def test_sdq_change_per_child_is_coloured_by_direction(municipality, coordinator):
    from django.utils import timezone

    from sdq.tests.factories import answers, course_with_toddler, measurement

    course = course_with_toddler(coordinator=coordinator)
    today = timezone.localdate()
    measurement(course=course, timing="start", answers=answers(1), measured_on=course.start_date)
    measurement(course=course, timing="end", answers=answers(0), measured_on=today)
    result = compute(municipality, kind="started_in_period", start=course.start_date, end=today)
    parents = section(result, "ishoej-5")
    child = parents["rows"][0]
    # every box 1 at the start: each subscale 5, total 20. Every box 0 at the end: the reverse-
    # keyed items score 2, so conduct 2, hyperactivity 4, peer 4, prosocial 0, total 10.
    assert child["label"] == "Barn 1"
    assert [format_cell(c) for c in child["cells"]] == ["-5", "-5", "-3", "-1", "-1", "-10", "–"]
    assert [c["tone"] for c in child["cells"]] == ["worse", "better", "better", "better", "better", "better", None]
    # banded by the shipped UK 2–4 set: total 20 at the start is very high, 10 at the end close to average
    assert row(result, "ishoej-3", "Meget høj")[:2] == ["1 (100 %)", "0 (0 %)"]
    assert row(result, "ishoej-3", "Almindelig")[:2] == ["0 (0 %)", "1 (100 %)"]
    assert "Ingen norm i det valgte normsæt" not in [r["label"] for r in section(result, "ishoej-3")["rows"]]
    tally = {r["label"]: [format_cell(c) for c in r["cells"]] for r in parents["rows"][1:]}
    assert tally["Børn: Bedre"] == ["0", "1", "1", "1", "1", "1", "0"]
    # and no daycare-staff measurements: Tabel 4 has only its (empty) tally
    assert [r["label"] for r in section(result, "ishoej-4")["rows"]] == ["Børn: Bedre", "Børn: Uændret", "Børn: Værre"]


def test_sdq_band_shares_are_of_all_children_measured_as_in_ishoej(municipality, coordinator):
    """`000_…`: 5 staff forms among 11 children give "2 (18 %)": the share is of every child with an
    SDQ measurement, by either informant. Here 3 children: one measured by parents, two by staff."""
    from django.utils import timezone

    from sdq.tests.factories import answers, course_with_toddler, measurement

    by_parents, by_staff, by_staff_too = (course_with_toddler(coordinator=coordinator) for _ in range(3))
    start = min(c.start_date for c in (by_parents, by_staff, by_staff_too))
    measurement(course=by_parents, timing="start", answers=answers(1), measured_on=by_parents.start_date)
    measurement(course=by_staff, timing="start", informant="staff", answers=answers(1), measured_on=by_staff.start_date)
    measurement(
        course=by_staff_too, timing="start", informant="staff", answers=answers(0), measured_on=by_staff_too.start_date
    )
    result = compute(municipality, kind="started_in_period", start=start, end=timezone.localdate())
    # staff: total 20 is very high (19–40), total 10 close to average; each 1 of 3 children
    assert row(result, "ishoej-2", "Meget høj")[0] == "1 (33 %)"
    assert row(result, "ishoej-2", "Almindelig")[0] == "1 (33 %)"
    assert row(result, "ishoej-3", "Meget høj")[0] == "1 (33 %)"  # not 1 (100 %) of the parents' one form
    notes = section(result, "ishoej-2")["notes"]
    assert any("Andelene er af alle 3 børn med en SDQ-måling" in note for note in notes)


def test_sdq_rows_per_child_are_left_out_when_small_cells_are_hidden(municipality, coordinator):
    from sdq.tests.factories import answers, course_with_toddler, measurement

    course = course_with_toddler(coordinator=coordinator)
    measurement(course=course, timing="start", answers=answers(1), measured_on=course.start_date)
    measurement(course=course, timing="end", answers=answers(0))
    from django.utils import timezone

    result = compute(
        municipality, suppress=True, kind="started_in_period", start=course.start_date, end=timezone.localdate()
    )
    labels = [r["label"] for r in section(result, "ishoej-5")["rows"]]
    assert "Barn 1" not in labels
    assert row(result, "ishoej-5", "Børn: Bedre")[1] == "<5"


def test_courses_imported_from_a_sheet_count_like_courses_logged_in_the_app(coordinator, municipality):
    """The real import, then the report: the sheet's totals and answers land in every table."""
    from sheets import columns as sheet
    from sheets.services import registration_sheet_import
    from sheets.tests.factories import course_csv

    content = course_csv(
        [
            {
                sheet.MUNICIPALITY: municipality.code,
                sheet.COURSE_ID: "K-1",
                sheet.VISIT_COUNT: "20",
                sheet.VISIT_HOURS: "25,5",
                sheet.START_DATE: "15-02-2025",
                sheet.END_DATE: "30-10-2025",
                sheet.VISITATION_DATE: "01-02-2025",
            },
            {
                sheet.MUNICIPALITY: municipality.code,
                sheet.COURSE_ID: "K-2",
                sheet.VISIT_COUNT: "10",
                sheet.VISIT_HOURS: "10",
                sheet.START_DATE: "01-03-2025",
                sheet.END_DATE: "30-06-2025",
                sheet.VISITATION_DATE: "",
                sheet.GOALS_REACHED: "Uenig",
            },
        ]
    )
    registration_sheet_import(acting_user=coordinator, content=content, dry_run=False)
    closed_course(
        coordinator=coordinator,
        visitation=date(2025, 1, 1),
        start=date(2025, 1, 5),
        end=date(2025, 3, 1),
        visit_minutes=[60, 30],
    )
    result = compute(municipality)
    # visits: 20, 10 (sheet) and 2 (app) → mean 10.7; hours per visit 1.275, 1.0, 0.75
    assert row(result, "tabel-5-1", municipality.name) == ["10,7", "2", "20", "3"]
    assert row(result, "tabel-5-2", municipality.name) == ["1,01", "0,75", "1,28", "3"]
    # K-2 has no visitation date: counted out of Tabel 3.1 only
    assert row(result, "tabel-3-1", municipality.name) == ["9,0", "4", "14", "2"]
    assert row(result, "figur-4-1", municipality.name)[:4] == ["0 %", "67 %", "0 %", "33 %"]


def test_a_pooled_n_under_five_is_not_written_in_the_note(municipality, other_municipality):
    for answers in ({"1": "yes"}, {"1": "no"}, {"1": "yes"}):
        national_response(municipality=municipality, submitted_on=date(2025, 9, 1), answers=answers, key="ishoej")
    result = compute(municipality, other_municipality, suppress=True)
    assert "Alle rapportens kommuner samlet. N = <5 besvarelser." in section(result, "ishoej-1")["notes"]
    assert [format_cell(c) for c in section(result, "ishoej-1")["rows"][0]["cells"]] == ["<5", "<5", "<5"]
