"""Link tokens and CPR numbers never reach a log: a parent's questionnaire link (`/s/<token>/`)
and a home educator's calendar feed (`/kalender/<token>.ics`) each open data to whoever holds
them, and a CPR number is a person.

`RedactTokens` is a logging filter on every handler in `LOGGING` (Django's request log, the
development server's access log, our own loggers): it rewrites the message, its arguments
applied, with each token replaced by `[token]` and each CPR-shaped number (ddmmyy-xxxx or ten
digits beginning with a day and a month, not part of a longer word) by `[cpr]`. The formatters
(`hjemmepaed/log_format.py`) redact what they write once more, tracebacks included.
`config/gunicorn_logging.py` does the same to gunicorn's access log, and the error reports
(`hjemmepaed/error_reporting.py`) to what they send. Imports nothing of Django's, so logging can
be set up before the apps.
"""

import logging
import re

REDACTED = "[token]"
REDACTED_CPR = "[cpr]"
_TOKEN_PATHS = (
    re.compile(r"(/s/)[^/\s?#\"']+"),
    re.compile(r"(/kalender/)[^/\s?#\"'.]+"),
    # Single sign-on: the provider's one-time code and the login's state on the callback, and
    # the id token a logout sends back to the provider.
    re.compile(r"([?&](?:code|state|id_token_hint)=)[^&\s#\"']+"),
)
# A day 01-31, a month 01-12, a year, an optional dash and four digits; not inside a longer run
# of letters or digits (a request id's hex, a longer number).
_CPR = re.compile(r"(?<![0-9A-Za-z])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}-?\d{4}(?![0-9A-Za-z])")


def tokens_redacted(text: str) -> str:
    for pattern in _TOKEN_PATHS:
        text = pattern.sub(rf"\g<1>{REDACTED}", text)
    return text


def redacted(text: str) -> str:
    """`text` without link tokens and CPR numbers."""
    return _CPR.sub(REDACTED_CPR, tokens_redacted(text))


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed call; logging itself reports it
            return True
        clean = redacted(message)
        if clean != message:
            record.msg, record.args = clean, ()
        return True
