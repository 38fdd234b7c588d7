"""Who is acting and from where, for the audit events written while a request, task or job runs.

The middleware (`AuditContextMiddleware`) sets it for each request; Celery tasks set their own
(`config.celery`), and so can a job (`with audit_context(source="..."):`). Services never take
the request: `audit_event_record` reads the client address from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class AuditContext:
    client_address: str | None = None
    user: Any = None  # the signed-in user of the request, or None for citizens, tasks and jobs
    source: str = ""  # "request", "task:<name>", a job's name; empty outside any of them


_current: ContextVar[AuditContext] = ContextVar("hjemmepaed_audit_context", default=AuditContext())  # noqa: B039  (frozen)


def audit_context_get() -> AuditContext:
    return _current.get()


@contextmanager
def audit_context(*, client_address: str | None = None, user: Any = None, source: str = "") -> Iterator[AuditContext]:
    """Run the block with this context, and restore the one before afterwards (also on error)."""
    context = AuditContext(client_address=client_address, user=user, source=source)
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def client_ip(request) -> str | None:
    """The client's address; behind `PROXY_COUNT` trusted proxies, read from X-Forwarded-For."""
    if request is None:
        return None
    proxies = settings.PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    """Sets the audit context for one request. Placed right after Django's authentication, so
    `user` is the request's (lazy) user and every later middleware and view sees the context."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit_context(client_address=client_ip(request), user=getattr(request, "user", None), source="request"):
            return self.get_response(request)
