"""The close page tells the truth: who gets the questionnaire when the course closes, and what
happens to the visits still planned."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Visit
from courses.services import visit_log
from families.models import ConsentScope
from families.selectors import consent_text_current
from families.services import GuardianData
from surveys.models import Invitation
from visitation.tests.factories import ALL_SCOPES, consents_give, course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
WITHOUT_QUESTIONNAIRE = tuple(scope for scope in ALL_SCOPES if scope != ConsentScope.CONTACT_FOR_QUESTIONNAIRE)


@pytest.fixture
def course(coordinator, educator, shipped_questionnaires):
    """Two parents with custody and a third without; only Sara may be contacted about the questionnaire."""
    course = course_started(
        coordinator=coordinator,
        educator=educator,
        start_date=TODAY() - timedelta(days=60),
        consents=WITHOUT_QUESTIONNAIRE,
        guardians=[
            GuardianData(name="Sara Nielsen", relation="mother"),
            GuardianData(name="Jonas Nielsen", relation="father"),
            GuardianData(name="Bo Holm", relation="other", has_custody=False),
        ],
    )
    sara = course.family.guardians.get(name="Sara Nielsen")
    consents_give(
        course=course, acting_user=coordinator, scopes=[ConsentScope.CONTACT_FOR_QUESTIONNAIRE], guardians=[sara]
    )
    return course


def _close_data(course, **overrides):
    data = {
        "version": course.version,
        "end_date": (TODAY() - timedelta(days=1)).strftime("%d.%m.%Y"),
        "end_reason": "goals_reached",
        "goals_reached_answer": "agree",
        "child_developed_answer": "agree",
    }
    for goal in course.goals.all():
        data[f"goal_{goal.pk}_status"] = "reached"
        data[f"goal_{goal.pk}_weight"] = "3"
    data.update(overrides)
    return data


def _section(page: str) -> str:
    start = page.index('id="spoergeskema"')
    return page[start : page.index("</section>", start)]


def _guardian(course, name):
    return course.family.guardians.get(name=name)


def test_the_close_page_says_per_parent_who_gets_the_questionnaire_and_the_close_agrees(client, course, educator):
    client.force_login(educator)
    url = reverse("course_close", args=[course.pk])
    section = _section(client.get(url).content.decode())
    sara, jonas, bo = (section.index(name) for name in ("Sara Nielsen", "Jonas Nielsen", "Bo Holm"))
    assert "Får en invitation" in section[sara:jonas]
    assert "Ingen invitation" in section[jonas:bo]
    assert "intet samtykke til at blive kontaktet om spørgeskemaet" in section[jonas:bo]
    record = reverse("guardian_consent_record", args=[course.pk, _guardian(course, "Jonas Nielsen").pk])
    assert f"{record}?omfang=contact_for_questionnaire&amp;tilbage=afslut" in section[jonas:bo]
    assert "har ikke forældremyndighed" in section[bo:]
    assert "Registrér samtykket" not in section[bo:] and "Registrér samtykket" not in section[:jonas]

    response = client.post(url, _close_data(course))
    assert response.status_code == 302
    invited = set(Invitation.objects.filter(course=course).values_list("guardian__name", flat=True))
    assert invited == {"Sara Nielsen"}


def test_the_missing_consent_is_recorded_from_the_close_page_and_back(client, course, educator):
    client.force_login(educator)
    jonas = _guardian(course, "Jonas Nielsen")
    record = (
        reverse("guardian_consent_record", args=[course.pk, jonas.pk])
        + "?omfang=contact_for_questionnaire&tilbage=afslut"
    )
    form = client.get(record).content.decode()
    assert "Tilbage til afslutning af forløbet" in form
    text = consent_text_current(scope=ConsentScope.CONTACT_FOR_QUESTIONNAIRE)
    response = client.post(record, {"text_version": text.pk, "given_on": TODAY().strftime("%d.%m.%Y")})
    assert response.url == reverse("course_close", args=[course.pk]) + "#spoergeskema"
    section = _section(client.get(response.url).content.decode())
    assert section.count("Får en invitation") == 2

    course.refresh_from_db()
    client.post(reverse("course_close", args=[course.pk]), _close_data(course))
    invited = set(Invitation.objects.filter(course=course).values_list("guardian__name", flat=True))
    assert invited == {"Sara Nielsen", "Jonas Nielsen"}


def test_nobody_invited_is_said_before_closing(client, coordinator, educator, shipped_questionnaires):
    course = course_started(coordinator=coordinator, educator=educator, consents=WITHOUT_QUESTIONNAIRE)
    client.force_login(educator)
    section = _section(client.get(reverse("course_close", args=[course.pk])).content.decode())
    assert "Ingen forælder får spørgeskemaet, hvis du afslutter forløbet nu" in section
    assert "Får en invitation" not in section


def test_the_close_page_lists_planned_visits_and_a_refusal_names_the_open_one(client, course, educator):
    planned = visit_log(acting_user=educator, course=course, date=TODAY(), status="planned")
    client.force_login(educator)
    url = reverse("course_close", args=[course.pk])
    page = client.get(url).content.decode()
    assert "Planlagte besøg efter slutdatoen aflyses, når forløbet afsluttes." in page
    assert reverse("visit_update", args=[course.pk, planned.pk]) in page
    page = client.post(url, _close_data(course, end_date=TODAY().strftime("%d.%m.%Y"))).content.decode()
    assert f"Besøget planlagt til {TODAY().strftime('%d.%m.%Y')} er stadig åbent." in page
    assert Visit.objects.get(pk=planned.pk).status == "planned"


def test_a_no_at_the_start_up_meeting_is_said_and_the_consent_can_still_be_recorded(
    client, coordinator, educator, shipped_questionnaires
):
    """Nobody consented to the questionnaire at the start: the close page promises no invitation,
    says who said no and when, and offers to record the consent."""
    from families.services import consent_decline_record

    course = course_started(coordinator=coordinator, educator=educator, consents=WITHOUT_QUESTIONNAIRE)
    sara = course.family.guardians.get()
    consent_decline_record(
        acting_user=educator,
        course=course,
        guardian=sara,
        scope=ConsentScope.CONTACT_FOR_QUESTIONNAIRE,
        text_version=consent_text_current(scope=ConsentScope.CONTACT_FOR_QUESTIONNAIRE),
        declined_on=course.start_date,
    )
    client.force_login(educator)
    section = _section(client.get(reverse("course_close", args=[course.pk])).content.decode())
    assert (
        "Ingen forælder får spørgeskemaet, hvis du afslutter forløbet nu. En invitation kræver forælderens "
        "samtykke til at blive kontaktet om spørgeskemaet:"
    ) in section
    assert "Ingen invitation" in section and "Får en invitation" not in section
    assert f"sagde nej til at blive kontaktet om spørgeskemaet den {course.start_date:%d.%m.%Y}" in section
    record = reverse("guardian_consent_record", args=[course.pk, sara.pk])
    assert f"{record}?omfang=contact_for_questionnaire&amp;tilbage=afslut" in section
    assert "Registrér samtykket, hvis forælderen har skiftet mening" in section

    assert client.post(reverse("course_close", args=[course.pk]), _close_data(course)).status_code == 302
    assert not Invitation.objects.filter(course=course).exists()  # as the page said
