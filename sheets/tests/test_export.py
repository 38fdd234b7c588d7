"""Exporting a municipality's courses in the registration sheet's format."""

from datetime import timedelta

from django.utils import timezone

from courses.services import visit_log
from sheets import columns as sheet
from sheets import workbooks
from sheets.selectors import course_sheet_rows
from sheets.services import registration_sheet_import
from sheets.tests.factories import course_csv
from visitation.tests.factories import course_started


def _app_course_with_visits(coordinator, *, minutes=(60, 90)):
    """A course logged in the app: held visits of `minutes`, one cancelled visit, then closed."""
    from courses.services import GoalResult, course_close

    course = course_started(coordinator=coordinator, start_date=timezone.localdate() - timedelta(days=60))
    educator = course.primary_educator
    for index, duration in enumerate(minutes):
        visit_log(
            acting_user=educator,
            course=course,
            date=course.start_date + timedelta(days=index + 1),
            duration_minutes=duration,
        )
    visit_log(acting_user=educator, course=course, date=course.start_date + timedelta(days=9), status="cancelled")
    return course_close(
        acting_user=educator,
        course=course,
        end_date=timezone.localdate() - timedelta(days=1),
        end_reason="goals_reached",
        goals_reached_answer="agree",
        child_developed_answer="agree",
        goal_results=[GoalResult(goal=goal, status="reached", weight_at_end=3) for goal in course.goals.all()],
    )


def test_an_app_course_is_exported_from_its_visits_referral_closure_and_child(coordinator):
    course = _app_course_with_visits(coordinator)
    child = course.family.children.get()

    [row] = course_sheet_rows(municipality=coordinator.municipality)
    cells = workbooks.course_row_cells(municipality=coordinator.municipality, values=row)

    assert cells == [
        "101",
        str(course.pk),
        course.visitation_date,
        course.start_date,
        course.end_date,
        "Sundhedspleje",
        2,
        2.5,
        "Enig",
        "Enig",
        "Mål opnået",
        child.birth_date.strftime("%m-%Y"),
        "",
    ]


def test_the_export_reads_the_courses_in_a_fixed_number_of_queries(coordinator, django_assert_max_num_queries):
    registration_sheet_import(
        acting_user=coordinator, content=course_csv([{}, {sheet.COURSE_ID: "K-2"}]), dry_run=False
    )
    _app_course_with_visits(coordinator)
    with django_assert_max_num_queries(1):
        assert len(course_sheet_rows(municipality=coordinator.municipality)) == 3
    _app_course_with_visits(coordinator, minutes=(15,))
    course_started(coordinator=coordinator)
    registration_sheet_import(acting_user=coordinator, content=course_csv([{sheet.COURSE_ID: "K-3"}]), dry_run=False)
    with django_assert_max_num_queries(1):
        assert len(course_sheet_rows(municipality=coordinator.municipality)) == 6


def test_export_then_import_leaves_every_course_unchanged(coordinator, other_municipality):
    content = course_csv(
        [
            {},
            {
                sheet.COURSE_ID: "K-2",
                sheet.END_DATE: None,
                sheet.GOALS_REACHED: None,
                sheet.CHILD_DEVELOPED: None,
                sheet.END_REASON: None,
                sheet.VISIT_HOURS: "1,3333",
                sheet.BIRTH_MONTH: None,
                sheet.RECRUITED_BY: None,
            },
        ]
    )
    registration_sheet_import(acting_user=coordinator, content=content, dry_run=False)
    _app_course_with_visits(coordinator)
    exported = workbooks.courses_workbook_bytes(
        municipality=coordinator.municipality, rows=course_sheet_rows(municipality=coordinator.municipality)
    )

    result = registration_sheet_import(acting_user=coordinator, content=exported, dry_run=False)

    assert (result.problems, result.created, result.unchanged) == ([], 0, 3)


def test_a_changed_app_course_row_is_refused(coordinator):
    course = _app_course_with_visits(coordinator)
    row = course_sheet_rows(municipality=coordinator.municipality)[0]
    cells = workbooks.course_row_cells(municipality=coordinator.municipality, values=row)
    cells[6] = 9
    from sheets.tests.factories import xlsx

    result = registration_sheet_import(
        acting_user=coordinator, content=xlsx(sheet.COURSE_COLUMNS, [cells]), dry_run=True
    )

    assert result.problems == [
        f"Række 2, kolonne Forløbs-id: {course.pk} er nummeret på et forløb, der er registreret i appen, og rækken "
        "afviger fra det. Et ark ændrer aldrig et forløb, der er registreret i appen: fjern rækken."
    ]


def test_only_courses_of_the_municipality_with_a_start_date(coordinator, other_municipality):
    from hjemmepaed.organisation.models import Role
    from hjemmepaed.organisation.tests.factories import user_for_role
    from visitation.tests.factories import referral_register

    referral_register(coordinator=coordinator)
    course_started(coordinator=user_for_role(Role.COORDINATOR, municipality=other_municipality))

    assert course_sheet_rows(municipality=coordinator.municipality) == []


def test_templates_have_the_headings_and_a_guide():
    import io

    import openpyxl

    for kind, columns in (("courses", sheet.COURSE_COLUMNS), ("answers", sheet.ANSWER_COLUMNS)):
        workbook = openpyxl.load_workbook(io.BytesIO(workbooks.template_bytes(kind)))
        assert workbook.sheetnames == ["Data", "Vejledning"]
        assert [cell.value for cell in workbook["Data"][1]] == columns
        guide = [row[0] for row in workbook["Vejledning"].iter_rows(min_row=2, values_only=True)]
        assert guide == columns
