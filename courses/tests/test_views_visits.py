"""The visit form through the pages: logged, its errors in Danish with the typed input kept, the
methods' Danish names, a planned visit held, and another educator's or course's visit refused."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Visit
from courses.services import visit_log
from visitation.tests.factories import course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def test_log_a_visit_through_the_form(client, coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator)
    goal = course.goals.first()
    client.force_login(educator)
    form = client.get(reverse("visit_create", args=[course.pk])).content.decode()
    assert f'value="{TODAY():%d.%m.%Y}"' in form  # today is pre-filled, the Danish way
    response = client.post(
        reverse("visit_create", args=[course.pk]),
        {
            "date": TODAY().isoformat(),
            "status": "held",
            "duration_minutes": "75",
            "kind": "home",
            "goals": [goal.pk],
            "methods": ["loft"],
            "note": "Godt besøg",
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.duration_minutes, list(visit.goals.all()), visit.note) == (75, [goal], "Godt besøg")
    assert "Besøget er gemt." in client.get(response["Location"]).content.decode()


def test_visit_form_names_the_methods_in_danish_with_the_professional_term(client, coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator)
    client.force_login(educator)
    form = client.get(reverse("visit_create", args=[course.pk])).content.decode()
    for label in (
        "Gåtur og samtale (walk and talk)",
        "Lavt arousal-niveau (low arousal)",
        "Løsningsfokuseret tilgang (LØFT)",
        "Udendørs, fx gåtur og samtale (walk and talk)",
    ):
        assert label in form
    assert ">Walk and talk<" not in form and ">Low arousal<" not in form


def test_visit_form_errors_are_danish_and_keep_input(client, coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator)
    client.force_login(educator)
    response = client.post(
        reverse("visit_create", args=[course.pk]),
        {
            "date": TODAY().isoformat(),
            "status": "held",
            "duration_minutes": "",
            "kind": "home",
            "note": "Nåede ikke at skrive tid",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Varigheden angives i kvarte timer" in content
    assert "Nåede ikke at skrive tid" in content
    assert not Visit.objects.exists()


@pytest.mark.parametrize("typed", ["31.02.2026", "2.13.2026", "i går"])
def test_a_mistyped_date_is_kept_with_a_danish_message(client, coordinator, educator, typed):
    course = course_started(coordinator=coordinator, educator=educator)
    client.force_login(educator)
    data = {"date": typed, "status": "held", "duration_minutes": "60", "kind": "home", "note": "Vi legede på gulvet"}
    response = client.post(reverse("visit_create", args=[course.pk]), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert f"“{typed}” er ikke en dato. Skriv datoen som dd.mm.åååå, for eksempel 24.12.2026." in content
    assert f'value="{typed}"' in content  # the typed text stays in the field
    assert "Vi legede på gulvet" in content
    assert not Visit.objects.exists()


def test_a_date_typed_the_danish_way_is_stored(client, coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator)
    client.force_login(educator)
    day = TODAY() - timedelta(days=2)
    data = {"date": f"{day.day}.{day.month}.{day.year}", "status": "held", "duration_minutes": "60", "kind": "home"}
    assert client.post(reverse("visit_create", args=[course.pk]), data).status_code == 302
    visit = Visit.objects.get()
    assert visit.date == day
    page = client.get(reverse("visit_update", args=[course.pk, visit.pk])).content.decode()
    assert f'value="{day:%d.%m.%Y}"' in page


def test_visit_on_another_educators_course_answers_404(client, coordinator, educator, municipality):
    course = course_started(coordinator=coordinator)
    client.force_login(educator)
    response = client.post(reverse("visit_create", args=[course.pk]), {"date": TODAY().isoformat()})
    assert response.status_code == 404
    assert not Visit.objects.exists()


def test_a_planned_visit_becomes_held_through_the_edit_form(client, coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=10))
    planned = visit_log(acting_user=educator, course=course, date=TODAY(), status="planned")
    client.force_login(educator)
    form = client.get(reverse("visit_update", args=[course.pk, planned.pk])).content.decode()
    assert "Redigér besøg" in form
    assert "Varighed (timer:minutter)</label>" in form  # no "(frivilligt)": required for held visits
    response = client.post(
        reverse("visit_update", args=[course.pk, planned.pk]),
        {"date": TODAY().isoformat(), "status": "held", "duration_minutes": "60", "kind": "home"},
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert (planned.status, planned.duration_minutes) == ("held", 60)


def test_visit_of_another_course_answers_404(client, coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator)
    other = course_started(coordinator=coordinator, educator=educator)
    visit = visit_log(acting_user=educator, course=other, date=TODAY(), duration_minutes=60)
    client.force_login(educator)
    assert client.get(reverse("visit_update", args=[course.pk, visit.pk])).status_code == 404
