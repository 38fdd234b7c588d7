"""The course's creating forms are sent once: a visit, an adjustment, a notification of concern.

Posting the same form (the same one-time form key) again, by a resend, the back button or two
taps, stores one row, writes one audit event and leads to the same page (hjemmepaed.formkeys)."""

import re
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import Adjustment, ConcernNotification, GoalChange, Visit
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.formkeys import form_key_repeated
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.tests.factories import course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def key_on(page: str) -> str:
    return re.search(r'name="form_key" value="([^"]+)"', page).group(1)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def started(coordinator, educator):
    return course_started(coordinator=coordinator, educator=educator)


VISIT = {"date": None, "status": "held", "duration_minutes": "60", "kind": "home", "note": "Godt besøg"}

FORMS = {
    # url name: (model, the post, the message after the first post, after a repeat)
    "visit_create": (Visit, VISIT, "Besøget er gemt.", "Besøget var allerede gemt."),
    "course_adjust": (
        Adjustment,
        {"on": None, "description": "Besøg i dagtilbud", "reason": "Mors ønske"},
        "Justeringen er registreret.",
        "Justeringen var allerede registreret.",
    ),
    "concern_notification": (
        ConcernNotification,
        {"on": None, "recipient": "Familieafdelingen"},
        "Underretningen er registreret.",
        "Underretningen var allerede registreret.",
    ),
    # A goal added during the course: its "added" history row carries the key.
    "goal_add": (
        GoalChange,
        {"on": None, "theme": "daycare_cooperation", "description": "Tale med vuggestuen", "weight_at_start": "5"},
        "Målet er tilføjet.",
        "Målet var allerede tilføjet.",
    ),
}


def _data(post: dict, key: str) -> dict:
    return {**{k: (TODAY().isoformat() if v is None else v) for k, v in post.items()}, "form_key": key}


@pytest.mark.parametrize("name", FORMS)
def test_the_same_form_posted_twice_stores_one_row_and_leads_to_the_same_page(name, started, educator):
    model, post, done, repeated = FORMS[name]
    client = logged_in(educator)
    url = reverse(name, args=[started.pk])
    data = _data(post, key_on(client.get(url).content.decode()))
    first = client.post(url, data)
    assert done in client.get(first["Location"]).content.decode()
    events = AuditEvent.objects.filter(action="create").count()
    second = client.post(url, data, follow=True)
    assert first.status_code == 302
    assert second.redirect_chain == [(first["Location"], 302)]
    assert first["Location"] == reverse("course_detail", args=[started.pk])
    assert repeated in second.content.decode()
    assert model.objects.filter(course=started).count() == 1
    assert AuditEvent.objects.filter(action="create").count() == events  # the repeat wrote nothing


@pytest.mark.parametrize("name", FORMS)
def test_a_new_form_is_a_new_row(name, started, educator):
    model, post, _, _ = FORMS[name]
    client = logged_in(educator)
    url = reverse(name, args=[started.pk])
    for _ in range(2):
        assert client.post(url, _data(post, key_on(client.get(url).content.decode()))).status_code == 302
    assert model.objects.filter(course=started).count() == 2


def test_a_visit_form_sent_again_after_fixing_an_error_counts_once(started, educator):
    client = logged_in(educator)
    url = reverse("visit_create", args=[started.pk])
    key = key_on(client.get(url).content.decode())
    page = client.post(url, _data({**VISIT, "duration_minutes": ""}, key)).content.decode()
    assert key_on(page) == key  # the form shown again keeps its key
    fixed = _data(VISIT, key_on(page))
    assert client.post(url, fixed).status_code == 302
    assert client.post(url, fixed).status_code == 302  # the back button after the fix
    assert Visit.objects.filter(course=started).count() == 1


def test_a_tampered_key_is_a_danish_error_not_a_crash(started, educator):
    client = logged_in(educator)
    response = client.post(reverse("visit_create", args=[started.pk]), _data(VISIT, "'; DROP TABLE--"))
    assert response.status_code == 200
    assert "Formularen kunne ikke sendes, som den var." in response.content.decode()
    assert not Visit.objects.exists()


