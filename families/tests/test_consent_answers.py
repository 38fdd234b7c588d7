"""A parent's "no" is recorded (`ConsentDecline`), opens nothing, and the course page shows the
newest answer: given, declined, withdrawn or not asked."""

from datetime import timedelta

import pytest
from django.utils import timezone

from families.models import ConsentDecline, ConsentScope
from families.selectors import consent_overview, consent_text_current, consent_valid
from families.services import ConsentAnswer, consent_decline_record, consent_withdraw, consents_answer
from hjemmepaed.errors import DomainError
from visitation.services import GuardianData
from visitation.tests.factories import consents_give, course_decided

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
SHARE = ConsentScope.SHARE_WITH_DAYCARE
PARENTS = [
    GuardianData(name="Sara Nielsen", relation="mother"),
    GuardianData(name="Jonas Nielsen", relation="father"),
    GuardianData(name="Per Nielsen", relation="other", has_custody=False),
]


@pytest.fixture
def course(coordinator):
    return course_decided(coordinator=coordinator, guardians=PARENTS, consents=())


def _decline(course, guardian, scope=SHARE, **overrides):
    arguments = {
        "acting_user": course.primary_educator,
        "course": course,
        "guardian": guardian,
        "scope": scope,
        "text_version": consent_text_current(scope=scope),
        "declined_on": TODAY(),
        **overrides,
    }
    return consent_decline_record(**arguments)


def _state(course, name, scope=SHARE):
    row = next(row for row in consent_overview(family=course.family) if row.guardian.name == name)
    return next(status for status in row.scopes if status.scope == scope).state


def test_a_declined_consent_is_recorded_and_counts_as_no_consent(course):
    sara, jonas, _per = course.family.guardians.order_by("pk")
    assert _state(course, "Sara Nielsen") == "not_asked"
    consents_give(course=course, acting_user=course.primary_educator, scopes=[SHARE], guardians=[jonas])
    decline = _decline(course, sara)
    assert (decline.declined_on, decline.recorded_by, decline.text_version.version) == (
        TODAY(),
        course.primary_educator,
        1,
    )
    assert not consent_valid(family=course.family, scope=SHARE)
    assert (_state(course, "Sara Nielsen"), _state(course, "Jonas Nielsen")) == ("declined", "given")


def test_a_later_consent_and_its_withdrawal_are_the_newest_answer(course):
    sara = course.family.guardians.get(name="Sara Nielsen")
    _decline(course, sara)
    [consent] = consents_give(course=course, acting_user=course.primary_educator, scopes=[SHARE], guardians=[sara])
    assert _state(course, "Sara Nielsen") == "given"
    consent_withdraw(acting_user=course.primary_educator, course=course, consent=consent)
    assert _state(course, "Sara Nielsen") == "withdrawn"
    _decline(course, sara)
    assert _state(course, "Sara Nielsen") == "declined"


@pytest.mark.parametrize(
    ("guardian", "overrides", "message"),
    [
        ("Per Nielsen", {}, "Kun en forælder med forældremyndighed kan give samtykke. Per Nielsen har ikke"),
        ("Sara Nielsen", {"declined_on": TODAY() + timedelta(days=1)}, "Datoen for samtykket kan ikke ligge i"),
    ],
)
def test_a_decline_follows_the_consents_rules(course, guardian, overrides, message):
    with pytest.raises(DomainError) as error:
        _decline(course, course.family.guardians.get(name=guardian), **overrides)
    assert message in str(error.value)
    assert not ConsentDecline.objects.exists()


def test_a_consent_in_force_is_withdrawn_not_declined(course):
    sara = course.family.guardians.get(name="Sara Nielsen")
    consents_give(course=course, acting_user=course.primary_educator, scopes=[SHARE], guardians=[sara])
    with pytest.raises(DomainError) as error:
        _decline(course, sara)
    assert str(error.value).startswith("Sara Nielsen har givet samtykke til “Deling af oplysninger med dagtilbuddet”")
    assert "træk samtykket tilbage" in str(error.value)


def test_every_parent_with_custody_answers_every_consent(course):
    sara, jonas, _per = course.family.guardians.order_by("pk")
    answers = [
        ConsentAnswer(guardian=guardian, scope=scope, text_version=consent_text_current(scope=scope), given=True)
        for guardian in (sara, jonas)
        for scope in ConsentScope.values
        if (guardian, scope) != (jonas, ConsentScope.CONTACT_FOR_QUESTIONNAIRE)
    ]
    with pytest.raises(DomainError) as error:
        consents_answer(acting_user=course.primary_educator, course=course, answers=answers, on=TODAY())
    assert str(error.value) == (
        "Svar, om Jonas Nielsen giver samtykke til “Kontakt om forældrespørgeskemaet”: givet eller ikke givet."
    )
    answers.append(
        ConsentAnswer(
            guardian=jonas,
            scope=ConsentScope.CONTACT_FOR_QUESTIONNAIRE,
            text_version=consent_text_current(scope=ConsentScope.CONTACT_FOR_QUESTIONNAIRE),
            given=False,
        )
    )
    recorded = consents_answer(acting_user=course.primary_educator, course=course, answers=answers, on=TODAY())
    assert [type(row).__name__ for row in recorded].count("ConsentDecline") == 1
    assert len(recorded) == 6
