"""The Celery app. Workers and beat: `celery -A config worker` / `celery -A config beat`."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("hjemmepaed")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["hjemmepaed"])


# Each task runs in an audit context of its own: no client address, the task's name as source.
_audit_tokens: dict[str, object] = {}


@task_prerun.connect
def _audit_context_enter(task_id=None, task=None, **_):
    from hjemmepaed.audit.context import AuditContext, _current

    _audit_tokens[task_id] = _current.set(AuditContext(source=f"task:{task.name}"))


@task_postrun.connect
def _audit_context_leave(task_id=None, **_):
    from hjemmepaed.audit.context import _current

    token = _audit_tokens.pop(task_id, None)
    if token is not None:
        _current.reset(token)
