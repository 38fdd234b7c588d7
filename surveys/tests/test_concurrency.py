"""Fifty simultaneous submissions of one invitation store exactly one response."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from surveys import services
from surveys.models import Response

from .helpers import POSITIVE_TWO_CHILDREN, national_invitation, walk_for

SUBMITTERS = 50


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's row locks and real concurrent connections"
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shipped_questionnaires")
def test_fifty_simultaneous_submissions_store_one_response(two_children_closed):
    invitation = national_invitation(two_children_closed)
    walk = walk_for(invitation)
    key = "invitation-%d" % invitation.pk
    for page in walk.pages:
        services.draft_save(key=key, walk=walk, answers=POSITIVE_TWO_CHILDREN, page=page)
    url = reverse("survey_answer_page", args=[invitation.token, walk.pages[-1]])
    barrier = threading.Barrier(SUBMITTERS)
    outcomes = []

    def submit():
        client = Client()
        barrier.wait()
        try:
            response = client.post(url, {"q9": "9", "action": "submit"})
            if response.status_code == 302:
                outcomes.append("stored")
            elif "allerede besvaret" in response.content.decode():
                outcomes.append("already answered")
            else:
                outcomes.append(f"unexpected {response.status_code}")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(SUBMITTERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("stored") == 1, outcomes
    assert outcomes.count("already answered") == SUBMITTERS - 1, outcomes
    assert Response.objects.filter(invitation=invitation).count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's row locks and real concurrent connections"
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shipped_questionnaires")
def test_reminder_runs_at_the_same_time_remind_once(coordinator):
    """Beat and a redelivered task running the reminder job together: one reminder, one e-mail."""
    from datetime import timedelta

    from django.core import mail

    from surveys.models import InvitationReminder
    from surveys.reminders import invitation_reminders_send

    from .helpers import closed_with_channel

    invitation = national_invitation(closed_with_channel(coordinator, "email"))
    now = invitation.created_at + timedelta(days=14)
    runs = 8
    barrier = threading.Barrier(runs)
    made = []

    def run():
        barrier.wait()
        try:
            made.append(invitation_reminders_send(now=now).created)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(made) == [0] * (runs - 1) + [1]
    assert list(InvitationReminder.objects.filter(invitation=invitation).values_list("number", flat=True)) == [1]
    assert len(mail.outbox) == 1
