"""Finding a family: what may be typed, what is found, and for whom (courses/selectors_search.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.selectors_search import CPR, NAME, NUMBER, course_search, course_search_parse
from hjemmepaed.cpr import cpr_lookup_hash
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from visitation.services import ChildData, GuardianData
from visitation.tests.factories import course_decided, referral_register

pytestmark = pytest.mark.django_db

BORN = timezone.localdate() - timedelta(days=300)
DIGITS = f"{BORN:%d%m%y}4123"


def _family(coordinator, *, mother="Sara Nielsen", child="Alma Nielsen", cpr="", **extra):
    return referral_register(
        coordinator=coordinator,
        guardians=[GuardianData(name=mother, relation="mother")],
        children=[ChildData(name=child, birth_date=BORN, cpr=cpr)],
        **extra,
    )


def _found(user, text):
    return list(course_search(user=user, search=course_search_parse(text)))


# --- what may be typed -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("alma", NAME),
        ("  Sara   Niel ", NAME),
        ("Søren", NAME),
        ("123", NUMBER),
        ("00012345", NUMBER),
        (f"{DIGITS[:6]}-{DIGITS[6:]}", CPR),
        (DIGITS, CPR),
        (f" {DIGITS[:6]} {DIGITS[6:]} ", CPR),
    ],
)
def test_a_name_a_number_or_a_cpr_number_is_read_from_what_was_typed(text, kind):
    assert course_search_parse(text).kind == kind


def test_a_cpr_number_is_kept_as_its_lookup_hash_in_both_spellings():
    with_dash = course_search_parse(f"{DIGITS[:6]}-{DIGITS[6:]}")
    assert with_dash == course_search_parse(DIGITS)
    assert with_dash.value == cpr_lookup_hash(DIGITS)
    assert DIGITS not in str(with_dash.as_session()) and DIGITS[:6] not in with_dash.criterion
    assert with_dash.criterion == "Søgning på et barns CPR-nummer (præcist)." and with_dash.shown_text == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Skriv et navn, et CPR-nummer eller et forløbsnummer."),
        ("   ", "Skriv et navn, et CPR-nummer eller et forløbsnummer."),
        ("A", "Skriv mindst 2 bogstaver af navnet."),
        ("Alma 2", "Et navn indeholder ikke tal."),
        (f"Alma {DIGITS}", "Et navn indeholder ikke tal."),
        ("123456789", "Et CPR-nummer er 10 cifre, fx 010203-1234."),
        ("010203-12", "Et CPR-nummer er 10 cifre, fx 010203-1234."),
        ("12345678901", "Et CPR-nummer er 10 cifre, fx 010203-1234."),
        ("321399-1234", "De første seks cifre i CPR-nummeret er ikke en gyldig dato."),
    ],
)
def test_bad_input_is_refused_in_danish(text, message):
    with pytest.raises(DomainError, match=message) as error:
        course_search_parse(text)
    assert error.value.field == "text"


# --- what is found ---------------------------------------------------------------------------


def test_part_of_a_parent_s_or_a_child_s_name_in_any_case_finds_the_course(coordinator):
    course = _family(coordinator)
    other = _family(coordinator, mother="Hanne Holm", child="Bo Holm")
    assert _found(coordinator, "NIELS") == [course]
    assert _found(coordinator, "alm") == [course]
    assert _found(coordinator, "sara niel") == [course]
    assert _found(coordinator, "o Hol") == [other]
    assert _found(coordinator, "Jensen") == []


def test_danish_letters_are_found_in_any_case_on_sqlite_and_postgresql(coordinator):
    course = _family(coordinator, mother="Åse Ørum", child="Æble Ærø")
    other = _family(coordinator, mother="Søs Østergaard", child="Bo ÉLISE")
    assert _found(coordinator, "øRUM") == [course]
    assert _found(coordinator, "åse") == [course]
    assert _found(coordinator, "æBLE") == [course]
    assert _found(coordinator, "ærø") == [course]
    assert _found(coordinator, "ÆRØ") == [course]
    assert _found(coordinator, "øst") == [other]
    assert _found(coordinator, "élise") == [other]


def test_a_family_whose_parent_and_child_both_match_is_one_row(coordinator):
    course = _family(coordinator, mother="Sara Nielsen", child="Alma Nielsen")
    assert _found(coordinator, "Nielsen") == [course]


def test_the_cpr_number_finds_every_course_of_the_child_exactly(coordinator):
    first = _family(coordinator, cpr=DIGITS)
    from visitation import services

    services.referral_reject(acting_user=coordinator, course=first, decided_on=timezone.localdate(), reason="Ikke nu")
    second = _family(coordinator, cpr=DIGITS, on_existing_family=True)
    _family(coordinator, child="Bo Holm", cpr=f"{BORN:%d%m%y}4124")
    assert _found(coordinator, f"{DIGITS[:6]}-{DIGITS[6:]}") == [second, first]
    assert _found(coordinator, DIGITS) == [second, first]


def test_the_course_number_finds_that_course(coordinator):
    course = _family(coordinator)
    _family(coordinator, mother="Hanne Holm", child="Bo Holm")
    assert _found(coordinator, str(course.pk)) == [course]
    assert _found(coordinator, "99999999") == []


def test_another_municipality_s_family_is_never_found(coordinator):
    elsewhere = user_for_role(Role.COORDINATOR, municipality=MunicipalityFactory())
    theirs = _family(elsewhere, cpr=DIGITS)
    assert _found(coordinator, "Nielsen") == []
    assert _found(coordinator, DIGITS) == []
    assert _found(coordinator, str(theirs.pk)) == []
    assert _found(elsewhere, "Nielsen") == [theirs]


def test_a_home_educator_finds_only_the_courses_she_may_see(coordinator, educator, municipality):
    colleague = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    hers = course_decided(coordinator=coordinator, educator=educator)
    second = course_decided(coordinator=coordinator, educator=colleague, second_educator=educator)
    theirs = course_decided(coordinator=coordinator, educator=colleague)
    referred = _family(coordinator)
    assert set(_found(educator, "Nielsen")) == {hers, second}
    assert _found(educator, str(theirs.pk)) == [] and _found(educator, str(referred.pk)) == []
    assert set(_found(coordinator, "Nielsen")) == {hers, second, theirs, referred}


def test_the_national_roles_find_no_single_course(coordinator):
    """The search page is not theirs (403, test_search_views.py); nor would the gate give them a course."""
    _family(coordinator)
    for role in (Role.ANALYST, Role.ADMINISTRATOR):
        assert _found(user_for_role(role), "Nielsen") == []


def test_an_anonymised_family_is_found_by_its_course_number_only(coordinator):
    course = _family(coordinator, cpr=DIGITS)
    family = course.family
    family.guardians.update(name="Anonymiseret")
    family.children.update(name="Anonymiseret", cpr_hash="", cpr_encrypted="")
    family.anonymised_at = timezone.now()
    family.save(update_fields=["anonymised_at"])
    assert _found(coordinator, "anonym") == []
    assert _found(coordinator, DIGITS) == []
    assert _found(coordinator, str(course.pk)) == [course]
