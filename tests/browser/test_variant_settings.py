"""Ishøj's manager sets up the municipality's model on “Vores model”: starts from the Ishøj
preset on a 375 px phone, is told the national 40 weeks need a reason, gives it, adds a referral
question; at 1280 px a coordinator reads the version in force without forms."""

import pytest
from playwright.sync_api import expect

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from hjemmepaed.variants.models import ReferralQuestion, Variant
from tests.browser.conftest import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_a_manager_sets_up_the_ishoj_model_and_a_coordinator_reads_it(page):
    municipality = MunicipalityFactory(name="Ishøj", code="183")
    manager = user_for_role(Role.MANAGER, municipality=municipality)
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)

    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, manager)
    page.goto(page.live_server_url + "/indstillinger/model/")
    expect(page.get_by_role("heading", name="Ishøj Kommunes model", level=1)).to_be_visible()
    expect(page.locator("#variant-in-force").get_by_text("den nationale model gælder")).to_be_visible()
    page.get_by_label("Start fra en medfølgende skabelon").select_option("ishoj")
    page.get_by_role("button", name="Udfyld formularen ud fra den").click()
    assert page.get_by_label("Højst antal besøg pr. forløb").input_value() == "10"
    assert page.get_by_label("Tilbuddets lokale navn").input_value() == "Hjemmebaseret indsats"
    expect(page.get_by_text("Bygger på: Ishøj", exact=True)).to_be_visible()

    page.get_by_label("Længste forløb (uger)").fill("52")
    page.get_by_role("button", name="Gem versionen").click()
    expect(page.get_by_text("Ishøj: den nationale model varer højst 40 uger").first).to_be_visible()
    assert not Variant.objects.exists()
    screenshot(page, "variant-settings-widening-refused-375")
    _fits(page)

    page.get_by_label("Begrundelse for at afvige fra den nationale model").fill(
        "Indsatsen udspringer af et igangværende forløb i daginstitutionen og følger dets længde."
    )
    page.get_by_role("button", name="Gem versionen").click()
    expect(page.get_by_text("Den nye version af modellen er gemt.")).to_be_visible()
    in_force = page.locator("#variant-in-force")
    expect(in_force.get_by_text("Hjemmebaseret indsats")).to_be_visible()
    expect(in_force.get_by_text("Afviger fra den nationale model")).to_be_visible()

    page.get_by_label("Spørgsmål", exact=True).fill("Hvad håber forældrene kan blive anderledes?")
    page.get_by_role("button", name="Tilføj spørgsmålet").click()
    expect(page.get_by_text("Spørgsmålet er tilføjet.")).to_be_visible()
    _fits(page)
    assert_accessible(page)
    screenshot(page, "variant-settings-manager-375")

    variant = Variant.objects.get()
    assert (variant.preset, variant.visit_cap, variant.max_weeks, variant.visitation) == ("ishoj", 10, 52, "none")
    assert ReferralQuestion.objects.get().text == "Hvad håber forældrene kan blive anderledes?"

    page.context.clear_cookies()  # a colleague at another desk
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, coordinator)
    page.get_by_role("link", name="Vores model").click()
    expect(page.locator("#variant-in-force").get_by_text("Hjemmebaseret indsats")).to_be_visible()
    expect(page.get_by_text("Kun en leder kan ændre kommunens model.")).to_be_visible()
    assert page.get_by_role("button", name="Gem versionen").count() == 0
    assert_accessible(page)
    screenshot(page, "variant-settings-coordinator-1280")
