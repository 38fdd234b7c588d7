"""The request-of-access export holds the case's changes over time: goals added, reworded and
ended, and the revisions of complexity and § 52, each with who and why."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from courses.services import goal_add, goal_end, goal_reword
from privacy.selectors.family_export import family_export_data
from visitation.services import referral_revise
from visitation.tests.factories import course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def course(coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=20))
    first, second = course.goals.order_by("pk")
    goal_reword(acting_user=educator, course=course, goal=first, on=TODAY(), description="Sengetid kl. 19")
    goal_end(acting_user=educator, course=course, goal=second, on=TODAY(), reason="Nået før tid")
    goal_add(
        acting_user=educator,
        course=course,
        on=TODAY(),
        theme="daycare_cooperation",
        description="Tale med vuggestuen",
        weight_at_start=4,
    )
    referral_revise(
        acting_user=coordinator,
        course=course,
        on=TODAY(),
        complexity="medium",
        section_52_decided=False,
        justification="Mere komplekst end ventet",
    )
    return course


def test_the_export_holds_the_goals_history_and_the_revisions(course, coordinator):
    (exported,) = family_export_data(family=course.family)["courses"]
    reworded, ended, added = exported["goals"]
    assert [(c["kind"], c["previous_description"]) for c in reworded["changes"]] == [
        ("Mål omformuleret", "Faste rammer ved sengetid")
    ]
    assert (ended["ended_on"], ended["changes"][0]["reason"]) == (TODAY(), "Nået før tid")
    assert (added["weight_at_start"], added["changes"][0]["kind"]) == (4, "Mål tilføjet")
    [revision] = exported["referral"]["revisions"]
    assert (revision["complexity_before"], revision["complexity"], revision["justification"]) == (
        "Lav",
        "Middel",
        "Mere komplekst end ventet",
    )


def test_the_pdf_shows_them(client, course, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("family_export_pdf", args=[course.family_id]))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "før: Faste rammer ved sengetid" in text
    assert "Nået før tid" in text
    assert "Lav → Middel" in text and "Mere komplekst end ventet" in text
