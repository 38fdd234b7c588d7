"""A report ordered while Redis is down, and a build cut off by a worker that died: one report, one PDF."""

from datetime import date, timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from reporting import services
from reporting.models import Report, ReportStatus

pytestmark = pytest.mark.django_db

WAITING = "Rapporten er bestilt, men kan ikke startes lige nu. Den starter automatisk, når forbindelsen er tilbage."


@pytest.fixture
def manager(client, municipality, a_course_in_2025):
    user = user_for_role(Role.MANAGER, municipality=municipality)
    client.force_login(user)
    return user


def pdf_files() -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / "reports"
    return sorted(path.name for path in folder.glob("*.pdf")) if folder.exists() else []


def test_ordering_while_redis_is_down_says_so_and_the_order_runs_when_it_is_back(
    client, manager, municipality, fast_pdf, django_capture_on_commit_callbacks
):
    down = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with (
        mock.patch("reporting.tasks.report_build.delay", side_effect=down),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("report_list"),
            {
                "cohort_kind": "closed_in_year",
                "year": "2025",
                "municipalities": [municipality.pk],
            },
        )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("report_detail", args=[report.pk])
    page = client.get(response["Location"]).content.decode()
    assert WAITING in page
    assert "I kø" in page
    assert client.get(reverse("report_status", args=[report.pk])).json()["error"] == WAITING
    assert report.status == ReportStatus.QUEUED

    # The beat task finds it after five minutes and sends it; the broker is back.
    Report.objects.filter(pk=report.pk).update(ordered_at=timezone.now() - timedelta(minutes=6))
    assert services.reports_requeue() == 1
    report.refresh_from_db()
    assert (report.status, report.error, report.attempts) == (ReportStatus.READY, "", 1)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "Rapporten er klar" in page and WAITING not in page
    assert services.reports_requeue() == 0  # nothing is sent twice


def test_a_report_that_is_only_just_queued_is_not_sent_again(manager, municipality, fast_pdf):
    with mock.patch("reporting.tasks.report_build.delay", side_effect=OperationalError("down")):
        report = services.report_order(
            acting_user=manager, municipalities=[municipality], cohort_kind="closed_in_year", year=2025
        )
    with mock.patch("reporting.tasks.report_build.delay") as delay:
        assert services.reports_requeue() == 0
    delay.assert_not_called()
    assert Report.objects.get(pk=report.pk).status == ReportStatus.QUEUED


@pytest.mark.parametrize("status", [ReportStatus.COMPUTING, ReportStatus.RENDERING])
def test_a_report_stuck_past_the_hard_time_limit_is_built_again_once(manager, municipality, fast_pdf, status):
    """Its worker died whole: Redis would redeliver only after the visibility timeout."""
    report = Report.objects.create(
        ordered_by=manager,
        cohort_kind="closed_in_year",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        suppress_small_cells=False,
        status=status,
        attempts=1,
        started_at=timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 30),
    )
    report.municipalities.set([municipality])
    assert services.reports_requeue() == 0  # within the limit plus a minute's margin it may still be running
    Report.objects.filter(pk=report.pk).update(
        started_at=timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 61)
    )
    assert services.reports_requeue() == 1
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.READY, 2)
    # The original message, delivered again after the visibility timeout, changes nothing.
    assert services.report_build(report_id=report.pk) is False
    report.refresh_from_db()
    assert report.attempts == 2
    assert pdf_files() == [f"rapport-{report.pk}.pdf"]
    assert services.reports_requeue() == 0


def test_a_pdf_left_behind_by_a_killed_build_is_replaced_not_doubled(manager, municipality, fast_pdf):
    report = Report.objects.create(
        ordered_by=manager,
        cohort_kind="closed_in_year",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        suppress_small_cells=False,
    )
    report.municipalities.set([municipality])
    leftover = Path(settings.MEDIA_ROOT) / "reports" / f"rapport-{report.pk}.pdf"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"%PDF half written")
    assert services.report_build(report_id=report.pk) is True
    report.refresh_from_db()
    assert report.pdf.name == f"reports/rapport-{report.pk}.pdf"
    assert pdf_files() == [f"rapport-{report.pk}.pdf"]
    assert leftover.read_bytes() == b"%PDF-1.7 test\n"


def test_the_broker_redelivers_a_dead_workers_task_only_after_the_hard_time_limit():
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert options["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT > settings.CELERY_TASK_SOFT_TIME_LIMIT
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
