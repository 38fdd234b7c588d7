"""Thisted's decision, where the home educators "også er tovholdere" (issue 14): an
educator-coordinator approves a course with herself as the primary educator, on a phone and on a
desktop; the national model refuses the same decision with its Danish message."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hjemmepaed.organisation.tests.factories import MunicipalityFactory, educator_coordinator
from hjemmepaed.variants.models import Preset
from hjemmepaed.variants.tests.factories import variant_from_preset
from tests.browser.conftest import assert_accessible, log_in, screenshot
from visitation.models import IntakeDecision
from visitation.tests.factories import referral_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _decide_own(page, course, person):
    page.goto(f"{page.live_server_url}/visitation/{course.pk}/beslut/")
    page.get_by_label("Visitér og tildel hjemmepædagog").check()
    page.get_by_label("Primær hjemmepædagog").select_option(str(person.pk))
    page.get_by_role("button", name="Gem beslutning").click()


@pytest.mark.parametrize(("width", "height"), [(375, 800), (1280, 900)])
def test_thisted_an_educator_coordinator_approves_her_own_course(page, width, height):
    thisted = MunicipalityFactory(name="Thisted", code="787")
    variant_from_preset(municipality=thisted, preset=Preset.THISTED)
    person = educator_coordinator(thisted, first_name="Mette", last_name="Thy")
    course = referral_register(coordinator=person, received_on=timezone.localdate() - timedelta(days=3))

    page.set_viewport_size({"width": width, "height": height})
    log_in(page, person)
    page.goto(f"{page.live_server_url}/visitation/{course.pk}/beslut/")
    assert page.get_by_label("Primær hjemmepædagog").locator("option", has_text="Mette Thy").count() == 1
    screenshot(page, f"decide-thisted-own-{width}")
    assert_accessible(page)
    _decide_own(page, course, person)
    assert "Beslutningen er gemt." in page.locator(".alert-success").inner_text()
    decision = IntakeDecision.objects.get(course=course)
    assert decision.approved_by_own_coordinator and decision.by == person
    assert_accessible(page)


def test_the_national_model_refuses_the_same_decision_with_its_message(page):
    national = MunicipalityFactory(name="Skive", code="779")
    person = educator_coordinator(national, first_name="Mette", last_name="Thy")
    course = referral_register(coordinator=person, received_on=timezone.localdate() - timedelta(days=3))

    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, person)
    _decide_own(page, course, person)
    summary = page.locator("[data-module=error-summary]").inner_text()
    assert "Skive: en tovholder godkender ikke et forløb, hvor tovholderen selv er primær hjemmepædagog." in summary
    screenshot(page, "decide-own-refused-375")
    assert_accessible(page)
    assert not IntakeDecision.objects.filter(course=course).exists()
