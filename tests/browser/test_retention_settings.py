"""A manager opens “Opbevaring og sletning” from the overview, is told off for 25 years, sets 7
and records the archive decision; a coordinator then reads it without forms."""

import pytest
from playwright.sync_api import expect

from hjemmepaed.organisation.models import ArchiveDecision, Municipality, Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from tests.browser.conftest import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_sets_the_years_and_records_the_archive_decision(page):
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    manager = user_for_role(Role.MANAGER, municipality=municipality)
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)

    log_in(page, manager)
    page.get_by_role("link", name="Opbevaring og sletning").click()
    expect(page.get_by_role("heading", name="Opbevaring og sletning", level=1)).to_be_visible()
    expect(page.get_by_text("Ingen arkivbestemmelse registreret")).to_be_visible()

    years = page.get_by_label("År personoplysninger opbevares, efter et forløb er slut")
    years.fill("25")
    page.get_by_role("button", name="Gem opbevaringsperioden").click()
    assert page.get_by_text(
        "Personoplysninger skal opbevares fra 1 til 20 år, efter et forløb er slut."
    ).first.is_visible()
    assert years.input_value() == "25"
    screenshot(page, "retention-years-error")

    years.fill("7")
    page.get_by_role("button", name="Gem opbevaringsperioden").click()
    expect(page.get_by_text("Opbevaringsperioden er gemt.")).to_be_visible()
    expect(page.locator("#retention-summary").get_by_text("7 år")).to_be_visible()

    page.get_by_label("Besluttet den").fill("2025-02-03")
    page.get_by_label("Sags- eller journalnummer").fill("00.01.10-P20-1-25")
    page.get_by_label("Note").fill("Kassation 7 år efter afslutning, jf. bevaringsbestemmelsen.")
    page.get_by_role("button", name="Registrér arkivbestemmelsen").click()
    expect(page.get_by_text("Arkivbestemmelsen er registreret.")).to_be_visible()
    expect(page.locator("#archive-decision").get_by_text("00.01.10-P20-1-25")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "retention-settings-manager")

    assert Municipality.objects.get(pk=municipality.pk).retention_years == 7
    assert ArchiveDecision.objects.get().reference == "00.01.10-P20-1-25"

    page.context.clear_cookies()  # a colleague at another desk
    log_in(page, coordinator)
    page.goto(page.live_server_url + "/opbevaring/")
    expect(page.locator("#archive-decision").get_by_text("00.01.10-P20-1-25")).to_be_visible()
    expect(
        page.get_by_text("Kun en leder kan ændre opbevaringsperioden og registrere arkivbestemmelsen.")
    ).to_be_visible()
    assert page.get_by_role("button", name="Gem opbevaringsperioden").count() == 0
    assert_accessible(page)
    screenshot(page, "retention-settings-coordinator")
