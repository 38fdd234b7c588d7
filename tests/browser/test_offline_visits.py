"""A home educator logs visits on a 375 px phone without a connection (issue 18): the service
worker keeps her running courses' visit forms, the visits wait in IndexedDB and are sent once
when the connection is back; a course closed meanwhile is shown with what she typed; logging
out empties the phone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.models import Visit
from courses.services import GoalResult, course_close
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from tests.browser.conftest import assert_accessible, log_in, screenshot
from visitation.tests.factories import course_started

pytestmark = [pytest.mark.browser, pytest.mark.service_worker, pytest.mark.django_db(transaction=True)]

KEPT = """async () => {
  const names = await caches.keys();
  const pages = names.includes("hjemmepaed-pages") ? await (await caches.open("hjemmepaed-pages")).keys() : [];
  return {names, pages: pages.map((request) => new URL(request.url).pathname)};
}"""
DATABASES = "async () => (await indexedDB.databases()).map((db) => db.name)"


def _educator_with_course():
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Louise")
    course = course_started(
        coordinator=coordinator, educator=educator, start_date=timezone.localdate() - timedelta(days=20)
    )
    return educator, course


def _online_on_my_courses(page, educator, course):
    """Logged in on Mine forløb, the worker in control and the course's visit form kept."""
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, educator)
    page.wait_for_url("**/forloeb/mine/")
    page.wait_for_selector("body[data-offline-ready]")
    if not page.context.service_workers:  # Playwright hears of the worker a moment later
        page.context.wait_for_event("serviceworker")
    assert any(worker.url.endswith("/sw.js") for worker in page.context.service_workers)
    kept = page.evaluate(KEPT)
    assert f"/forloeb/{course.pk}/besoeg/ny/" in kept["pages"], kept
    assert any(name.startswith("hjemmepaed-shell-") for name in kept["names"]), kept


def _close(course, educator):
    course_close(
        acting_user=educator,
        course=course,
        end_date=timezone.localdate() - timedelta(days=1),
        end_reason="goals_reached",
        goals_reached_answer="agree",
        child_developed_answer="agree",
        goal_results=[GoalResult(goal=goal, status="reached", weight_at_end=3) for goal in course.goals.all()],
    )


def _log_offline(page, *, duration: str, note: str) -> None:
    page.get_by_label("Varighed (timer:minutter)").select_option(duration)
    page.get_by_label("Note").fill(note)
    page.get_by_role("button", name="Gem besøg").click()
    expect(
        page.get_by_text("Besøget er gemt på telefonen og bliver sendt, når der er forbindelse igen.")
    ).to_be_visible()


def test_two_visits_logged_offline_are_stored_once_each(page):
    educator, course = _educator_with_course()
    _online_on_my_courses(page, educator, course)
    form_url = page.live_server_url + f"/forloeb/{course.pk}/besoeg/ny/"

    page.context.set_offline(True)
    page.goto(form_url)  # from the worker's cache
    _log_offline(page, duration="60", note="Vi øvede godnatrutinen.")
    _log_offline(page, duration="90", note="Alma sov til middag.")
    expect(page.get_by_text("2 besøg venter på at blive sendt.")).to_be_visible()
    screenshot(page, "offline-visit-queued-375")
    assert_accessible(page)

    page.reload()
    expect(page.get_by_text("2 besøg venter på at blive sendt.")).to_be_visible()
    page.goto(page.live_server_url + "/forloeb/mine/")  # not kept: the offline page stands in
    expect(page.get_by_role("heading", name="Besøg uden forbindelse")).to_be_visible()
    expect(page.get_by_role("link", name="Registrér besøg")).to_be_visible()
    screenshot(page, "offline-courses-375")
    assert_accessible(page)
    assert Visit.objects.filter(course=course).count() == 0

    page.context.set_offline(False)
    expect(page.get_by_text("Besøgene, der var gemt på telefonen, er sendt.")).to_be_visible()
    expect(page.get_by_text("besøg venter på at blive sendt")).to_have_count(0)
    notes = sorted(Visit.objects.filter(course=course).values_list("note", flat=True))
    assert notes == ["Alma sov til middag.", "Vi øvede godnatrutinen."]

    page.reload()
    assert Visit.objects.filter(course=course).count() == 2


