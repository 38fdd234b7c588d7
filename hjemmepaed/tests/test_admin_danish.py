"""The administration speaks Danish too: third-party apps' names and models included."""

import pytest
from axes.models import AccessAttempt

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role

pytestmark = pytest.mark.django_db


def test_the_login_lockout_app_and_its_models_have_danish_names(client):
    client.force_login(user_for_role(Role.ADMINISTRATOR))
    index = client.get("/admin/").content.decode()
    assert "Spærring ved login" in index and "Loginforsøg" in index and "Mislykkede login" in index
    assert "Axes" not in index and "AXES" not in index and "Access attempts" not in index
    AccessAttempt.objects.create(
        username="kbh-tovholder",
        ip_address="192.0.2.1",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/log-ind/",
        failures_since_start=1,
    )
    attempts = client.get("/admin/axes/accessattempt/").content.decode()
    assert "IP-adresse" in attempts and "Tidspunkt for forsøget" in attempts
    assert "IP Address" not in attempts and "Attempt Time" not in attempts
