"""Two coordinators extend the same course at once: the first is saved, the second is told and
keeps what was typed, with the course's current details above the form."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Course
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from tests.browser.conftest import assert_accessible, log_in, screenshot
from visitation.tests.factories import course_started

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_extension(page, end, reason):
    page.locator("#id_new_planned_end").fill(end.isoformat())
    page.locator("#id_reason").fill(reason)
    page.locator("#id_other_service_assessment").fill("Ikke behov for anden indsats.")


def test_the_second_of_two_coordinators_sees_the_conflict_and_nothing_is_lost(page, browser):
    municipality = MunicipalityFactory(name="Thisted", code="787")
    first = user_for_role(Role.COORDINATOR, municipality=municipality, first_name="Lone", last_name="Berg")
    second = user_for_role(Role.COORDINATOR, municipality=municipality, first_name="Karim", last_name="Ali")
    course = course_started(coordinator=first, start_date=timezone.localdate() - timedelta(days=60))
    other_context = browser.new_context(viewport={"width": 1280, "height": 900})
    other = other_context.new_page()
    other.live_server_url = page.live_server_url
    try:
        log_in(page, first)
        log_in(other, second)
        url = f"{page.live_server_url}/forloeb/{course.pk}/forlaeng/"
        page.goto(url)
        other.goto(url)
        first_end = course.planned_end_date + timedelta(days=14)
        second_end = course.planned_end_date + timedelta(days=28)
        fill_extension(page, first_end, "Familien flytter i næste måned.")
        fill_extension(other, second_end, "Behov for fire uger mere til overgangen.")
        page.get_by_role("button", name="Gem").click()
        page.locator(".alert-success").wait_for()

        other.get_by_role("button", name="Gem").click()
        summary = other.locator("[data-module=error-summary]")
        summary.wait_for()
        assert "Forløbet er ændret af en anden, mens du skrev." in summary.inner_text()
        current = other.locator("section", has_text="Forløbets nuværende oplysninger")
        assert first_end.strftime("%d.%m.%Y") in current.inner_text()
        assert other.locator("#id_reason").input_value() == "Behov for fire uger mere til overgangen."
        assert other.locator("#id_new_planned_end").input_value() == f"{second_end:%d.%m.%Y}"
        screenshot(other, "course-edit-conflict")
        assert_accessible(other)
        assert Course.objects.get(pk=course.pk).planned_end_date == first_end

        other.get_by_role("button", name="Gem").click()  # having looked, the second saves on purpose
        other.locator(".alert-success").wait_for()
        assert Course.objects.get(pk=course.pk).planned_end_date == second_end
    finally:
        other_context.close()
