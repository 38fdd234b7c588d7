"""Importing historical answers to the Ishøj questionnaire."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from courses.models import Course
from hjemmepaed.audit.models import AuditEvent
from sheets import cells as sheet_cells
from sheets import columns as sheet
from sheets import workbooks
from sheets.services import ishoej_answers_import, registration_sheet_import
from sheets.tests.factories import course_csv, ishoej_answers_csv
from surveys.models import Response

pytestmark = pytest.mark.usefixtures("shipped_questionnaires")


def run(coordinator, content, *, dry_run=False):
    return ishoej_answers_import(acting_user=coordinator, content=content, dry_run=dry_run)


def _answers(response):
    return sorted((a.question.number, a.choice, a.number) for a in response.answers.select_related("question"))


def test_a_response_is_stored_with_its_date_answered_and_the_questionnaires_values(coordinator):
    registration_sheet_import(acting_user=coordinator, content=course_csv([{}]), dry_run=False)

    result = run(coordinator, ishoej_answers_csv([{sheet.COURSE_ID: "K-1"}]))

    assert result.problems == []
    assert (result.created, result.unchanged) == (1, 0)
    response = Response.objects.get()
    assert response.questionnaire.key == "ishoej"
    assert response.source == "import"
    assert (response.municipality, response.external_id) == (coordinator.municipality, "I-1")
    assert response.course == Course.objects.get(external_id="K-1")
    assert response.children == 0
    # The date the parent answered, never the day of the import.
    assert response.submitted_at == datetime(2023, 6, 14, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    assert _answers(response) == [
        ("1", "yes", None),
        ("4", "", 8),
        ("5", "", 3),
        ("6", "less", None),
        ("7", "yes", None),
        ("8", "no", None),
        ("9", "yes", None),
    ]
    event = AuditEvent.objects.filter(object_type="ishoej_answers_sheet").get()
    assert event.criterion == "1 created, 0 unchanged"


def test_blank_answers_are_not_answered_and_the_course_is_optional(coordinator):
    blanks = dict.fromkeys(["4 Fyldte før", "6 Fylder mindre eller mere", "9 Handlemuligheder for samspil"])

    result = run(coordinator, ishoej_answers_csv([blanks]))

    assert result.problems == []
    response = Response.objects.get()
    assert response.course is None
    assert [number for number, _choice, _number in _answers(response)] == ["1", "5", "7", "8"]


def test_importing_the_same_file_twice_changes_nothing(coordinator):
    content = ishoej_answers_csv([{}, {sheet.RESPONSE_ID: "I-2", "1 Trivsel bedre": "nej"}])
    run(coordinator, content)

    again = run(coordinator, content)

    assert (again.problems, again.created, again.unchanged) == ([], 0, 2)
    assert Response.objects.count() == 2


def test_other_answers_under_an_imported_id_are_refused_in_danish(coordinator):
    run(coordinator, ishoej_answers_csv([{}]))

    result = run(coordinator, ishoej_answers_csv([{"5 Fylder nu": "4"}]))

    assert result.problems == [
        "Række 2, kolonne Besvarelses-id: En besvarelse med id'et I-1 findes allerede med andre svar. "
        "Et ark overskriver aldrig en besvarelse: ret rækken, eller fjern den."
    ]
    assert Response.objects.get().answers.get(question__number="5").number == 3


def test_unknown_labels_numbers_and_dates_are_refused_in_danish_and_nothing_is_saved(coordinator):
    result = run(
        coordinator,
        ishoej_answers_csv(
            [
                {"6 Fylder mindre eller mere": "Lidt mindre"},
                {sheet.RESPONSE_ID: "I-2", "4 Fyldte før": "11", "1 Trivsel bedre": "måske"},
                {sheet.RESPONSE_ID: "I-3", sheet.ANSWERED_ON: None, sheet.COURSE_ID: "K-9"},
            ]
        ),
    )

    assert result.problems == [
        "Række 2, kolonne 6 Fylder mindre eller mere: “Lidt mindre” er ikke en tilladt værdi. "
        "Brug en af “Fylder mindre”, “Fylder det samme”, “Fylder mere”.",
        "Række 3, kolonne 1 Trivsel bedre: “måske” er ikke en tilladt værdi. Brug en af “Ja”, “Nej”.",
        "Række 3, kolonne 4 Fyldte før: Skriv et tal fra 1 til 10.",
        "Række 4, kolonne Dato: Datoen skal udfyldes.",
        "Række 4, kolonne Forløbs-id: Intet forløb i din kommune har id'et K-9. Indlæs forløbet først, eller tøm cellen.",
    ]
    assert not Response.objects.exists()


def test_the_national_sheet_is_not_an_ishoej_sheet(coordinator):
    from sheets.tests.factories import answers_csv

    result = run(coordinator, answers_csv([{}]))

    assert result.problems[0].startswith("Række 1: Kolonnen “1 Er du” hører ikke til dette ark.")
    assert not Response.objects.exists()


def test_the_template_has_the_columns_and_the_questionnaires_labels(logged_in):
    response = logged_in.get(reverse("sheet_template_ishoej"))

    assert response["Content-Disposition"] == 'attachment; filename="skabelon-ishoej-besvarelser.xlsx"'
    assert sheet_cells.table_read(response.content)[0] == sheet.ISHOEJ_ANSWER_COLUMNS
    guide = {column: allowed for column, _required, allowed in workbooks.ishoej_answers_guide()}
    assert guide["6 Fylder mindre eller mere"] == "Fylder mindre; Fylder det samme; Fylder mere. Tom: ikke besvaret."


def test_the_upload_page_names_the_ishoej_questionnaire_and_its_template(logged_in):
    page = logged_in.get(reverse("sheet_import_ishoej")).content.decode()

    assert "Indlæs historiske besvarelser af Ishøj-spørgeskemaet" in page
    assert reverse("sheet_template_ishoej") in page
    assert f'action="{reverse("sheet_import_ishoej")}"' in page
    index = logged_in.get(reverse("sheet_index")).content.decode()
    assert reverse("sheet_import_ishoej") in index and reverse("sheet_template_ishoej") in index


def test_an_upload_is_checked_then_imported_through_the_review_page(logged_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sheets.models import SheetUpload

    response = logged_in.post(
        reverse("sheet_import_ishoej"), {"file": SimpleUploadedFile("ark.csv", ishoej_answers_csv([{}]))}
    )
    upload = SheetUpload.objects.get()
    assert upload.kind == "ishoej"
    page = logged_in.get(response["Location"]).content.decode()
    assert "Indlæs 1 række" in page
    assert not Response.objects.exists()

    logged_in.post(reverse("sheet_upload_review", args=[upload.pk]))

    assert Response.objects.get().questionnaire.key == "ishoej"
