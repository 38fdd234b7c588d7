from django.urls import reverse

from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.access import AccessCase

READERS = (Role.COORDINATOR, Role.MANAGER, Role.ANALYST)


def _report_url(name):
    return lambda world, which: reverse(name, args=[world.obj("report", which).pk])


CASES = [
    AccessCase("report_list", READERS, lambda world, which: reverse("report_list")),
    AccessCase("hourly_rate", (Role.COORDINATOR, Role.MANAGER), lambda world, which: reverse("hourly_rate")),
    # A municipality's own report is not the national analyst's: 404 like any other's.
    *[
        AccessCase(name, READERS, _report_url(name), scoped=True, cross_municipal_status=404)
        for name in (
            "report_detail",
            "report_status",
            "report_download_pdf",
            "report_download_xlsx",
            "report_download_json",
        )
    ],
    AccessCase(
        "report_retry",
        READERS,
        _report_url("report_retry"),
        scoped=True,
        role_status=dict.fromkeys(READERS, 405),  # only a POST retries
    ),
]


def build_objects(world):
    from hjemmepaed.organisation.tests.factories import user_for_role
    from reporting.tests.factories import ready_report

    world.objects["report"] = {
        "own": ready_report(user=world.users[Role.MANAGER], municipalities=[world.own]),
        "other": ready_report(user=user_for_role(Role.MANAGER, municipality=world.other), municipalities=[world.other]),
    }
