"""Link tokens never reach a log: a parent's questionnaire link (`/s/<token>/`) and a home
educator's calendar feed (`/kalender/<token>.ics`) each open data to whoever holds them.

`RedactTokens` is a logging filter on every handler in `LOGGING` (Django's request log, the
development server's access log, our own loggers): it rewrites the message, its arguments
applied, with each token replaced by `[token]`. `config/gunicorn_logging.py` does the same to
gunicorn's access log. Imports nothing of Django's, so logging can be set up before the apps.
"""

import logging
import re

REDACTED = "[token]"
_TOKEN_PATHS = (
    re.compile(r"(/s/)[^/\s?#\"']+"),
    re.compile(r"(/kalender/)[^/\s?#\"'.]+"),
)


def tokens_redacted(text: str) -> str:
    for pattern in _TOKEN_PATHS:
        text = pattern.sub(rf"\g<1>{REDACTED}", text)
    return text


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed call; logging itself reports it
            return True
        redacted = tokens_redacted(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
