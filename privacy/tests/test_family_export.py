"""The family export for a request of access: everything held, CPR masked, audited."""

import io
import json
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from courses.services import GoalResult, course_close, visit_log
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from privacy.selectors.family_export import family_export_data
from reporting.tests.factories import national_response
from sdq.services import measurement_record
from sdq.tests.factories import answers
from surveys.models import Answer, Question
from visitation.services import ChildData, GuardianData
from visitation.tests.factories import course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
BIRTH = TODAY - timedelta(days=60) - relativedelta(months=26)  # 28 months at the end: SDQ 2–4
CPR = BIRTH.strftime("%d%m%y") + "5678"
MASKED = BIRTH.strftime("%d%m%y") + "-XXXX"


@pytest.fixture
def course(coordinator):
    course = course_started(
        coordinator=coordinator,
        start_date=TODAY - timedelta(days=60),
        guardians=[GuardianData(name="Sara Nielsen", relation="mother", phone="20304050", email="sara@example.dk")],
        children=[ChildData(name="Alma Nielsen", birth_date=BIRTH, cpr=CPR)],
        birth_date=BIRTH,
    )
    educator = course.primary_educator
    visit_log(
        acting_user=educator,
        course=course,
        date=TODAY - timedelta(days=40),
        duration_minutes=60,
        note="Alma sov bedre i denne uge",
        next_steps="Aftenrutine",
    )
    measurement_record(
        acting_user=coordinator,
        course=course,
        child=course.family.children.get(),
        timing="start",
        informant="parent",
        measured_on=TODAY - timedelta(days=60),
        answers=answers(1),
    )
    course = course_close(
        acting_user=educator,
        course=course,
        end_date=TODAY - timedelta(days=1),
        end_reason="goals_reached",
        goals_reached_answer="agree",
        child_developed_answer="agree",
        goal_results=[GoalResult(goal=goal, status="reached", weight_at_end=3) for goal in course.goals.all()],
    )
    response = national_response(
        municipality=course.municipality, course=course, submitted_on=TODAY, answers={"1": "mother", "9": 9}
    )
    Answer.objects.create(
        response=response,
        question=Question.objects.get(questionnaire=response.questionnaire, number="10"),
        text="Hemmeligt svar fra Sara",
    )
    return course


