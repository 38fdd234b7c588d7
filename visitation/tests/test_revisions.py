"""A coordinator revises the complexity and § 52 after the intake decision: the service's rules,
the history, and what the course page and the revision page show to each role."""

import re
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.models import ReferralRevision
from visitation.selectors import referral_current_assessment
from visitation.services import referral_revise
from visitation.tests.factories import course_closed, course_decided, course_started, referral_register

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def course(coordinator, educator):
    return course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=30))


def _revise(course, user, **overrides):
    arguments = {
        "on": TODAY(),
        "complexity": "medium",
        "section_52_decided": False,
        "justification": "Forløbet har vist, at mor har brug for mere end vejledning",
        **overrides,
    }
    return referral_revise(acting_user=user, course=course, **arguments)


def test_a_revision_keeps_the_referrals_values_and_becomes_the_current_assessment(course, coordinator):
    revision = _revise(course, coordinator)
    referral = course.referral
    referral.refresh_from_db()
    assert (referral.complexity, referral.section_52_decided) == ("low", False)  # as at the referral
    assert (revision.previous_complexity, revision.complexity, revision.by) == ("low", "medium", coordinator)
    assert referral_current_assessment(referral=referral) == ("medium", False)
    _revise(course, coordinator, complexity="medium", section_52_decided=True, justification="§ 52 besluttet")
    assert referral_current_assessment(referral=referral) == ("medium", True)
    assert list(referral.revisions.values_list("previous_section_52_decided", "section_52_decided")) == [
        (False, False),
        (False, True),
    ]
    event = AuditEvent.objects.filter(object_type="referral", action="update").order_by("pk").last()
    assert (event.criterion, event.subject_type) == ("revised (section_52)", "family")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"justification": "  "}, "Skriv, hvorfor kompleksitet eller § 52 revideres."),
        ({"complexity": "low"}, "Intet er ændret: vælg en anden kompleksitet eller et andet svar om § 52."),
        ({"complexity": "extreme"}, "Vælg kompleksiteten."),
        ({"on": TODAY() + timedelta(days=1)}, "Datoen ligger mellem .* og i dag."),
        ({"on": TODAY() - timedelta(days=400)}, "Datoen ligger mellem .* og i dag."),
    ],
)
def test_a_revision_needs_a_change_a_justification_and_a_date(course, coordinator, overrides, message):
    with pytest.raises(DomainError, match=message):
        _revise(course, coordinator, **overrides)
    assert not ReferralRevision.objects.exists()


def test_a_revision_is_not_dated_before_the_last_one(course, coordinator):
    _revise(course, coordinator, on=TODAY() - timedelta(days=2))
    with pytest.raises(DomainError, match="den seneste revision"):
        _revise(course, coordinator, on=TODAY() - timedelta(days=5), complexity="high")


def test_only_a_coordinator_of_the_municipality_revises(course, educator, other_municipality):
    with pytest.raises(DomainError, match="Kun en tovholder i kommunen kan revidere kompleksitet og § 52."):
        _revise(course, educator)
    with pytest.raises(DomainError, match="Kun en tovholder"):
        _revise(course, user_for_role(Role.COORDINATOR, municipality=other_municipality))


def test_a_course_is_revised_from_the_decision_until_it_closes(coordinator):
    _revise(course_decided(coordinator=coordinator), coordinator)
    message = "Kompleksitet og § 52 revideres fra visitationen, indtil forløbet afsluttes; dette forløb er afsluttet."
    with pytest.raises(DomainError, match=message):
        _revise(course_closed(coordinator=coordinator), coordinator)
    with pytest.raises(DomainError, match="dette forløb er henvist."):
        _revise(referral_register(coordinator=coordinator), coordinator)


def test_the_database_refuses_a_revision_without_justification_or_change(course, coordinator):
    revision = _revise(course, coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReferralRevision.objects.filter(pk=revision.pk).update(justification="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReferralRevision.objects.filter(pk=revision.pk).update(complexity="low")


# ----------------------------------------------------------------------------------- pages


def _referral_section(client, user, course) -> str:
    client.force_login(user)
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    start = page.index('id="henvendelse"')
    return page[start : page.index("</section>", start)]


def test_the_course_page_shows_the_current_value_and_each_revision_with_date_who_and_why(
    client, course, coordinator, educator
):
    _revise(course, coordinator, complexity="medium", section_52_decided=True, justification="Afgørelse 3. marts")
    for user in (coordinator, educator):
        section = _referral_section(client, user, course)
        assert "Middel (ved henvendelsen: lav)" in section
        assert "Ja, der er afgjort foranstaltninger efter § 52 (ved henvendelsen: nej)" in section
        assert "Revisioner af kompleksitet og § 52" in section
        assert f"{TODAY():%d.%m.%Y}, {coordinator}" in section
        assert "kompleksitet lav → middel; foranstaltninger efter § 52 nej → ja." in section
        assert "Hvorfor: Afgørelse 3. marts" in section


def test_a_manager_sees_the_revision_but_not_its_justification(client, course, coordinator, municipality):
    _revise(course, coordinator, justification="Afgørelse 3. marts")
    section = _referral_section(client, user_for_role(Role.MANAGER, municipality=municipality), course)
    assert "kompleksitet lav → middel" in section
    assert "Afgørelse 3. marts" not in section
    assert "Begrundelsen vises kun for hjemmepædagoger og tovholdere." in section
    assert reverse("referral_revise", args=[course.pk]) not in section


def test_the_revise_link_is_the_coordinators_on_a_course_not_closed(client, course, coordinator, educator):
    url = reverse("referral_revise", args=[course.pk])
    assert url in _referral_section(client, coordinator, course)
    assert url not in _referral_section(client, educator, course)
    closed = course_closed(coordinator=coordinator)
    assert reverse("referral_revise", args=[closed.pk]) not in _referral_section(client, coordinator, closed)


def test_revising_on_the_page_and_a_failed_post_keeps_what_was_typed(client, course, coordinator):
    client.force_login(coordinator)
    url = reverse("referral_revise", args=[course.pk])
    before = AuditEvent.objects.order_by("-pk").first().pk
    response = client.post(
        url, {"on": TODAY().strftime("%d.%m.%Y"), "complexity": "low", "section_52_decided": "no", "justification": "x"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Intet er ændret" in page
    assert list(AuditEvent.objects.filter(pk__gt=before).values_list("action", "object_type")) == [("view", "referral")]
    response = client.post(
        url,
        {
            "on": TODAY().strftime("%d.%m.%Y"),
            "complexity": "high",
            "section_52_decided": "yes",
            "justification": "",
        },
    )
    page = response.content.decode()
    assert "Hvorfor revideres vurderingen?: Dette felt er påkrævet." in page
    [high] = re.findall(r'<input type="radio" name="complexity" value="high"[^>]*>', page)
    assert "checked" in high  # kept as chosen
    response = client.post(
        url,
        {
            "on": TODAY().strftime("%d.%m.%Y"),
            "complexity": "high",
            "section_52_decided": "yes",
            "justification": "Familieafdelingen har truffet afgørelse",
        },
        follow=True,
    )
    assert "Revisionen er gemt." in response.content.decode()
    assert referral_current_assessment(referral=course.referral) == ("high", True)


def test_anonymising_the_referral_empties_the_justifications(course, coordinator):
    from visitation.services import referral_anonymise

    _revise(course, coordinator, justification="Afgørelse om § 52 den 3. marts")
    referral_anonymise(course=course)
    revision = ReferralRevision.objects.get()
    assert (revision.justification, revision.complexity) == ("Anonymiseret", "medium")
