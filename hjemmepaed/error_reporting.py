"""Optional error reports to a Sentry-protocol endpoint (Sentry, GlitchTip, …): on when
`SENTRY_DSN` is set (config/settings/base.py), off otherwise.

What leaves the server is an exception's type, message and stack (file, line, function: no
local variables), the request's method and address without its query, and the log lines
before it as breadcrumbs. Never sent: request bodies, cookies, headers, query strings, the
user, and the values in a traceback's frames (`send_default_pii` off, every category of
`data_collection` off, `max_request_body_size="never"`, and `event_scrubbed` removes them again
whatever an integration added). Every text left is passed through
`hjemmepaed.log_redaction.redacted`: questionnaire and calendar tokens and CPR numbers become
`[token]` and `[cpr]`. Imports nothing of Django's: the settings call it.
"""

from hjemmepaed.log_redaction import redacted

# What is kept of the event's request: no body, cookies, headers, query string or environment.
REQUEST_KEPT = ("method", "url")


def _texts_redacted(value):
    if isinstance(value, str):
        return redacted(value)
    if isinstance(value, dict):
        return {key: _texts_redacted(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_texts_redacted(item) for item in value]
    return value


def _frames(event):
    for exception in (event.get("exception") or {}).get("values") or ():
        yield from (exception.get("stacktrace") or {}).get("frames") or ()
    for thread in (event.get("threads") or {}).get("values") or ():
        yield from (thread.get("stacktrace") or {}).get("frames") or ()


def event_scrubbed(event: dict, hint: dict | None = None) -> dict:
    """Sentry's `before_send`: the event without anything personal."""
    request = event.get("request")
    if request is not None:
        event["request"] = {key: request[key] for key in REQUEST_KEPT if key in request}
        if "url" in event["request"]:
            event["request"]["url"] = event["request"]["url"].split("?", 1)[0]
    event.pop("user", None)
    for frame in _frames(event):
        frame.pop("vars", None)
    return _texts_redacted(event)


def breadcrumb_scrubbed(crumb: dict, hint: dict | None = None) -> dict:
    return _texts_redacted(crumb)


def error_reporting_init(*, dsn: str, environment: str) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # What integrations collect, each category off: sentry-sdk 2.7x's `data_collection`
        # supersedes `send_default_pii` (deprecated; unset it means False, as here) and
        # `include_local_variables`, and says more: no user, no cookies, headers, bodies or
        # query parameters, no values of a frame's variables, no database query data.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_headers": {"request": {"mode": "off"}, "response": {"mode": "off"}},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "graphql": {"document": False, "variables": False},
            "gen_ai": {"inputs": False, "outputs": False},
            "database_query_data": False,
            "queues": False,
            "stack_frame_variables": False,
        },
        max_request_body_size="never",
        before_send=event_scrubbed,
        before_breadcrumb=breadcrumb_scrubbed,
    )
