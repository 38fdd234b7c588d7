"""A real Celery worker in a process of its own, for the broker tests that kill it.

Prefork pool with one pool process, as in production. The first PDF rendering sleeps
`HP_TEST_SLOW_SECONDS` (the marker file `HP_TEST_SLOW_ONCE` records that it happened), so a
test can kill the pool process or the whole worker while the report shows "rendering"; every
later rendering is the real one at full speed. Run as
`python -m reporting.tests.worker_process` with the test database in DATABASE_URL.
"""

import os
import time

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = os.environ["HP_TEST_MEDIA_ROOT"]  # the test's own folder

    from config.celery import app
    from reporting import services

    real_render = services.render_pdf
    marker = os.environ["HP_TEST_SLOW_ONCE"]

    def render_slowly_once(template, context):
        if not os.path.exists(marker):
            with open(marker, "w"):
                pass
            time.sleep(float(os.environ.get("HP_TEST_SLOW_SECONDS", "30")))
        return real_render(template, context)

    services.render_pdf = render_slowly_once  # pool processes are forked from here and inherit it

    transport_options = dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS)
    if os.environ.get("HP_TEST_VISIBILITY_TIMEOUT"):
        # Stands in for the production timeout (twice the hard time limit) so a test need not wait
        # ten minutes; restore sweeps every second instead of every 100.
        transport_options.update(
            visibility_timeout=int(os.environ["HP_TEST_VISIBILITY_TIMEOUT"]),
            unacked_restore_interval=1,
            unacked_restore_throttle=1,
        )
    app.conf.update(
        task_always_eager=False,
        broker_url=os.environ["REDIS_URL"],
        result_backend=os.environ["REDIS_URL"],
        broker_transport_options=transport_options,
    )
    app.worker_main(
        [
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--prefetch-multiplier=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"failures-{os.getpid()}@%h",
        ]
    )


if __name__ == "__main__":
    main()
