"""The invitation letter with hostile text in every field it prints (see hjemmepaed/tests/hostile_pdf.py)."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hjemmepaed.organisation.models import Municipality, Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from hjemmepaed.tests.hostile_pdf import PdfCase, Rendered, fit
from surveys.models import Questionnaire
from visitation.services import ChildData, GuardianData
from visitation.tests.factories import course_closed


def letter(payload: str) -> Rendered | None:
    """Free text in the letter: the municipality's name and the questionnaire's title. The
    guardian's and child's names are hostile too, though the letter never prints them."""
    municipality = MunicipalityFactory(name=fit(Municipality, "name", payload))
    Questionnaire.objects.filter(key="national").update(title=fit(Questionnaire, "title", payload))
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    course = course_closed(
        coordinator=coordinator,
        guardians=[GuardianData(name=payload[:150], relation="mother")],
        children=[ChildData(name=payload[:150], birth_date=timezone.localdate() - timedelta(days=700))],
    )
    client = Client()
    client.force_login(course.primary_educator)
    guardian = course.family.guardians.get()
    response = client.get(reverse("invitation_letter", args=[course.pk, guardian.pk]))
    if response["Content-Type"] != "application/pdf":  # stopped by the time limit: the view said so
        assert response.status_code == 302, response.status_code
        return None
    return Rendered(pdf=response.content, printed=fit(Municipality, "name", payload))


CASES = [PdfCase("surveys/letter.html", letter)]
