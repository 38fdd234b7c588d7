"""Ordering, building, failing, retrying and downloading a report."""

import json
from datetime import date
from unittest import mock

import pytest
from openpyxl import load_workbook

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from reporting import services
from reporting.models import Report, ReportStatus
from reporting.tests.factories import closed_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(municipality):
    return user_for_role(Role.MANAGER, municipality=municipality)


@pytest.fixture(autouse=True)
def _commit(django_capture_on_commit_callbacks):
    """Run what services start on commit (the Celery task, in-process here) as a real commit would."""
    global _capture
    _capture = django_capture_on_commit_callbacks


def order(user, municipalities, **kwargs):
    with _capture(execute=True):
        return services.report_order(
            acting_user=user,
            municipalities=municipalities,
            cohort_kind=kwargs.pop("cohort_kind", "closed_in_year"),
            **{"year": 2025, **kwargs},
        )


def test_ordering_builds_the_report_and_keeps_who_ordered_it(manager, municipality, coordinator):
    closed_course(
        coordinator=coordinator,
        visitation=date(2025, 1, 1),
        start=date(2025, 1, 5),
        end=date(2025, 3, 1),
        visit_minutes=[60],
    )
    report = order(manager, [municipality])
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert report.ordered_by == manager
    assert (report.period_start, report.period_end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert report.suppress_small_cells is False
    assert report.pdf.name == f"reports/rapport-{report.pk}.pdf"
    assert report.pdf.read().startswith(b"%PDF")
    assert report.result["cohort"]["courses"] == 1
    assert AuditEvent.objects.filter(object_type="report", object_id=str(report.pk), action="create").count() == 1


def test_a_manager_cannot_order_for_another_municipality(manager, other_municipality, fast_pdf):
    with pytest.raises(DomainError, match="Du kan kun bestille rapporter for din egen kommune."):
        order(manager, [other_municipality])
    assert not Report.objects.exists()


def test_the_period_must_be_in_order(manager, municipality, fast_pdf):
    with pytest.raises(DomainError, match="Periodens sidste dato skal ligge på eller efter den første."):
        order(
            manager,
            [municipality],
            cohort_kind="started_in_period",
            period_start=date(2025, 6, 1),
            period_end=date(2025, 1, 1),
        )
    with pytest.raises(DomainError, match="Angiv både periodens første og sidste dato."):
        order(manager, [municipality], cohort_kind="started_in_period", period_start=date(2025, 6, 1))


def test_the_national_analyst_always_gets_small_cells_hidden(municipality, fast_pdf, a_course_in_2025):
    analyst = user_for_role(Role.ANALYST)
    report = order(analyst, [municipality])
    assert report.suppress_small_cells is True


def test_a_failed_render_shows_as_failed_and_a_retry_makes_it(manager, municipality, fast_pdf, a_course_in_2025):
    with mock.patch("reporting.services.render_pdf", side_effect=RuntimeError("weasyprint broke")):
        report = order(manager, [municipality])
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error == "Rapporten kunne ikke dannes. Prøv igen; fejler den igen, så kontakt support."
    assert "weasyprint" not in report.error
    with _capture(execute=True):
        services.report_retry(acting_user=manager, report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert report.attempts == 2


def test_only_a_failed_report_can_be_retried(manager, municipality, fast_pdf, a_course_in_2025):
    report = order(manager, [municipality])
    with pytest.raises(DomainError, match="Kun en fejlet rapport kan prøves igen."):
        services.report_retry(acting_user=manager, report=report)


def test_building_a_ready_report_again_changes_nothing(manager, municipality, fast_pdf, a_course_in_2025):
    report = order(manager, [municipality])
    report.refresh_from_db()
    pdf_name, finished = report.pdf.name, report.finished_at
    assert services.report_build(report_id=report.pk) is False
    report.refresh_from_db()
    assert (report.pdf.name, report.finished_at, report.attempts) == (pdf_name, finished, 1)


def test_an_order_is_kept_when_the_broker_is_down_and_sent_again_later(
    manager, municipality, fast_pdf, a_course_in_2025
):
    with mock.patch("reporting.tasks.report_build.delay", side_effect=ConnectionError("redis down")):
        report = order(manager, [municipality])
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED
    Report.objects.filter(pk=report.pk).update(ordered_at=report.ordered_at - services.timezone.timedelta(minutes=10))
    assert services.reports_requeue() == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.READY


def test_every_download_is_audited_and_the_three_forms_carry_the_same_numbers(manager, municipality, coordinator):
    closed_course(
        coordinator=coordinator,
        visitation=date(2025, 1, 1),
        start=date(2025, 1, 5),
        end=date(2025, 3, 1),
        visit_minutes=[60, 45],
    )
    report = order(manager, [municipality])
    report.refresh_from_db()
    downloads = {
        kind: services.report_download(acting_user=manager, report=report, kind=kind)
        for kind in ("pdf", "xlsx", "json")
    }
    assert AuditEvent.objects.filter(object_type="report", action="download").count() == 3
    assert {d.filename for d in downloads.values()} == {f"rapport-{report.pk}.{k}" for k in ("pdf", "xlsx", "json")}
    assert json.loads(downloads["json"].content) == report.result
    workbook = load_workbook(filename=__import__("io").BytesIO(downloads["xlsx"].content))
    sheet = workbook["Tabel 5.1"]
    values = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert [municipality.name, 2, 2, 2, 1] in [line[:5] for line in values]


def test_a_period_without_courses_is_refused(manager, municipality, coordinator):
    from reporting.tests.factories import imported_course

    # a course of 2024 does not make a report over 2025, nor do answers through the open link
    imported_course(
        coordinator=coordinator,
        external_id="C-2024",
        start=date(2024, 2, 1),
        end=date(2024, 9, 1),
        visits=1,
        minutes=60,
    )
    with pytest.raises(DomainError, match="Ingen af de valgte kommuners forløb falder i denne periode") as refused:
        order(manager, [municipality])
    assert refused.value.field == "year"
    with pytest.raises(DomainError) as refused:
        order(
            manager,
            [municipality],
            cohort_kind="started_in_period",
            year=None,
            period_start=date(2025, 1, 1),
            period_end=date(2025, 6, 30),
        )
    assert refused.value.field == "period_start"
    assert not Report.objects.exists()
