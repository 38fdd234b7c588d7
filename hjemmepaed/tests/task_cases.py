from datetime import timedelta

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from hjemmepaed.tests.celery_cases import TaskCase, TaskRun


def sessions_clear_expired(monkeypatch) -> TaskRun:
    for expiry in (timezone.now() - timedelta(hours=1), timezone.now() + timedelta(hours=1)):
        store = SessionStore()
        store["shown_name"] = "Camilla Pedersen"
        store.set_expiry(expiry)
        store.save()
    return TaskRun(args=(), state=lambda: sorted(Session.objects.values_list("session_key", flat=True)))


CASES = [
    TaskCase("hjemmepaed.tasks.sessions_clear_expired", sessions_clear_expired),
]
