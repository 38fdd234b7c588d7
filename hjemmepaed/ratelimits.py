"""Rate limits on logging in, on the parent's questionnaire, on the calendar feed and on the readiness page (django-ratelimit, default cache).

The limits are in settings (`RATE_LIMIT_*`). A request over a limit gets the Danish 429 answer
"For mange forsøg. Vent et øjeblik, og prøv igen." and nothing is done for it. Counters are
keyed by hashes (django-ratelimit hashes the whole cache key), so no address, username or
questionnaire link is stored in clear in the cache.
"""

import ipaddress
from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

from hjemmepaed.audit.context import client_ip


def client_address(request) -> str:
    """The client's address as the audit log reads it (behind `PROXY_COUNT` proxies)."""
    address = client_ip(request) or ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return request.META.get("REMOTE_ADDR") or "0.0.0.0"


def _username(group, request) -> str:
    return request.POST.get("username", "").strip().lower()


def login_limited(request) -> bool:
    """Counts a login post per client address and per username; True when either is over."""
    by_address = is_ratelimited(
        request,
        group="login-address",
        key="ip",
        rate=settings.RATE_LIMIT_LOGIN_PER_IP,
        method="POST",
        increment=True,
    )
    by_username = is_ratelimited(
        request,
        group="login-username",
        key=_username,
        rate=settings.RATE_LIMIT_LOGIN_PER_USERNAME,
        method="POST",
        increment=True,
    )
    return by_address or by_username


def sso_callback_limited(request) -> bool:
    """Counts single sign-on's callbacks per client address, at the login's rate: each one makes
    the app call the municipality's identity provider."""
    return is_ratelimited(
        request,
        group="sso-address",
        key="ip",
        rate=settings.RATE_LIMIT_LOGIN_PER_IP,
        method=is_ratelimited.ALL,
        increment=True,
    )


def survey_post_limited(request, *, link_key: str) -> bool:
    """Counts a questionnaire post per client address and per link (per browser on an open link)."""
    by_address = is_ratelimited(
        request,
        group="survey-address",
        key="ip",
        rate=settings.RATE_LIMIT_SURVEY_PER_IP,
        method="POST",
        increment=True,
    )
    by_link = is_ratelimited(
        request,
        group="survey-link",
        key=lambda group, request: link_key,
        rate=settings.RATE_LIMIT_SURVEY_PER_LINK,
        method="POST",
        increment=True,
    )
    return by_address or by_link


def calendar_feed_limited(request) -> bool:
    """Counts calendar feed fetches per client address (a calendar polls; a guesser is slowed)."""
    return is_ratelimited(
        request,
        group="calendar-address",
        key="ip",
        rate=settings.RATE_LIMIT_CALENDAR_PER_IP,
        method=is_ratelimited.ALL,
        increment=True,
    )


def readiness_check_limited(request) -> bool:
    """Counts readiness page fetches per client address: each one writes to the cache and the
    storage and pings every Celery worker, so an address asking in a loop is slowed (a monitor
    asks once a minute). With the cache itself away the page still answers and says so."""
    try:
        return is_ratelimited(
            request,
            group="readiness-address",
            key="ip",
            rate=settings.RATE_LIMIT_READINESS_PER_IP,
            method=is_ratelimited.ALL,
            increment=True,
        )
    except Exception:  # noqa: BLE001  (the cache is down: the readiness page is what reports it)
        return False


def too_many_attempts(request):
    return render(request, "429.html", status=429)


def login_rate_limited(view):
    """Wraps the login view: a post over a limit gets the 429 page and is never checked."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if login_limited(request):
            return too_many_attempts(request)
        return view(request, *args, **kwargs)

    return wrapped
