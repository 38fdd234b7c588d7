"""A parent answers the national questionnaire in English on a 375 px phone; the answers stored
are the codes a Danish answer stores."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from surveys.models import Response
from tests.browser.conftest import assert_accessible, screenshot
from visitation.services import ChildData, GuardianData
from visitation.tests.factories import course_closed

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shipped_questionnaires"),
]


def check_page(page, name: str, width: int = 375) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways"
    screenshot(page, name)
    assert_accessible(page)


def closed_course(name: str):
    municipality = MunicipalityFactory(name=name)
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    course = course_closed(
        coordinator=coordinator,
        guardians=[GuardianData(name="Sara Nielsen", relation="mother")],
        children=[ChildData(name="Alma Nielsen", birth_date=timezone.localdate() - timedelta(days=700))],
    )
    return coordinator, course


def test_a_parent_chooses_english_on_the_first_page_and_answers_on_a_phone(page):
    _coordinator, course = closed_course("Helsingør")
    token = course.invitations.get().token
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{page.live_server_url}/s/{token}/")
    expect(page.get_by_text("Side 1 af 4")).to_be_visible()
    page.get_by_label("Sprog").select_option("en")
    page.get_by_role("button", name="Vælg sprog").click()

    expect(page.get_by_text("Page 1 of 4")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Dear parent")).to_be_visible()
    check_page(page, "parent-english-1-about-you-375")
    page.get_by_role("button", name="Next").click()  # nothing answered: the errors are English
    expect(page.get_by_text("Choose an answer.").first).to_be_visible()
    check_page(page, "parent-english-1-errors-375")
    page.get_by_label("The mother").check()
    page.locator("#id_q2_1").check()  # No
    page.locator("#id_q3_0").check()  # 1 child
    page.get_by_role("button", name="Next").click()

    page.wait_for_url(f"**/s/{token}/side-2/")
    expect(page.get_by_text("Page 2 of 4")).to_be_visible()
    page.get_by_label("No").check()
    check_page(page, "parent-english-2-daycare-375")
    page.get_by_role("button", name="Next").click()

    page.wait_for_url(f"**/s/{token}/side-3/")
    for question in ("question-5", "question-6", "question-7"):
        page.locator(f"#{question}").get_by_label("Strongly agree").check()
    page.locator("[data-autosave-status]", has_text="Your answers are saved.").wait_for()
    page.reload()  # the language and the answers are kept
    expect(page.get_by_text("Page 3 of 4")).to_be_visible()
    check_page(page, "parent-english-3-changes-375")
    page.get_by_role("button", name="Next").click()

    page.wait_for_url(f"**/s/{token}/side-4/")
    expect(page.locator(".survey-scale-ends").get_by_text("1 = Least positive")).to_be_visible()
    page.locator("#id_q9_8").check()  # 9
    page.get_by_label("10. If you would like to say more").fill("Thank you for the help with bedtime.")
    check_page(page, "parent-english-4-rating-375")
    page.get_by_role("button", name="Send your answers").click()

    page.wait_for_url(f"**/s/{token}/tak/")
    expect(page.get_by_text("Thank you very much for your answers!")).to_be_visible()
    check_page(page, "parent-english-5-thanks-375")
    answers = {
        (answer.question.number, answer.child): answer.choice or answer.number or answer.text
        for answer in Response.objects.get().answers.select_related("question")
    }
    assert answers == {
        ("1", 0): "mother",
        ("2", 0): "no",
        ("3", 0): "1",
        ("4", 1): "no",
        ("5", 1): "strongly_agree",
        ("6", 1): "strongly_agree",
        ("7", 0): "strongly_agree",
        ("9", 0): 9,
        ("10", 0): "Thank you for the help with bedtime.",
    }
