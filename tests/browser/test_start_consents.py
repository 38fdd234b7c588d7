"""The start-up meeting on a phone: two parents with custody each answer the three consents,
a forgotten answer is named in Danish with everything typed kept, and the course page shows
what was given and what was declined. Dates are typed the Danish way."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Course
from families.models import Consent, ConsentDecline
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from surveys.loading import shipped_install
from tests.browser.conftest import assert_accessible, log_in, screenshot
from visitation.services import GuardianData
from visitation.tests.factories import course_decided

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _answer(page, parent: str, scope: str, answer: str):
    page.get_by_role("group", name=parent).get_by_role("group", name=scope).get_by_label(answer).check()


def test_two_parents_answer_the_consents_at_the_start_up_meeting_on_a_phone(page):
    shipped_install()
    today = timezone.localdate()
    municipality = MunicipalityFactory(name="Helsingør", code="217")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Mette", last_name="Hansen")
    course = course_decided(
        coordinator=coordinator,
        educator=educator,
        consents=(),
        birth_date=today - timedelta(days=200),
        guardians=[
            GuardianData(name="Sara Nielsen", relation="mother"),
            GuardianData(name="Jonas Nielsen", relation="father"),
        ],
    )

    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, educator)
    page.goto(f"{page.live_server_url}/forloeb/{course.pk}/opstart/")
    yesterday = today - timedelta(days=1)
    page.get_by_label("Dato for opstartsmødet").fill(f"{yesterday.day}.{yesterday.month}.{yesterday.year}")
    page.get_by_label("Deltagere").fill("Sara og Jonas Nielsen, Mette Hansen (hjemmepædagog)")
    page.locator("#id_goals-0-theme").select_option("home_relations")
    page.locator("#id_goals-0-description").fill("Faste rammer ved sengetid")
    page.locator("#id_goals-0-weight_at_start").select_option("8")
    for scope in (
        "Deling af oplysninger med dagtilbuddet",
        "Inddragelse af andre fagpersoner",
        "Kontakt om forældrespørgeskemaet",
    ):
        _answer(page, "Sara Nielsen", scope, "Ja, giver samtykke")
    _answer(page, "Jonas Nielsen", "Deling af oplysninger med dagtilbuddet", "Ja, giver samtykke")
    _answer(page, "Jonas Nielsen", "Inddragelse af andre fagpersoner", "Nej, giver ikke samtykke")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "start-consents-form-375")
    assert_accessible(page)

    page.get_by_role("button", name="Start forløbet").click()  # Jonas' questionnaire answer is missing
    page.get_by_text("Svar, om Jonas Nielsen giver samtykke til “Kontakt om forældrespørgeskemaet”").first.wait_for()
    assert page.get_by_label("Deltagere").input_value() == "Sara og Jonas Nielsen, Mette Hansen (hjemmepædagog)"
    assert page.get_by_label("Dato for opstartsmødet").input_value() == f"{yesterday:%d.%m.%Y}"  # understood as
    jonas = page.get_by_role("group", name="Jonas Nielsen")
    assert (
        jonas.get_by_role("group", name="Inddragelse af andre fagpersoner")
        .get_by_label("Nej, giver ikke samtykke")
        .is_checked()
    )
    screenshot(page, "start-consents-missing-375")
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "start-consents-missing-1280")
    page.set_viewport_size({"width": 375, "height": 812})

    _answer(page, "Jonas Nielsen", "Kontakt om forældrespørgeskemaet", "Nej, giver ikke samtykke")
    page.get_by_role("button", name="Start forløbet").click()
    page.get_by_text("Forløbet er startet.").wait_for()
    course = Course.objects.get()
    assert course.phase == "started" and course.start_date == yesterday
    assert Consent.objects.count() == 4 and ConsentDecline.objects.count() == 2
    section = page.locator("#samtykker")
    section.scroll_into_view_if_needed()
    assert section.inner_text().count("Ikke givet") == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "start-consents-course-section-375")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{page.live_server_url}/forloeb/{course.pk}/#samtykker")
    page.get_by_text("Ikke givet").first.wait_for()
    screenshot(page, "start-consents-course-section-1280")

    # The close page tells the truth about the questionnaire: Sara is invited, Jonas said no.
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{page.live_server_url}/forloeb/{course.pk}/afslut/")
    section = page.locator("#spoergeskema")
    section.get_by_text("sagde nej til at blive kontaktet om spørgeskemaet").wait_for()
    assert "Får en invitation" in section.inner_text()
    assert "Registrér samtykket, hvis forælderen har skiftet mening" in section.inner_text()
    section.scroll_into_view_if_needed()
    screenshot(page, "start-consents-close-page-375")
    assert_accessible(page)
