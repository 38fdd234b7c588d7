from datetime import timedelta

from django.utils import timezone

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from hjemmepaed.tests.celery_cases import TaskCase, TaskRun
from reporting.models import CohortKind, Report
from reporting.services import report_order
from visitation.tests.factories import course_closed


def _ordered_report(monkeypatch) -> Report:
    # The PDF's content is tested in hjemmepaed/tests/test_pdf_hostile.py; here only the task.
    monkeypatch.setattr("reporting.services.render_pdf", lambda template, context: b"%PDF-1.7 test\n")
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    course_closed(coordinator=coordinator)
    manager = user_for_role(Role.MANAGER, municipality=municipality, first_name="Camilla", last_name="Pedersen")
    # Ordered in a test transaction that never commits, so the order queues nothing by itself.
    return report_order(
        acting_user=manager,
        municipalities=[municipality],
        cohort_kind=CohortKind.CLOSED_IN_YEAR,
        year=timezone.localdate().year,
    )


def _report_state(report_id: int):
    return lambda: Report.objects.filter(pk=report_id).values_list("status", "pdf", "finished_at", "attempts").get()


def report_build(monkeypatch) -> TaskRun:
    report = _ordered_report(monkeypatch)
    return TaskRun(args=(report.pk,), state=_report_state(report.pk))


def reports_requeue(monkeypatch) -> TaskRun:
    report = _ordered_report(monkeypatch)
    Report.objects.filter(pk=report.pk).update(ordered_at=timezone.now() - timedelta(hours=1))
    return TaskRun(args=(), state=_report_state(report.pk))


CASES = [
    TaskCase("reporting.tasks.report_build", report_build),
    TaskCase("reporting.tasks.reports_requeue", reports_requeue),
]
