"""Importing historical SDQ measurements: the answers, or only the kept scores."""

from datetime import date

import pytest
from django.urls import reverse

from families.models import Child
from hjemmepaed.audit.models import AuditEvent
from sdq.models import Measurement
from sheets import cells as sheet_cells
from sheets import columns as sheet
from sheets.services import registration_sheet_import, sdq_sheet_import
from sheets.tests.factories import SCORES_ONLY, course_csv, sdq_csv

RUNNING = {sheet.END_DATE: None, sheet.GOALS_REACHED: None, sheet.CHILD_DEVELOPED: None, sheet.END_REASON: None}


@pytest.fixture
def courses(coordinator):
    """K-1, closed, with a child born in March 2022; K-2 running, with a child born in May 2021."""
    content = course_csv(
        [{}, {sheet.COURSE_ID: "K-2", sheet.BIRTH_MONTH: "05-2021", sheet.CHILD_SEX: "Dreng", **RUNNING}]
    )
    assert registration_sheet_import(acting_user=coordinator, content=content, dry_run=False).problems == []


def run(coordinator, content, *, dry_run=False):
    return sdq_sheet_import(acting_user=coordinator, content=content, dry_run=dry_run)


@pytest.mark.usefixtures("courses")
def test_the_answers_are_scored_as_a_measurement_typed_in_the_app(coordinator):
    result = run(coordinator, sdq_csv([{}]))

    assert result.problems == []
    assert (result.created, result.unchanged) == (1, 0)
    measurement = Measurement.objects.get()
    assert measurement.course.external_id == "K-1"
    assert measurement.child.birth_date == date(2022, 3, 1)
    assert (measurement.timing, measurement.informant, measurement.measured_on) == (
        "start",
        "parent",
        date(2024, 4, 15),
    )
    assert (measurement.age_months, measurement.version, measurement.scores_only) == (25, "2_4", False)
    assert set(measurement.items().values()) == {1}
    assert (measurement.impact_difficulties, measurement.impact_home_life, measurement.impact_burden) == (1, 3, None)
    assert measurement.scores() == {
        "emotional": 5,
        "conduct": 5,
        "hyperactivity": 5,
        "peer": 5,
        "prosocial": 5,
        "total": 20,
        "externalising": 10,
        "internalising": 10,
        "impact": 3,  # distress "quite a lot" 1 + home life "a great deal" 2
    }
    event = AuditEvent.objects.filter(object_type="sdq_sheet").get()
    assert (event.actor, event.criterion) == (coordinator, "1 created, 0 unchanged")


@pytest.mark.usefixtures("courses")
def test_only_the_kept_scores_make_a_measurement_marked_scores_only(coordinator):
    row = {**SCORES_ONLY, sheet.COURSE_ID: "K-2", sheet.SDQ_TIMING: "Slut", sheet.SDQ_INFORMANT: "Dagtilbudspersonale"}

    result = run(coordinator, sdq_csv([row]))

    assert result.problems == []
    measurement = Measurement.objects.get()
    assert measurement.scores_only
    assert (measurement.timing, measurement.informant, measurement.version) == ("end", "staff", "2_4")
    assert set(measurement.items().values()) == {None}
    assert measurement.scores() == {
        "emotional": 4,
        "conduct": 3,
        "hyperactivity": 6,
        "peer": 2,
        "prosocial": 8,
        "total": 15,
        "externalising": 9,
        "internalising": 6,
        "impact": None,
    }


@pytest.mark.usefixtures("courses")
def test_the_child_is_named_by_its_birth_month(coordinator):
    k1 = Child.objects.get(birth_date=date(2022, 3, 1))
    result = run(coordinator, sdq_csv([{sheet.BIRTH_MONTH: "03-2022"}]))

    assert result.problems == []
    assert Measurement.objects.get().child == k1


@pytest.mark.usefixtures("courses")
def test_importing_the_same_file_twice_changes_nothing(coordinator):
    content = sdq_csv([{}, {**SCORES_ONLY, sheet.SDQ_TIMING: "Slut", "Score impact": "2"}])
    run(coordinator, content)

    again = run(coordinator, content)

    assert (again.problems, again.created, again.unchanged) == ([], 0, 2)
    assert Measurement.objects.count() == 2


@pytest.mark.usefixtures("courses")
def test_other_values_for_a_measurement_already_there_are_refused_in_danish(coordinator):
    run(coordinator, sdq_csv([{}]))

    result = run(coordinator, sdq_csv([{"Spm 3": "2"}]))

    assert result.problems == [
        "Række 2, kolonne Forløbs-id: Barnet har allerede en SDQ fra denne informant på dette tidspunkt, med andre "
        "værdier. Et ark overskriver aldrig en måling: ret rækken, eller fjern den."
    ]
    assert Measurement.objects.get().item_3 == 1


