"""The course summary and the reflection sheet as a user gets them: what they print (read back
from the PDF), who gets them, the file names, the audit event, and the bounds that keep them
within the request's time limit (hostile markup: hjemmepaed/tests/test_pdf_hostile.py)."""

import html
import io
import re
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from courses.models import Adjustment, Goal, Visit
from courses.rules import age_in_months
from courses.services import GoalResult, course_adjust, course_close, visit_log
from hjemmepaed import pdf as pdf_module
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from hjemmepaed.tests.test_pdf_hostile import pdf_text
from visitation import selectors_summary as summary
from visitation.tests.factories import course_started, referral_register

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response["Content-Type"] == "application/pdf", response.status_code
    return re.sub(r"\s+", " ", pdf_text(response.content))


def _started(coordinator, educator, **overrides):
    course = course_started(
        coordinator=coordinator, educator=educator, start_date=timezone.localdate() - timedelta(days=60), **overrides
    )
    visit_log(
        acting_user=educator,
        course=course,
        date=course.start_date + timedelta(days=3),
        duration_minutes=90,
        note="Alma sov i egen seng hele natten.",
        next_steps="Fortsæt med godnatsangen.",
        goals=[course.goals.last()],
    )
    course_adjust(
        acting_user=educator,
        course=course,
        on=course.start_date + timedelta(days=5),
        description="Besøg om aftenen i stedet for om formiddagen",
        reason="Sengetiden er det svære tidspunkt",
    )
    return course


@pytest.fixture
def started(coordinator, educator):
    return _started(coordinator, educator)


@pytest.fixture
def closed(started, educator):
    return course_close(
        acting_user=educator,
        course=started,
        end_date=timezone.localdate() - timedelta(days=1),
        end_reason="goals_reached",
        goals_reached_answer="agree",
        child_developed_answer="strongly_agree",
        reflection_sheet_given=True,
        goal_results=[GoalResult(goal=goal, status="reached", weight_at_end=3) for goal in started.goals.all()],
    )


def test_the_summary_prints_the_whole_case(client, closed, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("course_summary_pdf", args=[closed.pk]))
    text = _text(response)
    child = closed.family.children.get()
    age = age_in_months(child.birth_date, timezone.localdate())
    for printed in [
        "Forløbsresumé",
        f"Forløb {closed.pk} · Afsluttet",
        "Fortroligt: personoplysninger om familien.",
        "Sara Nielsen Mor 20304050 Ja",  # guardian, relation, phone, custody
        "Alma Nielsen",
        "Sprog i hjemmet dansk",
        "Sundhedspleje",  # recruited by
        "Mor oplever forældrerollen som svær efter fødslen.",  # the concern
        "Kompleksitet Lav",
        "Sara Nielsen (mor), Mette Hansen (hjemmepædagog)",  # the start-up meeting
        "Faste rammer ved sengetid",
        "1 besøg gennemført, 1,50 timer i alt.",
        "Alma sov i egen seng hele natten.",
        "Fortsæt med godnatsangen.",
        "Besøg om aftenen i stedet for om formiddagen",
        "Sengetiden er det svære tidspunkt",
        "Målene er nået Enig",
        "Refleksionsark givet til forældrene Ja",
    ]:
        assert printed in text, printed
    assert f"Alma Nielsen {child.birth_date:%d.%m.%Y} {age} –" in text  # born, age in months, no daycare
    assert "8 3 Opnået" in text  # a goal's weight at start and at closure, and its attainment
    assert response["Content-Disposition"] == f'attachment; filename="forloeb-{closed.pk}-resume.pdf"'
    assert "no-store" in response["Cache-Control"]


def test_the_summary_numbers_the_goals_a_visit_worked_on(client, started, educator):
    client.force_login(educator)
    text = _text(client.get(reverse("course_summary_pdf", args=[started.pk])))
    visit_date = (started.start_date + timedelta(days=3)).strftime("%d.%m.%Y")
    assert f"{visit_date} Gennemført Hjemmebesøg 1,50 2 Alma sov" in text


def test_each_download_is_an_audit_event_on_the_family(client, started, educator):
    client.force_login(educator)
    before = AuditEvent.objects.count()
    client.get(reverse("course_summary_pdf", args=[started.pk]))
    client.get(reverse("reflection_sheet_pdf", args=[started.pk]))
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [(e.action, e.object_type, e.object_id, e.subject_type, e.actor_id) for e in events] == [
        ("download", "course_summary", str(started.pk), "family", educator.pk),
        ("download", "reflection_sheet", str(started.pk), "family", educator.pk),
    ]


