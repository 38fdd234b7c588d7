"""The start-up meeting asks each parent with custody for the three consents: given or declined,
a required choice, recorded with the start in one form."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Phase, Visit
from courses.services import visit_log
from families.models import Consent, ConsentDecline, ConsentScope
from families.selectors import consent_text_current
from families.services import consent_texts_install
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from visitation.services import GuardianData
from visitation.tests.factories import course_decided

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
SCOPES = list(ConsentScope.values)


@pytest.fixture
def course(coordinator, educator):
    consent_texts_install()
    return course_decided(
        coordinator=coordinator,
        educator=educator,
        consents=(),
        birth_date=TODAY() - timedelta(days=200),
        guardians=[
            GuardianData(name="Sara Nielsen", relation="mother"),
            GuardianData(name="Jonas Nielsen", relation="father"),
        ],
    )


def _answers(course, **overrides):
    """Every parent with custody gives every consent, unless `overrides` says e.g.
    jonas_involve_professionals="declined" or sara_share_with_daycare=None (left unanswered)."""
    data = {}
    for guardian in course.family.guardians.all():
        first = guardian.name.split()[0].lower()
        for scope in SCOPES:
            answer = overrides.get(f"{first}_{scope}", "given")
            if answer is not None:
                data[f"consents-consent_{guardian.pk}_{scope}"] = f"{answer}:{consent_text_current(scope=scope).pk}"
    return data


def _post(client, course, *, answers, **fields):
    data = {
        "version": course.version,
        "start_date": (TODAY() - timedelta(days=1)).strftime("%d.%m.%Y"),
        "participants": "Sara og Jonas Nielsen, Mette Hansen (hjemmepædagog)",
        "goals-TOTAL_FORMS": "1",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "1",
        "goals-MAX_NUM_FORMS": "9",
        "goals-0-theme": "home_relations",
        "goals-0-description": "Faste rammer ved sengetid",
        "goals-0-weight_at_start": "8",
        **answers,
        **fields,
    }
    return client.post(reverse("course_start", args=[course.pk]), data)


def test_the_form_asks_both_parents_each_consent_with_its_text_and_nothing_chosen(client, course, educator):
    client.force_login(educator)
    page = client.get(reverse("course_start", args=[course.pk])).content.decode()
    assert '<legend class="h4">Sara Nielsen</legend>' in page and '<legend class="h4">Jonas Nielsen</legend>' in page
    assert page.count("Ja, giver samtykke") == 6 and page.count("Nej, giver ikke samtykke") == 6
    assert "må udveksle oplysninger med mit barns dagtilbud" in page  # the text read out
    assert "samtykketekst version 1" in page
    assert not re.search(r'name="consents-[^"]*"[^>]*checked', page)  # no preselection


def test_given_and_declined_answers_are_recorded_with_the_start(client, course, educator):
    client.force_login(educator)
    answers = _answers(course, jonas_involve_professionals="declined", jonas_contact_for_questionnaire="declined")
    response = _post(client, course, answers=answers)
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.phase == Phase.STARTED
    assert Consent.objects.filter(guardian__family=course.family, given_on=course.start_date).count() == 4
    declines = ConsentDecline.objects.filter(guardian__name="Jonas Nielsen")
    assert sorted(declines.values_list("scope", flat=True)) == ["contact_for_questionnaire", "involve_professionals"]
    assert {d.declined_on for d in declines} == {course.start_date}
    consent_events = AuditEvent.objects.filter(object_type__in=["consent", "consent_decline"], subject_type="guardian")
    assert consent_events.count() == 6
    section = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    section = section[section.index('id="samtykker"') :]
    assert section.count("badge-success") == 4 and section.count(">Ikke givet<") == 2


def test_a_missing_answer_is_named_in_danish_and_nothing_typed_is_lost(client, course, educator):
    client.force_login(educator)
    answers = _answers(course, jonas_share_with_daycare=None, sara_involve_professionals="declined")
    response = _post(client, course, answers=answers)
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Svar, om Jonas Nielsen giver samtykke til “Deling af oplysninger med dagtilbuddet”: givet eller ikke givet."
        in page
    )
    assert "Sara og Jonas Nielsen, Mette Hansen (hjemmepædagog)" in page
    assert "Faste rammer ved sengetid" in page
    assert f'value="{TODAY() - timedelta(days=1):%d.%m.%Y}"' in page
    sara = course.family.guardians.get(name="Sara Nielsen")
    declined = f"declined:{consent_text_current(scope='involve_professionals').pk}"
    assert re.search(rf'name="consents-consent_{sara.pk}_involve_professionals" value="{declined}"[^>]*checked', page)
    course.refresh_from_db()
    assert course.phase != Phase.STARTED
    assert not Consent.objects.exists() and not ConsentDecline.objects.exists()


def test_a_declined_consent_refuses_what_needs_it_with_the_existing_message(client, course, educator):
    client.force_login(educator)
    answers = _answers(course, jonas_involve_professionals="declined")
    page = _post(client, course, answers=answers, other_professionals_present="on").content.decode()
    day = TODAY() - timedelta(days=1)
    assert (
        "Andre fagpersoner ved opstartsmødet kræver samtykket “Inddragelse af andre fagpersoner” fra alle "
        f"forældre med forældremyndighed, gældende den {day:%d.%m.%Y}. Det mangler fra Jonas Nielsen."
    ) in page
    assert not Consent.objects.exists() and not ConsentDecline.objects.exists()  # one transaction

    answers = _answers(course, sara_share_with_daycare="declined")
    assert _post(client, course, answers=answers).status_code == 302
    course.refresh_from_db()
    with pytest.raises(DomainError) as error:
        visit_log(acting_user=educator, course=course, date=TODAY(), duration_minutes=60, kind="daycare")
    assert "kræver samtykket “Deling af oplysninger med dagtilbuddet”" in str(error.value)
    assert "Det mangler fra Sara Nielsen." in str(error.value)
    assert not Visit.objects.exists()


def test_a_consent_already_given_is_shown_and_not_asked_again(client, coordinator, educator):
    from visitation.tests.factories import consents_give

    course = course_decided(coordinator=coordinator, educator=educator, consents=())
    consents_give(course=course, acting_user=coordinator, scopes=["share_with_daycare"])
    client.force_login(educator)
    page = client.get(reverse("course_start", args=[course.pk])).content.decode()
    assert page.count("Ja, giver samtykke") == 2
    guardian = course.family.guardians.get()
    assert f"consents-consent_{guardian.pk}_share_with_daycare" not in page


def test_a_replaced_consent_text_is_refused_on_the_form(client, course, educator):
    client.force_login(educator)
    answers = _answers(course)
    key = next(name for name in answers if name.endswith("contact_for_questionnaire"))
    answers[key] = "given:999999"
    page = _post(client, course, answers=answers).content.decode()
    assert "Samtykketeksten for “Kontakt om forældrespørgeskemaet” er afløst af en ny version." in page
    assert not Consent.objects.exists()


def test_a_failed_start_is_audited_as_a_view_of_the_family(client, course, educator):
    client.force_login(educator)
    before = AuditEvent.objects.count()
    _post(client, course, answers={})
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [(e.action, e.object_type, e.subject_type) for e in events] == [("view", "course", "family")]
