"""The family's changes after the referral: a parent added or removed, custody gained or lost,
contact details and the household. Each rule is broken here and its Danish message read."""

import uuid
from datetime import timedelta

import pytest

from families.models import Consent, FamilyChange, Guardian
from families.selectors import consent_valid, custodians_on, guardians_current, guardians_with_active_consent
from families.services import (
    consent_record,
    guardian_contact_update,
    guardian_custody_change,
    guardian_remove,
    phone_normalise,
)
from families.tests.guardian_cases import (  # noqa: F401 (fixtures among them)
    CONTACT,
    PARENTS,
    SHARE,
    TODAY,
    _add,
    _daycare_visit,
    _refused,
    started,
    two_parents,
)
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from surveys.models import Invitation
from visitation.tests.factories import consents_give, course_closed

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------------------ a new custodian


def test_a_new_custodian_must_consent_before_a_daycare_visit_shares_information(started, coordinator):
    assert _daycare_visit(started).kind == "daycare"  # Sara's consent is enough today
    ali = _add(started)
    error = _refused(_daycare_visit, course=started)
    assert error.field == "kind"
    assert str(error) == (
        "Et besøg i dagtilbuddet kræver samtykket “Deling af oplysninger med dagtilbuddet” fra alle forældre med "
        f"forældremyndighed, gældende den {TODAY():%d.%m.%Y}. Det mangler fra Ali Hassan. Registrér samtykket "
        "under “Samtykker” på forløbets side."
    )
    consents_give(course=started, acting_user=coordinator, scopes=[SHARE], guardians=[ali], given_on=TODAY())
    assert _daycare_visit(started).kind == "daycare"


def test_a_new_custodian_counts_from_the_day_custody_began(started):
    _add(started, on=TODAY() - timedelta(days=3))
    assert _daycare_visit(started, date=TODAY() - timedelta(days=5)).kind == "daycare"  # before Ali's custody
    with pytest.raises(DomainError, match="Det mangler fra Ali Hassan."):
        _daycare_visit(started, date=TODAY() - timedelta(days=2))


def test_a_consent_cannot_be_dated_before_the_custody_began(started, coordinator):
    ali = _add(started, on=TODAY() - timedelta(days=3))
    error = _refused(
        consents_give,
        course=started,
        acting_user=coordinator,
        scopes=[SHARE],
        guardians=[ali],
        given_on=TODAY() - timedelta(days=4),
    )
    assert error.field == "given_on"
    assert str(error) == (
        f"Ali Hassan har haft forældremyndighed siden {TODAY() - timedelta(days=3):%d.%m.%Y}: samtykket kan ikke "
        "dateres tidligere."
    )


def test_a_parent_added_without_custody_is_not_asked(started):
    ali = _add(started, has_custody=False)
    assert ali.custody_since is None
    assert _daycare_visit(started).kind == "daycare"


def test_adding_a_parent_records_history_and_an_audit_event(started):
    ali = _add(started, phone="+45 12345678", email="ali@example.dk", on=TODAY() - timedelta(days=1))
    assert (ali.phone, ali.email, ali.custody_since) == (
        "+45 12 34 56 78",
        "ali@example.dk",
        TODAY() - timedelta(days=1),
    )
    [change] = FamilyChange.objects.filter(family=started.family)
    assert (change.kind, change.guardian, change.on, change.recorded_by) == (
        "guardian_added",
        ali,
        TODAY() - timedelta(days=1),
        started.primary_educator,
    )
    event = AuditEvent.objects.get(object_type="guardian", object_id=str(ali.pk))
    assert (event.action, event.subject_type, event.subject_id) == ("create", "guardian", str(ali.pk))
    assert event.criterion == f"parent added on {TODAY() - timedelta(days=1):%Y-%m-%d}: father, custody yes"
    assert "Ali" not in event.criterion and "1234" not in event.criterion


def test_the_same_form_sent_twice_adds_one_parent(started):
    key = uuid.uuid4()
    first = _add(started, form_key=key)
    again = _add(started, form_key=key)
    assert again.pk == first.pk
    assert started.family.guardians.filter(name="Ali Hassan").count() == 1
    assert AuditEvent.objects.filter(object_type="guardian", action="create").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": "  "}, "name", "Skriv forælderens navn."),
        ({"relation": ""}, "relation", "Vælg forælderens relation til barnet."),
        ({"has_custody": None}, "has_custody", "Vælg om forælderen har forældremyndighed."),
        ({"on": TODAY() + timedelta(days=1)}, "on", "Datoen kan ikke ligge i fremtiden."),
        ({"name": "sara nielsen"}, "name", "sara nielsen er allerede registreret som forælder i familien."),
        (
            {"phone": "1234567"},
            "phone",
            "Skriv et dansk telefonnummer: 8 cifre, eventuelt med +45 foran, fx 12 34 56 78.",
        ),
        ({"email": "ali@"}, "email", "Skriv en gyldig e-mailadresse, fx navn@eksempel.dk."),
    ],
)
def test_adding_a_parent_refuses_bad_input(started, overrides, field, message):
    error = _refused(_add, course=started, **overrides)
    assert (error.field, str(error)) == (field, message)
    assert not FamilyChange.objects.exists()
    assert started.family.guardians.count() == 1


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("12345678", "12 34 56 78"), ("12 34 56 78", "12 34 56 78"), ("+4512345678", "+45 12 34 56 78"), ("", "")],
)
def test_a_danish_phone_number_is_stored_in_pairs(typed, stored):
    assert phone_normalise(typed) == stored