def test_the_reflection_sheet_holds_the_goals_and_room_for_the_parents_and_no_notes(client, started, educator):
    client.force_login(educator)
    response = client.get(reverse("reflection_sheet_pdf", args=[started.pk]))
    text = _text(response)
    for printed in [
        "Refleksionsark",
        "Til jer, der har haft besøg af en hjemmepædagog",
        "Arket er jeres, og I beholder det.",
        "Mål 1: Faste rammer ved sengetid",
        "Mål 2: Alma falder lettere til ro",
        "Ved starten fyldte det 8 ud af 10 i jeres hverdag",
        "Det hjalp os:",
        "Tegn på, at det er ved at blive svært igen:",
        "Vores egne tanker, som vi vil huske:",
        f"kontakt {started.municipality.authority_name}.",
    ]:
        assert printed in text, printed
    for staff_only in ["Mor oplever forældrerollen", "Alma sov i egen seng", "Sengetiden er det svære", "Fortroligt"]:
        assert staff_only not in text, staff_only
    assert response["Content-Disposition"] == f'attachment; filename="forloeb-{started.pk}-refleksionsark.pdf"'


def test_no_reflection_sheet_before_the_goals_are_agreed(client, coordinator):
    course = referral_register(coordinator=coordinator)
    client.force_login(coordinator)
    before = AuditEvent.objects.count()
    response = client.get(reverse("reflection_sheet_pdf", args=[course.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("course_detail", args=[course.pk])
    assert (
        "Refleksionsarket viser familiens mål, så det kan først laves, når målene er aftalt"
        in response.content.decode()
    )
    assert not AuditEvent.objects.filter(pk__gt=before, object_type="reflection_sheet").exists()
    assert "Refleksionsark, som forældrene beholder" not in response.content.decode()
    assert "Forløbsresumé (PDF)" in response.content.decode()


def test_the_course_page_offers_the_printouts_to_staff_and_not_to_managers(client, started, educator):
    client.force_login(educator)
    page = client.get(reverse("course_detail", args=[started.pk])).content.decode()
    assert reverse("course_summary_pdf", args=[started.pk]) in page
    assert reverse("reflection_sheet_pdf", args=[started.pk]) in page
    client.force_login(user_for_role(Role.MANAGER, municipality=started.municipality))
    page = client.get(reverse("course_detail", args=[started.pk])).content.decode()
    assert "Udskrifter" not in page and reverse("course_summary_pdf", args=[started.pk]) not in page
    assert client.get(reverse("course_summary_pdf", args=[started.pk])).status_code == 403


def test_a_slow_rendering_is_stopped_and_explained(client, started, educator, monkeypatch, settings):
    settings.PDF_RENDER_TIME_LIMIT = 600  # the request's own, shorter limit must apply
    settings.PDF_RENDER_TIME_LIMIT_IN_REQUEST = 1

    def slow(html):
        time.sleep(60)
        return b"%PDF never", 0

    monkeypatch.setattr(pdf_module, "_write_pdf", slow)
    client.force_login(educator)
    before = AuditEvent.objects.count()
    for name in ("course_summary_pdf", "reflection_sheet_pdf"):
        started_at = time.monotonic()
        response = client.get(reverse(name, args=[started.pk]), follow=True)
        assert time.monotonic() - started_at < 20
        assert response.redirect_chain[-1][0] == reverse("course_detail", args=[started.pk])
        assert "PDF'en kunne ikke laves i tide. Prøv igen om et øjeblik." in html.unescape(response.content.decode())
    assert not AuditEvent.objects.filter(pk__gt=before, action="download").exists()


def test_a_megabyte_note_is_cut_and_says_so(client, started, educator):
    visit = started.visits.get()
    Visit.objects.filter(pk=visit.pk).update(note="Søvn og rutiner. " * 60_000)
    client.force_login(educator)
    text = _text(client.get(reverse("course_summary_pdf", args=[started.pk])))
    assert "tegn mere er ikke udskrevet; hele teksten står på forløbssiden" in text
    assert text.count("Søvn og rutiner.") < 200  # 2,000 characters of 1 MB


def test_thousands_of_visits_print_the_first_and_count_the_rest(client, started, educator, settings):
    """A summary of 2,000 visits with notes (an import gone wrong, or an attack) prints the first
    visits and says how many it left out, so it stays a few pages whatever the course holds.
    How long the rendering takes is not timed here (a loaded machine would fail a timed test):
    the request's time limit itself is tested above (a slow rendering is stopped), and the
    bounds are what keeps this summary inside it."""
    settings.PDF_RENDER_TIME_LIMIT_IN_REQUEST = 300
    Visit.objects.bulk_create(
        Visit(
            course=started,
            date=started.start_date + timedelta(days=i % 50),
            duration_minutes=60,
            note="Vi talte om sengetid og faste rammer. " * 20,
            next_steps="Prøv den faste rutine.",
            logged_by=educator,
        )
        for i in range(2_000)
    )
    client.force_login(educator)
    response = client.get(reverse("course_summary_pdf", args=[started.pk]))
    text = _text(response)
    # 15 pages today (the first 80 visits, 20,000 characters of notes); all 2,001 would be hundreds
    assert len(PdfReader(io.BytesIO(response.content)).pages) <= 20
    assert "2.001 besøg gennemført, 2.001,50 timer i alt." in text
    shown = summary.VISITS_SHOWN
    assert (
        f"De første {shown} besøg er udskrevet; {2_001 - shown:,} besøg mere står på forløbssiden.".replace(",", ".")
        in text
    )
    assert "Ikke udskrevet: resuméets plads til noter er brugt op; noten står på forløbssiden." in text


def test_the_summary_reads_the_same_number_of_queries_for_one_visit_and_thirty(started, educator):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            summary.course_summary(course=started)
        return len(captured)

    one = queries()
    for day in range(29):
        visit_log(
            acting_user=educator, course=started, date=started.start_date + timedelta(days=day), duration_minutes=60
        )
    assert queries() == one


def test_a_text_is_cut_at_its_limit_and_the_budget_shared_by_all():
    budget = summary.TextBudget(25)
    first, second, third = budget.clip("a" * 10, limit=15), budget.clip("b" * 30, limit=20), budget.clip("c")
    assert (first.text, first.omitted) == ("a" * 10, 0)
    assert (second.text, second.omitted) == ("b" * 15, 15)  # what the budget had left
    assert (third.text, third.omitted) == ("", 1)


def test_a_word_longer_than_a_cell_gets_places_to_break():
    word = "x" * (summary.LONGEST_WORD * 3)
    printed = summary.clip(f"Se {word} her").text
    assert printed.replace("\u200b", "") == f"Se {word} her"
    assert max(len(part) for part in re.split(r"[\s\u200b]", printed)) == summary.LONGEST_WORD


def test_adjustments_beyond_the_printed_are_counted(client, started, educator):
    Adjustment.objects.bulk_create(
        Adjustment(course=started, on=started.start_date, description="Kortere besøg", reason="Travlt", by=educator)
        for _ in range(summary.VISITS_SHOWN)
    )
    client.force_login(educator)
    text = _text(client.get(reverse("course_summary_pdf", args=[started.pk])))
    assert f"De første {summary.VISITS_SHOWN} justeringer er udskrevet; 1 justering mere står på forløbssiden." in text


def test_goals_beyond_the_printed_are_counted_on_both_printouts(client, started, educator):
    Goal.objects.bulk_create(
        Goal(course=started, theme="home_relations", description=f"Delmål {number}", weight_at_start=5)
        for number in range(summary.GOALS_SHOWN)
    )
    client.force_login(educator)
    for name in ("course_summary_pdf", "reflection_sheet_pdf"):
        text = _text(client.get(reverse(name, args=[started.pk])))
        assert f"De første {summary.GOALS_SHOWN} mål er udskrevet; 2 mål mere står på forløbssiden." in text, name


def test_the_summary_prints_the_local_answers_and_the_daycare_leaders_statement(client, coordinator, educator):
    from hjemmepaed.variants.models import Preset, ReferralQuestion
    from hjemmepaed.variants.tests.factories import variant_from_preset
    from visitation import services

    variant_from_preset(municipality=coordinator.municipality, preset=Preset.HELSINGOR)
    question = ReferralQuestion.objects.create(municipality=coordinator.municipality, text="Hvad har familien prøvet?")
    course = referral_register(coordinator=coordinator, referral_answers={question.pk: "Faste rutiner ved sengetid"})
    services.referral_approve(
        acting_user=coordinator,
        course=course,
        decided_on=timezone.localdate(),
        primary_educator=educator,
        daycare_leader_name="Lone Berg",
        daycare_leader_statement="Alma trives i vuggestuen.",
    )
    client.force_login(coordinator)
    text = _text(client.get(reverse("course_summary_pdf", args=[course.pk])))
    assert "Hvad har familien prøvet? Faste rutiner ved sengetid" in text
    assert "Dagtilbudslederens udtalelse (Lone Berg): Alma trives i vuggestuen." in text


def test_the_summary_prints_the_statement_the_daycare_leader_gave(client, coordinator, educator):
    from hjemmepaed.organisation.models import Role
    from hjemmepaed.organisation.tests.factories import DaycareFactory, user_for_role
    from hjemmepaed.variants.models import Preset
    from hjemmepaed.variants.tests.factories import variant_from_preset
    from visitation import services
    from visitation.services import ChildData
    from visitation.tests.factories import recent_birth

    variant_from_preset(municipality=coordinator.municipality, preset=Preset.HELSINGOR)
    daycare = DaycareFactory(municipality=coordinator.municipality, name="Vuggestuen Solsikken")
    leader = user_for_role(
        Role.DAYCARE_LEADER, municipality=coordinator.municipality, daycare=daycare, first_name="Lone", last_name="Berg"
    )
    child = ChildData(name="Alma Nielsen", birth_date=recent_birth(), daycare=daycare, attends_daycare=True)
    course = referral_register(coordinator=coordinator, children=[child])
    services.daycare_statement_give(acting_user=leader, course=course, text="Alma trives i vuggestuen.")
    services.referral_approve(
        acting_user=coordinator, course=course, decided_on=timezone.localdate(), primary_educator=educator
    )
    client.force_login(coordinator)
    text = _text(client.get(reverse("course_summary_pdf", args=[course.pk])))
    assert "Dagtilbudslederens udtalelse (Lone Berg, Vuggestuen Solsikken," in text
    assert "Alma trives i vuggestuen." in text
