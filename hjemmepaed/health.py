"""Health checks: `/healthz` for the load balancer, `/healthz/ready/` for monitoring.

`/healthz` (hjemmepaed.organisation.views.healthz) is the cheap liveness probe a load balancer
polls every few seconds: one `SELECT 1`, the answer `ok`. `/healthz/ready/` runs
django-health-check's checks of everything a request or a task may need: the database, the
cache (the rate limits' counters), the file storage (generated reports) and, when a broker is
configured (`REDIS_URL`), Redis itself and a ping to the Celery workers. The embedded default
(no `REDIS_URL`) runs tasks in-process, so it has neither to check.

The page opens without a login and names only the checks and the library's own short error
("Unavailable: Unable to connect to Redis: Connection Error"): no host, no user, no data. It is
always JSON, 200 when every check passed and 503 (what a load balancer and a monitor read as
"not ready") naming the check that failed; 429 past `RATE_LIMIT_READINESS_PER_IP`. `docs/operations.md` says what to monitor.
"""

import asyncio
import contextlib
import datetime
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from django.conf import settings
from django.http import JsonResponse
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.views import HealthCheckView

from hjemmepaed.ratelimits import readiness_check_limited

# Seconds each probe may take; the whole page answers within the longest plus one.
REDIS_TIMEOUT = 2
CELERY_PING_TIMEOUT = datetime.timedelta(seconds=2)


def readiness_checks() -> dict[str, HealthCheck]:
    """The checks by the name the page shows, read from the settings at each request."""
    checks: dict[str, HealthCheck] = {"database": Database(), "cache": Cache(), "storage": Storage()}
    if settings.REDIS_URL:
        from health_check.contrib.celery import Ping
        from health_check.contrib.redis import Redis
        from redis.asyncio import Redis as RedisClient

        client = partial(
            RedisClient.from_url,
            settings.REDIS_URL,
            socket_connect_timeout=REDIS_TIMEOUT,
            socket_timeout=REDIS_TIMEOUT,
        )
        checks["redis"] = Redis(client_factory=client)
        # The project's Celery app is the current one. Ready when a worker answers and consumes
        # the queue: the first answer ends the wait (without `limit` the ping always waits its
        # whole timeout, and the queue check after it overran the check's budget).
        checks["celery"] = Ping(timeout=CELERY_PING_TIMEOUT, limit=1)
    return checks


@contextlib.contextmanager
def _executor_not_waited_for():
    """Threads for the synchronous checks. A probe stuck past its timeout is reported as failed
    and left to finish on its own: the answer does not wait for it."""
    executor = ThreadPoolExecutor(max_workers=5, thread_name_prefix="health-check")
    try:
        yield executor
    finally:
        executor.shutdown(wait=False, cancel_futures=True)


class ReadinessView(HealthCheckView):
    """django-health-check's view (never cached, outside any transaction, each check under its
    own timeout), always answering JSON."""

    async def get(self, request, *args, **kwargs):
        if readiness_check_limited(request):
            return JsonResponse({"status": "rate_limited", "failed": [], "checks": {}}, status=429)
        checks = readiness_checks()
        with _executor_not_waited_for() as executor:
            results = await asyncio.gather(*(check.get_result(executor) for check in checks.values()))
        answers = {}
        for name, result in zip(checks, results, strict=True):
            answers[name] = {"status": "error" if result.error else "ok", "seconds": round(result.time_taken, 3)}
            if result.error:
                answers[name]["error"] = str(result.error)
        failed = [name for name, answer in answers.items() if answer["status"] == "error"]
        return JsonResponse(
            {"status": "error" if failed else "ok", "failed": failed, "checks": answers},
            status=503 if failed else 200,
        )
