"""Every role of an own and another municipality against every protected view."""

import importlib

import pytest
from django.apps import apps

from hjemmepaed.access import PROTECTED
from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.access import ALL_ROLES
from hjemmepaed.tests.test_url_protection import iter_views
from hjemmepaed.tests.world import world  # noqa: F401  (the fixture; its modules import it from here)


def _app_modules(name):
    for config in apps.get_app_configs():
        try:
            yield importlib.import_module(f"{config.name}.tests.{name}")
        except ModuleNotFoundError as error:
            if error.name not in (f"{config.name}.tests", f"{config.name}.tests.{name}"):
                raise


# An app may split its cases over several modules (reporting: `sheet_access_cases`).
CASE_MODULES = [
    module for name in ("access_cases", "sheet_access_cases", "access_cases_family") for module in _app_modules(name)
]
CASES = [case for module in CASE_MODULES for case in module.CASES]


def test_every_protected_view_has_an_access_case():
    protected = {name for name, view, _ in iter_views() if getattr(view, "access", None) == PROTECTED}
    covered = {case.url_name for case in CASES}
    assert protected - covered == set(), "views without a case in some access_cases.py"
    assert covered - protected == set(), "cases for views that do not exist or are public"


def test_course_bound_views_say_so():
    """A scoped view a home educator may open must state whether a course owns its object."""
    unclassified = [
        case.url_name
        for case in CASES
        if case.scoped and Role.HOME_EDUCATOR in case.roles and case.educator_bound is None
    ]
    assert unclassified == []


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.url_name)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_role_and_ownership_against_view(client, world, case, role):
    """Own, a colleague's, a course shared as second educator, another municipality's."""
    client.force_login(world.users[role])
    for which in case.whiches():
        response = client.get(case.url(world, which))
        assert response.status_code == case.expected(role, which), f"{role} opening {case.url_name} ({which})"


def test_the_ownership_kinds_differ(world):
    """The colleague's and the second objects really are someone else's course."""
    from courses.models import Course

    educator = world.users[Role.HOME_EDUCATOR]
    own, colleague, second = (world.obj("course", which) for which in ("own", "colleague", "second"))
    assert own.primary_educator == educator
    assert colleague.primary_educator == world.colleague and colleague.second_educator is None
    assert second.primary_educator == world.colleague and second.second_educator == educator
    assert {own.municipality, colleague.municipality, second.municipality} == {world.own}
    assert Course.objects.filter(pk=world.obj("course", "other").pk, municipality=world.other).exists()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.url_name)
def test_anonymous_is_sent_to_login(client, world, case):
    url = case.url(world, "own")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/log-ind/?next=")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.url_name)
def test_deactivated_user_is_sent_to_login(client, world, case):
    user = world.users[case.roles[0]]
    client.force_login(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(case.url(world, "own"))
    assert response.status_code == 302
