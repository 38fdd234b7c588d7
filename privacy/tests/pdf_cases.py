"""The privacy PDFs with hostile text in their free-text fields (see
hjemmepaed/tests/hostile_pdf.py): the family's request-of-access export and the audit log's
access request."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from families.models import Child, Guardian
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.organisation.models import Municipality, Role, User
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from hjemmepaed.tests.hostile_pdf import PdfCase, Rendered, fit
from visitation.services import ChildData, GuardianData
from visitation.tests.factories import course_started


def family_export(payload: str) -> Rendered | None:
    """Names, the municipality, the referral's concern (a text field: the whole payload)."""
    municipality = MunicipalityFactory(name=fit(Municipality, "name", payload))
    coordinator = user_for_role(
        Role.COORDINATOR,
        municipality=municipality,
        first_name=fit(User, "first_name", payload),
        last_name=fit(User, "last_name", payload),
    )
    course = course_started(
        coordinator=coordinator,
        concern=payload,
        guardians=[GuardianData(name=fit(Guardian, "name", payload), relation="mother")],
        children=[ChildData(name=fit(Child, "name", payload), birth_date=timezone.localdate() - timedelta(days=700))],
    )
    client = Client()
    client.force_login(coordinator)
    response = client.get(reverse("family_export_pdf", args=[course.family_id]))
    if response["Content-Type"] != "application/pdf":  # stopped by the time limit: the view said so
        assert response.status_code == 302, response.status_code
        return None
    return Rendered(pdf=response.content, printed=fit(Guardian, "name", payload))


def subject_report(payload: str) -> Rendered | None:
    """Free text in an access request: the person's name, the municipality's, the staff names and
    each event's criterion (a text field: the whole payload)."""
    municipality = MunicipalityFactory(name=fit(Municipality, "name", payload))
    coordinator = user_for_role(
        Role.COORDINATOR,
        municipality=municipality,
        first_name=fit(User, "first_name", payload),
        last_name=fit(User, "last_name", payload),
    )
    course = course_started(
        coordinator=coordinator,
        guardians=[GuardianData(name=payload[:150], relation="mother")],
        children=[ChildData(name=fit(Child, "name", payload), birth_date=timezone.localdate() - timedelta(days=700))],
    )
    child = course.family.children.get()
    audit_event_record(
        actor=coordinator,
        action=Action.SEARCH,
        object_type="course",
        object_id=course.pk,
        subject=child,
        municipality=municipality,
        criterion=fit(AuditEvent, "criterion", payload),
    )
    client = Client()
    client.force_login(coordinator)
    response = client.get(reverse("audit_subject_report", args=["child", child.pk]))
    if response["Content-Type"] != "application/pdf":  # stopped by the time limit: the view said so
        assert response.status_code == 302, response.status_code
        return None
    return Rendered(pdf=response.content, printed=fit(Child, "name", payload))


CASES = [
    PdfCase("privacy/pdf/family_export.html", family_export),
    PdfCase("privacy/pdf/audit_subject_report.html", subject_report),
]
