"""One report through a real Redis broker and a real Celery worker (CI's PostgreSQL run)."""

import os
import time
from datetime import date

import pytest

from config.celery import app
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from reporting import services
from reporting.models import Report, ReportStatus
from reporting.tests.factories import closed_course


@pytest.mark.broker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis broker (REDIS_URL)")
@pytest.mark.django_db(transaction=True)
def test_a_report_is_built_by_a_real_worker_through_redis(municipality, coordinator):
    from celery.contrib.testing.worker import start_worker

    closed_course(
        coordinator=coordinator,
        visitation=date(2025, 1, 1),
        start=date(2025, 1, 5),
        end=date(2025, 3, 1),
        visit_minutes=[60, 90],
    )
    manager = user_for_role(Role.MANAGER, municipality=municipality)
    app.conf.update(task_always_eager=False, broker_url=os.environ["REDIS_URL"], result_backend=os.environ["REDIS_URL"])
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            report = services.report_order(
                acting_user=manager, municipalities=[municipality], cohort_kind="closed_in_year", year=2025
            )
            seen = set()
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                status = Report.objects.values_list("status", flat=True).get(pk=report.pk)
                seen.add(status)
                if status in (ReportStatus.READY, ReportStatus.FAILED):
                    break
                time.sleep(0.05)
    finally:
        app.conf.update(task_always_eager=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.READY, report.error
    assert report.attempts == 1
    assert report.pdf.read().startswith(b"%PDF")
    assert report.result["cohort"]["courses"] == 1
    assert seen & {ReportStatus.QUEUED, ReportStatus.COMPUTING, ReportStatus.RENDERING}
