"""An educator on a phone records a parent's consent on the course page and withdraws it with
one button; the history stays."""

import pytest
from django.utils import timezone

from families.models import Consent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from tests.browser.conftest import assert_accessible, log_in, screenshot
from visitation.services import GuardianData
from visitation.tests.factories import course_started

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_educator_records_and_withdraws_a_consent_on_a_phone(page):
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = course_started(
        coordinator=coordinator,
        educator=educator,
        consents=("involve_professionals",),
        guardians=[
            GuardianData(name="Sara Nielsen", relation="mother"),
            GuardianData(name="Jonas Nielsen", relation="father"),
        ],
    )

    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, educator)
    page.goto(f"{page.live_server_url}/forloeb/{course.pk}/")
    section = page.locator("#samtykker")
    section.scroll_into_view_if_needed()
    assert "Ikke spurgt" in section.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "consents-course-section-375")
    assert_accessible(page)

    page.get_by_role("link", name="Registrér samtykke (deling af oplysninger med dagtilbuddet, Sara Nielsen)").click()
    assert page.get_by_label("Deling af oplysninger med dagtilbuddet").is_checked()
    assert "må udveksle oplysninger med mit barns dagtilbud" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "consents-record-form-375")
    assert_accessible(page)
    page.get_by_role("button", name="Registrér samtykke").click()
    page.wait_for_url(f"**/forloeb/{course.pk}/#samtykker")
    consent = Consent.objects.get(guardian__name="Sara Nielsen", scope="share_with_daycare")
    assert consent.given_on == timezone.localdate()
    assert "Samtykket er registreret." in page.content()
    screenshot(page, "consents-recorded-375")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Træk tilbage (deling af oplysninger med dagtilbuddet, Sara Nielsen)").click()
    page.wait_for_selector("text=er trukket tilbage")
    consent.refresh_from_db()
    assert consent.withdrawn_by == educator
    page.locator("#samtykker summary").first.click()
    assert "trukket tilbage" in page.locator("#samtykker").inner_text()
    screenshot(page, "consents-withdrawn-375")
    assert_accessible(page)
