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


# The page's own texts in the same test language: every interface key of the translation file.
ARABIC_UI = {
    "ui.site_title": "استبيان حول فترة الرعاية المنزلية",
    "ui.skip_link": "انتقل إلى محتوى الصفحة",
    "ui.progress": "الصفحة %(page)s من %(page_count)s",
    "ui.language_label": "اللغة",
    "ui.language_choose": "اختر اللغة",
    "ui.draft_kept_days": "تُحفظ إجاباتك على هذا الجهاز لمدة %(days)s أيام، لذا يمكنك إغلاق الصفحة والمتابعة لاحقًا. عند إرسالها تُحذف المسودة.",
    "ui.draft_kept": "تُحفظ إجاباتك، لذا يمكنك إغلاق الصفحة والمتابعة لاحقًا من الرابط نفسه.",
    "ui.saved": "تم حفظ إجاباتك.",
    "ui.next": "التالي",
    "ui.back": "رجوع",
    "ui.send": "أرسل إجاباتك",
    "ui.optional": "اختياري",
    "ui.child": "الطفل %(number)s",
    "ui.yes": "نعم",
    "ui.no": "لا",
    "ui.strongly_agree": "أوافق بشدة",
    "ui.agree": "أوافق",
    "ui.neutral": "لا أوافق ولا أعارض",
    "ui.disagree": "لا أوافق",
    "ui.strongly_disagree": "لا أوافق بشدة",
    "ui.dont_know": "لا أعرف",
    "ui.describe": "صِف",
    "ui.error": "خطأ",
    "ui.error_prefix": "خطأ:",
    "ui.errors_heading": "يرجى تصحيح ما يلي",
    "ui.choose_answer": "اختر إجابة.",
    "ui.choose_answer_for": "اختر إجابة لـ %(child)s.",
    "ui.write_answer": "اكتب إجابة.",
    "ui.too_long": "اكتب %(limit_value)d حرفًا على الأكثر (كتبت %(show_value)d).",
    "ui.write_number": "اكتب رقمًا.",
    "ui.whole_number": "اكتب عددًا صحيحًا.",
    "ui.number_min": "اكتب رقمًا لا يقل عن %(limit_value)s.",
    "ui.number_max": "اكتب رقمًا لا يزيد عن %(limit_value)s.",
    "ui.describe_relation": "صِف صلتك بالطفل.",
    "ui.too_many_attempts": "محاولات كثيرة جدًا. انتظر قليلًا ثم حاول مرة أخرى.",
    "ui.low_rating_heading": "أعطيت الفترة %(value)s على المقياس",
    "ui.low_rating_text": "على المقياس، 10 هو الأكثر إيجابية و1 الأقل إيجابية. إجاباتك الأخرى إيجابية، لذا نسأل للتأكد. إذا قصدت تقييمًا مرتفعًا، اختره مرة أخرى أدناه. إذا كان 1 أو 2 هو ما قصدته، ضع علامة في المربع وأرسل.",
    "ui.low_rating_confirm": "نعم، أقصد %(value)s",
    "ui.not_sent_heading": "لم تُرسل إجاباتك بعد",
    "ui.not_saved_text": "لم نتمكن من حفظ إجاباتك الآن. إجاباتك لم تضع. حاول مرة أخرى بعد قليل.",
    "ui.thanks_title": "شكرًا",
    "ui.thanks_heading": "شكرًا على إجاباتك!",
    "ui.thanks_text": "تم إرسال إجاباتك. يمكنك إغلاق هذه الصفحة.",
    "ui.answered_title": "تمت الإجابة بالفعل",
    "ui.answered_heading": "تمت الإجابة عن الاستبيان بالفعل",
    "ui.answered_text": "شكرًا: لقد استلمنا الإجابات لهذا الرابط. لا يلزمك فعل أي شيء آخر.",
    "ui.letter_title": "استبيان حول فترتكم مع المربي المنزلي",
    "ui.dear_parent": "عزيزي ولي الأمر",
    "ui.letter_intro": "انتهت فترتكم مع المربي المنزلي. نود أن نعرف كيف سارت الأمور معك ومع أسرتك لكي نحسّن الفترات. يستغرق ذلك حوالي 3-5 دقائق، ويمكنك الإجابة من هاتفك.",
    "ui.letter_scan": "امسح رمز QR بكاميرا هاتفك، أو اكتب العنوان في متصفح:",
    "ui.letter_personal": "الرابط شخصي ويمكن استخدامه مرة واحدة حتى %(date)s. تُحسب إجاباتك مع إجابات الآباء الآخرين، ولا يرى المربي المنزلي ما أجبت به.",
    "ui.letter_thanks": "شكرًا على مساعدتك.",
    "ui.letter_regards": "مع أطيب التحيات",
    "ui.email_intro": "انتهت فترتكم مع المربي المنزلي. نود أن نعرف كيف سارت الأمور معك ومع أسرتك. يستغرق ذلك حوالي 3-5 دقائق.",
    "ui.email_personal": "الرابط شخصي ويمكن استخدامه مرة واحدة حتى %(date)s.",
    "ui.reminder_subject": "تذكير: استبيان حول فترتكم مع المربي المنزلي",
    "ui.reminder_intro": "لم نستلم بعد إجاباتك عن الاستبيان حول فترتكم مع المربي المنزلي. تساعدنا إجاباتك على تحسين الفترة للأسر الأخرى. يستغرق ذلك حوالي 3-5 دقائق.",
    "ui.reminder_disregard": "إذا كنت قد أجبت بالفعل، يرجى تجاهل هذا التذكير.",
}

