"""On a phone, the close page says which parent gets the questionnaire, the educator records the
missing consent from there and comes back, and the close invites exactly the parents it named."""

from datetime import timedelta

import pytest
from django.utils import timezone

from families.models import ConsentScope
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from surveys.loading import shipped_install
from surveys.models import Invitation
from tests.browser.conftest import assert_accessible, log_in, screenshot
from visitation.services import GuardianData
from visitation.tests.factories import ALL_SCOPES, course_started

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_close_page_offers_the_missing_questionnaire_consent_on_a_phone(page):
    shipped_install()
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = course_started(
        coordinator=coordinator,
        educator=educator,
        start_date=timezone.localdate() - timedelta(days=60),
        consents=tuple(scope for scope in ALL_SCOPES if scope != ConsentScope.CONTACT_FOR_QUESTIONNAIRE),
        guardians=[
            GuardianData(name="Sara Nielsen", relation="mother"),
            GuardianData(name="Jonas Nielsen", relation="father"),
        ],
    )

    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, educator)
    page.goto(f"{page.live_server_url}/forloeb/{course.pk}/afslut/")
    section = page.locator("#spoergeskema")
    assert "Ingen forælder får spørgeskemaet, hvis du afslutter forløbet nu" in section.inner_text()
    assert section.inner_text().count("Ingen invitation") == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "close-questionnaire-none-375")
    assert_accessible(page)

    page.get_by_role("link", name="Registrér samtykket (Jonas Nielsen)").click()
    assert page.get_by_label("Kontakt om forældrespørgeskemaet").is_checked()
    assert "Tilbage til afslutning af forløbet" in page.content()
    page.get_by_role("button", name="Registrér samtykke").click()
    page.wait_for_url(f"**/forloeb/{course.pk}/afslut/#spoergeskema")
    assert "Samtykket er registreret." in page.content()
    section = page.locator("#spoergeskema")
    assert "Når du afslutter forløbet, får disse forældre et personligt link" in section.inner_text()
    assert section.inner_text().count("Får en invitation") == 1
    section.scroll_into_view_if_needed()
    screenshot(page, "close-questionnaire-one-375")
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "close-questionnaire-one-1280")

    page.get_by_label("Mål opnået").check()
    page.locator("#id_goals_reached_answer_1").check()
    page.locator("#id_child_developed_answer_0").check()
    for goal in course.goals.all():
        page.locator(f"#id_goal_{goal.pk}_status").select_option("reached")
        page.locator(f"#id_goal_{goal.pk}_weight").select_option("3")
    page.get_by_role("button", name="Afslut forløbet").click()
    assert "Forløbet er afsluttet." in page.locator(".alert-success").inner_text()
    invited = set(Invitation.objects.filter(course=course).values_list("guardian__name", flat=True))
    assert invited == {"Jonas Nielsen"}
    screenshot(page, "close-questionnaire-closed-course-1280")
