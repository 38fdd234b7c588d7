"""A double click on "save" or "send" gives one result, and a parent whose answers could not be
stored for a moment sends them again without typing anything twice."""

import time
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from courses.models import PhaseChange
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from surveys import services as survey_services
from surveys.models import Response
from tests.browser.conftest import assert_accessible, log_in, screenshot
from visitation.tests.factories import course_closed, referral_register

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shipped_questionnaires"),
]


def form_posts(page) -> list[str]:
    """URLs of the form posts the page sends (not the questionnaire's autosave)."""
    posts = []
    page.on(
        "request",
        lambda request: (
            posts.append(request.url) if request.method == "POST" and "x-autosave" not in request.headers else None
        ),
    )
    return posts


def slowly(monkeypatch, module, name):
    """The server takes a second over the save, as a busy one does: time for a second click."""
    real = getattr(module, name)

    def slow(**kwargs):
        time.sleep(1)
        return real(**kwargs)

    monkeypatch.setattr(module, name, slow)


def click_twice(page, button):
    """Two clicks 200 ms apart, where the button was: the second lands while the first is sent."""
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(200)
    page.mouse.click(x, y)


def test_a_double_click_on_save_decision_sends_one_post_and_decides_once(page, monkeypatch):
    from visitation import services as visitation_services

    slowly(monkeypatch, visitation_services, "referral_approve")
    municipality = MunicipalityFactory(name="Thisted", code="787")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Anne", last_name="Jørgensen")
    course = referral_register(coordinator=coordinator, received_on=timezone.localdate() - timedelta(days=5))
    log_in(page, coordinator)
    page.goto(f"{page.live_server_url}/visitation/{course.pk}/beslut/")
    page.get_by_label("Visitér og tildel hjemmepædagog").check()
    page.get_by_label("Primær hjemmepædagog").select_option(str(educator.pk))

    posts = form_posts(page)
    click_twice(page, page.get_by_role("button", name="Gem beslutning"))
    page.locator(".alert-success", has_text="Beslutningen er gemt.").wait_for()
    assert posts == [f"{page.live_server_url}/visitation/{course.pk}/beslut/"]
    assert PhaseChange.objects.filter(course=course, to_phase="decided").count() == 1
    screenshot(page, "double-click-decision-saved-once")


def answer_up_to_the_last_page(page, token):
    page.goto(f"{page.live_server_url}/s/{token}/")
    for field in ("id_q1_1", "id_q2_1", "id_q3_0"):
        page.locator(f"#{field}").check()
    page.get_by_role("button", name="Næste").click()
    page.locator("#id_q4_b1_1").check()
    page.get_by_role("button", name="Næste").click()
    for field in ("id_q5_b1_0", "id_q6_b1_0", "id_q7_0"):
        page.locator(f"#{field}").check()
    page.get_by_role("button", name="Næste").click()
    page.wait_for_url(f"**/s/{token}/side-4/")
    page.locator("#id_q9_8").check()  # 9
    page.get_by_label("10. Hvis du ønsker at uddybe").fill("Tak for hjælpen med sengetiden.")


def test_a_double_click_on_send_your_answers_stores_one_response(page, monkeypatch):
    slowly(monkeypatch, survey_services, "response_submit")
    municipality = MunicipalityFactory(name="Helsingør", code="217")
    course = course_closed(coordinator=user_for_role(Role.COORDINATOR, municipality=municipality))
    token = course.invitations.get().token
    page.set_viewport_size({"width": 375, "height": 812})
    answer_up_to_the_last_page(page, token)
    posts = form_posts(page)
    click_twice(page, page.get_by_role("button", name="Send dine svar"))
    page.wait_for_url(f"**/s/{token}/tak/")
    assert "Mange tak for din besvarelse!" in page.content()
    assert posts == [f"{page.live_server_url}/s/{token}/side-4/"]
    assert Response.objects.count() == 1


def test_answers_that_could_not_be_stored_are_kept_on_the_page_and_sent_again(page, monkeypatch):
    municipality = MunicipalityFactory(name="Helsingør", code="217")
    course = course_closed(coordinator=user_for_role(Role.COORDINATOR, municipality=municipality))
    token = course.invitations.get().token
    real = survey_services.response_submit
    calls = []

    def database_away_once(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(survey_services, "response_submit", database_away_once)
    page.set_viewport_size({"width": 375, "height": 812})
    answer_up_to_the_last_page(page, token)
    page.get_by_role("button", name="Send dine svar").click()
    alert = page.locator("#not-saved")
    alert.wait_for()
    assert (
        "Vi kunne ikke gemme dine svar lige nu. Dine svar er ikke gået tabt. Prøv igen om lidt." in alert.inner_text()
    )
    assert page.locator("#id_q9_8").is_checked()
    assert page.get_by_label("10. Hvis du ønsker at uddybe").input_value() == "Tak for hjælpen med sengetiden."
    screenshot(page, "parent-answers-not-saved-375")
    assert_accessible(page)
    assert not Response.objects.exists()

    page.get_by_role("button", name="Send dine svar").click()
    page.wait_for_url(f"**/s/{token}/tak/")
    assert Response.objects.count() == 1
    assert Response.objects.get().answers.get(question__number="10").text == "Tak for hjælpen med sengetiden."
