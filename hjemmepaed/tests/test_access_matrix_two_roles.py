"""The access matrix for a person with two roles: the world's home educator is also a
coordinator (Thisted's home educators "også er tovholdere"). She reaches every page either role
reaches, and sees what the wider role sees; other municipalities' objects stay 404."""

import pytest

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import extra_role_give
from hjemmepaed.tests.test_access_matrix import CASE_MODULES, CASES, world  # noqa: F401  (the fixture)

# Of two roles' answers, the one the person gets: a page either role may open opens (with its
# own answer, e.g. 405 for a POST-only view), and one object either role sees is seen.
REFUSALS = (302, 404, 403)


def _rank(status: int) -> int:
    return REFUSALS.index(status) + 1 if status in REFUSALS else 0


def expected_for(case, roles, which) -> int:
    return min((case.expected(role, which) for role in roles), key=_rank)


# Objects of one person, whatever her roles: answers the world's own coordinator gets.
# An upload, and its progress, is seen only by the coordinator who made it.
PERSONAL = {"sheet_upload_review": 404, "sheet_upload_status": 404}


# One test per app's cases (xdist's workers share them), every case of the matrix in one of them.
@pytest.mark.parametrize("module", CASE_MODULES, ids=lambda module: module.__name__)
def test_an_educator_coordinator_reaches_what_either_role_reaches(client, world, module):
    person = extra_role_give(world.users[Role.HOME_EDUCATOR], Role.COORDINATOR)
    client.force_login(person)
    wrong = []
    for case in module.CASES:
        for which in case.whiches():
            expected = PERSONAL.get(case.url_name) or expected_for(case, (Role.HOME_EDUCATOR, Role.COORDINATOR), which)
            status = client.get(case.url(world, which)).status_code
            if status != expected:
                wrong.append(f"{case.url_name} ({which}): {status}, expected {expected}")
    assert wrong == []


def test_the_two_roles_widen_the_educators_reach(world):
    """The test above cannot pass by accident: the educator alone is refused pages and a
    colleague's course that the educator-coordinator reaches."""
    cases = {case.url_name: case for case in CASES}
    assert cases["intake_queue"].expected(Role.HOME_EDUCATOR, "own") == 403
    assert expected_for(cases["intake_queue"], (Role.HOME_EDUCATOR, Role.COORDINATOR), "own") == 200
    assert cases["course_detail"].expected(Role.HOME_EDUCATOR, "colleague") == 404
    assert expected_for(cases["course_detail"], (Role.HOME_EDUCATOR, Role.COORDINATOR), "colleague") == 200
    assert expected_for(cases["my_courses"], (Role.HOME_EDUCATOR, Role.COORDINATOR), "own") == 200
    assert expected_for(cases["course_detail"], (Role.HOME_EDUCATOR, Role.COORDINATOR), "other") == 404
