"""Consents as records: who gave which consent to which wording, withdrawal in one step, the
history kept, and the rule that every parent with custody must have consented."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from families.models import Consent, ConsentScope, ConsentText
from families.selectors import (
    consent_overview,
    consent_text_current,
    consent_valid,
    guardians_without_consent,
)
from families.services import consent_record, consent_withdraw
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.services import GuardianData
from visitation.tests.factories import consents_give, course_closed, course_decided

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
SHARE = ConsentScope.SHARE_WITH_DAYCARE
CONTACT = ConsentScope.CONTACT_FOR_QUESTIONNAIRE
PARENTS = [
    GuardianData(name="Sara Nielsen", relation="mother"),
    GuardianData(name="Jonas Nielsen", relation="father"),
]


@pytest.fixture
def course(coordinator):
    """Two parents with custody, neither has consented to anything yet."""
    return course_decided(coordinator=coordinator, guardians=PARENTS, consents=())


def _record(course, guardian, scope=SHARE, *, acting_user=None, given_on=None, text_version=None):
    return consent_record(
        acting_user=acting_user or course.primary_educator,
        course=course,
        guardian=guardian,
        scope=scope,
        text_version=text_version or consent_text_current(scope=scope),
        given_on=given_on or TODAY() - timedelta(days=2),
    )


def test_the_shipped_texts_are_danish_and_version_1():
    for scope in ConsentScope.values:
        text = consent_text_current(scope=scope)
        assert text.version == 1
        assert text.text.startswith("Jeg giver samtykke til")


def test_recording_keeps_who_when_and_the_wording(course):
    sara = course.family.guardians.get(name="Sara Nielsen")
    consent = _record(course, sara)
    stored = Consent.objects.get(pk=consent.pk)
    assert (stored.guardian, stored.scope, stored.given_on) == (sara, SHARE, TODAY() - timedelta(days=2))
    assert stored.text_version == consent_text_current(scope=SHARE)
    assert stored.recorded_by == course.primary_educator
    assert stored.recorded_at is not None and stored.withdrawn_on is None
    event = AuditEvent.objects.get(object_type="consent", object_id=str(consent.pk))
    assert (event.action, event.subject_type, event.subject_id) == ("create", "guardian", str(sara.pk))
    assert event.actor == course.primary_educator


def test_a_parent_without_custody_cannot_consent(coordinator):
    course = course_decided(
        coordinator=coordinator,
        consents=(),
        guardians=[PARENTS[0], GuardianData(name="Ali Hussein", relation="father", has_custody=False)],
    )
    ali = course.family.guardians.get(name="Ali Hussein")
    with pytest.raises(DomainError) as error:
        _record(course, ali)
    assert str(error.value) == (
        "Kun en forælder med forældremyndighed kan give samtykke. Ali Hussein har ikke forældremyndighed."
    )
    assert not Consent.objects.exists()


def test_a_consent_cannot_be_dated_in_the_future(course):
    with pytest.raises(DomainError, match="Datoen for samtykket kan ikke ligge i fremtiden.") as error:
        _record(course, course.family.guardians.first(), given_on=TODAY() + timedelta(days=1))
    assert error.value.field == "given_on"


def test_only_the_course_staff_record_consents(course, municipality):
    stranger = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    with pytest.raises(DomainError, match="Kun forløbets hjemmepædagoger eller en tovholder"):
        _record(course, course.family.guardians.first(), acting_user=stranger)
    manager = user_for_role(Role.MANAGER, municipality=municipality)
    with pytest.raises(DomainError, match="Kun forløbets hjemmepædagoger eller en tovholder"):
        _record(course, course.family.guardians.first(), acting_user=manager)


def test_a_guardian_of_another_family_is_refused(course, coordinator):
    other = course_decided(coordinator=coordinator, consents=())
    with pytest.raises(DomainError, match="Forælderen hører ikke til forløbets familie."):
        _record(course, other.family.guardians.get())


def test_one_active_consent_per_scope(course):
    sara = course.family.guardians.get(name="Sara Nielsen")
    _record(course, sara)
    with pytest.raises(DomainError) as error:
        _record(course, sara)
    assert str(error.value) == (
        "Sara Nielsen har allerede givet samtykke til “Deling af oplysninger med dagtilbuddet” (givet den "
        f"{TODAY() - timedelta(days=2):%d.%m.%Y}). Træk det samtykke tilbage først, hvis du vil registrere et nyt."
    )
    _record(course, sara, ConsentScope.INVOLVE_PROFESSIONALS)  # another scope is its own consent
    assert sara.consents.count() == 2


def test_the_database_refuses_a_second_active_consent(course):
    sara = course.family.guardians.get(name="Sara Nielsen")
    consent = _record(course, sara)
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(
            guardian=sara,
            scope=SHARE,
            text_version=consent.text_version,
            given_on=TODAY(),
            recorded_by=course.primary_educator,
        )


def test_a_replaced_text_version_is_refused(course):
    sara = course.family.guardians.get(name="Sara Nielsen")
    old = consent_text_current(scope=SHARE)
    new = ConsentText.objects.create(scope=SHARE, version=2, text="Ny ordlyd.", valid_from=TODAY())
    with pytest.raises(DomainError, match="er afløst af en ny version"):
        _record(course, sara, text_version=old)
    assert _record(course, sara, text_version=new).text_version.version == 2


def test_a_text_of_another_scope_is_refused(course):
    with pytest.raises(DomainError, match="er afløst af en ny version"):
        _record(course, course.family.guardians.first(), SHARE, text_version=consent_text_current(scope=CONTACT))


def test_withdrawal_is_one_step_kept_as_history_and_audited(course, coordinator):
    sara = course.family.guardians.get(name="Sara Nielsen")
    consent = _record(course, sara, given_on=TODAY() - timedelta(days=30))
    withdrawn = consent_withdraw(acting_user=coordinator, course=course, consent=consent)
    assert (withdrawn.withdrawn_on, withdrawn.withdrawn_by) == (TODAY(), coordinator)
    assert withdrawn.withdrawn_at is not None
    event = AuditEvent.objects.get(object_type="consent", object_id=str(consent.pk), action="update")
    assert (event.subject_type, event.subject_id, event.actor) == ("guardian", str(sara.pk), coordinator)
    with pytest.raises(DomainError, match=f"Samtykket blev allerede trukket tilbage den {TODAY():%d.%m.%Y}."):
        consent_withdraw(acting_user=coordinator, course=course, consent=consent)
    again = _record(course, sara, given_on=TODAY())  # a new consent is a new row
    status = next(s for s in consent_overview(family=course.family)[0].scopes if s.scope == SHARE)
    assert status.active == again
    assert status.history == [withdrawn]
    assert Consent.objects.filter(guardian=sara, scope=SHARE).count() == 2


def test_the_database_refuses_an_incomplete_withdrawal(course):
    consent = _record(course, course.family.guardians.first())
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.filter(pk=consent.pk).update(withdrawn_on=TODAY())


def test_valid_needs_every_parent_with_custody(course):
    sara, jonas = course.family.guardians.all()
    assert not consent_valid(family=course.family, scope=SHARE)
    _record(course, sara)
    assert not consent_valid(family=course.family, scope=SHARE)
    assert guardians_without_consent(family=course.family, scope=SHARE) == [jonas]
    _record(course, jonas)
    assert consent_valid(family=course.family, scope=SHARE)
    assert not consent_valid(family=course.family, scope=CONTACT)


def test_valid_is_judged_on_the_day_of_the_action(course, coordinator):
    sara, jonas = course.family.guardians.all()
    for guardian in (sara, jonas):
        _record(course, guardian, given_on=TODAY() - timedelta(days=10))
    consent_withdraw(acting_user=coordinator, course=course, consent=jonas.consents.get())
    assert consent_valid(family=course.family, scope=SHARE, on=TODAY() - timedelta(days=5))
    assert not consent_valid(family=course.family, scope=SHARE, on=TODAY() - timedelta(days=11))
    assert not consent_valid(family=course.family, scope=SHARE, on=TODAY())


def test_a_family_without_a_parent_with_custody_has_no_valid_consent(coordinator):
    course = course_decided(
        coordinator=coordinator,
        consents=(),
        guardians=[GuardianData(name="Ali Hussein", relation="father", has_custody=False)],
    )
    assert not consent_valid(family=course.family, scope=SHARE)


def test_withdrawing_the_questionnaire_consent_cancels_only_that_parents_open_invitations(
    coordinator, shipped_questionnaires
):
    course = course_closed(coordinator=coordinator, guardians=PARENTS)
    sara, jonas = course.family.guardians.all()
    assert course.invitations.count() == 2
    consent_withdraw(acting_user=coordinator, course=course, consent=sara.consents.get(scope=CONTACT))
    assert course.invitations.get(guardian=sara).status == "cancelled"
    assert course.invitations.get(guardian=jonas).status == "open"
    event = AuditEvent.objects.get(object_type="consent", action="update")
    assert event.criterion == "consent contact_for_questionnaire withdrawn, 1 invitations cancelled"


def test_other_withdrawals_leave_the_invitations_alone(coordinator, shipped_questionnaires):
    course = course_closed(coordinator=coordinator)
    sara = course.family.guardians.get()
    consent_withdraw(acting_user=coordinator, course=course, consent=sara.consents.get(scope=SHARE))
    assert course.invitations.get().status == "open"


def test_consent_to_be_contacted_after_closure_makes_the_invitation(coordinator, shipped_questionnaires):
    course = course_closed(
        coordinator=coordinator,
        guardians=PARENTS,
        consents=(SHARE, ConsentScope.INVOLVE_PROFESSIONALS),
    )
    assert not course.invitations.exists()
    sara = course.family.guardians.get(name="Sara Nielsen")
    consents_give(course=course, acting_user=coordinator, scopes=[CONTACT], guardians=[sara], given_on=TODAY())
    assert list(course.invitations.values_list("guardian__name", flat=True)) == ["Sara Nielsen"]
