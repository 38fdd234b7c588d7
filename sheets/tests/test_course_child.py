"""The child of an imported course: its birth month and, optionally, its sex, from the
registration sheet's optional columns."""

from datetime import date

from courses.models import Course
from families.models import Child
from sheets import columns as sheet
from sheets.services import registration_sheet_import
from sheets.tests.factories import course_csv


def run(coordinator, content, *, dry_run=False):
    return registration_sheet_import(acting_user=coordinator, content=content, dry_run=dry_run)


def test_an_imported_course_has_its_child_with_birth_month_and_sex(coordinator):
    result = run(
        coordinator,
        course_csv(
            [
                {sheet.CHILD_SEX: "Pige"},
                {sheet.COURSE_ID: "K-2", sheet.BIRTH_MONTH: "11-2021", sheet.CHILD_SEX: "dreng"},
                {sheet.COURSE_ID: "K-3", sheet.BIRTH_MONTH: "07-2022", sheet.CHILD_SEX: None},
            ]
        ),
    )

    assert result.problems == []
    children = {
        course.external_id: [(child.birth_date, child.sex) for child in course.family.children.all()]
        for course in Course.objects.prefetch_related("family__children")
    }
    assert children == {
        "K-1": [(date(2022, 3, 1), "girl")],
        "K-2": [(date(2021, 11, 1), "boy")],
        "K-3": [(date(2022, 7, 1), "")],
    }


def test_without_the_childs_columns_a_course_has_no_child(coordinator):
    columns = [column for column in sheet.COURSE_COLUMNS if column not in sheet.OPTIONAL_COURSE_COLUMNS]

    result = run(coordinator, course_csv([{}], columns=columns))

    assert result.problems == []
    course = Course.objects.get()
    assert course.imported_child_birth_month is None
    assert not course.family.children.exists()


def test_a_blank_birth_month_records_no_child(coordinator):
    run(coordinator, course_csv([{sheet.BIRTH_MONTH: None}]))

    assert Course.objects.count() == 1
    assert not Child.objects.exists()


def test_importing_the_same_children_twice_changes_nothing(coordinator):
    content = course_csv([{sheet.CHILD_SEX: "Dreng"}, {sheet.COURSE_ID: "K-2", sheet.CHILD_SEX: None}])
    run(coordinator, content)

    again = run(coordinator, content)

    assert again.problems == []
    assert (again.created, again.unchanged) == (0, 2)
    assert Child.objects.count() == 2


def test_another_sex_for_an_imported_course_is_refused_in_danish(coordinator):
    run(coordinator, course_csv([{sheet.CHILD_SEX: "Dreng"}]))

    result = run(coordinator, course_csv([{sheet.CHILD_SEX: "Pige"}]))

    assert result.problems == [
        "Række 2, kolonne Forløbs-id: Et forløb med id'et K-1 findes allerede med andre værdier. "
        "Et ark overskriver aldrig et forløb: ret rækken, eller fjern den."
    ]
    assert Child.objects.get().sex == "boy"


def test_an_unknown_sex_is_refused_in_danish(coordinator):
    result = run(coordinator, course_csv([{sheet.CHILD_SEX: "x"}]))

    assert result.problems == [
        "Række 2, kolonne Barnets køn: “x” er ikke en tilladt værdi. Brug en af “Pige”, “Dreng”."
    ]
    assert not Course.objects.exists()


def test_a_sex_without_birth_month_is_refused_in_danish(coordinator):
    result = run(coordinator, course_csv([{sheet.BIRTH_MONTH: None, sheet.CHILD_SEX: "Pige"}]))

    assert result.problems == ["Række 2, kolonne Barnets køn: Skriv også barnets fødselsmåned, eller tøm cellen."]
    assert not Course.objects.exists()
