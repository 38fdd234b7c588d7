"""Importing historical answers to the national questionnaire."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from courses.models import Course
from hjemmepaed.audit.models import AuditEvent
from sheets import columns as sheet
from sheets.services import national_answers_import, registration_sheet_import
from sheets.tests.factories import answers_csv, course_csv, xlsx
from surveys.engine import Walk
from surveys.models import Answer, OpenLink, Questionnaire, Response

pytestmark = pytest.mark.usefixtures("shipped_questionnaires")


def run(coordinator, content, *, dry_run=False):
    return national_answers_import(acting_user=coordinator, content=content, dry_run=dry_run)


def _rows(response):
    return sorted(
        (a.question.number, a.child, a.choice, a.number, a.text) for a in response.answers.select_related("question")
    )


def test_answers_are_stored_as_a_submitted_response_stores_them(coordinator):
    from surveys.services import response_submit

    questionnaire = Questionnaire.objects.filter(key="national").order_by("-version").first()
    link = OpenLink.objects.create(
        municipality=coordinator.municipality, questionnaire=questionnaire, token="t", created_by=coordinator
    )
    submitted = response_submit(
        walk=Walk(questionnaire),
        open_link=link,
        answers={
            "q1": "mother",
            "q2": "no",
            "q3": "2",
            "q4_b1": "yes",
            "q5_b1": "agree",
            "q6_b1": "strongly_agree",
            "q8_b1": "agree",
            "q4_b2": "no",
            "q5_b2": "neutral",
            "q6_b2": "dont_know",
            "q7": "disagree",
            "q9": "8",
        },
    )
    row = {
        "3 Antal børn": "2",
        "4 Dagtilbud barn 2": "nej",
        "5 Udvikling barn 2": "Hverken enig eller uenig",
        "6 Relation barn 2": "Ved ikke",
        "7 Rammer": "Uenig",
    }

    result = run(coordinator, answers_csv([row]))

    assert result.problems == []
    imported = Response.objects.get(source="import")
    assert _rows(imported) == _rows(submitted)
    assert imported.children == submitted.children == 2
    assert (imported.questionnaire, imported.municipality, imported.external_id) == (
        questionnaire,
        coordinator.municipality,
        "B-1",
    )
    assert imported.submitted_at == datetime(2023, 11, 5, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    assert imported.course is None


def test_xlsx_and_empty_cells_are_not_answered(coordinator):
    cells = [
        ["101", "B-9", datetime(2023, 3, 1), None, "far", "ja", 1, "nej", "Enig", None, None] + [None] * 8 + [None, 10]
    ]

    result = run(coordinator, xlsx(sheet.ANSWER_COLUMNS, cells))

    assert result.problems == []
    response = Response.objects.get()
    assert _rows(response) == [
        ("1", 0, "father", None, ""),
        ("2", 0, "yes", None, ""),
        ("3", 0, "1", None, ""),
        ("4", 1, "no", None, ""),
        ("5", 1, "agree", None, ""),
        ("9", 0, "", 10, ""),
    ]


def test_a_response_links_to_an_imported_course_by_its_id(coordinator):
    registration_sheet_import(acting_user=coordinator, content=course_csv([{}]), dry_run=False)

    run(coordinator, answers_csv([{sheet.COURSE_ID: "K-1"}]))

    assert Response.objects.get().course == Course.objects.get(external_id="K-1")


@pytest.mark.parametrize(
    "cells, message",
    [
        ({sheet.RESPONSE_ID: None}, "Række 2, kolonne Besvarelses-id: Id'et skal udfyldes."),
        ({sheet.ANSWERED_ON: None}, "Række 2, kolonne Dato: Datoen skal udfyldes."),
        ({sheet.ANSWERED_ON: "2023-13-01"}, "Række 2, kolonne Dato: “2023-13-01” er ikke en dato."),
        ({sheet.COURSE_ID: "K-404"}, "Række 2, kolonne Forløbs-id: Intet forløb i din kommune har id'et K-404."),
        ({"1 Er du": "moster"}, "Række 2, kolonne 1 Er du: “moster” er ikke en tilladt værdi."),
        ({"2 Bor alene": "måske"}, "Række 2, kolonne 2 Bor alene: “måske” er ikke en tilladt værdi."),
        ({"3 Antal børn": "7"}, "Række 2, kolonne 3 Antal børn: “7” er ikke en tilladt værdi."),
        ({"5 Udvikling barn 1": "Lidt"}, "Række 2, kolonne 5 Udvikling barn 1: “Lidt” er ikke en tilladt værdi."),
        ({"9 Samlet vurdering": "11"}, "Række 2, kolonne 9 Samlet vurdering: Skriv et tal fra 1 til 10."),
        (
            {"4 Dagtilbud barn 1": "nej"},
            "Række 2, kolonne 8 Samarbejde barn 1: Spørgsmål 8 besvares kun for et barn, der gik i dagtilbud (spørgsmål 4 er “ja”).",
        ),
        (
            {"6 Relation barn 2": "Enig"},
            "Række 2, kolonne 6 Relation barn 2: Spørgsmål 3 siger 1 barn/børn, så dette barn har ingen svar.",
        ),
    ],
)
def test_a_broken_rule_names_row_and_column_in_danish(coordinator, cells, message):
    result = run(coordinator, answers_csv([cells]), dry_run=True)

    assert any(problem.startswith(message) for problem in result.problems), result.problems


def test_another_municipality_is_refused(coordinator, other_municipality):
    result = run(coordinator, answers_csv([{sheet.MUNICIPALITY: "Thisted"}]), dry_run=True)

    assert result.problems == ["Række 2, kolonne Kommune: Thisted er ikke din kommune."]


def test_dry_run_and_a_bad_row_write_nothing(coordinator):
    assert run(coordinator, answers_csv([{}]), dry_run=True).created == 1
    result = run(coordinator, answers_csv([{}, {sheet.RESPONSE_ID: "B-2", "9 Samlet vurdering": "0"}]))

    assert len(result.problems) == 1 and not result.imported
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


def test_the_same_file_twice_changes_nothing_and_changed_answers_are_an_error(coordinator):
    content = answers_csv([{}, {sheet.RESPONSE_ID: "B-2"}])
    run(coordinator, content)
    answers = list(Answer.objects.order_by("pk").values_list("pk", "choice", "number"))

    again = run(coordinator, content)
    changed = run(coordinator, answers_csv([{"9 Samlet vurdering": "3"}]), dry_run=True)

    assert (again.problems, again.created, again.unchanged) == ([], 0, 2)
    assert list(Answer.objects.order_by("pk").values_list("pk", "choice", "number")) == answers
    assert changed.problems == [
        "Række 2, kolonne Besvarelses-id: En besvarelse med id'et B-1 findes allerede med andre svar. "
        "Et ark overskriver aldrig en besvarelse: ret rækken, eller fjern den."
    ]


def test_one_audit_event_per_import(coordinator):
    run(coordinator, answers_csv([{}, {sheet.RESPONSE_ID: "B-2"}]))

    event = AuditEvent.objects.get(object_type="questionnaire_answers_sheet")
    assert (event.action, event.actor, event.criterion) == ("create", coordinator, "2 created, 0 unchanged")
