"""The browser walks split into parts that xdist's workers share still walk everything: each
role is in exactly one part of the CSP walk over every page."""

from hjemmepaed.tests.access import ALL_ROLES
from tests.browser.test_content_security_policy import ROLE_GROUPS


def test_the_csp_walk_s_parts_hold_every_role_once():
    roles = [role for group in ROLE_GROUPS.values() for role in group]
    assert sorted(roles) == sorted(ALL_ROLES)
