"""A manager orders the year's report, watches it being made and downloads the PDF."""

import shutil
import subprocess
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import expect
from pypdf import PdfReader

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from reporting import services
from reporting.tests.factories import closed_course, national_response
from tests.browser.conftest import SCREENSHOTS, assert_accessible, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_later(monkeypatch):
    """A stand-in for the Celery worker: builds the report a moment after the order, in another
    thread, so the page has something to follow (the real worker is tested in test_worker.py)."""

    def enqueue(report_id):
        def work():
            time.sleep(1.5)
            try:
                services.report_build(report_id=report_id)
            finally:
                connection.close()

        threading.Thread(target=work, daemon=True).start()

    monkeypatch.setattr(services, "_enqueue", enqueue)


def test_manager_orders_follows_and_downloads_the_report(page, worker_later, shipped_questionnaires):
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    manager = user_for_role(Role.MANAGER, municipality=municipality)
    for day in range(1, 7):
        course = closed_course(
            coordinator=coordinator,
            visitation=date(2025, 3, day),
            start=date(2025, 3, 10),
            end=date(2025, 6, day),
            visit_minutes=[60, 90][: 1 + day % 2],
            recruited_by="daycare" if day % 2 else "health_visiting",
        )
        national_response(
            municipality=municipality,
            course=course,
            submitted_on=date(2025, 6, 20),
            answers={
                "1": "mother",
                "2": "no",
                "9": 7 + day % 4,
                "7": "agree",
                ("4", 1): "yes",
                ("5", 1): "strongly_agree",
                ("6", 1): "agree",
                ("8", 1): "agree",
            },
        )

    log_in(page, manager)
    page.get_by_role("link", name="Rapporter").first.click()
    page.get_by_label("År, forløbene blev afsluttet").fill("2025")
    screenshot(page, "report-order")
    assert_accessible(page)
    page.get_by_role("button", name="Bestil rapporten").click()

    # the page follows the report without a reload, from the queue to ready
    status = page.locator("[data-part=running]")
    expect(status).to_be_visible()
    screenshot(page, "report-progress")
    page.get_by_text("Rapporten er klar").wait_for(timeout=60_000)
    expect(status).not_to_be_visible()
    screenshot(page, "report-ready")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent PDF").click()
    download = download_info.value
    assert download.suggested_filename.startswith("rapport-") and download.suggested_filename.endswith(".pdf")
    pdf = SCREENSHOTS.parent / "report.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(str(pdf))

    text = " ".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    for number in (
        "Figur 3.1",
        "Figur 3.2",
        "Tabel 3.1",
        "Figur 3.3",
        "Tabel 3.2",
        "Figur 4.1",
        "Tabel 4.1",
        "Figur 4.2",
        "Figur 4.3",
        "Figur 4.4",
        "Figur 4.5",
        "Tabel 5.1",
        "Tabel 5.2",
        "Tabel 5.3",
        "Tabel 5.4",
        "Ishøj tabel 1",
        "Ishøj tabel 5",
        "Indhold",
    ):
        assert number in text, number
    assert "8,50" in text  # the parents' mean rating: 7 + day % 4 for days 1–6 → 8, 9, 10, 7, 8, 9
    if shutil.which("pdftoppm"):  # the pages as PNG, to look at
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)  # screenshots may be off: the folder may not exist
        for old in SCREENSHOTS.glob("report-page-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(SCREENSHOTS / "report-page")], check=True)
        assert len(list(SCREENSHOTS.glob("report-page-*.png"))) == len(PdfReader(str(pdf)).pages)
    assert Path(pdf).stat().st_size > 10_000
