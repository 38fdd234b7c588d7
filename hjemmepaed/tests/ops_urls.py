"""The project's URLs and two test views (tests set `ROOT_URLCONF` to this module): one that logs
around a task it runs, one that fails with personal data in its locals, its message and its request."""

import logging

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import urlpatterns as project_urlpatterns
from hjemmepaed import tasks
from hjemmepaed.access import public

CPR = "010203-1234"
NAME = "Anna Testesen"


@public
def logs_around_a_task(request):
    logger = logging.getLogger("hjemmepaed.tests")
    logger.info("before the task")
    tasks.sessions_clear_expired.delay()
    logger.info("after the task")
    return HttpResponse("ok")


@public
@csrf_exempt  # posted straight to Django's WSGI handler, which checks CSRF
def fails(request, token):
    guardian_name, cpr = NAME, CPR  # locals a traceback would show
    logging.getLogger("hjemmepaed.tests").warning("saving for %s at %s", cpr, request.path)
    raise RuntimeError(f"could not save {cpr} (guardian {len(guardian_name)} letters)")


urlpatterns = [
    path("test/logs/", logs_around_a_task, name="test_logs_around_a_task"),
    path("s/<str:token>/fejl/", fails, name="test_fails"),
    *project_urlpatterns,
]
