"""The decision and referral forms ask what the municipality's model asks, and the course page
shows what was answered and decided."""

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Course
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from hjemmepaed.variants.models import Preset, ReferralQuestion
from hjemmepaed.variants.tests.factories import variant_from_preset
from visitation.models import IntakeDecision
from visitation.tests.factories import referral_register
from visitation.tests.test_views import _referral_post

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def coordinator(client, municipality):
    user = user_for_role(Role.COORDINATOR, municipality=municipality)
    client.force_login(user)
    return user


def _decide(client, course, **data):
    return client.post(
        reverse("referral_decide", args=[course.pk]),
        {"decision": "approve", "decided_on": TODAY().isoformat(), "version": course.version, **data},
    )


def test_the_national_decision_form_asks_neither_team_nor_statement(client, coordinator):
    course = referral_register(coordinator=coordinator)
    page = client.get(reverse("referral_decide", args=[course.pk])).content.decode()
    assert "Visitationsteamets medlemmer" not in page
    assert "Dagtilbudslederens udtalelse" not in page


def test_kobenhavn_the_form_offers_the_named_team_and_records_who_took_part(client, coordinator, municipality):
    member = user_for_role(Role.COORDINATOR, municipality=municipality, first_name="Birgitte", last_name="Lund")
    variant_from_preset(municipality=municipality, preset=Preset.KOBENHAVN).team_members.set([member])
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = referral_register(coordinator=coordinator)
    assert "Birgitte Lund" in client.get(reverse("referral_decide", args=[course.pk])).content.decode()
    refused = _decide(client, course, primary_educator=educator.pk)
    assert "København: visitationsteamet træffer beslutningen." in refused.content.decode()
    assert _decide(client, course, primary_educator=educator.pk, team_members=[member.pk]).status_code == 302
    assert list(IntakeDecision.objects.get(course=course).team_members.all()) == [member]
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "Visitationsteamet til stede: Birgitte Lund" in page


def test_helsingor_the_form_asks_the_statement_and_the_course_page_shows_it(client, coordinator, municipality):
    variant_from_preset(municipality=municipality, preset=Preset.HELSINGOR)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = referral_register(coordinator=coordinator)
    refused = _decide(client, course, primary_educator=educator.pk, daycare_leader_name="Lone Berg")
    assert "beslutningen kræver dagtilbudslederens udtalelse" in refused.content.decode()
    assert Course.objects.get().phase == "referred"
    response = _decide(
        client,
        course,
        primary_educator=educator.pk,
        daycare_leader_name="Lone Berg",
        daycare_leader_statement="Alma trives i vuggestuen.",
    )
    assert response.status_code == 302
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "Dagtilbudslederens udtalelse (Lone Berg): Alma trives i vuggestuen." in page


def test_the_referral_form_asks_the_local_questions_and_the_course_page_shows_the_answers(
    client, coordinator, municipality
):
    question = ReferralQuestion.objects.create(municipality=municipality, text="Hvad har familien selv prøvet?")
    assert "Hvad har familien selv prøvet?" in client.get(reverse("referral_create")).content.decode()
    response = client.post(reverse("referral_create"), _referral_post(**{f"question_{question.pk}": "Faste rutiner"}))
    assert response.status_code == 302
    course = Course.objects.get()
    assert course.referral.answers.get().answer == "Faste rutiner"
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "<dt>Hvad har familien selv prøvet?</dt><dd>Faste rutiner</dd>" in page


def test_ishoj_the_referral_form_approves_at_once(client):
    ishoj = MunicipalityFactory(name="Ishøj", code="183")
    variant_from_preset(municipality=ishoj, preset=Preset.ISHOJ)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=ishoj)
    client.force_login(educator)
    page = client.get(reverse("referral_create")).content.decode()
    assert "Ishøj kræver ikke forudgående visitation" in page
    response = client.post(reverse("referral_create"), _referral_post(), follow=True)
    course = Course.objects.get()
    assert (course.phase, course.primary_educator) == ("decided", educator)
    assert response.redirect_chain[-1][0] == reverse("course_detail", args=[course.pk])
    assert "ingen visitation i Ishøjs model" in response.content.decode()


def test_ishoj_a_coordinator_without_an_educator_gets_the_danish_error(client):
    ishoj = MunicipalityFactory(name="Ishøj", code="183")
    variant_from_preset(municipality=ishoj, preset=Preset.ISHOJ)
    client.force_login(user_for_role(Role.COORDINATOR, municipality=ishoj))
    response = client.post(reverse("referral_create"), _referral_post())
    assert response.status_code == 200
    assert "Vælg forløbets primære hjemmepædagog." in response.content.decode()
    assert not Course.objects.exists()
