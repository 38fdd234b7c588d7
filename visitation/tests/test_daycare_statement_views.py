"""The daycare leader's pages and the coordinator's decision page with her statement (Helsingør)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import DaycareFactory, user_for_role
from visitation import services
from visitation.models import DaycareStatement, IntakeDecision
from visitation.services import ChildData
from visitation.tests.factories import cpr_for, recent_birth, referral_register
from visitation.tests.helsingor import daycare, helsingor, leader  # noqa: F401  (the fixtures)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _referral_in(coordinator, daycare, serial="4123"):
    born = recent_birth(days=400)
    child = ChildData(
        name="Alma Nielsen", birth_date=born, daycare=daycare, attends_daycare=True, cpr=cpr_for(born, serial=serial)
    )
    return referral_register(coordinator=coordinator, children=[child], concern="Mor er meget træt og presset.")


def test_the_leader_finds_the_referral_and_gives_her_statement(client, coordinator, leader, daycare):
    course = _referral_in(coordinator, daycare)
    client.force_login(leader)
    home = client.get(reverse("home")).content.decode()
    assert "Udtalelser" in home  # her menu
    assert f"Forløb nr. {course.pk}, modtaget den" in home
    assert "1 henvendelse venter på din udtalelse." in home

    listing = client.get(reverse("daycare_statement_list")).content.decode()
    assert "Alma, 13 måneder" in listing or "Alma, 12 måneder" in listing
    for hidden in ("Nielsen", "Sara", "4123"):  # no surname, parent or CPR number
        assert hidden not in listing

    url = reverse("daycare_statement_give", args=[course.pk])
    page = client.get(url).content.decode()
    assert "Mor er meget træt og presset." in page
    assert "Nielsen" not in page and "4123" not in page

    refused = client.post(url, {"text": "  "})
    assert refused.status_code == 200
    assert "Skriv din udtalelse." in refused.content.decode()
    assert not DaycareStatement.objects.exists()

    response = client.post(url, {"text": "Alma trives, men er ofte træt om morgenen."})
    assert response.status_code == 302
    listing = client.get(response["Location"]).content.decode()
    assert "Din udtalelse er gemt. Du kan rette den, indtil visitationen er afgjort." in listing
    assert "Givet – ret den" in listing
    assert "Alma trives, men er ofte træt om morgenen." in client.get(url).content.decode()


def test_another_daycares_and_another_municipalitys_referrals_answer_404(
    client, coordinator, leader, helsingor, other_municipality
):
    elsewhere = _referral_in(coordinator, DaycareFactory(municipality=helsingor, name="Børnehuset Mælkebøtten"))
    other_coordinator = user_for_role(Role.COORDINATOR, municipality=other_municipality)
    foreign = _referral_in(other_coordinator, DaycareFactory(municipality=other_municipality))
    client.force_login(leader)
    for course in (elsewhere, foreign):
        assert client.get(reverse("daycare_statement_give", args=[course.pk])).status_code == 404
        assert client.post(reverse("daycare_statement_give", args=[course.pk]), {"text": "x"}).status_code == 404
    assert (
        "Ingen henvendelser venter på din udtalelse." in client.get(reverse("daycare_statement_list")).content.decode()
    )


def test_under_a_model_without_her_statement_nothing_waits(client, coordinator, municipality):
    daycare = DaycareFactory(municipality=municipality)
    course = _referral_in(coordinator, daycare)
    client.force_login(user_for_role(Role.DAYCARE_LEADER, municipality=municipality, daycare=daycare))
    assert client.get(reverse("daycare_statement_give", args=[course.pk])).status_code == 404
    assert "Ingen henvendelser venter på din udtalelse." in client.get(reverse("home")).content.decode()


def test_after_the_decision_she_reads_her_statement_and_cannot_change_it(
    client, coordinator, educator, leader, daycare
):
    course = _referral_in(coordinator, daycare)
    services.daycare_statement_give(acting_user=leader, course=course, text="Alma trives.")
    services.referral_approve(acting_user=coordinator, course=course, decided_on=TODAY(), primary_educator=educator)
    client.force_login(leader)
    url = reverse("daycare_statement_give", args=[course.pk])
    page = client.get(url).content.decode()
    assert "Visitationen er afgjort: din udtalelse blev registreret" in page and "Alma trives." in page
    refused = client.post(url, {"text": "Noget andet"}).content.decode()
    assert f"Visitationen blev afgjort den {TODAY():%d.%m.%Y}: udtalelsen kan ikke længere ændres." in refused
    assert DaycareStatement.objects.get().text == "Alma trives."


def test_the_coordinator_decides_with_the_leaders_statement(client, coordinator, educator, leader, daycare):
    course = _referral_in(coordinator, daycare)
    services.daycare_statement_give(acting_user=leader, course=course, text="Alma trives i vuggestuen.")
    client.force_login(coordinator)
    url = reverse("referral_decide", args=[course.pk])
    page = client.get(url).content.decode()
    assert "Alma trives i vuggestuen." in page
    assert f"Lone Berg, leder af Vuggestuen Solsikken, den {TODAY():%d.%m.%Y}" in page
    assert 'name="daycare_leader_name"' not in page  # her statement replaces the typed fields
    response = client.post(
        url,
        {
            "decision": "approve",
            "decided_on": TODAY().isoformat(),
            "primary_educator": educator.pk,
            "version": course.version,
        },
    )
    assert response.status_code == 302
    assert IntakeDecision.objects.get(course=course).daycare_statements.get().author == leader
    course_page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "Dagtilbudslederens udtalelse (Lone Berg, Vuggestuen Solsikken," in course_page
    assert "Alma trives i vuggestuen." in course_page


def test_without_her_statement_the_decision_page_says_so_and_asks_for_the_typed_one(
    client, coordinator, leader, daycare
):
    course = _referral_in(coordinator, daycare)
    client.force_login(coordinator)
    page = client.get(reverse("referral_decide", args=[course.pk])).content.decode()
    assert "Ingen dagtilbudsleder har endnu givet en udtalelse i systemet." in page
    assert 'name="daycare_leader_name"' in page


@pytest.mark.parametrize("rows", [1, 30])
def test_her_list_uses_a_fixed_number_of_queries(
    client, coordinator, leader, daycare, rows, django_assert_max_num_queries
):
    for row in range(rows):
        _referral_in(coordinator, daycare, serial=f"{4200 + row}")
    client.force_login(leader)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("daycare_statement_list")).content.decode()
    assert page.count("Giv din udtalelse") == rows
