"""Exactly one beat, however many are started: the schedule runs only under a lock in Redis.

Beat sends the periodic tasks (`CELERY_BEAT_SCHEDULE`: the nightly anonymisation, the daily
reminders, the report requeue). Two beats would send each of them twice, so the deployment
starts one (docs/operations.md, "Several servers"); this scheduler makes a second one harmless
all the same: a beat sends tasks only while it holds the key `LOCK_KEY` in the broker's Redis,
renewed on every tick (at most `CELERY_BEAT_MAX_LOOP_INTERVAL` apart) and lost after
`lock_seconds` without renewal. Another beat waits and takes over when the holder stopped
(at once when it stopped cleanly and let go of the lock, within `lock_seconds` when it died).
"""

import logging
import os
import socket

from celery.beat import PersistentScheduler

logger = logging.getLogger(__name__)

LOCK_KEY = "hjemmepaed:beat-lock"

# Take the lock if it is free, or renew it if it is ours; 1 when held afterwards, else 0.
_HOLD = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 1
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


class SingleBeatScheduler(PersistentScheduler):
    lock_seconds = 60
    standby_seconds = 5

    def __init__(self, *args, **kwargs):
        self.holder = f"{socket.gethostname()}:{os.getpid()}"
        self.holding = None
        self._client = None
        super().__init__(*args, **kwargs)

    @property
    def client(self):
        if self._client is None:
            import redis
            from django.conf import settings

            self._client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=5, socket_connect_timeout=5)
        return self._client

    def lock_hold(self) -> bool:
        try:
            held = bool(self.client.eval(_HOLD, 1, LOCK_KEY, self.holder, int(self.lock_seconds * 1000)))
        except Exception:  # Redis away: no task could be sent now anyway
            logger.warning("Beat cannot reach Redis for its lock; no task is sent until it can.", exc_info=True)
            held = False
        if held != self.holding:
            if held:
                logger.info("Beat %s holds the lock and runs the schedule.", self.holder)
            else:
                logger.info("Another beat runs the schedule; %s stands by.", self.holder)
            self.holding = held
        return held

    def tick(self, *args, **kwargs):
        if not self.lock_hold():
            return self.standby_seconds
        return super().tick(*args, **kwargs)

    def close(self):
        super().close()
        if self.holding:
            try:
                self.client.eval(_RELEASE, 1, LOCK_KEY, self.holder)
            except Exception:
                logger.warning("Beat could not let go of its lock; it expires by itself.", exc_info=True)
            self.holding = False
