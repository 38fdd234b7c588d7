"""The course page's printouts on a phone: the home educator downloads the course summary and the
parents' reflection sheet; both are looked at as PNG pages (test-artifacts/screenshots/)."""

import shutil
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from courses.services import GoalResult, course_close, visit_log
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from tests.browser.conftest import SCREENSHOTS, assert_accessible, log_in, screenshot
from visitation.tests.factories import course_started

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _download(page, link_name: str, stem: str):
    with page.expect_download() as download_info:
        page.get_by_role("link", name=link_name).click()
    download = download_info.value
    pdf = SCREENSHOTS.parent / f"{stem}.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(str(pdf))
    if shutil.which("pdftoppm"):  # the pages as PNG, to look at
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)  # screenshots may be off: the folder may not exist
        for old in SCREENSHOTS.glob(f"{stem}-page-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(SCREENSHOTS / f"{stem}-page")], check=True)
    return download.suggested_filename, " ".join(p.extract_text() for p in PdfReader(str(pdf)).pages)


def test_the_educator_prints_the_summary_and_the_reflection_sheet_at_375(page):
    today = timezone.localdate()
    municipality = MunicipalityFactory(name="Thisted", code="787")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = course_started(coordinator=coordinator, educator=educator, start_date=today - timedelta(days=60))
    visit_log(
        acting_user=educator,
        course=course,
        date=today - timedelta(days=30),
        duration_minutes=60,
        note="Vi lavede et billedskema til aftenen.",
        goals=list(course.goals.all()),
    )
    course_close(
        acting_user=educator,
        course=course,
        end_date=today - timedelta(days=1),
        end_reason="goals_reached",
        goals_reached_answer="agree",
        child_developed_answer="agree",
        reflection_sheet_given=True,
        goal_results=[GoalResult(goal=goal, status="reached", weight_at_end=3) for goal in course.goals.all()],
    )

    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, educator)
    page.goto(f"{page.live_server_url}/forloeb/{course.pk}/")
    page.get_by_text("Udskrifter").wait_for()
    screenshot(page, "course-printouts-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)

    name, text = _download(page, "Forløbsresumé (PDF)", "course-summary")
    assert name == f"forloeb-{course.pk}-resume.pdf"
    assert "Forløbsresumé" in text and "Vi lavede et billedskema til aftenen." in text

    name, text = _download(page, "Refleksionsark, som forældrene beholder (PDF)", "reflection-sheet")
    assert name == f"forloeb-{course.pk}-refleksionsark.pdf"
    assert "Mål 1: Faste rammer ved sengetid" in text and "billedskema" not in text

    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "course-printouts-1280")
