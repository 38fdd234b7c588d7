"""The Celery app. Workers and beat: `celery -A hjemmepaed worker` / `celery -A hjemmepaed beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemmepaed.settings.production")

app = Celery("hjemmepaed")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["hjemmepaed"])
