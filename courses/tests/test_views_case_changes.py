"""The course page with a case that has changed along the way: goals added, reworded and ended,
complexity and § 52 revised, an adjustment, and the timeline of it all, per role. Managers see
that things happened, the goals and their weights, but no note-like text."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.services import course_adjust, goal_add, goal_end, goal_reword, visit_log
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.services import referral_revise
from visitation.tests.factories import course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
NOTE_LIKE = [
    "Mor var træt, vi talte om søvn",  # a visit's note
    "Kortere besøg om formiddagen",  # what the adjustment changed
    "Alma sover middag kl. 12",  # why
    "Forældrene ville gøre det konkret",  # why the goal was reworded
    "Nået før tid",  # why it ended
    "Familieafdelingen har truffet afgørelse",  # why § 52 was revised
]


@pytest.fixture
def course(coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=40))
    first, second = course.goals.order_by("pk")
    visit_log(
        acting_user=educator,
        course=course,
        date=TODAY() - timedelta(days=20),
        duration_minutes=60,
        goals=[first],
        note=NOTE_LIKE[0],
    )
    course_adjust(
        acting_user=educator,
        course=course,
        on=TODAY() - timedelta(days=15),
        description=NOTE_LIKE[1],
        reason=NOTE_LIKE[2],
    )
    goal_add(
        acting_user=educator,
        course=course,
        on=TODAY() - timedelta(days=10),
        theme="daycare_cooperation",
        description="Mor og vuggestuen taler sammen hver fredag",
        weight_at_start=5,
    )
    goal_reword(
        acting_user=educator,
        course=course,
        goal=second,
        on=TODAY() - timedelta(days=8),
        description="Alma falder i søvn i egen seng",
        reason=NOTE_LIKE[3],
    )
    goal_end(acting_user=educator, course=course, goal=first, on=TODAY() - timedelta(days=5), reason=NOTE_LIKE[4])
    referral_revise(
        acting_user=coordinator,
        course=course,
        on=TODAY() - timedelta(days=2),
        complexity="low",
        section_52_decided=True,
        justification=NOTE_LIKE[5],
    )
    return course


def _page(client, user, course) -> str:
    client.force_login(user)
    response = client.get(reverse("course_detail", args=[course.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    return page[start : page.index("</section>", start)]


def _day(days_ago: int) -> str:
    return (TODAY() - timedelta(days=days_ago)).strftime("%d.%m.%Y")


def test_educators_and_coordinators_see_every_change_with_its_why(client, course, educator, coordinator):
    for user in (educator, coordinator):
        page = _page(client, user, course)
        for text in NOTE_LIKE:
            assert text in page, text
        goals = _section(page, "maal")
        assert "Mor og vuggestuen taler sammen hver fredag" in goals
        assert "Fylder i hverdagen: 5 af 10 ved start" in goals  # the added goal's own start weight
        assert "Alma falder i søvn i egen seng" in goals and "før: “Alma falder lettere til ro”" in goals
        assert "Fylder i hverdagen: 7 af 10 ved start" in goals  # kept through the rewording
        timeline = _section(page, "tidslinje")
        # Newest first: the referral revised, the goal ended, the goal reworded, the goal added, the adjustment, the start.
        order = [
            f"{_day(2)}: Henvendelsen revurderet: der er afgjort foranstaltninger efter § 52 ({coordinator})"
            f" – {NOTE_LIKE[5]}",
            f"{_day(5)}: Mål afsluttet: Faste rammer ved sengetid",
            f"{_day(8)}: Mål omformuleret: Alma falder i søvn i egen seng",
            f"{_day(10)}: Mål tilføjet: Mor og vuggestuen taler sammen hver fredag",
            f"{_day(15)}: Justering",
            f"{_day(40)}: I gang",
        ]
        positions = [timeline.index(text) for text in order]
        assert positions == sorted(positions)
        referral = _section(page, "henvendelse")
        assert "Ja, der er afgjort foranstaltninger efter § 52 (ved henvendelsen: nej)" in referral


def test_a_manager_sees_the_changes_and_the_weights_but_no_note_like_text(client, course, municipality):
    page = _page(client, user_for_role(Role.MANAGER, municipality=municipality), course)
    for text in NOTE_LIKE:
        assert text not in page, text
    goals = _section(page, "maal")
    assert "Fylder i hverdagen: 5 af 10 ved start" in goals and "Mål afsluttet" in goals
    timeline = _section(page, "tidslinje")
    assert f"{_day(15)}: Justering" in timeline
    assert f"{_day(2)}: Henvendelsen revurderet: der er afgjort foranstaltninger efter § 52" in timeline
    assert "begrundelsen vises kun for hjemmepædagoger og tovholdere" in timeline
    assert "Ja, der er afgjort foranstaltninger efter § 52" in _section(page, "henvendelse")
    assert "Bekymringen" in page and "Mor oplever forældrerollen som svær efter fødslen." not in page
    assert reverse("goal_add", args=[course.pk]) not in page
