"""The whole course in real Chromium: referral → approval → start with two goals → three
visits (one on a 375 px phone) → closure, as coordinator and educator, a screenshot per step."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Course
from families.services import consent_texts_install
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import DaycareFactory, MunicipalityFactory, user_for_role
from tests.browser.conftest import assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, user):
    page.context.clear_cookies()
    log_in(page, user)


def _step(page, name):
    screenshot(page, f"walk-{name}")
    assert_accessible(page)


def test_referral_to_closure(page):
    consent_texts_install()  # the migration's texts; an earlier transactional test's flush removed them
    today = timezone.localdate()
    municipality = MunicipalityFactory(name="København", code="101")
    DaycareFactory(municipality=municipality, name="Vuggestuen Mælkebøtten")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality, first_name="Lars", last_name="Nielsen")
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Mette", last_name="Hansen")

    # Coordinator registers the referral.
    _log_in(page, coordinator)
    page.get_by_role("link", name="Visitation").first.click()
    page.get_by_role("link", name="Ny henvendelse").click()
    page.locator("#id_guardians-0-name").fill("Sara Nielsen")
    page.locator("#id_guardians-0-relation_0").check()  # Mor: chosen, never preselected
    page.locator("#id_guardians-0-has_custody_0").check()  # Ja
    page.locator("#id_guardians-0-phone").fill("20304050")
    page.locator("#id_children-0-name").fill("Alma Nielsen")
    page.locator("#id_children-0-birth_date").fill((today - timedelta(days=240)).isoformat())
    page.get_by_label("Hvem rekrutterede familien").select_option("health_visiting")
    page.get_by_label("Bekymringen").fill("Mor oplever forældrerollen som svær, og Alma er svær at trøste.")
    page.get_by_label("der oplever ubalance mellem glæde og bekymringer").check()
    page.get_by_label("er svært at trøste").check()
    page.get_by_role("radio", name="Lav", exact=True).check()
    page.get_by_label("Forældrenes samtykke givet den").fill(today.isoformat())
    page.get_by_label("Samtykke givet af").fill("Sara Nielsen")
    _step(page, "1-referral-form")
    page.get_by_role("button", name="Registrér henvendelse").click()
    assert "Henvendelsen er registreret." in page.locator(".alert-success").inner_text()
    course = Course.objects.get()

    # Coordinator approves and assigns the educator.
    page.goto(page.live_server_url + "/visitation/")
    page.get_by_role("link", name="Sara Nielsen").click()
    page.get_by_label("Visitér og tildel hjemmepædagog").check()
    page.get_by_label("Primær hjemmepædagog").select_option(str(educator.pk))
    _step(page, "2-decide")
    page.get_by_role("button", name="Gem beslutning").click()
    assert "Beslutningen er gemt." in page.locator(".alert-success").inner_text()

    # Educator records the start-up meeting with two goals.
    _log_in(page, educator)
    page.get_by_role("link", name="Sara Nielsen").click()
    page.get_by_role("link", name="Registrér opstartsmøde").click()
    page.get_by_label("Deltagere").fill("Sara Nielsen (mor), Mette Hansen (hjemmepædagog)")
    page.locator("#id_goals-0-theme").select_option("home_relations")
    page.locator("#id_goals-0-description").fill("Faste rammer ved sengetid")
    page.locator("#id_goals-0-weight_at_start").select_option("8")
    page.locator("#id_goals-1-theme").select_option("child_development")
    page.locator("#id_goals-1-description").fill("Alma falder lettere til ro")
    page.locator("#id_goals-1-weight_at_start").select_option("7")
    for given in page.locator("input[name^='consents-'][value^='given:']").all():  # Sara says yes to all three
        given.check()
    _step(page, "3-start-form")
    page.get_by_role("button", name="Start forløbet").click()
    assert "Forløbet er startet." in page.locator(".alert-success").inner_text()

    # Three visits; the last one on a phone.
    for number, (width, minutes) in enumerate([(1280, "60"), (1280, "90"), (375, "75")], start=1):
        page.set_viewport_size({"width": width, "height": 900})
        page.get_by_role("link", name="Registrér besøg").click()
        page.get_by_label("Varighed (timer:minutter)").select_option(minutes)
        page.get_by_label("Note").fill(f"Besøg {number}: vi øvede godnatrutinen.")
        if number == 3:
            _step(page, "4-visit-375")
        page.get_by_role("button", name="Gem besøg").click()
        assert "Besøget er gemt." in page.locator(".alert-success").inner_text()
    assert course.visits.filter(status="held").count() == 3
    _step(page, "5-course-after-visits-375")

    # Closure.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Afslut forløbet").click()
    page.get_by_label("Mål opnået").check()
    page.locator("#id_goals_reached_answer_1").check()  # Enig
    page.locator("#id_child_developed_answer_0").check()  # Meget enig
    for goal in course.goals.all():
        page.locator(f"#id_goal_{goal.pk}_status").select_option("reached")
        page.locator(f"#id_goal_{goal.pk}_weight").select_option("3")
    _step(page, "6-close-form")
    page.get_by_role("button", name="Afslut forløbet").click()
    assert "Forløbet er afsluttet." in page.locator(".alert-success").inner_text()
    _step(page, "7-closed-course")
    course.refresh_from_db()
    assert (course.phase, course.end_reason, course.closure.goals_reached_answer) == (
        "closed",
        "goals_reached",
        "agree",
    )
