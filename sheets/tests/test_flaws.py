"""The forgiving import: a flaw the evaluation's own sheets had is imported, flagged in the dry
run's data-quality summary, and counted in the report's note, where the evaluation counted it."""

import html
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from courses.models import Closure, Course
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from reporting.formatting import format_cell
from reporting.selectors import Cohort
from reporting.tables import report_compute
from sheets import columns as sheet
from sheets.rows import ASSESSMENT_NOT_ANSWERED, END_REASON_ALIAS, END_REASON_OTHER, VISITATION_AFTER_START
from sheets.services import end_reason_alias_add, registration_sheet_import
from sheets.tests.factories import course_csv

YEAR_2023 = {"kind": "closed_in_year", "start": date(2023, 1, 1), "end": date(2023, 12, 31)}


def run(coordinator, rows, *, dry_run=False):
    return registration_sheet_import(acting_user=coordinator, content=course_csv(rows), dry_run=dry_run)


def report(municipality):
    with translation.override("da"):
        return report_compute(cohort=Cohort(**YEAR_2023, municipality_ids=(municipality.pk,)), suppress=False)


def section(result, key):
    return next(s for s in result["sections"] if s["key"] == key)


def cells(result, key, label):
    return [format_cell(cell) for cell in next(r for r in section(result, key)["rows"] if r["label"] == label)["cells"]]


def test_a_blank_assessment_is_not_answered_and_outside_figur_4_1s_n(coordinator, municipality):
    rows = [{}, {sheet.COURSE_ID: "K-2", sheet.GOALS_REACHED: None, sheet.CHILD_DEVELOPED: None}]

    dry = run(coordinator, rows, dry_run=True)
    assert (dry.problems, dry.flaws) == ([], {ASSESSMENT_NOT_ANSWERED: 1})
    result = run(coordinator, rows)

    assert result.imported
    closure = Closure.objects.get(course__external_id="K-2")
    assert (closure.goals_reached_answer, closure.child_developed_answer) == ("", "")
    assert Course.objects.get(external_id="K-2").phase == "closed"
    tables = report(municipality)
    # K-1 "Enig": one course in N, 100 % agree; K-2 is outside N and named in the note.
    assert cells(tables, "figur-4-1", municipality.name)[-2:] == ["100 %", "1"]
    assert (
        "1 afsluttet forløb er ikke talt med, da hjemmepædagogens vurdering er ikke besvaret "
        "(indlæst fra et registreringsark)." in section(tables, "figur-4-1")["notes"]
    )


def test_a_visitation_after_the_start_is_kept_and_left_out_of_tabel_3_1(coordinator, municipality):
    rows = [{}, {sheet.COURSE_ID: "K-2", sheet.VISITATION_DATE: "20-02-2023", sheet.START_DATE: "15-02-2023"}]

    assert run(coordinator, rows, dry_run=True).flaws == {VISITATION_AFTER_START: 1}
    assert run(coordinator, rows).imported

    course = Course.objects.get(external_id="K-2")
    assert (course.visitation_date, course.start_date) == (date(2023, 2, 20), date(2023, 2, 15))
    tables = report(municipality)
    # Only K-1: 1 February to 15 February, 14 days.
    assert cells(tables, "tabel-3-1", municipality.name) == ["14,0", "14", "14", "1"]
    assert (
        "1 forløb er ikke talt med, da visitationen er registreret efter forløbets start."
        in section(tables, "tabel-3-1")["notes"]
    )


@pytest.mark.parametrize(
    "words, reason",
    [
        ("Manglende interesse", "no_interest"),
        ("manglende  tid og ressourcer", "no_time"),
        ("Anden indsats i en familieafdeling", "other_service"),
    ],
)
def test_an_end_reason_in_the_evaluations_words_maps_to_the_apps(coordinator, words, reason):
    assert run(coordinator, [{sheet.END_REASON: words}], dry_run=True).flaws == {END_REASON_ALIAS: 1}
    assert run(coordinator, [{sheet.END_REASON: words}]).imported

    course = Course.objects.get()
    assert (course.end_reason, course.end_reason_detail) == (reason, "")


def test_an_end_reason_in_other_words_is_other_with_its_words_and_imports_again_unchanged(coordinator):
    rows = [{sheet.END_REASON: "Familien ønskede en pause"}]

    assert run(coordinator, rows, dry_run=True).flaws == {END_REASON_OTHER: 1}
    assert run(coordinator, rows).imported

    course = Course.objects.get()
    assert (course.end_reason, course.end_reason_detail) == ("other", "Familien ønskede en pause")
    again = run(coordinator, rows)
    assert (again.problems, again.created, again.unchanged) == ([], 0, 1)


def test_a_coordinators_own_words_map_from_the_next_import(coordinator):
    rows = [{sheet.END_REASON: "Fraflyttet kommunen"}]
    assert run(coordinator, rows, dry_run=True).flaws == {END_REASON_OTHER: 1}

    end_reason_alias_add(acting_user=coordinator, text="  FRAFLYTTET   kommunen ", end_reason="moved")

    assert run(coordinator, rows, dry_run=True).flaws == {END_REASON_ALIAS: 1}
    assert run(coordinator, rows).imported
    assert Course.objects.get().end_reason == "moved"
    assert AuditEvent.objects.filter(object_type="end_reason_alias", actor=coordinator).count() == 1


