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
