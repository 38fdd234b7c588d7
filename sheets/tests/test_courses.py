"""Importing historical courses from the registration sheet."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from courses.models import Closure, Course, PhaseChange, Visit
from families.models import Family
from hjemmepaed.audit.models import AuditEvent
from sheets import columns as sheet
from sheets.services import registration_sheet_import
from sheets.tests.factories import course_csv, xlsx
from visitation.models import Referral

RUNNING = {sheet.END_DATE: None, sheet.GOALS_REACHED: None, sheet.CHILD_DEVELOPED: None, sheet.END_REASON: None}


def run(coordinator, content, *, dry_run=False):
    return registration_sheet_import(acting_user=coordinator, content=content, dry_run=dry_run)


def test_csv_with_semicolons_decimal_comma_and_bom(coordinator):
    result = run(coordinator, course_csv([{}, {sheet.COURSE_ID: "K-2", **RUNNING}], bom=True))

    assert result.problems == []
    assert (result.created, result.unchanged) == (2, 0)
    closed = Course.objects.get(external_id="K-1")
    assert closed.source == "import"
    assert closed.municipality == coordinator.municipality
    assert closed.phase == "closed"
    assert (closed.visitation_date, closed.start_date, closed.end_date) == (
        date(2023, 2, 1),
        date(2023, 2, 15),
        date(2023, 10, 30),
    )
    assert closed.planned_end_date == date(2023, 2, 15) + timedelta(weeks=40)
    assert closed.end_reason == "goals_reached"
    assert closed.imported_recruited_by == "health_visiting"
    assert (closed.imported_visit_count, closed.imported_visit_minutes) == (20, 1530)
    assert closed.imported_child_birth_month == date(2022, 3, 1)
    assert Course.objects.get(external_id="K-2").phase == "started"


def test_csv_with_commas_and_decimal_point(coordinator):
    result = run(coordinator, course_csv([{sheet.VISIT_HOURS: "12.25"}], delimiter=","))

    assert result.problems == []
    assert Course.objects.get().imported_visit_minutes == 735


def test_xlsx_with_real_dates_and_numbers(coordinator):
    cells = [
        ["101", 17, date(2023, 1, 2), date(2023, 1, 9), None, "Dagtilbud", 12, 9.5, None, None, None, date(2022, 6, 14)]
    ]
    result = run(coordinator, xlsx(sheet.COURSE_COLUMNS, cells))

    assert result.problems == []
    course = Course.objects.get()
    assert course.external_id == "17"
    assert (course.start_date, course.imported_visit_minutes) == (date(2023, 1, 9), 570)
    assert course.imported_recruited_by == "daycare"
    assert course.imported_child_birth_month == date(2022, 6, 1)


def test_headers_and_labels_are_read_loosely(coordinator):
    columns = [f"  {column.upper()} " for column in sheet.COURSE_COLUMNS]
    rows = [
        {sheet.MUNICIPALITY: "København", sheet.RECRUITED_BY: "SUNDHEDSPLEJEN", sheet.BIRTH_MONTH: "2022-03"},
        {
            sheet.COURSE_ID: "K-2",
            sheet.RECRUITED_BY: "family",
            sheet.BIRTH_MONTH: "15.03.2022",
            sheet.GOALS_REACHED: "meget  uenig",
        },
    ]
    content = course_csv(rows).replace(";".join(sheet.COURSE_COLUMNS).encode(), ";".join(columns).encode())

    result = run(coordinator, content)

    assert result.problems == []
    assert dict(Course.objects.values_list("external_id", "imported_recruited_by")) == {
        "K-1": "health_visiting",
        "K-2": "family",
    }
    assert Closure.objects.get(course__external_id="K-2").goals_reached_answer == "strongly_disagree"


def test_hours_are_rounded_half_up_to_whole_minutes(coordinator):
    run(coordinator, course_csv([{sheet.VISIT_HOURS: "0,375"}]))  # 22.5 minutes

    assert Course.objects.get().imported_visit_minutes == 23


def test_a_course_longer_than_40_weeks_keeps_its_end_as_planned_end(coordinator):
    run(
        coordinator,
        course_csv([{sheet.VISITATION_DATE: None, sheet.START_DATE: "01-01-2022", sheet.END_DATE: "01-01-2023"}]),
    )

    assert Course.objects.get().planned_end_date == date(2023, 1, 1)


@pytest.mark.parametrize(
    "cells, message",
    [
        (
            {sheet.MUNICIPALITY: "999"},
            "Række 2, kolonne Kommune: “999” er hverken en kommunekode eller et kommunenavn.",
        ),
        ({sheet.MUNICIPALITY: None}, "Række 2, kolonne Kommune: Skriv kommunekoden eller kommunens navn."),
        ({sheet.COURSE_ID: None}, "Række 2, kolonne Forløbs-id: Id'et skal udfyldes."),
        ({sheet.COURSE_ID: "x" * 61}, "Række 2, kolonne Forløbs-id: Id'et er længere end 60 tegn."),
        ({sheet.START_DATE: None}, "Række 2, kolonne Startdato: Startdatoen skal udfyldes."),
        (
            {sheet.START_DATE: "31-02-2023"},
            "Række 2, kolonne Startdato: “31-02-2023” er ikke en dato. Skriv den som DD-MM-ÅÅÅÅ.",
        ),
        ({sheet.END_DATE: "14-02-2023"}, "Række 2, kolonne Slutdato: Slutdatoen kan ikke ligge før startdatoen."),
        ({sheet.END_REASON: None}, "Række 2, kolonne Afslutningsårsag: Skal udfyldes, når forløbet har en slutdato."),
        (
            {sheet.END_DATE: None},
            "Række 2, kolonne Mål opnået: Kun et forløb med en slutdato har dette. Skriv slutdatoen, eller tøm cellen.",
        ),
        ({sheet.RECRUITED_BY: "Naboen"}, "Række 2, kolonne Rekrutteret af: “Naboen” er ikke en tilladt værdi."),
        ({sheet.VISIT_COUNT: "-1"}, "Række 2, kolonne Antal besøg: Skriv et tal på mindst 0."),
        ({sheet.VISIT_COUNT: "2,5"}, "Række 2, kolonne Antal besøg: “2,5” er ikke et helt tal."),
        ({sheet.VISIT_HOURS: "mange"}, "Række 2, kolonne Samlet besøgstid (timer): “mange” er ikke et antal timer."),
        ({sheet.VISIT_HOURS: "-2"}, "Række 2, kolonne Samlet besøgstid (timer): “-2” er ikke et antal timer."),
        ({sheet.GOALS_REACHED: "Lidt enig"}, "Række 2, kolonne Mål opnået: “Lidt enig” er ikke en tilladt værdi."),
        (
            {sheet.BIRTH_MONTH: "13-2022"},
            "Række 2, kolonne Barnets fødselsmåned: “13-2022” er ikke en måned. Skriv den som MM-ÅÅÅÅ.",
        ),
        ({sheet.END_DATE: "FUTURE"}, "Række 2, kolonne Slutdato: Datoen kan ikke ligge i fremtiden."),
    ],
)
def test_a_broken_rule_names_row_and_column_in_danish(coordinator, cells, message):
    if cells.get(sheet.END_DATE) == "FUTURE":
        cells = {sheet.END_DATE: (timezone.localdate() + timedelta(days=1)).strftime("%d-%m-%Y")}

    result = run(coordinator, course_csv([cells]), dry_run=True)

    assert any(problem.startswith(message) for problem in result.problems), result.problems


def test_another_municipality_is_refused(coordinator, other_municipality):
    result = run(
        coordinator,
        course_csv([{}, {}, {}, {}, {}, {sheet.COURSE_ID: "K-7", sheet.MUNICIPALITY: "787"}]),
        dry_run=True,
    )

    assert "Række 7, kolonne Kommune: 787 er ikke din kommune." in result.problems


def test_the_same_id_twice_in_a_file_is_refused(coordinator):
    result = run(coordinator, course_csv([{}, {}]), dry_run=True)

    assert result.problems == ["Række 3, kolonne Forløbs-id: Id'et K-1 står også i række 2."]


def test_missing_and_unknown_columns_are_named(coordinator):
    columns = [column for column in sheet.COURSE_COLUMNS if column != sheet.VISIT_COUNT] + ["Navn"]

    result = run(coordinator, course_csv([{}], columns=columns), dry_run=True)

    assert result.problems == [
        "Række 1: Kolonnen “Navn” hører ikke til dette ark.",
        "Række 1: Disse kolonner mangler: Antal besøg. Hent skabelonen for at se dem.",
    ]


def test_dry_run_writes_nothing(coordinator):
    result = run(coordinator, course_csv([{}, {sheet.COURSE_ID: "K-2"}]), dry_run=True)

    assert (result.problems, result.created, result.imported) == ([], 2, False)
    assert not Course.objects.exists()
    assert not Family.objects.exists()
    assert not AuditEvent.objects.filter(object_type="registration_sheet").exists()


def test_one_bad_row_imports_nothing(coordinator):
    result = run(coordinator, course_csv([{}, {sheet.COURSE_ID: "K-2", sheet.START_DATE: "i går"}]))

    assert len(result.problems) == 1
    assert not result.imported
    assert not Course.objects.exists()
    assert not Family.objects.exists()


def test_imported_courses_have_their_closure_and_history_and_nothing_invented(coordinator):
    run(coordinator, course_csv([{}, {sheet.COURSE_ID: "K-2", **RUNNING}]))

    closed = Course.objects.get(external_id="K-1")
    assert (closed.closure.goals_reached_answer, closed.closure.child_developed_answer) == ("agree", "strongly_agree")
    assert closed.closure.closed_by == coordinator
    assert not Closure.objects.filter(course__external_id="K-2").exists()
    # The history of a course logged in the app: referred, then every move along the phase table.
    changes = PhaseChange.objects.order_by("course__external_id", "at", "pk")
    note = "Importeret fra registreringsark"
    assert [(c.course.external_id, c.from_phase, c.to_phase, c.note, c.by) for c in changes] == [
        ("K-1", "", "referred", note, coordinator),
        ("K-1", "referred", "decided", note, coordinator),
        ("K-1", "decided", "started", note, coordinator),
        ("K-1", "started", "closed", note, coordinator),
        ("K-2", "", "referred", note, coordinator),
        ("K-2", "referred", "decided", note, coordinator),
        ("K-2", "decided", "started", note, coordinator),
    ]
    assert not Visit.objects.exists()
    assert not Referral.objects.exists()
    family = closed.family
    # The sheet holds no names: no parent, and only the child its birth month names, without a name.
    assert (family.municipality, family.guardians.count()) == (coordinator.municipality, 0)
    assert [(child.name, child.birth_date) for child in family.children.all()] == [
        ("Barn fra registreringsark", date(2022, 3, 1))
    ]


def test_one_audit_event_per_import_with_the_count(coordinator):
    run(coordinator, course_csv([{}, {sheet.COURSE_ID: "K-2"}, {sheet.COURSE_ID: "K-3"}]))

    event = AuditEvent.objects.get(object_type="registration_sheet")
    assert (event.action, event.actor, event.municipality) == ("create", coordinator, coordinator.municipality)
    assert event.object_id == "3"
    assert event.criterion == "3 created, 0 unchanged"


def test_the_same_file_twice_changes_nothing(coordinator):
    content = course_csv([{}, {sheet.COURSE_ID: "K-2", **RUNNING}])
    run(coordinator, content)
    before = list(Course.objects.order_by("pk").values_list("pk", "updated_at"))
    counts = (Family.objects.count(), Closure.objects.count(), PhaseChange.objects.count())

    again = run(coordinator, content)

    assert (again.problems, again.created, again.unchanged) == ([], 0, 2)
    assert list(Course.objects.order_by("pk").values_list("pk", "updated_at")) == before
    assert (Family.objects.count(), Closure.objects.count(), PhaseChange.objects.count()) == counts


def test_changed_values_for_an_existing_id_are_an_error(coordinator):
    run(coordinator, course_csv([{}]))

    result = run(coordinator, course_csv([{sheet.VISIT_COUNT: "21"}]), dry_run=True)

    assert result.problems == [
        "Række 2, kolonne Forløbs-id: Et forløb med id'et K-1 findes allerede med andre værdier. "
        "Et ark overskriver aldrig et forløb: ret rækken, eller fjern den."
    ]
    assert Course.objects.get().imported_visit_count == 20


def test_the_same_id_in_another_municipality_is_another_course(coordinator, other_municipality):
    from hjemmepaed.organisation.models import Role
    from hjemmepaed.organisation.tests.factories import user_for_role

    other = user_for_role(Role.COORDINATOR, municipality=other_municipality)
    run(other, course_csv([{sheet.MUNICIPALITY: "787"}]))

    result = run(coordinator, course_csv([{}]))

    assert (result.problems, result.created) == ([], 1)
    assert Course.objects.filter(external_id="K-1").count() == 2


def test_only_a_coordinator_imports(municipality):
    from hjemmepaed.errors import DomainError
    from hjemmepaed.organisation.models import Role
    from hjemmepaed.organisation.tests.factories import user_for_role

    manager = user_for_role(Role.MANAGER, municipality=municipality)
    with pytest.raises(DomainError):
        run(manager, course_csv([{}]))


def test_an_unreadable_file_is_a_domain_error(coordinator):
    from hjemmepaed.errors import DomainError

    with pytest.raises(DomainError, match="xlsx-filen kan ikke læses"):
        run(coordinator, b"PK\x03\x04 not really a zip")
    with pytest.raises(DomainError, match="UTF-8"):
        run(coordinator, "Kommune;Forløbs-id\n101;Æ".encode("latin-1"))


def test_a_zip_that_is_no_workbook_is_a_domain_error(coordinator):
    import io
    import zipfile

    from hjemmepaed.errors import DomainError

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(DomainError, match="xlsx-filen kan ikke læses"):
        run(coordinator, buffer.getvalue())


def test_an_import_writes_in_bulk_not_row_by_row(coordinator, django_assert_max_num_queries):
    rows = [{sheet.COURSE_ID: f"K-{number}", **(RUNNING if number % 2 else {})} for number in range(150)]

    with django_assert_max_num_queries(30):  # SQLite splits a bulk insert into batches; never one per row
        result = run(coordinator, course_csv(rows))

    assert (result.problems, result.created) == ([], 150)
    assert PhaseChange.objects.count() == 75 * 4 + 75 * 3
