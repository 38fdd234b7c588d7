"""The Celery app. Workers and beat: `celery -A config worker` / `celery -A config beat`."""

import os

from celery import Celery
from celery.signals import before_task_publish, setup_logging, task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("hjemmepaed")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["hjemmepaed"])

# The request id travels with a task as this message header (docs/operations.md, "Logs").
REQUEST_ID_HEADER = "request_id"


@setup_logging.connect
def _logging_as_django(**_):
    """Workers and beat log as the web servers do (`LOGGING`: JSON in production, the request
    id, tokens and CPR numbers redacted) instead of Celery's own set-up."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


@before_task_publish.connect
def _request_id_sent(headers=None, **_):
    from django_guid import get_guid

    if headers is not None and get_guid():
        headers[REQUEST_ID_HEADER] = get_guid()


# Each task runs in an audit context of its own: no client address, the task's name as source;
# and under the request id of the request or task that queued it (a new one for beat's). A task
# run in-process (the embedded default) keeps its caller's id, and both are put back after it.
# Not django-guid's Celery integration: it gives an in-process task a new id and clears the id
# after it, so the rest of the request's log lines would lose theirs.
_tokens: dict[str, tuple] = {}


@task_prerun.connect
def _task_context_enter(task_id=None, task=None, **_):
    from django_guid.context import guid
    from django_guid.utils import generate_guid

    from hjemmepaed.audit.context import AuditContext, _current

    audit = _current.set(AuditContext(source=f"task:{task.name}"))
    if task.request.is_eager and guid.get():
        request_id = None  # the caller's id goes on
    else:
        request_id = guid.set(task.request.get(REQUEST_ID_HEADER) or generate_guid())
    _tokens[task_id] = (audit, request_id)


@task_postrun.connect
def _task_context_leave(task_id=None, **_):
    from django_guid.context import guid

    from hjemmepaed.audit.context import _current

    audit, request_id = _tokens.pop(task_id, (None, None))
    if audit is not None:
        _current.reset(audit)
    if request_id is not None:
        guid.reset(request_id)
