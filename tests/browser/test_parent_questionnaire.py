"""A parent with two children answers the national questionnaire on a 375 px phone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import DaycareFactory, MunicipalityFactory, user_for_role
from surveys.models import Response
from tests.browser.conftest import assert_accessible, screenshot
from visitation.services import ChildData, GuardianData
from visitation.tests.factories import course_closed

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shipped_questionnaires"),
]


def choose(page, field_id: str) -> None:
    page.locator(f"#{field_id}").check()


def check_page(page, name: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, f"{name} scrolls sideways"
    screenshot(page, name)
    assert_accessible(page)


def test_parent_answers_with_two_children_reloads_half_way_and_cannot_answer_twice(page):
    municipality = MunicipalityFactory(name="Helsingør", code="217")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    today = timezone.localdate()
    course = course_closed(
        coordinator=coordinator,
        guardians=[GuardianData(name="Sara Nielsen", relation="mother")],
        children=[
            ChildData(
                name="Alma Nielsen",
                birth_date=today - timedelta(days=700),
                daycare=DaycareFactory(municipality=municipality),
                attends_daycare=True,
            ),
            ChildData(name="Bo Nielsen", birth_date=today - timedelta(days=200)),
        ],
    )
    token = course.invitations.get().token
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{page.live_server_url}/s/{token}/")
    assert "Kære forælder" in page.content()
    check_page(page, "parent-1-about-you-375")
    choose(page, "id_q1_1")  # Mor
    choose(page, "id_q2_1")  # Nej
    choose(page, "id_q3_1")  # 2 children
    page.get_by_role("button", name="Næste").click()

    page.wait_for_url(f"**/s/{token}/side-2/")
    expect(page.get_by_text("Alma", exact=True)).to_be_visible()
    expect(page.get_by_text("Bo", exact=True)).to_be_visible()
    choose(page, "id_q4_b1_0")  # Alma: in daycare at the start
    choose(page, "id_q4_b2_1")  # Bo: not
    check_page(page, "parent-2-daycare-per-child-375")
    page.get_by_role("button", name="Næste").click()

    page.wait_for_url(f"**/s/{token}/side-3/")
    assert page.locator("#question-8").count() == 0 or "Bo" not in page.locator("#question-8").inner_text()
    choose(page, "id_q5_b1_0")  # Alma: meget enig
    choose(page, "id_q5_b2_1")  # Bo: enig
    page.locator("[data-autosave-status]", has_text="Dine svar er gemt.").wait_for()
    page.reload()  # half-way: nothing is lost
    assert page.locator("#id_q5_b1_0").is_checked() and page.locator("#id_q5_b2_1").is_checked()
    choose(page, "id_q6_b1_1")
    choose(page, "id_q6_b2_1")
    choose(page, "id_q7_0")
    choose(page, "id_q8_b1_1")
    check_page(page, "parent-3-changes-375")
    page.get_by_role("button", name="Næste").click()

    page.wait_for_url(f"**/s/{token}/side-4/")
    assert "1 = Mindst positivt" in page.content() and "10 = Mest positivt" in page.content()
    choose(page, "id_q9_8")  # 9
    page.get_by_label("10. Hvis du ønsker at uddybe").fill("Tak for hjælpen med sengetiden.")
    check_page(page, "parent-4-rating-375")
    page.get_by_role("button", name="Send dine svar").click()

    page.wait_for_url(f"**/s/{token}/tak/")
    assert "Mange tak for din besvarelse!" in page.content()
    check_page(page, "parent-5-thanks-375")
    response = Response.objects.get()
    assert response.answers.get(question__number="5", child=2).choice == "agree"
    assert not response.answers.filter(question__number="8", child=2).exists()

    page.goto(f"{page.live_server_url}/s/{token}/")
    assert "Spørgeskemaet er allerede besvaret" in page.content()
    check_page(page, "parent-6-already-answered-375")
    page.goto(f"{page.live_server_url}/s/{'x' * 43}/")
    assert "Linket virker ikke" in page.content()
    check_page(page, "parent-7-unknown-link-375")
    assert Response.objects.count() == 1


def test_a_low_rating_among_positive_answers_is_confirmed_by_the_parent(page):
    municipality = MunicipalityFactory(name="Thisted", code="787")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    course = course_closed(coordinator=coordinator)
    token = course.invitations.get().token
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{page.live_server_url}/s/{token}/")
    for field in ("id_q1_1", "id_q2_1", "id_q3_0"):
        choose(page, field)
    page.get_by_role("button", name="Næste").click()
    choose(page, "id_q4_b1_1")
    page.get_by_role("button", name="Næste").click()
    for field in ("id_q5_b1_0", "id_q6_b1_0", "id_q7_0"):
        choose(page, field)
    page.get_by_role("button", name="Næste").click()
    choose(page, "id_q9_0")  # 1: probably meant 10
    page.get_by_role("button", name="Send dine svar").click()
    # the answer posts back to the same address: wait for the new page, not the URL
    page.get_by_text("Du har givet forløbet 1 på skalaen").wait_for()
    check_page(page, "parent-confirm-low-rating-375")
    assert Response.objects.count() == 0
    choose(page, "id_q9_9")  # the parent meant 10
    page.get_by_role("button", name="Send dine svar").click()
    page.wait_for_url(f"**/s/{token}/tak/")
    assert Response.objects.get().answers.get(question__number="9").number == 10
