"""The response rate of the parent questionnaire: invited, answered and the share per
municipality, consistent with Tabel 4.x's N."""

from datetime import date

import pytest

from families.services import consent_withdraw
from reporting.tests.factories import closed_course, national_response
from reporting.tests.test_tables import compute, row, section
from surveys.services import response_submit
from surveys.tests.helpers import national_invitation, walk_for

pytestmark = pytest.mark.django_db

ONE_CHILD = {
    "q1": "mother",
    "q2": "no",
    "q3": "1",
    "q4_b1": "no",
    "q5_b1": "agree",
    "q6_b1": "agree",
    "q7": "agree",
    "q9": "8",
}


@pytest.fixture
def six_invited(coordinator):
    """Six courses closed in 2025, each inviting its mother: four answer, one withdraws her consent."""
    courses = [
        closed_course(
            coordinator=coordinator,
            visitation=date(2025, 3, day),
            start=date(2025, 3, 10),
            end=date(2025, 6, 10),
        )
        for day in range(1, 7)
    ]
    for course in courses[:4]:
        invitation = national_invitation(course)
        response_submit(walk=walk_for(invitation), answers=ONE_CHILD, invitation=invitation)
    withdrawn = courses[5]
    consent = withdrawn.family.guardians.get().consents.get(scope="contact_for_questionnaire")
    consent_withdraw(acting_user=coordinator, course=withdrawn, consent=consent)
    return courses


def test_invited_answered_and_the_share(six_invited, municipality):
    result = compute(municipality)
    table = section(result, "svarprocent")
    assert table["number"] == "Svarprocent"
    assert table["columns"] == ["Kommune", "Inviteret", "Besvaret", "Andel besvaret"]
    # the withdrawn invitation is not counted: 5 invited, 4 answered
    assert row(result, "svarprocent", municipality.name) == ["5", "4", "80 %"]


def test_answered_is_tabel_4_xs_n_and_the_note_counts_the_responses_never_invited(six_invited, municipality):
    national_response(municipality=municipality, submitted_on=date(2025, 6, 1), answers={"1": "father", "9": 7})
    result = compute(municipality)
    assert row(result, "svarprocent", municipality.name)[1] == "4"
    assert row(result, "tabel-4-1", municipality.name)[-1] == "5"
    assert row(result, "tabel-4-2", municipality.name)[-1] == "5"
    assert section(result, "svarprocent")["notes"] == [
        "Tabel 4.1–4.2 tæller også 1 besvarelse, der ikke kom via en invitation "
        "(men fra det åbne link eller et importeret ark)."
    ]


def test_without_other_responses_answered_equals_tabel_4_xs_n(six_invited, municipality):
    result = compute(municipality)
    assert row(result, "svarprocent", municipality.name)[1] == row(result, "tabel-4-2", municipality.name)[-1] == "4"
    assert section(result, "svarprocent")["notes"] == []


def test_small_numbers_are_hidden_by_the_reports_suppression(six_invited, municipality, other_municipality):
    result = compute(municipality, other_municipality, suppress=True)
    # 4 answered is a small cell, and so is every share of it; 5 invited is not
    assert row(result, "svarprocent", municipality.name) == ["5", "<5", "<5"]
    assert row(result, "svarprocent", "Alle kommuner") == ["5", "<5", "<5"]
    assert row(result, "svarprocent", other_municipality.name) == ["0", "0", "–"]
