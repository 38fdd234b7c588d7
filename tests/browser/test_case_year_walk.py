"""A case as it really runs, in Chromium at 375 px: a pregnancy referral → the birth recorded →
the decision → the start-up meeting with the parent's consents → a change of daycare → a goal
added → a series of visits planned → visits logged → closure → the course summary PDF, looked
at as PNG pages (test-artifacts/screenshots/case-year-*). It replaces the first walk (a born child,
referral to closure), whose every step it takes."""

import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from courses.models import Course, VisitStatus
from families.services import consent_texts_install
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import DaycareFactory, MunicipalityFactory, user_for_role
from tests.browser.conftest import SCREENSHOTS, assert_accessible, screenshot
from tests.browser.sessions import assert_not_sent_to_login, session_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, user):
    """The user's session, set without a page load: the next page opened is theirs (checked)."""
    page.context.clear_cookies()
    session_set(page, user)


def _open(page, path):
    page.goto(page.live_server_url + path)
    assert_not_sent_to_login(page)


def _step(page, name):
    """A screenshot to look at, the axe check, and nothing wider than the phone."""
    screenshot(page, f"case-year-{name}")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, name


def _done(page, message: str):
    page.get_by_text(message).first.wait_for()


def _course_page(page, course):
    _open(page, f"/forloeb/{course.pk}/")


