import pytest
from django.core.management import CommandError, call_command

from hjemmepaed.organisation.demo import DEMO_PASSWORD
from hjemmepaed.organisation.models import Daycare, Municipality, Role, User

pytestmark = pytest.mark.django_db


def test_seed_creates_the_four_municipalities_and_one_user_per_role(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert set(Municipality.objects.values_list("name", flat=True)) == {
        "København",
        "Helsingør",
        "Svendborg",
        "Thisted",
    }
    for municipality in Municipality.objects.all():
        roles = set(municipality.staff.values_list("role", flat=True))
        assert roles == {Role.HOME_EDUCATOR, Role.COORDINATOR, Role.MANAGER}
        assert municipality.daycares.count() >= 3
    assert User.objects.filter(role=Role.ANALYST).count() == 1
    assert User.objects.filter(role=Role.ADMINISTRATOR).count() == 1
    for label in ("Hjemmepædagog", "Tovholder", "Leder", "National analytiker", "Administrator"):
        assert label in out
    assert DEMO_PASSWORD in out


def test_seed_is_idempotent_and_printed_logins_work(client):
    call_command("seed_demo")
    counts = (Municipality.objects.count(), Daycare.objects.count(), User.objects.count())
    call_command("seed_demo")
    assert (Municipality.objects.count(), Daycare.objects.count(), User.objects.count()) == counts
    for username in ("kbh-paedagog", "kbh-tovholder", "kbh-leder", "analytiker", "admin", "thi-tovholder"):
        response = client.post("/log-ind/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        client.post("/log-ud/")


def test_seed_refuses_where_demo_data_is_not_allowed(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="Demodata må ikke oprettes"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_gives_each_municipality_courses_in_every_phase_answers_and_a_parent_link(client, capsys):
    from courses.models import Course
    from sdq.models import Measurement
    from surveys.models import Response

    call_command("seed_demo")
    out = capsys.readouterr().out
    for municipality in Municipality.objects.all():
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