def _pdf_text(content: bytes) -> str:
    # Table cells wrap: compare with the line breaks as spaces.
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_the_pdf_holds_the_family_with_masked_cpr_and_the_audit_trail(client, coordinator, course):
    client.force_login(coordinator)
    client.get(reverse("course_detail", args=[course.pk]))  # an audit event about the family
    response = client.get(reverse("family_export_pdf", args=[course.family_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="indsigt-familie-{course.family_id}.pdf"'
    assert {part.strip() for part in response["Cache-Control"].split(",")} == {"no-store", "private"}
    text = _pdf_text(response.content)
    for expected in (
        "Sara Nielsen",
        "20304050",
        "sara@example.dk",
        "Alma Nielsen",
        MASKED,
        "Mor oplever forældrerollen som svær",
        "Faste rammer ved sengetid",
        "Alma sov bedre i denne uge",
        "Afslutning",
        "Invitationer til spørgeskemaer",
        "SDQ-scorer",
        "Hvem har set eller ændret oplysningerne",
    ):
        assert expected in text, expected
    assert CPR not in text and MASKED.replace("XXXX", "5678") not in text
    assert "Hemmeligt svar fra Sara" not in text  # questionnaire answers are not linked to families
    # Written in the browser's own file; nothing personal in the name.
    assert "Nielsen" not in response["Content-Disposition"]


def test_the_parents_consents_given_and_declined_are_in_the_export(client, coordinator, course):
    from families.models import ConsentScope
    from families.selectors import consent_text_current
    from families.services import consent_decline_record, consent_withdraw

    sara = course.family.guardians.get()
    consent = sara.consents.get(scope=ConsentScope.INVOLVE_PROFESSIONALS)
    consent_withdraw(acting_user=coordinator, course=course, consent=consent)
    consent_decline_record(
        acting_user=coordinator,
        course=course,
        guardian=sara,
        scope=ConsentScope.INVOLVE_PROFESSIONALS,
        text_version=consent_text_current(scope=ConsentScope.INVOLVE_PROFESSIONALS),
        declined_on=TODAY,
    )
    client.force_login(coordinator)
    data = json.loads(client.get(reverse("family_export_json", args=[course.family_id])).content)
    rows = [(row["scope"], row["answer"], row["withdrawn_on"]) for row in data["guardians"][0]["consents"]]
    assert ("Inddragelse af andre fagpersoner", "declined", None) in rows
    assert ("Inddragelse af andre fagpersoner", "given", TODAY.isoformat()) in rows
    assert ("Deling af oplysninger med dagtilbuddet", "given", None) in rows
    text = _pdf_text(client.get(reverse("family_export_pdf", args=[course.family_id])).content)
    assert "Samtykker" in text and "Ikke givet" in text


def test_the_json_holds_the_same_with_masked_cpr(client, coordinator, course):
    client.force_login(coordinator)
    response = client.get(reverse("family_export_json", args=[course.family_id]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="indsigt-familie-{course.family_id}.json"'
    data = json.loads(response.content)
    assert set(data) == {"generated_at", "family", "guardians", "children", "courses", "changes", "audit_events"}
    assert data["guardians"][0]["name"] == "Sara Nielsen"
    assert data["children"][0]["cpr_masked"] == MASKED
    assert CPR not in response.content.decode()
    (exported,) = data["courses"]
    assert set(exported) >= {
        "referral",
        "phase_changes",
        "start_up_meeting",
        "goals",
        "visits",
        "closure",
        "adjustments",
        "concern_notifications",
        "transfers",
        "extensions",
        "questionnaire_invitations",
        "sdq_measurements",
    }
    assert exported["referral"]["consent_given_by"] == "Sara Nielsen"
    assert [visit["note"] for visit in exported["visits"]] == ["Alma sov bedre i denne uge"]
    assert exported["questionnaire_invitations"][0]["status"] == "Afventer svar"
    assert "Hemmeligt svar fra Sara" not in response.content.decode()
    assert exported["sdq_measurements"][0]["scores"][0] == {"scale": "Følelsesmæssige symptomer", "score": 5}


def test_every_export_is_audited(client, coordinator, course):
    client.force_login(coordinator)
    client.get(reverse("family_export_pdf", args=[course.family_id]))
    client.get(reverse("family_export_json", args=[course.family_id]))
    events = AuditEvent.objects.filter(action="export", object_type="family")
    assert [(e.object_id, e.subject_type, e.subject_id, e.actor, e.criterion) for e in events.order_by("pk")] == [
        (str(course.family_id), "family", str(course.family_id), coordinator, "Anmodning om indsigt: udtræk som PDF."),
        (str(course.family_id), "family", str(course.family_id), coordinator, "Anmodning om indsigt: udtræk som JSON."),
    ]


def test_the_audit_events_about_the_family_are_in_the_export(coordinator, course):
    data = family_export_data(family=course.family)
    # Made when the referral was registered and the course closed: about the family, by course or subject.
    assert {"course", "invitation"} <= {event["object_type"] for event in data["audit_events"]}
    assert all(event["object_id"] == str(course.pk) or event["subject_id"] for event in data["audit_events"])


def test_only_the_municipality_s_coordinators_export(client, coordinator, course, other_municipality):
    client.force_login(user_for_role(Role.COORDINATOR, municipality=other_municipality))
    assert client.get(reverse("family_export_json", args=[course.family_id])).status_code == 404
    client.force_login(user_for_role(Role.MANAGER, municipality=course.municipality))
    assert client.get(reverse("family_export_json", args=[course.family_id])).status_code == 403
    client.force_login(course.primary_educator)
    assert client.get(reverse("family_export_json", args=[course.family_id])).status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_course_page_offers_the_export_to_coordinators_only(client, coordinator, course):
    client.force_login(coordinator)
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert reverse("family_export_pdf", args=[course.family_id]) in page
    client.force_login(course.primary_educator)
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert reverse("family_export_pdf", args=[course.family_id]) not in page


def test_the_family_s_changes_are_in_the_export(coordinator, course):
    from families.services import family_household_update, guardian_add

    ali = guardian_add(
        acting_user=coordinator,
        course=course,
        name="Ali Hassan",
        relation="father",
        has_custody=True,
        on=timezone.localdate(),
    )
    family_household_update(
        acting_user=coordinator, course=course, language="arabisk", interpreter_needed=True, single_parent=False
    )
    data = family_export_data(family=course.family)
    exported = next(guardian for guardian in data["guardians"] if guardian["id"] == ali.pk)
    assert (exported["custody_since"], exported["left_on"]) == (timezone.localdate(), None)
    assert [(change["kind"], change["changed"]) for change in data["changes"]] == [
        ("Sprog eller husstand ændret", "sprog i hjemmet, behov for tolk"),
        ("Forælder tilføjet", "har forældremyndighed"),
    ]


def test_the_daycare_leaders_statement_is_in_the_export(client, coordinator):
    """Helsingør: what the daycare leader said about the family is the family's data too."""
    from hjemmepaed.organisation.tests.factories import DaycareFactory
    from hjemmepaed.variants.models import Preset
    from hjemmepaed.variants.tests.factories import variant_from_preset
    from visitation.services import daycare_statement_give
    from visitation.tests.factories import recent_birth, referral_register

    variant_from_preset(municipality=coordinator.municipality, preset=Preset.HELSINGOR)
    daycare = DaycareFactory(municipality=coordinator.municipality, name="Vuggestuen Solsikken")
    leader = user_for_role(
        Role.DAYCARE_LEADER, municipality=coordinator.municipality, daycare=daycare, first_name="Lone", last_name="Berg"
    )
    child = ChildData(name="Alma Nielsen", birth_date=recent_birth(), daycare=daycare, attends_daycare=True)
    course = referral_register(coordinator=coordinator, children=[child])
    daycare_statement_give(acting_user=leader, course=course, text="Alma trives, men mor virker presset.")
    client.force_login(coordinator)
    data = json.loads(client.get(reverse("family_export_json", args=[course.family_id])).content)
    [statement] = data["courses"][0]["referral"]["daycare_statements"]
    assert (statement["by"], statement["daycare"], statement["text"]) == (
        "Lone Berg",
        "Vuggestuen Solsikken",
        "Alma trives, men mor virker presset.",
    )
    text = _pdf_text(client.get(reverse("family_export_pdf", args=[course.family_id])).content)
    assert "Alma trives, men mor virker presset. (Lone Berg, leder af Vuggestuen Solsikken, den" in text
