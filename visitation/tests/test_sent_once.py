"""The referral form is sent once: the same post again (a resend, the back button, two taps)
registers one family and one course and leads to the same page (hjemmepaed.formkeys)."""

import re
import threading
import uuid
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from courses.models import Course
from families.models import Family
from hjemmepaed import formkeys
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.formkeys import form_key_repeated
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.models import Referral
from visitation.services import ChildData
from visitation.tests.factories import referral_register
from visitation.tests.test_views import _referral_post

pytestmark = pytest.mark.django_db


def key_on(page: str) -> str:
    return re.search(r'name="form_key" value="([^"]+)"', page).group(1)


def test_the_same_referral_posted_twice_registers_one_course(client, coordinator):
    client.force_login(coordinator)
    url = reverse("referral_create")
    data = {**_referral_post(), "form_key": key_on(client.get(url).content.decode())}
    first = client.post(url, data)
    assert first.status_code == 302
    assert "Henvendelsen er registreret." in client.get(first["Location"]).content.decode()
    second = client.post(url, data, follow=True)
    assert second.redirect_chain == [(first["Location"], 302)]
    assert "Henvendelsen var allerede registreret." in second.content.decode()
    assert (Course.objects.count(), Family.objects.count(), Referral.objects.count()) == (1, 1, 1)
    referral = Referral.objects.get()
    assert (str(referral.form_key), referral.registered_by) == (data["form_key"], coordinator)


def test_the_service_returns_the_first_course_for_the_same_key_and_audits_once(coordinator):
    key = uuid.uuid4()
    first = referral_register(coordinator=coordinator, form_key=key)
    events = AuditEvent.objects.count()
    again = referral_register(coordinator=coordinator, form_key=key)
    assert again.pk == first.pk and form_key_repeated(again)
    assert AuditEvent.objects.count() == events
    assert Family.objects.count() == 1


def test_another_registrar_with_the_same_key_is_refused(coordinator, municipality):
    key = uuid.uuid4()
    referral_register(coordinator=coordinator, form_key=key)
    colleague = user_for_role(Role.COORDINATOR, municipality=municipality)
    with pytest.raises(DomainError, match="Formularen er allerede sendt af en anden."):
        referral_register(coordinator=colleague, form_key=key)
    assert Family.objects.count() == 1


def test_the_race_lost_undoes_the_family_and_course_it_made(coordinator):
    """A concurrent post with the key committed between the look-up and the insert: the loser's
    family, guardians, children, course and events are rolled back to its savepoint."""
    key = uuid.uuid4()
    winner = referral_register(coordinator=coordinator, form_key=key)
    counts = (Family.objects.count(), Course.objects.count(), AuditEvent.objects.count())
    real, calls = formkeys.form_key_first, []

    def not_yet_committed(**kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else real(**kwargs)

    with mock.patch.object(formkeys, "form_key_first", side_effect=not_yet_committed):
        again = referral_register(coordinator=coordinator, form_key=key)
    assert again.pk == winner.pk
    assert (Family.objects.count(), Course.objects.count(), AuditEvent.objects.count()) == counts


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two posts at once need PostgreSQL; SQLite runs one writer at a time"
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("with_cpr", [False, True], ids=["no CPR", "a child's CPR"])
def test_two_posts_of_one_referral_at_the_same_moment_register_one_family(municipality, with_cpr):
    """Without a CPR number no lock orders these two: both make a family and a course, the second
    insert of the key waits for the first to commit, breaks the constraint, and its whole
    transaction goes. With one the second waits for the municipality's registration lock and
    then finds the first's row by its key (not "a family with this CPR number exists")."""
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    key = uuid.uuid4()
    barrier = threading.Barrier(2)
    courses = []
    born = timezone.localdate() - timedelta(days=300)
    children = [ChildData(name="Alma Nielsen", birth_date=born, cpr=f"{born:%d%m%y}-4123")] if with_cpr else None

    def register():
        barrier.wait()
        try:
            extra = {"children": children} if children else {}
            courses.append(referral_register(coordinator=coordinator, form_key=key, **extra).pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(courses) == 2 and len(set(courses)) == 1
    assert (Family.objects.count(), Course.objects.count(), Referral.objects.count()) == (1, 1, 1)
    assert AuditEvent.objects.filter(criterion="referral registered").count() == 1
