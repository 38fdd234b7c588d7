"""The log formatters `LOGGING` names (`config/settings/logs.py`): JSON lines for production
(`LOG_FORMAT=json`), plain text for `make run`.

A JSON line has the fields `time` (UTC, ISO 8601), `level`, `logger`, `message`, `request_id`
(the request's X-Request-ID, or the task's, set by django-guid and `config/celery.py`; null
outside both) and, when there, `status_code`, `exc_info` and `stack_info`; nothing else. Other
attributes a caller or a library attaches to a record are left out: Django's request log attaches
the whole request, whose address may hold a questionnaire token. Both formatters redact tokens
and CPR numbers (`hjemmepaed.log_redaction`) from the whole line, tracebacks included. Imports
nothing of Django's, so logging can be set up before the apps.
"""

import logging

from pythonjsonlogger.json import JsonFormatter as _LibraryJsonFormatter

from hjemmepaed.log_redaction import redacted

FIELDS = ("time", "level", "logger", "message", "request_id", "status_code", "exc_info", "stack_info")


class JsonFormatter(_LibraryJsonFormatter):
    def __init__(self, *args, **kwargs):
        super().__init__(
            "%(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
        )

    def process_log_record(self, log_data):
        ordered = {field: log_data[field] for field in FIELDS if field in log_data}
        ordered.setdefault("request_id", None)
        return ordered

    def format(self, record: logging.LogRecord) -> str:
        return redacted(super().format(record))


class PlainFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redacted(super().format(record))
