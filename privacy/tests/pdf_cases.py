"""The family's request-of-access export with hostile text in its free-text fields (see
hjemmepaed/tests/hostile_pdf.py): names, the municipality, the referral's concern (a text field:
the whole payload)."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from families.models import Child, Guardian
from hjemmepaed.organisation.models import Municipality, Role, User
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from hjemmepaed.tests.hostile_pdf import PdfCase, Rendered, fit
from visitation.services import ChildData, GuardianData
from visitation.tests.factories import course_started


def family_export(payload: str) -> Rendered | None:
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


CASES = [PdfCase("privacy/pdf/family_export.html", family_export)]
