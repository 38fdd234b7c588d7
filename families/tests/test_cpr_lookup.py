"""Finding the family a referral's child already belongs to, by the CPR number's lookup hash."""

from datetime import timedelta

import pytest
from django.utils import timezone

from families.services import ChildData, family_find_by_child_cpr
from hjemmepaed.audit.models import AuditEvent
from visitation.tests.factories import referral_register

pytestmark = pytest.mark.django_db

BORN = timezone.localdate() - timedelta(days=200)
CPR = f"{BORN:%d%m%y}-4123"


def test_a_match_is_a_search_event_about_the_family_without_the_number(coordinator):
    course = referral_register(coordinator=coordinator, children=[ChildData(name="Alma", birth_date=BORN, cpr=CPR)])
    found = family_find_by_child_cpr(
        acting_user=coordinator, children=[ChildData(name="Alma", birth_date=BORN, cpr=CPR.replace("-", ""))]
    )
    assert found == course.family
    event = AuditEvent.objects.order_by("-pk").first()
    assert (event.action, event.object_id, event.actor) == ("search", str(course.family_id), coordinator)
    assert CPR.replace("-", "") not in event.criterion and CPR[:6] not in event.criterion


def test_no_match_and_no_cpr_write_nothing(coordinator):
    referral_register(coordinator=coordinator, children=[ChildData(name="Alma", birth_date=BORN, cpr=CPR)])
    before = AuditEvent.objects.count()
    other = f"{BORN:%d%m%y}-4124"
    assert family_find_by_child_cpr(acting_user=coordinator, children=[ChildData(name="Bo", cpr=other)]) is None
    assert family_find_by_child_cpr(acting_user=coordinator, children=[ChildData(name="Bo", birth_date=BORN)]) is None
    assert AuditEvent.objects.count() == before
