"""The goals' pages: add, reword and end a goal on a running course, and what the course page
shows of it to each role. Which roles reach the pages at all is the access matrix's."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.services import goal_end
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.tests.factories import course_closed, course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def course(coordinator, educator):
    return course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=30))


def _goal(course):
    return course.goals.order_by("pk").first()


def _day(value) -> str:
    return value.strftime("%d.%m.%Y")


def _goals_section(client, user, course) -> str:
    client.force_login(user)
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    start = page.index('id="maal"')
    return page[start : page.index("</section>", start)]


def _events_since(pk):
    return list(AuditEvent.objects.filter(pk__gt=pk).values_list("action", "object_type"))


def _last():
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_an_educator_adds_a_goal_and_the_course_page_shows_it_with_its_start_weight(client, educator, course):
    client.force_login(educator)
    response = client.post(
        reverse("goal_add", args=[course.pk]),
        {
            "on": _day(TODAY()),
            "theme": "daycare_cooperation",
            "description": "Mor og vuggestuen taler sammen hver fredag",
            "weight_at_start": "6",
        },
        follow=True,
    )
    assert "Målet er tilføjet." in response.content.decode()
    goals = _goals_section(client, educator, course)
    assert "Mor og vuggestuen taler sammen hver fredag" in goals
    assert "Fylder i hverdagen: 6 af 10 ved start" in goals
    assert f"{TODAY():%d.%m.%Y}: Mål tilføjet" in goals


def test_a_failed_add_shows_the_danish_message_keeps_what_was_typed_and_writes_nothing(client, educator, course):
    client.force_login(educator)
    before = _last()
    response = client.post(
        reverse("goal_add", args=[course.pk]),
        {
            "on": _day(TODAY() + timedelta(days=2)),
            "theme": "home_relations",
            "description": "Ro om aftenen",
            "weight_at_start": "4",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Datoen ligger mellem forløbets start" in page
    assert "Ro om aftenen" in page
    assert course.goals.count() == 2
    assert _events_since(before) == []  # an empty form with the user's own input: nothing of the family shown


def test_rewording_shows_the_new_words_the_old_ones_and_the_same_start_weight(client, educator, course):
    goal = _goal(course)
    client.force_login(educator)
    response = client.get(reverse("goal_reword", args=[course.pk, goal.pk]))
    assert "Startvægt: 8 af 10. Den bevares, når målet omformuleres." in response.content.decode()
    client.post(
        reverse("goal_reword", args=[course.pk, goal.pk]),
        {"on": _day(TODAY()), "description": "Sengetid kl. 19 hver aften", "reason": "Mere konkret"},
    )
    goals = _goals_section(client, educator, course)
    assert "Sengetid kl. 19 hver aften" in goals
    assert "Mål omformuleret" in goals and "før: “Faste rammer ved sengetid”" in goals
    assert "Fylder i hverdagen: 8 af 10 ved start" in goals


def test_a_rewording_to_the_same_words_is_refused_and_audited_as_a_view(client, educator, course):
    goal = _goal(course)
    client.force_login(educator)
    before = _last()
    response = client.post(
        reverse("goal_reword", args=[course.pk, goal.pk]), {"on": _day(TODAY()), "description": goal.description}
    )
    assert "Den nye formulering er den samme som målets nuværende." in response.content.decode()
    assert _events_since(before) == [("view", "goal")]


def test_an_ended_goal_shows_its_date_and_its_reason_to_staff_but_not_the_reason_to_a_manager(
    client, educator, course, municipality
):
    goal = _goal(course)
    client.force_login(educator)
    client.post(
        reverse("goal_end", args=[course.pk, goal.pk]), {"on": _day(TODAY()), "reason": "Nået før tid, mor er tryg"}
    )
    goals = _goals_section(client, educator, course)
    assert "afsluttet" in goals and "Mål afsluttet" in goals and "Nået før tid, mor er tryg" in goals
    assert reverse("goal_reword", args=[course.pk, goal.pk]) not in goals  # an ended goal is not reworded
    manager = user_for_role(Role.MANAGER, municipality=municipality)
    goals = _goals_section(client, manager, course)
    assert "Mål afsluttet" in goals and "Nået før tid" not in goals
    assert "begrundelsen vises kun for hjemmepædagoger og tovholdere" in goals


def test_ending_the_last_goal_is_refused_on_the_form(client, educator, course):
    first, second = course.goals.order_by("pk")
    goal_end(acting_user=educator, course=course, goal=first, on=TODAY(), reason="Nået")
    client.force_login(educator)
    response = client.post(reverse("goal_end", args=[course.pk, second.pk]), {"on": _day(TODAY()), "reason": "Nået"})
    assert "Det er forløbets sidste mål, der ikke er afsluttet." in response.content.decode()


def test_the_change_links_are_for_staff_on_a_running_course_only(client, educator, coordinator, course, municipality):
    add = reverse("goal_add", args=[course.pk])
    assert add in _goals_section(client, educator, course)
    assert add in _goals_section(client, coordinator, course)
    assert add not in _goals_section(client, user_for_role(Role.MANAGER, municipality=municipality), course)
    closed = course_closed(coordinator=coordinator)
    assert reverse("goal_add", args=[closed.pk]) not in _goals_section(client, coordinator, closed)


def test_a_goal_of_another_course_answers_404(client, coordinator, educator, course):
    other = course_started(coordinator=coordinator, educator=educator)
    client.force_login(coordinator)
    assert client.get(reverse("goal_reword", args=[course.pk, _goal(other).pk])).status_code == 404
    assert client.post(reverse("goal_end", args=[course.pk, _goal(other).pk]), {"reason": "x"}).status_code == 404


def test_the_close_page_asks_no_result_for_an_ended_goal(client, educator, course):
    first = _goal(course)
    goal_end(acting_user=educator, course=course, goal=first, on=TODAY(), reason="Nået")
    client.force_login(educator)
    page = client.get(reverse("course_close", args=[course.pk])).content.decode()
    assert f"goal_{first.pk}_status" not in page
    assert "Mål afsluttet undervejs" in page
    second = course.goals.order_by("pk").last()
    assert f"goal_{second.pk}_status" in page


def test_the_visit_form_offers_an_ended_goal_no_more_but_keeps_it_on_a_visit_that_has_it(client, educator, course):
    from courses.services import visit_log

    first = _goal(course)
    visit = visit_log(
        acting_user=educator, course=course, date=TODAY() - timedelta(days=2), duration_minutes=60, goals=[first]
    )
    goal_end(acting_user=educator, course=course, goal=first, on=TODAY() - timedelta(days=1), reason="Nået")
    client.force_login(educator)
    new_visit = client.get(reverse("visit_create", args=[course.pk])).content.decode()
    assert "Faste rammer ved sengetid" not in new_visit
    assert "Alma falder lettere til ro" in new_visit
    old_visit = client.get(reverse("visit_update", args=[course.pk, visit.pk])).content.decode()
    assert "Faste rammer ved sengetid" in old_visit
