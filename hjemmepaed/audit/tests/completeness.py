"""Every view and every service that touches personal data writes exactly one audit event.

Views are found by walking the URL resolver (`test_completeness_views.py`), services by reading
every public function of the apps' `services.py` and `services/` packages
(`test_completeness_services.py`). Each one is either exercised (and must write the number of
events stated, with actor, action, object and subject) or listed with the reason it touches no
personal data. A new view or service fails until it is classified. This module holds what both
halves share; the services' runs are in `completeness_courses.py` and `completeness_others.py`.
"""

import itertools
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role


@dataclass(frozen=True)
class Expect:
    action: str
    object_type: str
    subject: str = ""  # the subject's kind (child, guardian, family) when there is one
    count: int = 1  # more than one only for a documented bulk operation
    role: str = Role.COORDINATOR


def new_events(before: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=before).order_by("pk"))


def last_pk() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def check_events(name: str, expect: Expect, events: list[AuditEvent], user) -> list[str]:
    problems = []
    if len(events) != expect.count:
        found = [(e.action, e.object_type) for e in events]
        return [f"{name}: {len(events)} events instead of {expect.count}: {found}"]
    for event in events[:1]:
        if event.actor_id != user.pk or event.actor_username != user.username:
            problems.append(f"{name}: actor {event.actor_username!r}")
        if (event.action, event.object_type) != (expect.action, expect.object_type):
            problems.append(
                f"{name}: {event.action}/{event.object_type}, expected {expect.action}/{expect.object_type}"
            )
        if event.subject_type != expect.subject or (expect.subject and not event.subject_id):
            problems.append(f"{name}: subject {event.subject_type!r}, expected {expect.subject!r}")
        if event.action == "search" and not event.criterion:
            problems.append(f"{name}: a search without its criterion")
        if event.municipality_id != user.municipality_id:
            problems.append(f"{name}: municipality {event.municipality_id}")
    return problems


# Where the events of the service being run begin (`call` moves it past the setup's events).
mark = {"pk": 0}


def call(service, **arguments):
    """Call the service, counting events from here: the setup's events before it do not count."""
    mark["pk"] = last_pk()
    return service(**arguments)


def sent_twice(create, *, first=None):
    """A creating form sent twice with one form key (hjemmepaed.formkeys): `create(form_key=...)`
    runs twice (`first`, when given, makes the first run), the repeat returns the first row, and
    the events counted are the first's only: a repeat writes none."""
    key = uuid.uuid4()
    row = (first or create)(form_key=key)
    again = create(form_key=key)
    assert (type(again), again.pk) == (type(row), row.pk), "a repeated form key made a second row"
    return row


def call_sent_twice(service, **arguments):
    """`call` (events counted from here), then the same service again with the same form key."""
    return sent_twice(
        lambda form_key: service(form_key=form_key, **arguments),
        first=lambda form_key: call(service, form_key=form_key, **arguments),
    )


def course_started_for(world, **overrides):
    from visitation.tests.factories import course_started

    return course_started(
        coordinator=world.users[Role.COORDINATOR], educator=world.users[Role.HOME_EDUCATOR], **overrides
    )


def referral_for(world, **overrides):
    from visitation.tests.factories import referral_register

    return referral_register(coordinator=world.users[Role.COORDINATOR], **overrides)


def today():
    return timezone.localdate()


_serials = itertools.count(4123)


def child_with_cpr():
    """A child with a CPR number of her own (the same number twice in a municipality is one
    family: a second referral would be refused)."""
    from visitation.services import ChildData

    born = today() - timedelta(days=100)
    return ChildData(name="Ida", birth_date=born, cpr=f"{born:%d%m%y}{next(_serials)}")
