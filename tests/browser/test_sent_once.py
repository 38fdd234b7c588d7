"""A visit form sent again (the back button after saving, or a resend after the answer was lost)
stores one visit and says it was already saved (hjemmepaed.formkeys; the back button's key is
kept by `static/js/submit-once.js`)."""

import pytest

from courses.models import Visit
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from tests.browser.conftest import log_in, screenshot
from visitation.tests.factories import course_started

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def visit_form(page):
    # The browser's own resend, without the offline service worker, which keeps a post that
    # does not get through instead (tests/browser/test_offline_visits.py).
    municipality = MunicipalityFactory(name="Svendborg", code="479", offline_use=False)
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = course_started(coordinator=coordinator, educator=educator)
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, educator)
    page.goto(page.live_server_url + f"/forloeb/{course.pk}/besoeg/ny/")
    page.get_by_label("Varighed (timer:minutter)").select_option("60")
    page.get_by_label("Note").fill("Vi øvede godnatrutinen sammen.")
    return course


def test_the_answer_lost_and_the_form_sent_again_stores_one_visit(page, visit_form):
    """The server stored the visit, but its answer never reached the phone (the connection
    dropped); the browser's error page is reloaded, which sends the same form again."""
    lost = []

    def lose_the_first_answer(route):
        if route.request.method == "POST" and not lost:
            lost.append(route.fetch(max_redirects=0).status)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/besoeg/ny/", lose_the_first_answer)
    page.get_by_role("button", name="Gem besøg").click()
    page.wait_for_url("chrome-error://**")
    assert lost == [302] and Visit.objects.count() == 1  # stored, but the phone never heard

    page.reload()  # sends the same form again, with the same form key
    page.wait_for_url(f"**/forloeb/{visit_form.pk}/")
    page.locator(".alert-success", has_text="Besøget var allerede gemt.").wait_for()
    assert Visit.objects.filter(course=visit_form).count() == 1
    screenshot(page, "visit-sent-again-375")


def test_back_after_saving_and_saving_again_stores_one_visit(page, visit_form):
    page.get_by_role("button", name="Gem besøg").click()
    page.wait_for_url(f"**/forloeb/{visit_form.pk}/")
    page.go_back()
    page.wait_for_url("**/besoeg/ny/")
    assert page.get_by_label("Note").input_value() == "Vi øvede godnatrutinen sammen."  # as typed
    page.get_by_role("button", name="Gem besøg").click()  # "did it save?"
    page.wait_for_url(f"**/forloeb/{visit_form.pk}/")
    assert page.locator(".alert-success").inner_text().strip() == "Besøget var allerede gemt."
    assert Visit.objects.filter(course=visit_form).count() == 1


def test_a_new_form_opened_after_saving_is_a_new_visit(page, visit_form):
    page.get_by_role("button", name="Gem besøg").click()
    page.wait_for_url(f"**/forloeb/{visit_form.pk}/")
    page.get_by_role("link", name="Registrér besøg").click()
    page.get_by_label("Varighed (timer:minutter)").select_option("45")
    page.get_by_role("button", name="Gem besøg").click()
    page.locator(".alert-success", has_text="Besøget er gemt.").wait_for()
    assert Visit.objects.filter(course=visit_form).count() == 2


def test_back_after_saving_then_changing_the_form_is_a_new_visit(page, visit_form):
    """The form brought back and changed is no longer the one sent: it is saved as a new visit."""
    page.get_by_role("button", name="Gem besøg").click()
    page.wait_for_url(f"**/forloeb/{visit_form.pk}/")
    page.go_back()
    page.wait_for_url("**/besoeg/ny/")
    page.get_by_label("Note").fill("Et andet besøg: vi læste en bog.")
    page.get_by_role("button", name="Gem besøg").click()
    page.locator(".alert-success", has_text="Besøget er gemt.").wait_for()
    assert sorted(Visit.objects.filter(course=visit_form).values_list("note", flat=True)) == [
        "Et andet besøg: vi læste en bog.",
        "Vi øvede godnatrutinen sammen.",
    ]
    stored = page.evaluate("JSON.stringify(Object.values(sessionStorage))")
    assert "godnatrutinen" not in stored and "bog" not in stored  # the key and a hash, not the text
