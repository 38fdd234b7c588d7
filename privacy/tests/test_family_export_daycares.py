"""A request of access holds the child's earlier daycares with their dates."""

import io
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from families.services import child_daycare_change
from hjemmepaed.organisation.tests.factories import DaycareFactory
from visitation.services import ChildData
from visitation.tests.factories import course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_the_export_lists_the_daycares_before_the_current_one(client, coordinator, municipality):
    first = DaycareFactory(municipality=municipality, name="Mælkebøtten")
    second = DaycareFactory(municipality=municipality, name="Solsikken")
    child = ChildData(name="Alma", birth_date=TODAY - timedelta(days=400), daycare=first, attends_daycare=True)
    course = course_started(coordinator=coordinator, children=[child])
    on = TODAY - timedelta(days=3)
    child_daycare_change(
        acting_user=coordinator,
        course=course,
        child=course.family.children.get(),
        on=on,
        daycare=second,
        attends_daycare=True,
    )
    client.force_login(coordinator)
    data = json.loads(client.get(reverse("family_export_json", args=[course.family_id])).content)
    [exported] = data["children"]
    assert exported["daycare"] == "Solsikken"
    assert exported["daycare_history"] == [
        {"daycare": "Mælkebøtten", "attends_daycare": True, "from": None, "until": str(on - timedelta(days=1))}
    ]
    pdf = client.get(reverse("family_export_pdf", args=[course.family_id]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert f"Tidligere dagtilbud: Mælkebøtten (indtil {on - timedelta(days=1):%d.%m.%Y})" in " ".join(text.split())
