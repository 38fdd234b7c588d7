"""The letter is rendered while the educator waits: a render over the shorter limit is stopped
and the course page says so in Danish."""

import time

import pytest
from django.urls import reverse

from hjemmepaed import pdf as pdf_module

pytestmark = pytest.mark.django_db


def test_a_slow_letter_is_stopped_and_explained(client, two_children_closed, monkeypatch, settings):
    settings.PDF_RENDER_TIME_LIMIT = 600  # the request's own, shorter limit must apply
    settings.PDF_RENDER_TIME_LIMIT_IN_REQUEST = 1

    def slow(html):
        time.sleep(60)
        return b"%PDF never", 0

    monkeypatch.setattr(pdf_module, "_write_pdf", slow)
    client.force_login(two_children_closed.primary_educator)
    guardian = two_children_closed.family.guardians.get(name="Sara Nielsen")
    started = time.monotonic()
    response = client.get(reverse("invitation_letter", args=[two_children_closed.pk, guardian.pk]), follow=True)
    assert time.monotonic() - started < 20
    assert response.redirect_chain[-1][0] == reverse("course_detail", args=[two_children_closed.pk])
    assert "Brevet kunne ikke laves i tide. Prøv igen om et øjeblik." in response.content.decode()
