"""`LOGGING` for base.py (plain text, `make run`) and production.py (JSON lines by default):
one function, so both set up the same handlers, filters and levels (docs/operations.md, "Logs")."""

LOG_FORMATS = ("json", "plain")


def logging_config(*, log_format: str, level: str) -> dict:
    if log_format not in LOG_FORMATS:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}.")
    # Every handler adds the request id and redacts questionnaire and calendar tokens and CPR numbers.
    filters = ["request_id", "redact"]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "hjemmepaed.log_format.JsonFormatter"},
            "plain": {
                "()": "hjemmepaed.log_format.PlainFormatter",
                "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            },
            "django.server": {
                "()": "django.utils.log.ServerFormatter",
                "format": "[{server_time}] {message}",
                "style": "{",
            },
        },
        "filters": {
            "request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"},
            "redact": {"()": "hjemmepaed.log_redaction.RedactTokens"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": log_format, "filters": filters},
            "django.server": {
                "class": "logging.StreamHandler",
                "formatter": "json" if log_format == "json" else "django.server",
                "filters": filters,
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's request logger prints URLs and nothing personal: URLs carry only ids, and
            # the questionnaire's and calendar feed's tokens are redacted.
            "django.request": {"level": "WARNING"},
            # The development server's access log (runserver), as Django sets it up, redacted.
            "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
            "axes": {"level": "WARNING"},
            # WeasyPrint logs every step of every PDF at INFO.
            "weasyprint": {"level": "WARNING"},
            # django-guid says at INFO, for every request, whether the header came; and at
            # WARNING, before the new id is set, that a header was ill-formed: a line without
            # the request's id. The id itself is on the request's every other line.
            "django_guid": {"level": "ERROR"},
            # pysaml2 logs a SAML login's subject and attributes at INFO, djangosaml2 the person's
            # attributes at DEBUG: personal data. The app logs a failed SAML login itself
            # (`views_saml`, the provider's id and the error's kind). xmlschema logs every schema.
            "saml2": {"level": "ERROR"},
            "djangosaml2": {"level": "ERROR"},
            "xmlschema": {"level": "WARNING"},
        },
    }
