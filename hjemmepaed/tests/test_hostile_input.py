"""What PostgreSQL cannot store is refused in Danish, never with HTTP 500: a NUL character in
an address or in anything posted (hjemmepaed.middleware.RefuseNulMiddleware), and numbers
beyond the database column (every form's number fields carry bounds)."""

import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from hjemmepaed.tests.test_access_matrix import CASES, world  # noqa: F401  (the fixture)
from visitation.tests.factories import referral_register

pytestmark = pytest.mark.django_db

REFUSED = "Det sendte indeholder et tegn, der ikke er tilladt (et NUL-tegn)."
INTEGER_MAX = 2**31 - 1  # PostgreSQL's integer, the widest column a form's number is stored in


def _refused(response) -> bool:
    return response.status_code == 400 and REFUSED in response.content.decode()


def test_a_nul_in_any_posted_field_of_any_page_is_refused_in_danish(client, world):
    problems = []
    for case in CASES:
        role = Role.COORDINATOR if Role.COORDINATOR in case.roles else case.roles[0]
        client.force_login(world.users[role])
        url = case.url(world, "own")
        for data in ({"name": "Ida\x00Holm"}, {"na\x00me": "x"}):
            response = client.post(url, data)
            if not _refused(response):
                problems.append(f"POST {case.url_name}: HTTP {response.status_code}")
        response = client.get(url, {"q": "\x00"})
        if not _refused(response):
            problems.append(f"GET {case.url_name}: HTTP {response.status_code}")
    assert problems == [], "\n".join(problems)


def test_a_nul_in_a_questionnaire_token_or_answer_is_refused_in_danish(client):
    assert _refused(client.get("/s/abc%00def/"))
    assert _refused(client.get("/s/abc%00def/tak/"))
    assert _refused(client.post("/s/abc%00def/", {"q1": "mother"}))
    assert _refused(client.post("/s/abcdef/", {"q10": "Tak\x00for hjælpen", "action": "next"}))
    assert _refused(client.post(reverse("login"), {"username": "a\x00", "password": "x"}))
    assert _refused(client.post("/admin/login/", {"username": "a\x00", "password": "x"}))


def test_a_nul_in_a_cookie_is_refused_in_danish(client, settings):
    client.cookies[settings.SESSION_COOKIE_NAME] = "abc\x00def"  # read back into the session query
    assert _refused(client.get(reverse("login")))
    client.cookies.clear()
    client.cookies["hp_kladde_1"] = "x\x00"
    assert _refused(client.get("/s/abcdef/"))


@pytest.mark.parametrize("body", [b'{"note": "Tak\x00"}', b'{"note": "Tak\\u0000"}', b'{"note": "Tak\\U0000"}'])
def test_a_nul_in_a_json_body_is_refused_in_danish(client, body):
    assert _refused(client.post(reverse("login"), body, content_type="application/json"))
    assert _refused(client.post("/s/abcdef/", body, content_type="text/plain"))


def test_a_json_body_without_a_nul_passes_the_check(client):
    response = client.post(reverse("login"), b'{"note": "Tak for hj\\u00e6lpen"}', content_type="application/json")
    assert response.status_code != 400 or "NUL" not in response.content.decode()


def _form_classes():
    root = Path(settings.BASE_DIR)
    for path in sorted([*root.glob("*/forms*.py"), *root.glob("hjemmepaed/*/forms*.py")]):
        module_name = ".".join(path.relative_to(root).with_suffix("").parts)
        module = importlib.import_module(module_name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module_name:
                yield f"{module_name}.{name}", cls


def test_every_number_field_of_every_form_fits_its_database_column():
    unbounded = []
    for name, form_class in _form_classes():
        for field_name, field in form_class.base_fields.items():
            if isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField):
                if field.max_value is None or field.max_value > INTEGER_MAX:
                    unbounded.append(f"{name}.{field_name}: max_value {field.max_value}")
                if field.min_value is None or field.min_value < -INTEGER_MAX - 1:
                    unbounded.append(f"{name}.{field_name}: min_value {field.min_value}")
            if isinstance(field, forms.DecimalField) and field.max_digits is None:
                unbounded.append(f"{name}.{field_name}: no max_digits")
    assert list(_form_classes()), "no forms found"
    assert unbounded == []


@pytest.mark.parametrize("position", ["2147483648", "99999999999999999999999"])
def test_a_waiting_list_position_beyond_the_column_is_refused_in_danish(client, municipality, position):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    client.force_login(coordinator)
    course = referral_register(coordinator=coordinator)
    response = client.post(
        reverse("referral_decide", args=[course.pk]),
        {"decision": "waitlist", "decided_on": timezone.localdate().isoformat(), "position": position},
    )
    assert response.status_code == 200
    assert "Denne værdi skal være mindre end eller lig 2147483647." in response.content.decode()
    course.refresh_from_db()
    assert course.waiting_position is None
    response = client.post(
        reverse("referral_decide", args=[course.pk]),
        {"decision": "waitlist", "decided_on": timezone.localdate().isoformat(), "position": "3"},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("count", ["2147483648", "1005", "5"])
def test_a_referral_posting_more_parents_than_it_holds_is_refused_without_building_them(client, municipality, count):
    """A posted form count beyond the formset's maximum built and rendered a thousand forms
    (a minute for one request); now it builds four and says why."""
    from visitation.tests.test_views import _referral_post

    client.force_login(user_for_role(Role.COORDINATOR, municipality=municipality))
    response = client.post(reverse("referral_create"), _referral_post(**{"guardians-TOTAL_FORMS": count}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "En henvendelse har højst 4 forældre eller andre omsorgspersoner." in page
    assert 'name="guardians-3-name"' in page
    assert 'name="guardians-4-name"' not in page


@pytest.mark.parametrize("number", [2**31, 2**63, 10**20, -(2**63) - 1])
def test_ids_no_column_holds_match_nothing_in_a_list_of_ids(municipality, number):
    """`pk__in` with such a number (a multiple choice of ids as posted) finds nothing, as
    `pk=` does, instead of an OverflowError or a database error (hjemmepaed/lookups.py)."""
    from hjemmepaed.organisation.models import Municipality

    assert list(Municipality.objects.filter(pk__in=[number])) == []
    assert list(Municipality.objects.filter(pk__in=[number, municipality.pk])) == [municipality]


def test_a_visit_posting_a_goal_id_no_column_holds_is_refused_in_danish(client, municipality):
    from visitation.tests.factories import course_started

    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    course = course_started(coordinator=coordinator)
    client.force_login(course.primary_educator)
    response = client.post(
        reverse("visit_create", args=[course.pk]),
        {"date": timezone.localdate().isoformat(), "goals": ["99999999999999999999"], "methods": ["2147483648"]},
    )
    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed. 99999999999999999999 er ikke en af de tilgængelige valgmuligheder." in (
        response.content.decode()
    )
