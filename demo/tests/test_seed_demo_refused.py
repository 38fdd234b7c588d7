"""seed_demo where demo data is not allowed: on an empty database (the other tests of
seed_demo share one seeded database, test_seed_demo.py)."""

import pytest
from django.core.management import CommandError, call_command

from hjemmepaed.organisation.models import User

pytestmark = pytest.mark.django_db


def test_seed_refuses_where_demo_data_is_not_allowed(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="Demodata må ikke oprettes"):
        call_command("seed_demo")
    assert not User.objects.exists()
