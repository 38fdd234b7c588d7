"""The coordinator's intake queue and decision page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Course
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation import services
from visitation.tests.factories import referral_register

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def coordinator(client, municipality):
    user = user_for_role(Role.COORDINATOR, municipality=municipality)
    client.force_login(user)
    return user


def test_queue_lists_new_referrals_with_days_waited_and_the_waiting_list(client, coordinator):
    referral_register(coordinator=coordinator, received_on=TODAY() - timedelta(days=16))
    waiting = referral_register(coordinator=coordinator)
    services.referral_waitlist(acting_user=coordinator, course=waiting, placed_on=TODAY() - timedelta(days=3), position=1)
    page = client.get(reverse("intake_queue")).content.decode()
    assert "Nye henvendelser" in page and "Venteliste" in page
    assert "over 14 dage" in page
    assert "<td>16 <span class=\"badge badge-warning\">over 14 dage</span></td>" in page


@pytest.mark.parametrize("count", [1, 10])
def test_queue_query_count_does_not_grow(client, coordinator, count, django_assert_max_num_queries):
    for _ in range(count):
        referral_register(coordinator=coordinator)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("intake_queue")).status_code == 200


def test_approve_through_the_form(client, coordinator, municipality):
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = referral_register(coordinator=coordinator)
    page = client.get(reverse("referral_decide", args=[course.pk])).content.decode()
    assert "Mor oplever forældrerollen som svær" in page
    assert "der oplever ubalance mellem glæde og bekymringer" in page  # Bilag 2 wording
    response = client.post(
        reverse("referral_decide", args=[course.pk]),
        {"decision": "approve", "decided_on": TODAY().isoformat(), "primary_educator": educator.pk},
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.phase, course.primary_educator, course.visitation_date) == ("decided", educator, TODAY())


def test_approve_without_educator_or_justification_shows_danish_errors(client, coordinator, municipality):
    course = referral_register(coordinator=coordinator, section_52_decided=True)
    response = client.post(
        reverse("referral_decide", args=[course.pk]), {"decision": "approve", "decided_on": TODAY().isoformat()}
    )
    assert "Vælg den primære hjemmepædagog." in response.content.decode()
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    response = client.post(
        reverse("referral_decide", args=[course.pk]),
        {"decision": "approve", "decided_on": TODAY().isoformat(), "primary_educator": educator.pk},
    )
    content = response.content.decode()
    assert "Skriv en begrundelse for at visitere alligevel." in content
    assert Course.objects.get().phase == "referred"


def test_reject_through_the_form(client, coordinator):
    course = referral_register(coordinator=coordinator)
    response = client.post(
        reverse("referral_decide", args=[course.pk]),
        {"decision": "reject", "decided_on": TODAY().isoformat(), "reason": "Behov for anden indsats"},
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.phase, course.rejection_reason) == ("rejected", "Behov for anden indsats")


def test_deciding_twice_shows_the_phase_rule(client, coordinator):
    course = referral_register(coordinator=coordinator)
    data = {"decision": "reject", "decided_on": TODAY().isoformat(), "reason": "Nej"}
    client.post(reverse("referral_decide", args=[course.pk]), data)
    response = client.post(reverse("referral_decide", args=[course.pk]), data)
    assert "fra “Afvist” til “Afvist”" in response.content.decode()
