"""In development, links in letters and e-mails follow the address `make run` serves on."""

import os
import subprocess

from django.conf import settings

from hjemmepaed.tests.settings_env import settings_evaluated


def _development_site_url(**env_extra) -> str:
    """SITE_URL as `make run`'s server reads it with this environment (evaluated in this process)."""
    env = {key: value for key, value in os.environ.items() if key not in ("SITE_URL", "HOST", "PORT")}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.development", **env_extra})
    return settings_evaluated("config.settings.development", env)["SITE_URL"]


def test_site_url_follows_host_and_port_in_development():
    assert _development_site_url() == "http://127.0.0.1:8000"
    assert _development_site_url(PORT="8123") == "http://127.0.0.1:8123"
    assert _development_site_url(HOST="localhost", PORT="8123") == "http://localhost:8123"


def test_a_site_url_that_is_set_wins():
    assert _development_site_url(SITE_URL="https://demo.kommune.dk", PORT="8123") == "https://demo.kommune.dk"


def test_make_run_hands_its_port_to_the_seed_and_the_server():
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], capture_output=True, text=True, cwd=settings.BASE_DIR, timeout=60
    )
    commands = result.stdout.splitlines()
    assert any("PORT=8123" in line and "manage.py seed_demo" in line for line in commands), result.stdout
    assert any("PORT=8123" in line and "manage.py runserver 127.0.0.1:8123" in line for line in commands)
    assert any("http://127.0.0.1:8123/demo/" in line for line in commands)
