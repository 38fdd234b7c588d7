"""A parent's custody, contact details and household change with their history; who may change them, and in which order (issue 13)."""

from datetime import timedelta

import pytest

from families.models import Consent, FamilyChange, Guardian
from families.selectors import custodians_on
from families.services import (
    family_household_update,
    guardian_contact_update,
    guardian_custody_change,
    guardian_remove,
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
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.services import GuardianData
from visitation.tests.factories import consents_give, course_started

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------------------ custody


def test_losing_custody_ends_the_consents_which_stay_valid_for_the_days_before(two_parents):
    sara, jonas = two_parents.family.guardians.all()
    on = TODAY() - timedelta(days=2)
    guardian_custody_change(
        acting_user=two_parents.primary_educator, course=two_parents, guardian=jonas, has_custody=False, on=on
    )
    jonas.refresh_from_db()
    assert (jonas.has_custody, jonas.custody_since) == (False, None)
    ended = Consent.objects.filter(guardian=jonas)
    assert {consent.withdrawn_on for consent in ended} == {on}
    assert list(custodians_on(family=two_parents.family)) == [sara]
    assert _daycare_visit(two_parents).kind == "daycare"  # Sara's consent is enough now
    assert FamilyChange.objects.get(guardian=jonas).kind == "custody_lost"
    event = AuditEvent.objects.get(object_type="guardian", object_id=str(jonas.pk), action="update")
    assert event.criterion == f"custody_lost on {on:%Y-%m-%d}; 3 consents ended"


def test_regaining_custody_asks_for_consent_anew(two_parents, coordinator):
    jonas = two_parents.family.guardians.get(name="Jonas Nielsen")
    user = two_parents.primary_educator
    guardian_custody_change(
        acting_user=user, course=two_parents, guardian=jonas, has_custody=False, on=TODAY() - timedelta(days=2)
    )
    guardian_custody_change(acting_user=user, course=two_parents, guardian=jonas, has_custody=True, on=TODAY())
    with pytest.raises(DomainError, match="Det mangler fra Jonas Nielsen."):
        _daycare_visit(two_parents)
    consents_give(course=two_parents, acting_user=coordinator, scopes=[SHARE], guardians=[jonas], given_on=TODAY())
    assert _daycare_visit(two_parents).kind == "daycare"
    assert list(FamilyChange.objects.filter(guardian=jonas).values_list("kind", flat=True)) == [
        "custody_gained",
        "custody_lost",
    ]


def test_the_last_custodian_cannot_lose_custody(started):
    sara = started.family.guardians.get()
    error = _refused(
        guardian_custody_change,
        acting_user=started.primary_educator,
        course=started,
        guardian=sara,
        has_custody=False,
        on=TODAY(),
    )
    assert str(error) == (
        "Sara Nielsen er familiens eneste forælder med forældremyndighed og kan ikke miste den. En familie skal have "
        "mindst én forælder med forældremyndighed: registrér først en anden forælders forældremyndighed."
    )
    assert Guardian.objects.get(pk=sara.pk).has_custody


def test_a_custody_change_must_change_something(started):
    sara = started.family.guardians.get()
    error = _refused(
        guardian_custody_change,
        acting_user=started.primary_educator,
        course=started,
        guardian=sara,
        has_custody=True,
        on=TODAY(),
    )
    assert (error.field, str(error)) == ("has_custody", "Sara Nielsen har allerede forældremyndighed.")
    ali = _add(started, has_custody=False)
    error = _refused(
        guardian_custody_change,
        acting_user=started.primary_educator,
        course=started,
        guardian=ali,
        has_custody=False,
        on=TODAY(),
    )
    assert str(error) == "Ali Hassan har allerede ikke forældremyndighed."


# ------------------------------------------------------------------------------ contact, household


def test_contact_details_are_checked_and_the_history_names_the_fields(started):
    sara = started.family.guardians.get()
    user = started.primary_educator
    error = _refused(
        guardian_contact_update, acting_user=user, course=started, guardian=sara, phone="2030 405", email=""
    )
    assert (error.field, str(error)) == (
        "phone",
        "Skriv et dansk telefonnummer: 8 cifre, eventuelt med +45 foran, fx 12 34 56 78.",
    )
    error = _refused(
        guardian_contact_update, acting_user=user, course=started, guardian=sara, phone="", email="sara@@x"
    )
    assert (error.field, str(error)) == ("email", "Skriv en gyldig e-mailadresse, fx navn@eksempel.dk.")
    updated = guardian_contact_update(
        acting_user=user, course=started, guardian=sara, phone="+45 2030 4050", email="sara@example.dk"
    )
    assert (updated.phone, updated.email) == ("+45 20 30 40 50", "sara@example.dk")
    change = FamilyChange.objects.get(kind="contact_changed")
    assert [str(label) for label in change.changed_labels] == ["telefon", "e-mail"]
    event = AuditEvent.objects.get(object_type="guardian", action="update")
    assert event.criterion == "contact details changed: phone, email"
    error = _refused(
        guardian_contact_update,
        acting_user=user,
        course=started,
        guardian=sara,
        phone="+4520304050",
        email="sara@example.dk",
    )
    assert str(error) == "Intet blev ændret: telefonnummer og e-mailadresse er som registreret."


def test_the_household_is_changed_with_its_history(started):
    user = started.primary_educator
    error = _refused(
        family_household_update,
        acting_user=user,
        course=started,
        language=" ",
        interpreter_needed=True,
        single_parent=False,
    )
    assert (error.field, str(error)) == ("language", "Skriv det sprog, der tales i hjemmet, fx dansk.")
    family = family_household_update(
        acting_user=user, course=started, language="arabisk", interpreter_needed=True, single_parent=False
    )
    assert (family.language, family.interpreter_needed, family.single_parent) == ("arabisk", True, False)
    change = FamilyChange.objects.get(kind="household_changed")
    assert change.changed == "language interpreter_needed"
    event = AuditEvent.objects.get(object_type="family", action="update")
    assert (event.subject_type, event.criterion) == ("family", "household changed: language, interpreter_needed")
    assert "arabisk" not in event.criterion
    error = _refused(
        family_household_update,
        acting_user=user,
        course=started,
        language="arabisk",
        interpreter_needed=True,
        single_parent=False,
    )
    assert str(error) == "Intet blev ændret: sprog og husstand er som registreret."


# ------------------------------------------------------------------------------ who may


def test_only_the_courses_staff_change_the_family(started, municipality, other_municipality):
    staff_message = "Kun forløbets hjemmepædagoger eller en tovholder kan gøre dette."
    for user in [
        user_for_role(Role.HOME_EDUCATOR, municipality=municipality),  # not this course's educator
        user_for_role(Role.MANAGER, municipality=municipality),
        user_for_role(Role.COORDINATOR, municipality=other_municipality),
    ]:
        error = _refused(_add, course=started, acting_user=user)
        assert str(error) == staff_message
        error = _refused(
            family_household_update,
            acting_user=user,
            course=started,
            language="arabisk",
            interpreter_needed=True,
            single_parent=False,
        )
        assert str(error) == staff_message
    assert started.family.guardians.count() == 1


def test_a_parent_of_another_family_is_refused(started, coordinator):
    other = course_started(coordinator=coordinator, guardians=[GuardianData(name="Eva Holm", relation="mother")])
    eva = other.family.guardians.get()
    error = _refused(
        guardian_contact_update, acting_user=coordinator, course=started, guardian=eva, phone="12345678", email=""
    )
    assert str(error) == "Forælderen hører ikke til forløbets familie."


def test_a_parents_changes_follow_each_other_in_time(started):
    ali = _add(started, on=TODAY() - timedelta(days=3))
    error = _refused(
        guardian_custody_change,
        acting_user=started.primary_educator,
        course=started,
        guardian=ali,
        has_custody=False,
        on=TODAY() - timedelta(days=4),
    )
    assert (error.field, str(error)) == (
        "on",
        f"Den seneste ændring for Ali Hassan er dateret {TODAY() - timedelta(days=3):%d.%m.%Y}: denne ændring kan "
        "ikke dateres tidligere.",
    )
    error = _refused(
        guardian_remove,
        acting_user=started.primary_educator,
        course=started,
        guardian=ali,
        left_on=TODAY() - timedelta(days=5),
    )
    assert error.field == "left_on"
