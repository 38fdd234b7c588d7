import re
import time
from base64 import b32decode
from binascii import hexlify
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.organisation import DEMO_PASSWORD
from demo.tests.seeded import seeded_demo
from hjemmepaed.organisation.models import Daycare, Municipality, Role, User
from hjemmepaed.organisation.second_factor import code_at_step
from hjemmepaed.tests.world import module_rows

# One xdist worker runs the module (conftest.py): the demo is seeded once, not on each worker.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("seed_demo")]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> str:
    """The demo as `seed_demo` leaves it, for the module, rolled back after it: what the
    command printed. Seeded once per test run and copied in (demo/tests/seeded.py; the README's
    tour uses the same rows). Each test's own changes (a second seeding, a login) are rolled
    back after that test. The refusal on an empty database is `test_seed_demo_refused.py`."""
    with module_rows(django_db_blocker):
        with django_db_blocker.unblock():
            out = seeded_demo()
        yield out


def test_seed_creates_the_four_municipalities_and_one_user_per_role(seeded):
    out = seeded
    assert set(Municipality.objects.values_list("name", flat=True)) == {
        "København",
        "Helsingør",
        "Svendborg",
        "Thisted",
        "Ishøj",
    }
    for municipality in Municipality.objects.all():
        roles = set(municipality.staff.values_list("role", flat=True))
        # Helsingør's daycare leader gives her own statement (its model asks for it).
        leader = {Role.DAYCARE_LEADER} if municipality.name == "Helsingør" else set()
        assert roles == {Role.HOME_EDUCATOR, Role.COORDINATOR, Role.MANAGER, *leader}
        assert municipality.daycares.count() >= 3
    assert User.objects.filter(role=Role.ANALYST).count() == 1
    assert User.objects.filter(role=Role.ADMINISTRATOR).count() == 1
    for label in ("Hjemmepædagog", "Tovholder", "Leder", "National analytiker", "Administrator"):
        assert label in out
    assert DEMO_PASSWORD in out


def test_seed_has_a_thisted_educator_coordinator_among_the_printed_logins(seeded):
    person = User.objects.get(username="thi-paedagog-tovholder")
    assert person.municipality.name == "Thisted"
    assert person.roles == {Role.HOME_EDUCATOR, Role.COORDINATOR}
    assert "Hjemmepædagog + Tovholder" in seeded and "thi-paedagog-tovholder (Thisted)" in seeded


def test_seed_has_helsingors_daycare_leader_with_her_statement(seeded):
    from visitation.models import DaycareStatement

    leader = User.objects.get(username="hel-dagtilbudsleder")
    assert leader.municipality.name == "Helsingør" and leader.daycare.municipality == leader.municipality
    assert "hel-dagtilbudsleder (Helsingør)" in seeded
    assert DaycareStatement.objects.exists()
    for statement in DaycareStatement.objects.all():
        assert (statement.author, statement.daycare) == (leader, leader.daycare)


def _printed_key(out: str) -> str:
    return re.search(r"Nøgle \(tidsbaseret\): ([A-Z2-7 ]+)", out).group(1).replace(" ", "")


def test_seed_is_idempotent_and_printed_logins_work_with_the_printed_app_key(seeded, client, capsys):
    first_key = _printed_key(seeded)
    counts = (Municipality.objects.count(), Daycare.objects.count(), User.objects.count())
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert (Municipality.objects.count(), Daycare.objects.count(), User.objects.count()) == counts
    key = _printed_key(out)
    assert key != first_key  # a new random key every run, never a published one
    assert f"otpauth://totp/Hjemmepaed%3Ademo?secret={key}&" in out
    app = TOTPDevice(key=hexlify(b32decode(key + "=" * (-len(key) % 8))).decode())
    for username in (
        "kbh-paedagog",
        "kbh-tovholder",
        "kbh-leder",
        "analytiker",
        "admin",
        "thi-tovholder",
        "thi-paedagog-tovholder",
        "hel-dagtilbudsleder",
    ):
        response = client.post("/log-ind/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        code = code_at_step(app, int(time.time()) // 30)
        response = client.post(reverse("second_factor_verify"), {"code": code})
        assert response.status_code == 302, username
        assert client.get(reverse("home"), follow=True).status_code == 200
        client.post("/log-ud/")


def test_demo_code_prints_the_code_the_app_shows_and_it_lets_in(seeded, client, capsys):
    client.post("/log-ind/", {"username": "kbh-tovholder", "password": DEMO_PASSWORD})
    call_command("demo_code", "kbh-tovholder")
    code = capsys.readouterr().out.strip()
    assert re.fullmatch(r"[0-9]{6}", code)
    assert client.post(reverse("second_factor_verify"), {"code": code}).status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_demo_code_refuses_outside_development_and_for_other_users(seeded, settings):
    with pytest.raises(CommandError, match="er ikke et demo-login"):
        call_command("demo_code", "someone-else")
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="Demokoder kan ikke vises her"):
        call_command("demo_code", "kbh-tovholder")


def test_seed_gives_each_municipality_courses_in_every_phase_answers_and_a_parent_link(seeded, client):
    from courses.models import Course
    from sdq.models import Measurement
    from surveys.models import Response

    out = seeded
    # Ishøj has a few courses only (a quicker seed): the last test below.
    for municipality in Municipality.objects.exclude(name="Ishøj"):
        phases = set(Course.objects.filter(municipality=municipality).values_list("phase", flat=True))
        assert phases == {"referred", "waiting", "decided", "started", "closed"}
        assert Response.objects.filter(municipality=municipality).count() >= 5  # enough for an aggregate
    assert Measurement.objects.filter(timing="end").exists()
    courses = Course.objects.count()
    call_command("seed_demo")
    assert Course.objects.count() == courses
    link = next(line for line in out.splitlines() if line.startswith("Forældrespørgeskema")).split(": ", 1)[1]
    response = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert response.status_code == 200 and "Er du?" in response.content.decode()


def test_each_demo_municipality_runs_its_preset_and_ishoj_has_courses_and_logins(seeded):
    from courses.models import Course
    from hjemmepaed.variants.selectors import variant_in_force

    presets = {m.name: variant_in_force(municipality=m, on=date.today()).preset for m in Municipality.objects.all()}
    assert presets == {
        "København": "kobenhavn",
        "Helsingør": "helsingor",
        "Svendborg": "svendborg",
        "Thisted": "thisted",
        "Ishøj": "ishoj",
    }
    ishoj = Municipality.objects.get(name="Ishøj")
    assert variant_in_force(municipality=ishoj, on=date.today()).visit_cap == 10
    assert Course.objects.filter(municipality=ishoj).count() == 5
    assert {"ish-paedagog", "ish-tovholder", "ish-leder"} <= set(ishoj.staff.values_list("username", flat=True))
    assert "ish-" in seeded
    kobenhavn = Municipality.objects.get(name="København")
    assert kobenhavn.referral_questions.count() == 3
    assert variant_in_force(municipality=kobenhavn, on=date.today()).team_members.count() == 2
