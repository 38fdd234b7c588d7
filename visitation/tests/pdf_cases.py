"""The course summary and the reflection sheet with hostile text in every free-text field they
print (see hjemmepaed/tests/hostile_pdf.py): the concern, the goals, the visits' notes and next
steps, an adjustment, the names and the municipality."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.models import Visit
from courses.services import GoalData, course_adjust, visit_log
from families.models import Child, Guardian
from hjemmepaed.organisation.models import Municipality, Role, User
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from hjemmepaed.tests.hostile_pdf import PdfCase, Rendered, fit
from visitation.services import ChildData, GuardianData
from visitation.tests.factories import course_started


def hostile_course(payload: str):
    municipality = MunicipalityFactory(name=fit(Municipality, "name", payload))
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(
        Role.HOME_EDUCATOR,
        municipality=municipality,
        first_name=fit(User, "first_name", payload),
        last_name=fit(User, "last_name", payload),
    )
    start = timezone.localdate() - timedelta(days=14)
    course = course_started(
        coordinator=coordinator,
        educator=educator,
        start_date=start,
        concern=payload,
        referring_professional=payload[:150],
        guardians=[GuardianData(name=fit(Guardian, "name", payload), relation="mother")],
        children=[ChildData(name=fit(Child, "name", payload), birth_date=start - timedelta(days=300))],
        goals=[GoalData(theme="home_relations", description=payload, focus_points=payload, weight_at_start=8)],
    )
    visit_log(
        acting_user=educator,
        course=course,
        date=start,
        duration_minutes=60,
        participants=fit(Visit, "participants", payload),
        methods_other=fit(Visit, "methods_other", payload),
        note=payload,
        next_steps=payload,
        goals=list(course.goals.all()),
    )
    course_adjust(acting_user=educator, course=course, on=start, description=payload, reason=payload)
    return course


def _download(course, url_name: str) -> bytes | None:
    client = Client()
    client.force_login(course.primary_educator)
    response = client.get(reverse(url_name, args=[course.pk]))
    if response["Content-Type"] != "application/pdf":  # stopped by the time limit: the view said so
        assert response.status_code == 302, response.status_code
        return None
    return response.content


def course_summary(payload: str) -> Rendered | None:
    course = hostile_course(payload)
    pdf = _download(course, "course_summary_pdf")
    return None if pdf is None else Rendered(pdf=pdf, printed=fit(Guardian, "name", payload))


def reflection_sheet(payload: str) -> Rendered | None:
    course = hostile_course(payload)
    pdf = _download(course, "reflection_sheet_pdf")
    return None if pdf is None else Rendered(pdf=pdf, printed=fit(Municipality, "name", payload))


CASES = [
    PdfCase("visitation/pdf/course_summary.html", course_summary),
    PdfCase("visitation/pdf/reflection_sheet.html", reflection_sheet),
]