# What a parent reads of a page: its title, its text (hidden parts too) and the attributes a
# screen reader reads or a script shows.
PAGE_TEXT = """() => [
    document.title,
    document.body.textContent,
    ...[...document.querySelectorAll("[aria-label],[data-saved],[alt],[title],[placeholder]")].flatMap(
        (element) => ["aria-label", "data-saved", "alt", "title", "placeholder"].map((name) => element.getAttribute(name) || "")
    ),
].join("\\n")"""


def no_danish_interface(page) -> None:
    from surveys.tests.helpers import danish_chrome_in

    assert danish_chrome_in(page.evaluate(PAGE_TEXT)) == [], page.url


def arabic_csv(tmp_path):
    import csv

    from surveys.models import Questionnaire
    from surveys.translations import file_source_texts

    national = Questionnaire.objects.get(key="national", version=1)
    texts = {**ARABIC, **ARABIC_UI}
    path = tmp_path / "oversaettelse-national-v1-ar.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["key", "source", "translation"])
        for key, text in file_source_texts(national).items():
            writer.writerow([key, text, texts[key]])
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
    page.get_by_role("button", name="Markér som gennemlæst").click()  # a second person has read it
    expect(page.get_by_text("Oversættelsen er markeret som gennemlæst.")).to_be_visible()
    expect(page.get_by_role("button", name="Markér som gennemlæst")).to_have_count(0)
    expect(page.get_by_text("Ikke gennemlæst")).to_have_count(2)  # the shipped English ones
    check_page(page, "translations-arabic-read-through-375")

    token = course.invitations.get().token
    page.goto(f"{page.live_server_url}/s/{token}/")
    page.get_by_label("Sprog").select_option("ar")
    page.get_by_role("button", name="Vælg sprog").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.get_by_text("عزيزي ولي الأمر")).to_be_visible()
    # The page's own texts are Arabic too: the progress, the picker, the draft notice, the button.
    expect(page.get_by_text("الصفحة 1 من 4")).to_be_visible()
    expect(page.get_by_role("button", name="اختر اللغة")).to_be_visible()
    expect(page.locator("#draft-kept")).to_have_text(ARABIC_UI["ui.draft_kept"])
    no_danish_interface(page)
    check_page(page, "parent-arabic-1-about-you-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    check_page(page, "parent-arabic-1-about-you-1280", width=1280)
    page.set_viewport_size({"width": 375, "height": 812})
    # Mirrored: the radio button is to the right of its label, the text starts at the right.
    radio = page.locator("#id_q1_1").bounding_box()
    label = page.locator("label[for=id_q1_1]").bounding_box()
    assert radio["x"] > label["x"], "the radio button should sit right of its label"
    page.get_by_role("button", name="التالي").click()  # nothing answered: the errors are Arabic
    expect(page.get_by_role("heading", name="يرجى تصحيح ما يلي")).to_be_visible()
    expect(page.get_by_text("اختر إجابة.").first).to_be_visible()
    no_danish_interface(page)
    check_page(page, "parent-arabic-1-errors-375")
    page.get_by_label("الأم").check()
    page.locator("#id_q2_1").check()
    page.locator("#id_q3_0").check()
    page.get_by_role("button", name="التالي").click()
    page.wait_for_url(f"**/s/{token}/side-2/")
    expect(page.get_by_text("الصفحة 2 من 4")).to_be_visible()
    expect(page.get_by_role("button", name="رجوع")).to_be_visible()
    no_danish_interface(page)
    page.locator("#id_q4_b1_1").check()
    page.get_by_role("button", name="التالي").click()
    page.wait_for_url(f"**/s/{token}/side-3/")
    expect(page.locator("label[for=id_q5_b1_0]")).to_have_text("أوافق بشدة")
    for field in ("id_q5_b1_0", "id_q6_b1_0", "id_q7_0"):
        page.locator(f"#{field}").check()
    page.locator("[data-autosave-status]", has_text="تم حفظ إجاباتك.").wait_for()
    no_danish_interface(page)
    check_page(page, "parent-arabic-3-changes-375")
    page.get_by_role("button", name="التالي").click()
    page.wait_for_url(f"**/s/{token}/side-4/")
    page.locator("#id_q9_0").check()  # 1 while every other answer is positive: asked to confirm
    page.get_by_role("button", name="أرسل إجاباتك").click()
    expect(page.get_by_role("heading", name="أعطيت الفترة 1 على المقياس")).to_be_visible()
    no_danish_interface(page)
    check_page(page, "parent-arabic-4-confirm-375")
    page.locator("#id_q9_9").check()
    no_danish_interface(page)
    check_page(page, "parent-arabic-4-rating-375")
    page.get_by_role("button", name="أرسل إجاباتك").click()
    page.wait_for_url(f"**/s/{token}/tak/")
    expect(page.get_by_text("شكرًا جزيلًا على إجاباتك!")).to_be_visible()
    expect(page.get_by_text(ARABIC_UI["ui.thanks_text"])).to_be_visible()
    no_danish_interface(page)
    check_page(page, "parent-arabic-5-thanks-375")
    page.goto(f"{page.live_server_url}/s/{token}/")  # the link again: answered, in Arabic
    expect(page.get_by_role("heading", name=ARABIC_UI["ui.answered_heading"])).to_be_visible()
    no_danish_interface(page)
    answers = Response.objects.get().answers
    assert answers.get(question__number="1").choice == "mother"
    assert answers.get(question__number="9").number == 10


def test_the_arabic_test_language_has_every_interface_text():
    from surveys.interface import interface_source

    assert set(ARABIC_UI) == set(interface_source())