@pytest.mark.parametrize("typed", ["1234567", "123456789", "+46 12345678", "12-34-56-78", "tlf 12345678", "+45"])
def test_other_phone_numbers_are_refused(typed):
    with pytest.raises(DomainError, match="Skriv et dansk telefonnummer"):
        phone_normalise(typed)


# ------------------------------------------------------------------------------ removal


def test_removing_a_parent_keeps_them_as_history_and_ends_their_consents(two_parents):
    sara, jonas = two_parents.family.guardians.all()
    removed = guardian_remove(
        acting_user=two_parents.primary_educator,
        course=two_parents,
        guardian=jonas,
        left_on=TODAY() - timedelta(days=1),
    )
    assert Guardian.objects.filter(pk=jonas.pk).exists()
    assert removed.left_on == TODAY() - timedelta(days=1)
    assert list(guardians_current(family=two_parents.family)) == [sara]
    assert list(custodians_on(family=two_parents.family)) == [sara]
    assert not Consent.objects.filter(guardian=jonas, withdrawn_on__isnull=True).exists()
    assert guardians_with_active_consent(family=two_parents.family, scope=CONTACT) == [sara]
    # Sara's consent alone now counts; for a day before Jonas left, his ended consent was valid.
    assert consent_valid(family=two_parents.family, scope=SHARE)
    assert consent_valid(family=two_parents.family, scope=SHARE, on=TODAY() - timedelta(days=2))
    change = FamilyChange.objects.get(kind="guardian_left")
    assert (change.guardian, change.on) == (jonas, TODAY() - timedelta(days=1))
    event = AuditEvent.objects.get(object_type="guardian", object_id=str(jonas.pk), action="update")
    assert event.criterion == f"parent left the family on {TODAY() - timedelta(days=1):%Y-%m-%d}; 3 consents ended"


def test_the_familys_name_is_its_current_parents_only(two_parents):
    jonas = two_parents.family.guardians.get(name="Jonas Nielsen")
    assert str(two_parents.family) == "Sara Nielsen og Jonas Nielsen"
    guardian_remove(acting_user=two_parents.primary_educator, course=two_parents, guardian=jonas, left_on=TODAY())
    two_parents.family.refresh_from_db()
    assert str(two_parents.family) == "Sara Nielsen"


def test_a_removed_parent_gets_no_questionnaire_invitation(coordinator):
    closed = course_closed(coordinator=coordinator, guardians=PARENTS)
    sara, jonas = closed.family.guardians.all()
    assert set(Invitation.objects.filter(course=closed).values_list("guardian", flat=True)) == {sara.pk, jonas.pk}
    guardian_remove(acting_user=coordinator, course=closed, guardian=jonas, left_on=TODAY())
    open_invitations = Invitation.objects.filter(course=closed, cancelled_at__isnull=True)
    assert set(open_invitations.values_list("guardian", flat=True)) == {sara.pk}


def test_the_last_parent_cannot_be_removed(started):
    sara = started.family.guardians.get()
    error = _refused(
        guardian_remove, acting_user=started.primary_educator, course=started, guardian=sara, left_on=TODAY()
    )
    assert str(error) == (
        "Sara Nielsen er familiens eneste forælder. En familie skal have mindst én forælder: tilføj først den nye forælder."
    )
    assert Guardian.objects.get(pk=sara.pk).left_on is None


def test_the_last_custodian_cannot_be_removed(started):
    sara = started.family.guardians.get()
    _add(started, has_custody=False)
    error = _refused(
        guardian_remove, acting_user=started.primary_educator, course=started, guardian=sara, left_on=TODAY()
    )
    assert str(error) == (
        "Sara Nielsen er familiens eneste forælder med forældremyndighed og kan ikke fjernes. En familie skal have "
        "mindst én forælder med forældremyndighed: registrér først en anden forælders forældremyndighed."
    )


def test_a_removed_parent_cannot_be_removed_or_changed_again(two_parents):
    jonas = two_parents.family.guardians.get(name="Jonas Nielsen")
    guardian_remove(acting_user=two_parents.primary_educator, course=two_parents, guardian=jonas, left_on=TODAY())
    message = "Jonas Nielsen er fraflyttet familien og gemmes kun som historik."
    jonas.refresh_from_db()
    for call, arguments in [
        (guardian_remove, {"left_on": TODAY()}),
        (guardian_custody_change, {"has_custody": False, "on": TODAY()}),
        (guardian_contact_update, {"phone": "12345678", "email": ""}),
    ]:
        error = _refused(
            call, acting_user=two_parents.primary_educator, course=two_parents, guardian=jonas, **arguments
        )
        assert str(error) == message
    error = _refused(
        consent_record,
        acting_user=two_parents.primary_educator,
        course=two_parents,
        guardian=jonas,
        scope=SHARE,
        text_version=Consent.objects.filter(guardian=jonas).first().text_version,
        given_on=TODAY(),
    )
    assert str(error) == message


def test_a_removal_cannot_be_dated_in_the_future(two_parents):
    jonas = two_parents.family.guardians.get(name="Jonas Nielsen")
    error = _refused(
        guardian_remove,
        acting_user=two_parents.primary_educator,
        course=two_parents,
        guardian=jonas,
        left_on=TODAY() + timedelta(days=1),
    )
    assert (error.field, str(error)) == ("left_on", "Datoen kan ikke ligge i fremtiden.")
