"""A manager in Thisted creates a home educator who is also a coordinator, is told off for a
missing profession, edits her and deactivates a colleague; at 375 px and 1280 px, with axe.
The new educator-coordinator then sees both roles' menus."""

import pytest
from playwright.sync_api import expect

from hjemmepaed.organisation.models import Role, User
from hjemmepaed.organisation.tests.factories import EducatorFactory, MunicipalityFactory, user_for_role
from tests.browser.conftest import assert_accessible, log_in, log_in_through_the_pages, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [375, 1280])
def test_a_manager_administers_the_municipalitys_staff(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    municipality = MunicipalityFactory(name="Thisted", code="787")
    manager = user_for_role(Role.MANAGER, municipality=municipality)
    leaving = EducatorFactory(municipality=municipality, first_name="Karen", last_name="Holt")

    log_in(page, manager)
    page.goto(page.live_server_url + "/medarbejdere/")
    page.get_by_role("link", name="Opret medarbejder").click()
    page.get_by_label("Brugernavn").fill(f"thi-anne-{width}")
    page.get_by_label("Fornavn").fill("Anne")
    page.get_by_label("Efternavn").fill("Kjær")
    page.get_by_label("Hjemmepædagog").check()
    page.get_by_label("Tovholder").check()
    page.get_by_label("Første adgangskode").fill("et-langt-kodeord-42")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Vælg hjemmepædagogens faggruppe.").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"staff-create-error-{width}")

    page.get_by_label("Faggruppe").select_option("pedagogue")
    page.get_by_label("Forankring").select_option("daycare")
    page.get_by_label("Første adgangskode").fill("et-langt-kodeord-42")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Medarbejderen er oprettet.")).to_be_visible()
    expect(page.get_by_text("Hjemmepædagog, Tovholder").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"staff-list-{width}")

    page.get_by_role("link", name="Karen Holt").click()
    assert_accessible(page)
    screenshot(page, f"staff-edit-{width}")
    page.get_by_role("link", name="Deaktivér Karen Holt").click()
    page.get_by_role("button", name="Deaktivér").click()
    expect(page.get_by_text("Karen Holt er deaktiveret og kan ikke længere logge ind.")).to_be_visible()
    assert not User.objects.get(pk=leaving.pk).is_active

    anne = User.objects.get(username=f"thi-anne-{width}")
    assert anne.roles == {Role.HOME_EDUCATOR, Role.COORDINATOR}
    page.context.clear_cookies()
    log_in_through_the_pages(page, anne, password="et-langt-kodeord-42")  # the first password works
    # The menu (a drawer at 375 px) holds both roles' pages.
    for label in ("Overblik", "Mine forløb", "Visitation", "Medarbejdere"):
        assert page.locator("a", has_text=label).count() >= 1, label  # hidden in the closed drawer too
    assert_accessible(page)
    screenshot(page, f"staff-educator-coordinator-home-{width}")