def test_a_pregnancy_referral_runs_to_its_course_summary_on_a_phone(page):
    consent_texts_install()  # the migration's texts; an earlier transactional test's flush removed them
    today = timezone.localdate()
    municipality = MunicipalityFactory(name="Svendborg", code="479")
    DaycareFactory(municipality=municipality, name="Vuggestuen Mælkebøtten")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality, first_name="Lars", last_name="Holm")
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Mette", last_name="Hansen")
    page.set_viewport_size({"width": 375, "height": 812})

    # The health visitor's referral late in the pregnancy; the due date typed the Danish way.
    _as(page, coordinator)
    _open(page, "/visitation/ny/")
    page.locator("#id_guardians-0-name").fill("Sara Nielsen")
    page.locator("#id_guardians-0-relation_0").check()  # Mor
    page.locator("#id_guardians-0-has_custody_0").check()  # Ja
    page.locator("#id_children-0-name").fill("Ufødt barn")
    due = today + timedelta(days=10)
    page.locator("#id_children-0-expected_due_date").fill(f"{due:%d.%m.%Y}")
    page.get_by_label("Hvem rekrutterede familien").select_option("health_visiting")
    page.get_by_label("Bekymringen").fill("Mor er alene og bekymret for tiden efter fødslen.")
    page.get_by_label("der oplever ubalance mellem glæde og bekymringer").check()
    page.get_by_role("radio", name="Lav", exact=True).check()
    page.get_by_label("Forældrenes samtykke givet den").fill(f"{today:%d.%m.%Y}")
    page.get_by_label("Samtykke givet af").fill("Sara Nielsen")
    _step(page, "1-referral")
    page.get_by_role("button", name="Registrér henvendelse").click()
    _done(page, "Henvendelsen er registreret.")
    course = Course.objects.get()
    assert course.referral.risk_factors.count() == 1

    # The child is born a few days early.
    _course_page(page, course)
    page.get_by_role("link", name="Registrér fødslen").click()
    born = today - timedelta(days=3)
    page.get_by_label("Fødselsdato").fill(f"{born:%d.%m.%Y}")
    page.get_by_label("Barnets navn").fill("Alma Nielsen")
    _step(page, "2-birth")
    page.get_by_role("button", name="Gem").click()
    _done(page, "Fødslen er registreret.")
    assert f"Alma Nielsen, født {born:%d.%m.%Y} (0 måneder)" in page.locator("main").inner_text()

    # The intake decision: approved, the educator assigned.
    page.goto(page.live_server_url + "/visitation/")
    page.get_by_role("link", name="Sara Nielsen").click()
    page.get_by_label("Visitér og tildel hjemmepædagog").check()
    page.get_by_label("Primær hjemmepædagog").select_option(str(educator.pk))
    _step(page, "3-decision")
    page.get_by_role("button", name="Gem beslutning").click()
    _done(page, "Beslutningen er gemt.")

    # The start-up meeting: one goal, and Sara answers the three consents.
    _as(page, educator)
    _course_page(page, course)
    page.get_by_role("link", name="Registrér opstartsmøde").click()
    page.get_by_label("Deltagere").fill("Sara Nielsen (mor), Mette Hansen (hjemmepædagog)")
    page.locator("#id_goals-0-theme").select_option("home_relations")
    page.locator("#id_goals-0-description").fill("Faste rammer ved sengetid")
    page.locator("#id_goals-0-weight_at_start").select_option("8")
    answers = page.locator("input[name^='consents-'][value^='given:']")
    assert answers.count() == 3
    for given in answers.all():
        given.check()
    _step(page, "4-start-up")
    page.get_by_role("button", name="Start forløbet").click()
    _done(page, "Forløbet er startet.")

    # Alma starts in the nursery.
    page.get_by_role("link", name="Skift af dagtilbud").click()
    page.get_by_label("Nyt dagtilbud").select_option(label="Vuggestuen Mælkebøtten")
    _step(page, "5-daycare")
    page.get_by_role("button", name="Gem").click()
    _done(page, "Skiftet af dagtilbud er registreret.")
    assert f"Vuggestuen Mælkebøtten (siden {today:%d.%m.%Y})" in page.locator("main").inner_text()

    # A goal the family adds along the way.
    page.get_by_role("link", name="Tilføj et mål").click()
    page.get_by_label("Tema").select_option("daycare_cooperation")
    page.get_by_label("Mål", exact=True).fill("Mor og vuggestuen taler sammen hver fredag")
    page.get_by_label("Hvor meget fylder emnet i hverdagen nu?").select_option("6")
    _step(page, "6-goal")
    page.get_by_role("button", name="Gem").click()
    _done(page, "Målet er tilføjet.")

    # A visit every 14 days from next week, as the form proposes.
    page.get_by_role("link", name="Planlæg en række besøg").click()
    page.get_by_label("Klokkeslæt").fill("09:30")
    _step(page, "7-series")
    page.get_by_role("button", name="Planlæg besøgene").click()
    page.get_by_text(re.compile(r"\d+ besøg er planlagt\.")).wait_for()
    planned = course.visits.filter(status=VisitStatus.PLANNED).count()
    assert planned >= 10

    # Two visits held and logged today.
    for number in (1, 2):
        page.get_by_role("link", name="Registrér besøg").click()
        page.get_by_label("Varighed (timer:minutter)").select_option("60")
        page.get_by_label("Note").fill(f"Besøg {number}: vi øvede godnatrutinen.")
        if number == 1:
            _step(page, "8-visit")
        page.get_by_role("button", name="Gem besøg").click()
        _done(page, "Besøget er gemt.")
    _step(page, "9-course")

    # Closure: the planned visits after the end are cancelled with it.
    page.get_by_role("link", name="Afslut forløbet").click()
    page.get_by_label("Mål opnået").check()
    page.locator("#id_goals_reached_answer_1").check()  # Enig
    page.locator("#id_child_developed_answer_0").check()  # Meget enig
    for goal in course.goals.all():
        page.locator(f"#id_goal_{goal.pk}_status").select_option("reached")
        page.locator(f"#id_goal_{goal.pk}_weight").select_option("3")
    _step(page, "10-close")
    page.get_by_role("button", name="Afslut forløbet").click()
    _done(page, "Forløbet er afsluttet.")
    assert not course.visits.filter(status=VisitStatus.PLANNED).exists()
    assert course.visits.filter(status=VisitStatus.HELD).count() == 2
    _step(page, "11-closed")

    # The course summary, as the educator prints it.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Forløbsresumé (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"forloeb-{course.pk}-resume.pdf"
    pdf = SCREENSHOTS.parent / "case-year-summary.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(str(pdf))
    assert shutil.which("pdftoppm"), "make test installs poppler-utils"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)  # screenshots may be off: the folder may not exist
    for old in SCREENSHOTS.glob("case-year-summary-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(SCREENSHOTS / "case-year-summary-page")], check=True)
    text = " ".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    for expected in (
        "Alma Nielsen",
        "Vuggestuen Mælkebøtten",
        "Faste rammer ved sengetid",
        "Mor og vuggestuen taler sammen hver fredag",
        "Besøg 2: vi øvede godnatrutinen.",
    ):
        assert expected in text, expected