def test_a_course_closed_meanwhile_keeps_the_typed_text(page):
    educator, course = _educator_with_course()
    _online_on_my_courses(page, educator, course)
    page.context.set_offline(True)
    page.goto(page.live_server_url + f"/forloeb/{course.pk}/besoeg/ny/")
    _log_offline(page, duration="60", note="Far var med i dag og læste højt.")

    _close(course, educator)
    page.context.set_offline(False)
    conflict = page.locator(".alert-warning", has_text="blev ikke gemt")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Forløbet er afsluttet")
    expect(conflict).to_contain_text("Far var med i dag og læste højt.")
    assert Visit.objects.filter(course=course).count() == 0
    screenshot(page, "offline-visit-conflict-375")
    assert_accessible(page)

    conflict.get_by_role("link", name="Ret besøget").click()
    expect(page.get_by_label("Note")).to_have_value("Far var med i dag og læste højt.")
    page.goto(page.live_server_url + "/forloeb/uden-forbindelse/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".alert-warning").get_by_role("button", name="Kassér besøget").click()
    expect(page.locator(".alert-warning", has_text="blev ikke gemt")).to_have_count(0)


def test_logout_warns_and_empties_the_phone(page):
    educator, course = _educator_with_course()
    _online_on_my_courses(page, educator, course)
    page.context.set_offline(True)
    page.goto(page.live_server_url + f"/forloeb/{course.pk}/besoeg/ny/")
    _log_offline(page, duration="60", note="Dette besøg når ikke frem.")
    _close(course, educator)  # the visit stays on the phone, refused
    page.context.set_offline(False)
    expect(page.locator(".alert-warning", has_text="blev ikke gemt")).to_be_visible()
    assert page.evaluate(DATABASES) == ["hjemmepaed-offline"]

    messages = []

    def answer(accept):
        def handle(dialog):
            messages.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        return handle

    page.get_by_role("button", name="Menu").click()
    logout = page.locator("button.log-off:visible")
    page.once("dialog", answer(False))
    logout.click()
    expect(page.locator(".alert-warning", has_text="blev ikke gemt")).to_be_visible()  # she stayed
    assert messages == [
        "Besøg, der ikke er sendt endnu: 1. Logger du ud, slettes de fra telefonen. Vil du logge ud alligevel?"
    ]

    page.once("dialog", answer(True))
    logout.click()
    page.wait_for_url("**/log-ind/")
    assert page.evaluate(DATABASES) == []
    assert page.evaluate(KEPT) == {"names": [], "pages": []}
    assert page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0


def test_an_expired_session_empties_the_phone_and_says_so(page, settings):
    educator, course = _educator_with_course()
    _online_on_my_courses(page, educator, course)
    page.context.set_offline(True)
    page.goto(page.live_server_url + f"/forloeb/{course.pk}/besoeg/ny/")
    _log_offline(page, duration="60", note="Sendes aldrig.")
    settings.SESSION_IDLE_TIMEOUT = timedelta(seconds=0)
    page.context.set_offline(False)
    expect(page.get_by_text("Du er blevet logget ud. Log ind igen for at sende besøgene.")).to_be_visible()
    page.goto(page.live_server_url + "/forloeb/mine/")
    page.wait_for_url("**/log-ind/**")
    expect(page.get_by_text("Besøg, der ikke var sendt (1), er slettet fra telefonen")).to_be_visible()
    assert page.evaluate(DATABASES) == []
    assert page.evaluate(KEPT) == {"names": [], "pages": []}
    assert Visit.objects.filter(course=course).count() == 0


def test_a_date_before_the_course_is_refused_with_the_typed_text(page):
    educator, course = _educator_with_course()
    _online_on_my_courses(page, educator, course)
    page.context.set_offline(True)
    page.goto(page.live_server_url + f"/forloeb/{course.pk}/besoeg/ny/")
    before = course.start_date - timedelta(days=3)
    page.get_by_label("Dato").fill(before.strftime("%d.%m.%Y"))
    _log_offline(page, duration="60", note="Første snak i telefonen.")
    page.context.set_offline(False)
    conflict = page.locator(".alert-warning", has_text="blev ikke gemt")
    expect(conflict).to_contain_text("forløbet startede den")
    expect(conflict).to_contain_text("Første snak i telefonen.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "offline-visit-conflict-1280")
    assert_accessible(page)
    assert Visit.objects.filter(course=course).count() == 0


def test_switched_off_the_worker_and_its_caches_go(page):
    educator, course = _educator_with_course()
    _online_on_my_courses(page, educator, course)

    # The manager switches it off on the model's settings page, in a browser of her own.
    context = page.context.browser.new_context(viewport={"width": 375, "height": 812})
    manager_page = context.new_page()
    manager_page.live_server_url = page.live_server_url
    log_in(manager_page, user_for_role(Role.MANAGER, municipality=educator.municipality))
    manager_page.goto(page.live_server_url + "/indstillinger/model/#offline-use")
    switch = manager_page.get_by_label("Hjemmepædagoger kan registrere besøg uden forbindelse")
    expect(switch).to_be_checked()
    screenshot(manager_page, "offline-use-setting-375")
    assert_accessible(manager_page)
    switch.uncheck()
    manager_page.get_by_role("button", name="Gem indstillingen").click()
    expect(manager_page.get_by_text("Indstillingen for besøg uden forbindelse er gemt.")).to_be_visible()
    manager_page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(manager_page, "offline-use-setting-1280")
    context.close()

    page.reload()
    page.wait_for_function("async () => (await navigator.serviceWorker.getRegistrations()).length === 0")
    page.wait_for_function("async () => (await caches.keys()).length === 0")
    assert page.locator("link[rel=manifest]").count() == 0
    page.goto(page.live_server_url + "/forloeb/uden-forbindelse/")
    expect(page.get_by_role("heading", name="Siden findes ikke")).to_be_visible()


def test_a_post_that_does_not_get_through_is_kept_and_sent_once(page):
    """The phone believes it is online (a connection that does not carry): the form is posted,
    the post fails, and the worker keeps the visit instead of showing an error page."""
    educator, course = _educator_with_course()
    _online_on_my_courses(page, educator, course)
    page.context.add_init_script("Object.defineProperty(navigator, 'onLine', {get: () => true});")
    page.context.set_offline(True)
    page.goto(page.live_server_url + f"/forloeb/{course.pk}/besoeg/ny/")
    _log_offline(page, duration="60", note="Sendt i opgangen uden dækning.")
    expect(page.get_by_text("1 besøg venter på at blive sendt.")).to_be_visible()

    page.context.set_offline(False)
    expect(page.get_by_text("Besøgene, der var gemt på telefonen, er sendt.")).to_be_visible()
    assert list(Visit.objects.filter(course=course).values_list("note", flat=True)) == [
        "Sendt i opgangen uden dækning."
    ]


def test_a_visit_stored_whose_answer_was_lost_is_stored_once(page):
    """The server stored the visit, but its answer never reached the phone: the worker keeps
    the visit with the form's key, and sending it again stores nothing more."""
    educator, course = _educator_with_course()
    _online_on_my_courses(page, educator, course)
    lost = []

    def lose_the_first_answer(route):
        if route.request.method == "POST" and not lost:
            lost.append(route.fetch(max_redirects=0).status)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.context.route("**/besoeg/ny/", lose_the_first_answer)
    page.goto(page.live_server_url + f"/forloeb/{course.pk}/besoeg/ny/")
    page.get_by_label("Varighed (timer:minutter)").select_option("60")
    page.get_by_label("Note").fill("Svaret gik tabt.")
    page.get_by_role("button", name="Gem besøg").click()
    expect(page.get_by_text("Besøgene, der var gemt på telefonen, er sendt.")).to_be_visible()
    assert lost == [302]
    assert list(Visit.objects.filter(course=course).values_list("note", flat=True)) == ["Svaret gik tabt."]


def test_a_consent_withdrawn_meanwhile_is_shown_with_the_typed_text(page):
    """She logs a visit in the daycare offline; the parent withdraws the consent to share with the
    daycare before the phone is back online: the visit is refused with the consent named, and
    what she typed is kept to fix (another kind of visit) or discard."""
    from families.models import Consent, ConsentScope
    from families.services import consent_withdraw

    educator, course = _educator_with_course()
    _online_on_my_courses(page, educator, course)
    page.context.set_offline(True)
    page.goto(page.live_server_url + f"/forloeb/{course.pk}/besoeg/ny/")
    page.get_by_label("Type").select_option(label="I dagtilbud")
    _log_offline(page, duration="60", note="Overgangen til vuggestuen, sammen med pædagogen.")
    for consent in Consent.objects.filter(guardian__family=course.family, scope=ConsentScope.SHARE_WITH_DAYCARE):
        consent_withdraw(acting_user=educator, course=course, consent=consent)
    page.context.set_offline(False)
    conflict = page.locator(".alert-warning", has_text="blev ikke gemt")
    expect(conflict).to_contain_text("kræver samtykket")
    expect(conflict).to_contain_text("Overgangen til vuggestuen, sammen med pædagogen.")
    screenshot(page, "offline-visit-consent-withdrawn-375")
    assert_accessible(page)
    assert Visit.objects.filter(course=course).count() == 0
    conflict.get_by_role("link", name="Ret besøget").click()
    expect(page.get_by_label("Note")).to_have_value("Overgangen til vuggestuen, sammen med pædagogen.")
