"""gunicorn's logger with link tokens redacted from every access-log atom: the request line, the
path, the query and the referrer (a questionnaire page's own requests for its styles and scripts
carry the page's address as referrer). `gunicorn.conf.py` names it, so an access log switched on
with `--access-logfile` never holds a token."""

from gunicorn.glogging import Logger

from hjemmepaed.log_redaction import tokens_redacted


class GunicornLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: tokens_redacted(value) if isinstance(value, str) else value for key, value in atoms.items()}
