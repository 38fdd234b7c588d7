"""The evaluation report with hostile text in every field it prints (see hjemmepaed/tests/hostile_pdf.py)."""

from datetime import date

from hjemmepaed.organisation.models import Municipality, Role, User
from hjemmepaed.organisation.tests.factories import DaycareFactory, MunicipalityFactory, user_for_role
from hjemmepaed.tests.hostile_pdf import PdfCase, Rendered, fit
from reporting.models import CohortKind, ReportStatus
from reporting.services import report_order
from reporting.tasks import report_build
from reporting.tests.factories import imported_course


def report(payload: str) -> Rendered | None:
    """Free text in a report: municipality names (cover, row and column labels, notes) and the
    name of who ordered it. Questionnaire free text never reaches a report."""
    municipality = MunicipalityFactory(name=fit(Municipality, "name", payload))
    DaycareFactory(municipality=municipality, name=payload[:150])
    manager = user_for_role(
        Role.MANAGER,
        municipality=municipality,
        first_name=fit(User, "first_name", payload),
        last_name=fit(User, "last_name", payload),
    )
    # A course closed in the year, so that the report has a cohort (an empty one is refused).
    imported_course(
        coordinator=user_for_role(Role.COORDINATOR, municipality=municipality),
        external_id="H-1",
        start=date(2025, 2, 1),
        end=date(2025, 9, 1),
        visits=3,
        minutes=180,
    )
    ordered = report_order(
        acting_user=manager, municipalities=[municipality], cohort_kind=CohortKind.CLOSED_IN_YEAR, year=2025
    )
    # What the order queues when its transaction commits: the Celery task, here in-process.
    report_build.delay(ordered.pk)
    ordered.refresh_from_db()
    if ordered.status == ReportStatus.FAILED:  # stopped by the time limit
        return None
    assert ordered.status == ReportStatus.READY, ordered.status
    with ordered.pdf.open("rb") as handle:
        return Rendered(pdf=handle.read(), printed=fit(Municipality, "name", payload))


CASES = [PdfCase("reporting/pdf/report.html", report)]
