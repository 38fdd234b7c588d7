"""The README's tour, stop by stop, on the demo data: each page renders as the tour describes it.
With HJEMMEPAED_TOUR_SCREENSHOTS=1 the test also writes the tour's pictures, docs/tour/*.png:
the top of each page at 1280 px, scaled to half and reduced to a palette so each stays small.

    HJEMMEPAED_TOUR_SCREENSHOTS=1 .venv/bin/python -m pytest -p no:cacheprovider tests/browser/test_readme_tour.py
"""

import io
import os
from pathlib import Path

import pytest

from courses.models import Course, Phase
from demo.tests.seeded import seeded_demo
from hjemmepaed.organisation.models import User
from surveys.models import Invitation
from tests.browser.sessions import assert_not_sent_to_login, session_set

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shipped_questionnaires"),
]

TOUR = Path(__file__).resolve().parents[2] / "docs" / "tour"
WRITE = os.environ.get("HJEMMEPAED_TOUR_SCREENSHOTS") == "1"


def _picture(page, name: str) -> None:
    if not WRITE:
        return
    from PIL import Image

    image = Image.open(io.BytesIO(page.screenshot()))  # the viewport: the page's top, 1280 × 800
    image = image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)
    image = image.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    TOUR.mkdir(parents=True, exist_ok=True)
    image.save(TOUR / f"{name}.png", optimize=True)


def _stops():
    """(picture, user or None, path, the heading the page shows) in the README's order."""
    educator = User.objects.get(username="kbh-paedagog")
    coordinator = User.objects.get(username="kbh-tovholder")
    started = Course.objects.filter(primary_educator=educator, phase=Phase.STARTED).order_by("pk").first()
    referred = Course.objects.filter(municipality=coordinator.municipality, phase=Phase.REFERRED).order_by("pk").first()
    invitation = Invitation.objects.filter(
        course__municipality=coordinator.municipality, answered_at__isnull=True, cancelled_at__isnull=True
    ).first()
    return [
        ("01-demo", None, "/demo/", "Prøv demoen"),
        ("02-educator-my-courses", educator, "/forloeb/mine/", "Mine forløb"),
        ("03-educator-course", educator, f"/forloeb/{started.pk}/", None),
        ("04-educator-visit", educator, f"/forloeb/{started.pk}/besoeg/ny/", None),
        ("05-coordinator-overview", coordinator, "/", "Overblik"),
        ("06-coordinator-decision", coordinator, f"/visitation/{referred.pk}/beslut/", None),
        ("07-coordinator-audit-log", coordinator, "/logning/", None),
        ("08-manager-reports", User.objects.get(username="kbh-leder"), "/rapporter/", None),
        ("09-manager-model", User.objects.get(username="kbh-leder"), "/indstillinger/model/", None),
        ("10-analyst", User.objects.get(username="analytiker"), "/", "Landstal"),
        ("11-parent-questionnaire", None, f"/s/{invitation.token}/", None),
    ]


def test_the_tour_stops_render_on_the_demo_data(browser, live_server, settings):
    settings.DEMO_DATA_ALLOWED = True
    seeded_demo()  # as make run's `seed_demo` leaves it (seeded once per run): the demo users get their app
    shown = {}
    contexts = {}  # one browser per user, logged in once, for each of the user's stops in turn
    try:
        for name, user, path, heading in _stops():
            if user not in contexts:
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                contexts[user] = context.new_page()
                contexts[user].live_server_url = live_server.url
                if user is not None:
                    session_set(contexts[user], user)
            page = contexts[user]
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            assert_not_sent_to_login(page)
            shown[name] = page.locator("h1").first.inner_text()
            if heading is not None:
                assert shown[name] == heading, path
            _picture(page, name)
    finally:
        for page in contexts.values():
            page.context.close()
    assert all(shown.values()), shown
    if WRITE:
        assert sorted(path.stem for path in TOUR.glob("*.png")) == sorted(shown)
