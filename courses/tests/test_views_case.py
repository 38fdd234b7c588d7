"""The course page shows the case: the referral, the family's language, the start-up meeting and
the closure; managers see the same sections but no note-like free text."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.services import GoalResult, course_close, visit_log
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.tests.factories import course_decided, course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
CONCERN = "Mor oplever forældrerollen som svær efter fødslen."


@pytest.fixture
def course(coordinator, educator):
    course = course_started(
        coordinator=coordinator,
        educator=educator,
        start_date=TODAY() - timedelta(days=60),
        referring_professional="Hanne Holm, sundhedsplejerske",
        language="arabisk",
        interpreter_needed=True,
    )
    visit_log(acting_user=educator, course=course, date=TODAY() - timedelta(days=3), duration_minutes=60)
    return course_close(
        acting_user=educator,
        course=course,
        end_date=TODAY() - timedelta(days=1),
        end_reason="other_service",
        end_reason_detail="Familieafdelingen, § 11",
        goals_reached_answer="agree",
        child_developed_answer="agree",
        goal_results=[GoalResult(goal=goal, status="reached", weight_at_end=3) for goal in course.goals.all()],
    )


def _page(client, user, course) -> str:
    client.force_login(user)
    return client.get(reverse("course_detail", args=[course.pk])).content.decode()


def _section(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    return page[start : page.index("</section>", start)]


def test_educators_and_coordinators_see_the_whole_case(client, course, educator, coordinator):
    for user in (educator, coordinator):
        page = _page(client, user, course)
        referral = _section(page, "henvendelse")
        assert CONCERN in referral
        assert "Sundhedspleje" in referral
        assert "Hanne Holm, sundhedsplejerske" in referral
        assert "Forælder: " in referral and "Barn: " in referral  # the ticked risk factors, by kind
        assert "Lav" in referral
        assert "Foranstaltninger efter § 52" in referral
        assert "<dt>Sprog i hjemmet</dt><dd>arabisk</dd>" in page
        assert "<dt>Behov for tolk</dt><dd>Ja</dd>" in page
        start_up = _section(page, "opstartsmoede")
        assert "Sara Nielsen (mor), Mette Hansen (hjemmepædagog)" in start_up
        closure = _section(page, "afslutning")
        assert "Overgået til anden indsats: Familieafdelingen, § 11" in closure
        assert "Enig" in closure
        assert "Afsluttet af" in closure


def test_a_manager_sees_the_sections_but_no_note_like_text(client, course, municipality):
    manager = user_for_role(Role.MANAGER, municipality=municipality)
    page = _page(client, manager, course)
    referral = _section(page, "henvendelse")
    assert CONCERN not in page
    assert "Vises kun for hjemmepædagoger og tovholdere, ligesom besøgenes noter." in referral
    assert "Sundhedspleje" in referral
    assert "Familieafdelingen" not in page
    assert "Overgået til anden indsats" in _section(page, "afslutning")
    assert "Sara Nielsen (mor), Mette Hansen (hjemmepædagog)" in _section(page, "opstartsmoede")


def test_a_course_waiting_for_its_start_up_meeting_says_so(client, coordinator, educator):
    course = course_decided(coordinator=coordinator, educator=educator)
    page = _page(client, educator, course)
    assert "Er ikke holdt endnu." in _section(page, "opstartsmoede")
    assert 'id="afslutning"' not in page


def test_the_course_page_reads_in_a_constant_number_of_queries(client, course, educator, django_assert_max_num_queries):
    client.force_login(educator)
    url = reverse("course_detail", args=[course.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for days in range(5, 25, 2):
        visit_log(
            acting_user=educator, course=course, date=TODAY() + timedelta(days=days), status="planned", is_booster=True
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