def test_a_colleagues_key_is_refused_in_danish(started, coordinator, educator):
    url = reverse("visit_create", args=[started.pk])
    data = _data(VISIT, str(uuid.uuid4()))
    assert logged_in(educator).post(url, data).status_code == 302
    response = logged_in(coordinator).post(url, data)
    assert "Formularen er allerede sendt af en anden." in response.content.decode()
    assert Visit.objects.count() == 1


# --- the services ------------------------------------------------------------------------------

SERVICES = {
    "visit_log": lambda **kw: services.visit_log(date=TODAY(), duration_minutes=60, **kw),
    "course_adjust": lambda **kw: services.course_adjust(on=TODAY(), description="Kortere besøg", reason="Træt", **kw),
    "concern_notification_record": lambda **kw: services.concern_notification_record(
        on=TODAY(), recipient="Familieafdelingen", **kw
    ),
}


@pytest.mark.parametrize("name", SERVICES)
def test_the_service_returns_the_first_row_for_the_same_key_and_audits_once(name, started, educator):
    call, key = SERVICES[name], uuid.uuid4()
    first = call(acting_user=educator, course=started, form_key=key)
    events = AuditEvent.objects.count()
    again = call(acting_user=educator, course=started, form_key=key)
    assert (again.pk, type(again)) == (first.pk, type(first))
    assert form_key_repeated(again) and not form_key_repeated(first)
    assert type(first).objects.filter(course=started).count() == 1
    assert AuditEvent.objects.count() == events
    assert first.form_key == key


@pytest.mark.parametrize("name", SERVICES)
def test_without_a_key_every_call_stores_a_row(name, started, educator):
    for _ in range(2):
        SERVICES[name](acting_user=educator, course=started)
    assert Visit.objects.count() + Adjustment.objects.count() + ConcernNotification.objects.count() == 2


def test_a_repeat_returns_the_visit_even_after_the_course_closed(started, coordinator, educator):
    """The repeat returns the first result; it does not judge the post again by today's rules."""
    key = uuid.uuid4()
    first = services.visit_log(acting_user=educator, course=started, date=TODAY(), duration_minutes=60, form_key=key)
    started.refresh_from_db()
    services.course_consent_withdraw(acting_user=educator, course=started, on=TODAY(), version=started.version)
    again = services.visit_log(acting_user=educator, course=started, date=TODAY(), duration_minutes=60, form_key=key)
    assert again.pk == first.pk


# --- at the same moment (PostgreSQL) -----------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two posts at once need PostgreSQL; SQLite runs one writer at a time"
)
@pytest.mark.django_db(transaction=True)
def test_two_posts_of_one_visit_form_at_the_same_moment_store_one_visit(municipality):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = course_started(coordinator=coordinator, educator=educator)
    url = reverse("visit_create", args=[course.pk])
    clients = [logged_in(educator), logged_in(educator)]  # two tabs, or a phone resending
    data = _data(VISIT, key_on(clients[0].get(url).content.decode()))
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
    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {reverse("course_detail", args=[course.pk])}
    assert Visit.objects.filter(course=course).count() == 1
    assert AuditEvent.objects.filter(object_type="visit", action="create").count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two posts at once need PostgreSQL; SQLite runs one writer at a time"
)
@pytest.mark.django_db(transaction=True)
def test_two_posts_of_one_goal_form_at_the_same_moment_add_one_goal(municipality):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = course_started(coordinator=coordinator, educator=educator)
    url = reverse("goal_add", args=[course.pk])
    clients = [logged_in(educator), logged_in(educator)]
    data = _data(FORMS["goal_add"][1], key_on(clients[0].get(url).content.decode()))
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
    assert [r.status_code for r in responses] == [302, 302]
    assert course.goals.count() == 3  # the two agreed at the start-up meeting and one added
    assert AuditEvent.objects.filter(object_type="goal", action="create").count() == 1
