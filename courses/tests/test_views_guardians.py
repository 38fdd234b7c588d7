"""The family's changes on the course page (`courses/views_guardians.py`): what the educator
sees after adding or removing a parent, changing custody, contact details and the household;
refused saves keep what was typed; managers see nothing of it."""

import re
import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from families.models import Guardian
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.services import GuardianData
from visitation.tests.factories import course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
PARENTS = [
    GuardianData(name="Sara Nielsen", relation="mother", phone="20 30 40 50"),
    GuardianData(name="Jonas Nielsen", relation="father"),
]


@pytest.fixture
def course(coordinator, educator):
    return course_started(coordinator=coordinator, educator=educator, guardians=PARENTS)


@pytest.fixture
def signed_in(client, educator):
    client.force_login(educator)
    return client


def _page(client, course) -> str:
    return client.get(reverse("course_detail", args=[course.pk])).content.decode()


def _family(page: str) -> str:
    start = page.index('id="familie"')
    return page[start : page.index("</div>", start)]


def _jonas(course):
    return course.family.guardians.get(name="Jonas Nielsen")


ALI = {"name": "Ali Hassan", "relation": "father", "has_custody": "yes", "phone": "+45 11 22 33 44", "email": ""}


def test_an_added_parent_with_custody_is_shown_on_the_course_page(signed_in, course):
    response = signed_in.post(
        reverse("guardian_add", args=[course.pk]), {**ALI, "on": TODAY().isoformat(), "form_key": str(uuid.uuid4())}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("course_detail", args=[course.pk]) + "#familie"
    page = signed_in.get(response["Location"]).content.decode()
    assert "Forælderen er tilføjet." in page
    family = _family(page)
    assert "<strong>Ali Hassan</strong> (far)" in family
    assert f"Forældremyndighed</span> siden {TODAY():%d.%m.%Y}" in family
    assert "+45 11 22 33 44" in family
    assert "Forælder tilføjet – Ali Hassan" in family  # the history


def test_the_add_form_preselects_neither_relation_nor_custody(signed_in, course):
    page = signed_in.get(reverse("guardian_add", args=[course.pk])).content.decode()
    assert 'name="relation"' in page and 'name="has_custody"' in page
    assert "checked" not in page


def test_a_refused_parent_keeps_what_was_typed(signed_in, course):
    data = {"name": "Ali Hassan", "phone": "1234", "email": "ali@example.dk", "on": TODAY().isoformat()}
    response = signed_in.post(reverse("guardian_add", args=[course.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vælg forælderens relation til barnet." in page
    assert "Vælg om forælderen har forældremyndighed." in page
    assert 'value="Ali Hassan"' in page and 'value="ali@example.dk"' in page
    response = signed_in.post(
        reverse("guardian_add", args=[course.pk]), {**data, "relation": "father", "has_custody": "no"}
    )
    page = response.content.decode()
    assert "Skriv et dansk telefonnummer: 8 cifre, eventuelt med +45 foran, fx 12 34 56 78." in page
    assert 'value="1234"' in page
    assert not Guardian.objects.filter(name="Ali Hassan").exists()


def test_the_same_add_form_sent_twice_adds_one_parent(signed_in, course):
    data = {**ALI, "on": TODAY().isoformat(), "form_key": str(uuid.uuid4())}
    signed_in.post(reverse("guardian_add", args=[course.pk]), data)
    response = signed_in.post(reverse("guardian_add", args=[course.pk]), data, follow=True)
    assert "Det var allerede gemt." in response.content.decode()
    assert course.family.guardians.filter(name="Ali Hassan").count() == 1


def test_contact_details_are_changed_and_checked(signed_in, course):
    jonas = _jonas(course)
    url = reverse("guardian_contact", args=[course.pk, jonas.pk])
    page = signed_in.get(url).content.decode()
    assert "Jonas Nielsen (far)" in page
    response = signed_in.post(url, {"phone": "12345678", "email": "jonas@"})
    assert "Skriv en gyldig e-mailadresse, fx navn@eksempel.dk." in response.content.decode()
    assert 'value="12345678"' in response.content.decode()
    response = signed_in.post(url, {"phone": "12345678", "email": "jonas@example.dk"}, follow=True)
    family = _family(response.content.decode())
    assert "Telefon: 12 34 56 78 · E-mail: jonas@example.dk" in family
    assert "Kontaktoplysninger ændret – Jonas Nielsen (telefon, e-mail)" in family


def test_losing_custody_and_the_last_custodian(signed_in, course):
    sara, jonas = course.family.guardians.all()
    response = signed_in.post(
        reverse("guardian_custody", args=[course.pk, jonas.pk]),
        {"has_custody": "no", "on": TODAY().isoformat()},
        follow=True,
    )
    family = _family(response.content.decode())
    assert "Forældremyndigheden er ændret." in response.content.decode()
    assert '<strong>Jonas Nielsen</strong> (far)<br>\n    <span class="badge">Ingen forældremyndighed</span>' in family
    response = signed_in.post(
        reverse("guardian_custody", args=[course.pk, sara.pk]), {"has_custody": "no", "on": TODAY().isoformat()}
    )
    assert response.status_code == 200
    assert "Sara Nielsen er familiens eneste forælder med forældremyndighed og kan ikke miste den." in (
        response.content.decode()
    )


def test_a_removed_parent_is_history_and_has_no_pages(signed_in, course):
    jonas = _jonas(course)
    response = signed_in.post(
        reverse("guardian_remove", args=[course.pk, jonas.pk]), {"left_on": TODAY().isoformat()}, follow=True
    )
    page = response.content.decode()
    assert "Forælderen er fjernet fra familien." in page
    assert "<h1>Sara Nielsen</h1>" in page
    family = _family(page)
    assert "<strong>Jonas Nielsen</strong>" not in family
    assert f"Jonas Nielsen (far), fraflyttet den {TODAY():%d.%m.%Y}" in family
    for name in ("guardian_contact", "guardian_custody", "guardian_remove"):
        assert signed_in.get(reverse(name, args=[course.pk, jonas.pk])).status_code == 404
    sara = course.family.guardians.get(name="Sara Nielsen")
    response = signed_in.post(reverse("guardian_remove", args=[course.pk, sara.pk]), {"left_on": TODAY().isoformat()})
    assert "Sara Nielsen er familiens eneste forælder." in response.content.decode()


def test_a_removal_in_the_future_keeps_the_typed_date(signed_in, course):
    day = TODAY() + timedelta(days=3)
    response = signed_in.post(
        reverse("guardian_remove", args=[course.pk, _jonas(course).pk]), {"left_on": day.isoformat()}
    )
    assert "Datoen kan ikke ligge i fremtiden." in response.content.decode()
    assert f'value="{day:%d.%m.%Y}"' in response.content.decode()


def test_the_language_and_household_are_shown_and_changed(signed_in, course):
    family = _family(_page(signed_in, course))
    assert "<dt>Sprog i hjemmet</dt><dd>dansk</dd>" in family
    assert "<dt>Behov for tolk</dt><dd>Nej</dd>" in family
    url = reverse("family_household", args=[course.pk])
    response = signed_in.post(url, {"language": "", "interpreter_needed": "yes", "single_parent": "no"})
    assert "Skriv det sprog, der tales i hjemmet, fx dansk." in response.content.decode()
    response = signed_in.post(
        url, {"language": "arabisk", "interpreter_needed": "yes", "single_parent": "no"}, follow=True
    )
    family = _family(response.content.decode())
    assert "<dt>Sprog i hjemmet</dt><dd>arabisk</dd>" in family
    assert "<dt>Behov for tolk</dt><dd>Ja</dd>" in family
    assert "Sprog eller husstand ændret (sprog i hjemmet, behov for tolk)" in family


def test_a_manager_sees_no_contact_details_and_no_changes(client, course, municipality):
    client.force_login(user_for_role(Role.MANAGER, municipality=municipality))
    family = _family(_page(client, course))
    assert "Sara Nielsen" in family
    assert "20 30 40 50" not in family
    assert "Tilføj forælder" not in family and "Ret kontaktoplysninger" not in family
    assert client.get(reverse("guardian_add", args=[course.pk])).status_code == 403


def test_the_lists_name_only_the_parents_in_the_family(client, course, coordinator):
    from families.services import guardian_remove

    client.force_login(coordinator)
    assert "Sara Nielsen og Jonas Nielsen" in client.get(reverse("course_list")).content.decode()
    guardian_remove(acting_user=coordinator, course=course, guardian=_jonas(course), left_on=TODAY())
    page = client.get(reverse("course_list")).content.decode()
    assert "Sara Nielsen" in page and "Jonas Nielsen" not in page


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two posts at once need PostgreSQL; SQLite runs one writer at a time"
)
@pytest.mark.django_db(transaction=True)
def test_two_posts_of_one_add_form_at_the_same_moment_add_one_parent(municipality):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = course_started(coordinator=coordinator, educator=educator)
    url = reverse("guardian_add", args=[course.pk])
    clients = [Client(), Client()]  # two tabs, or a phone resending
    for client in clients:
        client.force_login(educator)
    key = re.search(r'name="form_key" value="([^"]+)"', clients[0].get(url).content.decode()).group(1)
    data = {**ALI, "on": TODAY().isoformat(), "form_key": key}
    barrier = threading.Barrier(2)
    responses = []

    def post(client):
        barrier.wait()
        try:
            responses.append(client.post(url, data))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [response.status_code for response in responses] == [302, 302]
    assert Guardian.objects.filter(family=course.family, name="Ali Hassan").count() == 1
    assert AuditEvent.objects.filter(object_type="guardian", action="create").count() == 1
