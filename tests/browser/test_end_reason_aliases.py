"""A coordinator keeps her municipality's own words for end reasons: adds them, corrects them
(a duplicate is refused in Danish), and deletes them; and follows a big sheet's check by its rows."""

from unittest import mock

import pytest
from playwright.sync_api import expect

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from sheets.models import EndReasonAlias
from sheets.tests.factories import course_csv
from tests.browser.conftest import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = {"width": 375, "height": 800}, {"width": 1280, "height": 900}


def both_widths(page, name: str) -> None:
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        screenshot(page, f"{name}-{label}")
        assert_accessible(page)


def test_coordinator_adds_corrects_and_deletes_her_words(page):
    municipality = MunicipalityFactory(name="Thisted", code="787")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    log_in(page, coordinator)
    page.goto(page.live_server_url + "/registreringsark/afslutningsaarsager/")

    page.get_by_label("Ordene i arket").fill("Fraflyttet kommunen")
    page.get_by_label("Den afslutningsårsag, de betyder").select_option(label="Flyttet")
    page.get_by_role("button", name="Tilføj ordene").click()
    page.get_by_label("Ordene i arket").fill("Ingen tid")
    page.get_by_label("Den afslutningsårsag, de betyder").select_option(label="Manglende tid eller ressourcer")
    page.get_by_role("button", name="Tilføj ordene").click()
    rows = page.locator("table").first.locator("tbody tr")
    expect(rows).to_have_count(2)
    both_widths(page, "end-reason-aliases")

    page.get_by_role("link", name="Ret “fraflyttet kommunen”").click()
    page.wait_for_url(lambda url: url.endswith("/ret/"))
    page.get_by_label("Ordene i arket").fill("ingen  TID")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("#id_text-error")).to_contain_text(
        "Jeres kommune læser allerede disse ord som en afslutningsårsag."
    )
    both_widths(page, "end-reason-alias-duplicate")
    page.get_by_label("Ordene i arket").fill("Flyttet fra kommunen")
    page.get_by_role("button", name="Gem").click()
    page.wait_for_url(lambda url: url.endswith("/afslutningsaarsager/"))
    expect(page.get_by_text("Ordene er gemt.")).to_be_visible()
    expect(page.get_by_role("cell", name="flyttet fra kommunen", exact=True)).to_be_visible()

    page.get_by_role("link", name="Slet “ingen tid”").click()
    page.wait_for_url(lambda url: url.endswith("/slet/"))
    both_widths(page, "end-reason-alias-delete")
    page.get_by_role("button", name="Slet").click()
    page.wait_for_url(lambda url: url.endswith("/afslutningsaarsager/"))
    expect(page.get_by_text("Ordene er slettet.")).to_be_visible()
    expect(rows).to_have_count(1)
    assert list(EndReasonAlias.objects.values_list("text", "end_reason")) == [("flyttet fra kommunen", "moved")]


def test_the_review_page_follows_the_rows_checked(page):
    from sheets.services import sheet_upload_create, uploads

    municipality = MunicipalityFactory(name="Thisted", code="787")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    with mock.patch("sheets.services.uploads._enqueue"):  # the task is the test: it reports as it goes
        upload = sheet_upload_create(acting_user=coordinator, kind="courses", content=course_csv([{"Kommune": "787"}]))
    record = uploads._progress(upload.pk)
    record(12_000, 50_000)
    log_in(page, coordinator)

    page.goto(page.live_server_url + f"/registreringsark/fil/{upload.pk}/")

    progress = page.locator('[data-part="progress"]')
    expect(progress).to_have_text("12.000 af 50.000 rækker kontrolleret")
    both_widths(page, "sheet-check-progress")
    record(24_000, 50_000)
    expect(progress).to_have_text("24.000 af 50.000 rækker kontrolleret")  # the page asked again by itself
