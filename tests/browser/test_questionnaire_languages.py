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
    page.set_viewport_size({"width": 1280, "height": 900})
    check_page(page, "parent-english-1-about-you-1280", width=1280)
    page.set_viewport_size({"width": 375, "height": 812})
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


# A test language written right to left, as a translator returns the source file (CSV).
ARABIC = {
    "title": "استبيان للوالدين",
    "intro": "عزيزي ولي الأمر\n\nشكرًا لك على تخصيص الوقت للإجابة عن الأسئلة حول تجربتك مع المربي المنزلي.\n\nتستغرق الإجابة حوالي 3-5 دقائق. يتم حفظ إجاباتك أثناء الإجابة.\n\nتتناول الأسئلة نمو طفلك/أطفالك ونمو الأسرة ككل.",
    "outro": "شكرًا جزيلًا على إجاباتك!",
    "q1.heading": "أولًا نود أن تجيب عن بعض الأسئلة عنك وعن أسرتك.",
    "q1.text": "هل أنت؟",
    "q1.choice.father": "الأب",
    "q1.choice.mother": "الأم",
    "q1.choice.other": "صلة أخرى، يرجى الوصف",
    "q2.text": "هل تعيش وحدك مع طفلك/أطفالك؟",
    "q3.text": "كم طفلًا في عمر 0-2 سنة (حتى 36 شهرًا) كان لديك عند البدء مع المربي المنزلي؟",
    "q4.heading": "الأسئلة التالية تتعلق فقط بنمو هذا الطفل/هؤلاء الأطفال.",
    "q4.text": "هل كان طفلك في رعاية نهارية (مربية أطفال، حضانة، مؤسسة متكاملة) عندما حصلت الأسرة على مربٍّ منزلي؟",
    "q5.heading": "الأسئلة التالية تتعلق بالتغييرات التي لاحظتها في أسرتك بعد فترتكم مع المربي المنزلي.",
    "q5.text": "إلى أي مدى توافق على أن وجود مربٍّ منزلي ساعد طفلك على النمو بشكل إيجابي؟",
    "q6.text": "إلى أي مدى توافق على أن وجود مربٍّ منزلي قوّى العلاقة بينك وبين طفلك؟",
    "q7.text": "إلى أي مدى توافق على أن وجود مربٍّ منزلي ساعد في تنظيم الحياة اليومية لأسرتك بشكل أفضل؟",
    "q8.text": "إلى أي مدى توافق على أن وجود مربٍّ منزلي حسّن تعاونك مع الرعاية النهارية لطفلك؟",
    "q9.text": "على مقياس من 1 إلى 10، حيث 10 هو الأكثر إيجابية، كيف تقيّم الفترة التي قضيتها أنت وأسرتك مع المربي المنزلي؟",
    "q9.scale_min_label": "الأقل إيجابية",
    "q9.scale_max_label": "الأكثر إيجابية",
    "q10.text": "إذا رغبت في توضيح إجاباتك أو وصف أمور أخرى مهمة بخصوص فترتكم مع المربي المنزلي، يمكنك ذلك هنا:",
}


def arabic_csv(tmp_path):
    import csv

    from surveys.models import Questionnaire
    from surveys.translations import source_texts

    national = Questionnaire.objects.get(key="national", version=1)
    path = tmp_path / "oversaettelse-national-v1-ar.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["key", "source", "translation"])
        for key, text in source_texts(national, national.questions.order_by("position")).items():
            writer.writerow([key, text, ARABIC[key]])
    return path


def test_a_coordinator_adds_arabic_and_a_parent_answers_right_to_left_on_a_phone(page, tmp_path):
    from tests.browser.conftest import log_in

    coordinator, course = closed_course("Ishøj")
    log_in(page, coordinator)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{page.live_server_url}/spoergeskemaer/sprog/")
    page.get_by_label("Spørgeskema", exact=True).select_option(label="Spørgeskema til forældre (v1)")
    page.get_by_label("Oversættelsens sprog").select_option("ar")
    page.get_by_label("Oversat af").fill("Tolkebureauet A/S")
    page.get_by_label("Oversættelsesfil").set_input_files(str(arabic_csv(tmp_path)))
    page.get_by_role("button", name="Tilføj sproget").click()
    expect(page.get_by_text("Oversættelsen er tilføjet.")).to_be_visible()
    expect(page.get_by_role("cell", name="Arabisk (العربية)")).to_be_visible()
    check_page(page, "translations-arabic-added-1280", width=1280)
    page.set_viewport_size({"width": 375, "height": 812})
    check_page(page, "translations-arabic-added-375")

    token = course.invitations.get().token
    page.goto(f"{page.live_server_url}/s/{token}/")
    page.get_by_label("Sprog").select_option("ar")
    page.get_by_role("button", name="Vælg sprog").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.get_by_text("عزيزي ولي الأمر")).to_be_visible()
    check_page(page, "parent-arabic-1-about-you-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    check_page(page, "parent-arabic-1-about-you-1280", width=1280)
    page.set_viewport_size({"width": 375, "height": 812})
    # Mirrored: the radio button is to the right of its label, the text starts at the right.
    radio = page.locator("#id_q1_1").bounding_box()
    label = page.locator("label[for=id_q1_1]").bounding_box()
    assert radio["x"] > label["x"], "the radio button should sit right of its label"
    page.get_by_label("الأم").check()
    page.locator("#id_q2_1").check()
    page.locator("#id_q3_0").check()
    page.get_by_role("button", name="Næste").click()
    page.wait_for_url(f"**/s/{token}/side-2/")
    page.locator("#id_q4_b1_1").check()
    page.get_by_role("button", name="Næste").click()
    page.wait_for_url(f"**/s/{token}/side-3/")
    for field in ("id_q5_b1_0", "id_q6_b1_0", "id_q7_0"):
        page.locator(f"#{field}").check()
    check_page(page, "parent-arabic-3-changes-375")
    page.get_by_role("button", name="Næste").click()
    page.wait_for_url(f"**/s/{token}/side-4/")
    page.locator("#id_q9_9").check()
    check_page(page, "parent-arabic-4-rating-375")
    page.get_by_role("button", name="Send dine svar").click()
    page.wait_for_url(f"**/s/{token}/tak/")
    expect(page.get_by_text("شكرًا جزيلًا على إجاباتك!")).to_be_visible()
    check_page(page, "parent-arabic-5-thanks-375")
    answers = Response.objects.get().answers
    assert answers.get(question__number="1").choice == "mother"
    assert answers.get(question__number="9").number == 10