def test_another_municipalitys_words_are_not_read(coordinator):
    from hjemmepaed.organisation.models import Role
    from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role

    other = user_for_role(Role.COORDINATOR, municipality=MunicipalityFactory(name="Aarhus", code="751"))
    end_reason_alias_add(acting_user=other, text="Fraflyttet kommunen", end_reason="moved")

    assert run(coordinator, [{sheet.END_REASON: "Fraflyttet kommunen"}], dry_run=True).flaws == {END_REASON_OTHER: 1}


@pytest.mark.parametrize(
    "text, reason, message",
    [
        ("  ", "moved", "Skriv ordene, som arket bruger."),
        ("Familien flyttede", "nonsense", "Vælg den afslutningsårsag, ordene betyder."),
        ("mål opnået", "moved", "Ordene er allerede en af appens afslutningsårsager."),
        ("x" * 101, "moved", "Skriv højst 100 tegn."),
    ],
)
def test_words_that_cannot_be_added_are_refused_in_danish(coordinator, text, reason, message):
    with translation.override("da"), pytest.raises(DomainError) as error:
        end_reason_alias_add(acting_user=coordinator, text=text, end_reason=reason)

    assert error.value.message == message


def test_the_same_words_twice_are_refused_in_danish(coordinator):
    end_reason_alias_add(acting_user=coordinator, text="Fraflyttet", end_reason="moved")

    with translation.override("da"), pytest.raises(DomainError) as error:
        end_reason_alias_add(acting_user=coordinator, text="fraflyttet", end_reason="no_time")

    assert error.value.message == "Jeres kommune læser allerede disse ord som en afslutningsårsag."


def test_a_row_that_cannot_be_understood_still_refuses_the_whole_sheet(coordinator):
    rows = [
        {sheet.GOALS_REACHED: None},  # a flaw: imported
        {sheet.COURSE_ID: "K-2", sheet.START_DATE: "snart"},  # not a date: refused
        {sheet.COURSE_ID: "K-3", sheet.END_REASON: None},  # closed without a reason: refused
    ]

    result = run(coordinator, rows)

    assert not result.imported
    assert len(result.problems) == 2
    assert not Course.objects.exists()


def test_an_id_already_used_with_other_values_is_refused(coordinator):
    run(coordinator, [{}])

    result = run(coordinator, [{sheet.END_REASON: "Manglende interesse"}])

    assert not result.imported
    assert result.problems[0].startswith("Række 2, kolonne Forløbs-id:")


def test_the_review_page_shows_the_data_quality_summary_before_confirming(logged_in):
    client = logged_in
    content = course_csv(
        [
            {sheet.GOALS_REACHED: None},
            {sheet.COURSE_ID: "K-2", sheet.CHILD_DEVELOPED: None, sheet.END_REASON: "Manglende interesse"},
            {sheet.COURSE_ID: "K-3", sheet.VISITATION_DATE: "20-02-2023", sheet.END_REASON: "Vi ved det ikke"},
        ]
    )
    response = client.post(reverse("sheet_import_courses"), {"file": SimpleUploadedFile("ark.csv", content)})

    page = html.unescape(client.get(response["Location"]).content.decode())

    assert "Datakvalitet" in page
    for label, count in (
        ("Afsluttet uden hjemmepædagogens vurdering: indlæst som “ikke besvaret”, uden for N i Figur 4.1", 2),
        ("Visitationen er registreret som værende efter påbegyndt forløb: indlæst, ikke talt med i Tabel 3.1", 1),
        ("Afslutningsårsag med andre ord, læst som appens afslutningsårsag", 1),
        ("Afslutningsårsag, der ikke er en af appens: indlæst som “Andet” med arkets ord", 1),
    ):
        assert f"<tr><td>{label}</td><td>{count}</td></tr>" in page
    assert "Indlæs 3 rækker" in page
    assert not Course.objects.exists()


def test_the_coordinator_adds_words_on_the_page(client, coordinator):
    client.force_login(coordinator)
    url = reverse("sheet_end_reason_aliases")

    response = client.post(url, {"text": "Fraflyttet kommunen", "end_reason": "moved"}, follow=True)

    page = html.unescape(response.content.decode())
    assert "<td>fraflyttet kommunen</td><td>Flyttet</td>" in page
    assert "manglende interesse" in page  # the evaluation's words are shown too
    response = client.post(url, {"text": "mål opnået", "end_reason": "moved"})
    assert "Ordene er allerede en af appens afslutningsårsager." in html.unescape(response.content.decode())


def test_the_course_page_says_not_answered_for_a_blank_assessment(logged_in, coordinator):
    run(coordinator, [{sheet.GOALS_REACHED: None, sheet.CHILD_DEVELOPED: None}])

    page = logged_in.get(reverse("course_detail", args=[Course.objects.get().pk])).content.decode()

    assert page.count("Ikke besvaret") == 2
