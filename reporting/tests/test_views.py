"""The report pages through the test client: order, follow, download, retry, hourly rate."""

import pytest
from django.urls import reverse

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Municipality, Role
from hjemmepaed.organisation.tests.factories import user_for_role
from reporting.models import Report, ReportStatus
from reporting.tests.factories import ready_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, municipality):
    user = user_for_role(Role.MANAGER, municipality=municipality)
    client.force_login(user)
    return user


def test_ordering_a_report_leads_to_its_page(
    client, manager, municipality, fast_pdf, django_capture_on_commit_callbacks, a_course_in_2025
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("report_list"),
            {
                "cohort_kind": "closed_in_year",
                "year": "2025",
                "municipalities": [municipality.pk],
            },
        )
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("report_detail", args=[report.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Rapporten er klar" in page
    assert "Forløb afsluttet i et kalenderår: 2025" in page  # a year, not "2.025"
    assert reverse("report_download_pdf", args=[report.pk]) in page


def test_a_bad_order_keeps_what_was_typed_and_says_why_in_danish(client, manager, municipality):
    response = client.post(
        reverse("report_list"),
        {
            "cohort_kind": "started_in_period",
            "period_start": "2025-06-01",
            "period_end": "2025-01-01",
            "municipalities": [municipality.pk],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Periodens sidste dato skal ligge på eller efter den første." in page
    assert 'value="01.06.2025"' in page  # kept, shown the Danish way
    assert not Report.objects.exists()


def test_the_status_answers_json_without_caching(client, manager, municipality):
    report = ready_report(user=manager, municipalities=[municipality])
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.COMPUTING)
    response = client.get(reverse("report_status", args=[report.pk]))
    assert response.json() == {"status": "computing", "label": "Beregner", "finished": False, "error": ""}
    assert {part.strip() for part in response["Cache-Control"].split(",")} == {"no-store", "private"}


def test_downloads_are_attachments_named_by_number_and_audited(client, manager, municipality):
    report = ready_report(user=manager, municipalities=[municipality])
    for name, kind, content_type in (
        ("report_download_pdf", "pdf", "application/pdf"),
        ("report_download_xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("report_download_json", "json", "application/json"),
    ):
        response = client.get(reverse(name, args=[report.pk]))
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"] == f'attachment; filename="rapport-{report.pk}.{kind}"'
    assert AuditEvent.objects.filter(action="download", object_type="report").count() == 3


def test_a_report_not_ready_cannot_be_downloaded_yet(client, manager, municipality):
    report = ready_report(user=manager, municipalities=[municipality])
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED)
    response = client.get(reverse("report_download_pdf", args=[report.pk]), follow=True)
    assert "Rapporten er ikke klar endnu." in response.content.decode()


def test_a_failed_report_offers_a_retry(client, manager, municipality, fast_pdf, django_capture_on_commit_callbacks):
    report = ready_report(user=manager, municipalities=[municipality])
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED, error="Rapporten kunne ikke dannes.")
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "Rapporten fejlede" in page and "Prøv igen" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("report_retry", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.READY


def test_the_list_shows_only_the_municipalitys_own_reports(client, manager, municipality, other_municipality):
    own = ready_report(user=manager, municipalities=[municipality])
    other = ready_report(
        user=user_for_role(Role.MANAGER, municipality=other_municipality), municipalities=[other_municipality]
    )
    analyst_report = ready_report(user=user_for_role(Role.ANALYST), municipalities=[municipality, other_municipality])
    page = client.get(reverse("report_list")).content.decode()
    assert reverse("report_detail", args=[own.pk]) in page
    assert reverse("report_detail", args=[other.pk]) not in page
    assert reverse("report_detail", args=[analyst_report.pk]) not in page


def test_the_analyst_chooses_municipalities_and_sees_the_analysts_reports(client, municipality, other_municipality):
    analyst = user_for_role(Role.ANALYST)
    client.force_login(analyst)
    mine = ready_report(user=analyst, municipalities=[municipality, other_municipality], suppress=True)
    page = client.get(reverse("report_list")).content.decode()
    assert municipality.name in page and other_municipality.name in page
    assert reverse("report_detail", args=[mine.pk]) in page


def test_the_list_has_a_constant_number_of_queries(client, manager, municipality, django_assert_max_num_queries):
    for _ in range(3):
        ready_report(user=manager, municipalities=[municipality])
    with django_assert_max_num_queries(13) as few:  # one for the form's latest year with data
        client.get(reverse("report_list"))
    for _ in range(10):
        ready_report(user=manager, municipalities=[municipality])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("report_list"))


def test_hourly_rate_is_saved_and_bad_input_is_explained(client, manager, municipality):
    response = client.post(reverse("hourly_rate"), {"visit_hourly_rate": "fire hundrede"})
    assert "Skriv timeprisen som et tal, fx 450 eller 452,50." in response.content.decode()
    assert 'value="fire hundrede"' in response.content.decode()
    response = client.post(reverse("hourly_rate"), {"visit_hourly_rate": "-5"})
    assert "Timeprisen skal være mere end 0 kr." in response.content.decode()
    response = client.post(reverse("hourly_rate"), {"visit_hourly_rate": "452,50"})
    assert response.status_code == 302
    assert str(Municipality.objects.get(pk=municipality.pk).visit_hourly_rate) == "452.50"


def test_the_list_pages_in_sql(client, manager, municipality, monkeypatch):
    monkeypatch.setattr("reporting.views.REPORTS_PER_PAGE", 2)
    reports = [ready_report(user=manager, municipalities=[municipality]) for _ in range(3)]
    first = client.get(reverse("report_list")).content.decode()
    last = client.get(reverse("report_list"), {"side": "7"}).content.decode()
    newest_first = [report.pk for report in reversed(reports)]
    assert all(reverse("report_detail", args=[pk]) in first for pk in newest_first[:2])
    assert reverse("report_detail", args=[newest_first[2]]) in last
    assert reverse("report_detail", args=[newest_first[0]]) not in last
    assert "Side 2 af 2" in last


def test_the_order_form_proposes_the_latest_year_with_closed_courses(client, manager, coordinator):
    from datetime import date

    from reporting.tests.factories import imported_course

    for year in (2021, 2023):
        imported_course(
            coordinator=coordinator,
            external_id=f"Y-{year}",
            start=date(year, 2, 1),
            end=date(year, 9, 1),
            visits=3,
            minutes=180,
        )
    page = client.get(reverse("report_list")).content.decode()
    assert 'name="year" value="2023"' in page
    assert 'value="01.01.2023"' in page and 'value="31.12.2023"' in page  # the started-in-period fields


def test_an_order_for_a_period_without_courses_is_refused_in_danish(client, manager, municipality):
    response = client.post(
        reverse("report_list"),
        {"cohort_kind": "closed_in_year", "year": "2019", "municipalities": [municipality.pk]},
    )
    assert response.status_code == 200
    assert (
        "Ingen af de valgte kommuners forløb falder i denne periode, så rapporten ville være tom. Vælg en anden periode."
        in response.content.decode()
    )
    assert not Report.objects.exists()
