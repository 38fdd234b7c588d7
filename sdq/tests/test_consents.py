"""An SDQ filled in by the daycare staff involves the daycare: it needs every parent with
custody's consent to share information with the daycare, on the measurement date."""

from datetime import timedelta

import pytest
from django.utils import timezone

from families.services import consent_withdraw
from hjemmepaed.errors import DomainError
from sdq.models import Measurement
from sdq.tests.factories import course_with_toddler, measurement
from visitation.tests.factories import consents_give

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def test_a_staff_sdq_needs_the_consent_to_share_with_the_daycare(coordinator):
    course = course_with_toddler(coordinator=coordinator, consents=("involve_professionals",))
    with pytest.raises(DomainError) as error:
        measurement(course=course, informant="staff")
    assert error.value.field == "informant"
    assert str(error.value) == (
        "Et SDQ udfyldt af personalet i dagtilbuddet kræver samtykket “Deling af oplysninger med dagtilbuddet” "
        f"fra alle forældre med forældremyndighed, gældende den {TODAY():%d.%m.%Y}. Det mangler fra Sara Nielsen. "
        "Registrér samtykket under “Samtykker” på forløbets side."
    )
    assert measurement(course=course, informant="parent").informant == "parent"  # the parents' own form shares nothing
    consents_give(course=course, acting_user=coordinator, scopes=["share_with_daycare"], given_on=TODAY())
    assert measurement(course=course, informant="staff").informant == "staff"


def test_a_staff_sdq_after_the_withdrawal_is_refused(coordinator):
    course = course_with_toddler(coordinator=coordinator)
    consent = course.family.guardians.get().consents.get(scope="share_with_daycare")
    consent_withdraw(acting_user=coordinator, course=course, consent=consent)
    with pytest.raises(DomainError, match="Deling af oplysninger med dagtilbuddet"):
        measurement(course=course, informant="staff", measured_on=TODAY())
    earlier = measurement(course=course, informant="staff", measured_on=TODAY() - timedelta(days=1))
    assert Measurement.objects.get() == earlier  # the form filled in while the consent held can be typed in