@pytest.mark.usefixtures("courses")
def test_rows_that_cannot_be_understood_are_refused_in_danish_and_nothing_is_saved(coordinator):
    rows = [
        {"Score prosocial": "7"},  # answers and scores
        {**SCORES_ONLY, "Score adfærd": None},  # a scale's score missing
        {sheet.COURSE_ID: "K-9"},
        {sheet.COURSE_ID: "K-2", sheet.BIRTH_MONTH: "06-2021"},
        {sheet.SDQ_MEASURED_ON: "01-01-2024"},  # 22 months old
        {sheet.SDQ_TIMING: "midtvejs", sheet.SDQ_INFORMANT: "Dagtilbudspersonale", "Spm 4": "3"},
        {sheet.SDQ_TIMING: "Slut", sheet.SDQ_INFORMANT: "Dagtilbudspersonale"},  # home life on the staff's form
        {},
        {},  # the same measurement twice
    ]

    result = run(coordinator, sdq_csv(rows))

    assert result.problems == [
        "Række 2: Skriv enten svarene (Spm 1-25 og tillægget) eller kun scorerne, ikke begge dele.",
        "Række 3, kolonne Score adfærd: Skal udfyldes, når kun scorerne er gemt.",
        "Række 4, kolonne Forløbs-id: Intet forløb i din kommune har id'et K-9. Indlæs forløbet først, eller tøm cellen.",
        "Række 5, kolonne Barnets fødselsmåned: Forløbet har intet barn født i denne måned.",
        "Række 6, kolonne Dato: SDQ er til børn fra 2 år (24 måneder); barnet er 22 måneder gammelt på datoen.",
        "Række 7, kolonne Tidspunkt: “midtvejs” er ikke en tilladt værdi. "
        "Brug en af “Start af forløbet”, “Afslutning af forløbet”.",
        "Række 7, kolonne Spm 4: Skriv et tal fra 0 til 2.",
        "Række 8, kolonne Hjemmet: Dagtilbudspersonalets skema har ingen spørgsmål om hjemmet eller fritidsaktiviteter.",
        "Række 10: Række 9 har samme forløb, barn, tidspunkt og informant.",
    ]
    assert not Measurement.objects.exists()


def test_a_course_without_a_child_or_with_two_children_needs_the_birth_month(coordinator):
    without_child = [column for column in sheet.COURSE_COLUMNS if column not in sheet.OPTIONAL_COURSE_COLUMNS]
    registration_sheet_import(acting_user=coordinator, content=course_csv([{}], columns=without_child), dry_run=False)

    result = run(coordinator, sdq_csv([{}]))

    assert result.problems == [
        "Række 2, kolonne Forløbs-id: Forløbet har intet barn. Indlæs forløbet igen med barnets fødselsmåned, "
        "eller tilføj barnet."
    ]


def test_the_upload_page_and_the_template(logged_in):
    page = logged_in.get(reverse("sheet_import_sdq")).content.decode()
    assert "Indlæs historiske SDQ-målinger" in page
    assert f'action="{reverse("sheet_import_sdq")}"' in page
    assert reverse("sheet_template_sdq") in page

    response = logged_in.get(reverse("sheet_template_sdq"))
    assert response["Content-Disposition"] == 'attachment; filename="skabelon-sdq.xlsx"'
    assert sheet_cells.table_read(response.content)[0] == sheet.SDQ_COLUMNS
    index = logged_in.get(reverse("sheet_index")).content.decode()
    assert reverse("sheet_import_sdq") in index and reverse("sheet_template_sdq") in index


@pytest.mark.usefixtures("courses")
def test_an_upload_is_checked_then_imported_through_the_review_page(logged_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sheets.models import SheetUpload

    response = logged_in.post(reverse("sheet_import_sdq"), {"file": SimpleUploadedFile("sdq.csv", sdq_csv([{}]))})
    upload = SheetUpload.objects.get()
    assert upload.kind == "sdq"
    assert "Indlæs 1 række" in logged_in.get(response["Location"]).content.decode()
    assert not Measurement.objects.exists()

    logged_in.post(reverse("sheet_upload_review", args=[upload.pk]))

    assert Measurement.objects.get().course.external_id == "K-1"


@pytest.mark.usefixtures("courses")
def test_a_scores_only_measurement_says_so_on_the_course_and_cannot_be_edited(logged_in, coordinator):
    from django.utils import translation

    from hjemmepaed.errors import DomainError
    from sdq.services import Answers, measurement_update

    run(coordinator, sdq_csv([{**SCORES_ONLY, sheet.COURSE_ID: "K-2"}]))
    measurement = Measurement.objects.get()

    page = logged_in.get(reverse("course_detail", args=[measurement.course.pk])).content.decode()
    assert "indlæst: kun scorerne er gemt" in page
    assert reverse("sdq_measurement_update", args=[measurement.course.pk, measurement.pk]) not in page
    with translation.override("da"), pytest.raises(DomainError) as refused:
        measurement_update(
            acting_user=coordinator,
            measurement=measurement,
            child=measurement.child,
            timing="start",
            informant="parent",
            measured_on=measurement.measured_on,
            answers=Answers(items={1: 1}),
        )
    assert refused.value.message == "Kun scorerne fra denne SDQ er gemt, så den kan ikke rettes."
