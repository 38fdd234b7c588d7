"""Two people on one course at once, and one person clicking twice: nothing is lost, nothing doubled.

Every edit of the course's own fields (intake decision, start, extension, transfer, closure,
consent withdrawn, correction) carries the version its form was loaded with; visits,
adjustments and notifications of concern are rows of their own and are all kept.
"""

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import Closure, Course, Extension, PhaseChange, StartUpMeeting, Transfer, Visit
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from surveys.models import Invitation
from visitation.tests.factories import course_decided, course_started, referral_register

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
CONFLICT = "Forløbet er ændret af en anden, mens du skrev."


def version_on(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def extend_data(version, *, end, reason):
    return {
        "version": version,
        "new_planned_end": end.isoformat(),
        "reason": reason,
        "other_service_assessment": "Ikke behov for anden indsats.",
    }


@pytest.fixture
def colleague(municipality):
    return user_for_role(Role.COORDINATOR, municipality=municipality)


@pytest.fixture
def started(coordinator, educator):
    return course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=60))


# --- two people, one course ------------------------------------------------------------------


def test_the_second_of_two_extensions_sees_the_conflict_and_keeps_what_was_typed(started, coordinator, colleague):
    first, second = logged_in(coordinator), logged_in(colleague)
    url = reverse("course_extend", args=[started.pk])
    first_version = version_on(first.get(url).content.decode())
    second_version = version_on(second.get(url).content.decode())
    assert first_version == second_version == str(started.version)
    first_end = started.planned_end_date + timedelta(days=14)
    assert first.post(url, extend_data(first_version, end=first_end, reason="Familien flytter")).status_code == 302

    second_end = started.planned_end_date + timedelta(days=28)
    response = second.post(url, extend_data(second_version, end=second_end, reason="Behov for to uger mere"))
    page = response.content.decode()
    assert response.status_code == 200
    assert CONFLICT in page
    assert "Behov for to uger mere" in page  # what the second typed is still in the form
    assert f'value="{second_end:%d.%m.%Y}"' in page
    assert "Forløbets nuværende oplysninger" in page  # and the course as it is now
    assert first_end.strftime("%d.%m.%Y") in page
    started.refresh_from_db()
    assert started.planned_end_date == first_end  # the first change is kept
    assert list(Extension.objects.values_list("reason", flat=True)) == ["Familien flytter"]

    # Having seen the current details, the second saves again on purpose, and that goes through.
    assert version_on(page) == str(started.version)
    again = second.post(url, extend_data(version_on(page), end=second_end, reason="Behov for to uger mere"))
    assert again.status_code == 302
    started.refresh_from_db()
    assert started.planned_end_date == second_end
    assert Extension.objects.count() == 2


def test_an_extension_made_while_someone_closes_the_course_refuses_the_close(started, coordinator, educator):
    """Different edits of the same course conflict too: the close form did not know of the extension."""
    closing = logged_in(educator)
    close_url = reverse("course_close", args=[started.pk])
    version = version_on(closing.get(close_url).content.decode())
    services.course_extend(
        acting_user=coordinator,
        course=started,
        new_planned_end=started.planned_end_date + timedelta(days=7),
        reason="Mere tid",
        other_service_needed=False,
        other_service_assessment="Nej",
        version=int(version),
    )
    data = {
        "version": version,
        "end_date": TODAY().isoformat(),
        "end_reason": "goals_reached",
        "goals_reached_answer": "agree",
        "child_developed_answer": "agree",
    }
    for goal in started.goals.all():
        data |= {f"goal_{goal.pk}_status": "reached", f"goal_{goal.pk}_weight": "3"}
    page = closing.post(close_url, data).content.decode()
    assert CONFLICT in page
    started.refresh_from_db()
    assert started.phase == "started"
    assert not Closure.objects.exists()
    assert {g.weight_at_end for g in started.goals.all()} == {None}  # nothing of the refused close is kept


@pytest.mark.parametrize("edit", ["transfer", "extend", "consent", "close"])
def test_every_edit_of_the_course_refuses_a_stale_version(edit, started, coordinator, municipality):
    stale = started.version
    services.course_extend(
        acting_user=coordinator,
        course=started,
        new_planned_end=started.planned_end_date + timedelta(days=7),
        reason="Mere tid",
        other_service_needed=False,
        other_service_assessment="Nej",
    )
    calls = {
        "transfer": lambda: services.course_transfer(
            acting_user=coordinator,
            course=started,
            on=TODAY(),
            reason="Skift",
            version=stale,
            to_educator=user_for_role(Role.HOME_EDUCATOR, municipality=municipality),
        ),
        "extend": lambda: services.course_extend(
            acting_user=coordinator,
            course=started,
            new_planned_end=started.planned_end_date + timedelta(days=30),
            reason="Mere",
            other_service_needed=False,
            other_service_assessment="Nej",
            version=stale,
        ),
        "consent": lambda: services.course_consent_withdraw(
            acting_user=coordinator, course=started, on=TODAY(), version=stale
        ),
        "close": lambda: services.course_close(
            acting_user=coordinator,
            course=started,
            end_date=TODAY(),
            end_reason="goals_reached",
            goals_reached_answer="agree",
            child_developed_answer="agree",
            version=stale,
            goal_results=[services.GoalResult(goal=g, status="reached", weight_at_end=2) for g in started.goals.all()],
        ),
    }
    with pytest.raises(DomainError, match=CONFLICT):
        calls[edit]()
    course = Course.objects.get(pk=started.pk)
    assert (course.phase, course.version, course.primary_educator) == ("started", stale + 1, started.primary_educator)


def test_a_correction_of_a_closed_course_refuses_a_stale_version(started, coordinator, educator):
    closed = services.course_consent_withdraw(acting_user=educator, course=started, on=TODAY())
    stale = closed.version
    services.course_correct_closed(acting_user=coordinator, course=closed, reason="Forkert årsag", end_reason="moved")
    with pytest.raises(DomainError, match=CONFLICT):
        services.course_correct_closed(
            acting_user=coordinator, course=closed, reason="Andet", end_reason="no_time", version=stale
        )
    assert Course.objects.get(pk=closed.pk).end_reason == "moved"


def test_visits_are_rows_of_their_own_and_both_are_kept(started, coordinator, educator):
    """A visit logged while someone edits the course is no conflict, and it does not make one."""
    version = started.version
    services.visit_log(acting_user=educator, course=started, date=TODAY(), duration_minutes=60)
    services.visit_log(acting_user=coordinator, course=started, date=TODAY(), duration_minutes=45)
    services.course_extend(
        acting_user=coordinator,
        course=started,
        new_planned_end=started.planned_end_date + timedelta(days=7),
        reason="Mere tid",
        other_service_needed=False,
        other_service_assessment="Nej",
        version=version,
    )
    assert Visit.objects.filter(course=started).count() == 2


def test_a_save_from_a_stale_copy_changes_nothing(started):
    """`course_save` is the compare-and-increment itself: UPDATE ... WHERE version = n."""
    stale = Course.objects.get(pk=started.pk)
    fresh = Course.objects.get(pk=started.pk)
    fresh.planned_end_date = fresh.planned_end_date + timedelta(days=1)
    services.course_save(course=fresh, fields=["planned_end_date"])
    stale.planned_end_date = stale.planned_end_date + timedelta(days=2)
    with pytest.raises(DomainError, match=CONFLICT):
        services.course_save(course=stale, fields=["planned_end_date"])
    assert Course.objects.get(pk=started.pk).planned_end_date == fresh.planned_end_date


# --- one person, two clicks --------------------------------------------------------------------


def test_a_double_click_on_approve_makes_one_decision(client, coordinator, educator):
    course = referral_register(coordinator=coordinator)
    client.force_login(coordinator)
    url = reverse("referral_decide", args=[course.pk])
    data = {
        "version": version_on(client.get(url).content.decode()),
        "decision": "approve",
        "decided_on": TODAY().isoformat(),
        "primary_educator": educator.pk,
    }
    first, second = client.post(url, data), client.post(url, data, follow=True)
    assert first.status_code == 302
    assert second.redirect_chain[-1][0] == reverse("intake_queue")
    page = second.content.decode()
    assert "Beslutningen er gemt." in page
    assert "kan ikke skifte" not in page and CONFLICT not in page
    assert PhaseChange.objects.filter(course=course, to_phase="decided").count() == 1
    assert (
        AuditEvent.objects.filter(object_type="course", action="update", criterion__contains="-> decided").count() == 1
    )
    assert Course.objects.get(pk=course.pk).version == course.version + 1


def test_a_double_click_on_start_makes_one_start_up_meeting(client, coordinator, educator):
    course = course_decided(coordinator=coordinator, educator=educator)
    client.force_login(educator)
    url = reverse("course_start", args=[course.pk])
    data = {
        "version": version_on(client.get(url).content.decode()),
        "start_date": TODAY().isoformat(),
        "participants": "Mor og hjemmepædagog",
        "goals-TOTAL_FORMS": "1",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "1",
        "goals-MAX_NUM_FORMS": "9",
        "goals-0-theme": "home_relations",
        "goals-0-description": "Rolig sengetid",
        "goals-0-weight_at_start": "8",
    }
    assert client.post(url, data).status_code == 302
    second = client.post(url, data, follow=True)
    assert second.redirect_chain[-1][0] == reverse("course_detail", args=[course.pk])
    assert "Forløbet er startet." in second.content.decode()
    assert StartUpMeeting.objects.filter(course=course).count() == 1
    assert course.goals.count() == 1
    assert PhaseChange.objects.filter(course=course, to_phase="started").count() == 1


def test_a_double_click_on_close_makes_one_closure_and_one_set_of_invitations(client, started, educator):
    client.force_login(educator)
    url = reverse("course_close", args=[started.pk])
    data = {
        "version": version_on(client.get(url).content.decode()),
        "end_date": TODAY().isoformat(),
        "end_reason": "goals_reached",
        "goals_reached_answer": "agree",
        "child_developed_answer": "agree",
    }
    for goal in started.goals.all():
        data |= {f"goal_{goal.pk}_status": "reached", f"goal_{goal.pk}_weight": "3"}
    assert client.post(url, data).status_code == 302
    invitations = Invitation.objects.filter(course=started).count()
    second = client.post(url, data, follow=True)
    assert "Forløbet er afsluttet." in second.content.decode()
    assert Closure.objects.filter(course=started).count() == 1
    assert Invitation.objects.filter(course=started).count() == invitations >= 1
    assert PhaseChange.objects.filter(course=started, to_phase="closed").count() == 1


def test_a_repeat_by_another_person_is_a_conflict_not_a_repeat(coordinator, colleague, educator):
    """Only the same user's repetition of the very move is taken as done; a colleague's is told."""
    course = referral_register(coordinator=coordinator)
    version = course.version
    from visitation.services import referral_approve

    referral_approve(
        acting_user=coordinator, course=course, decided_on=TODAY(), primary_educator=educator, version=version
    )
    with pytest.raises(DomainError, match=CONFLICT):
        referral_approve(
            acting_user=colleague, course=course, decided_on=TODAY(), primary_educator=educator, version=version
        )
    assert Transfer.objects.count() == 0
    assert PhaseChange.objects.filter(course=course, to_phase="decided").count() == 1


# --- at the same moment (PostgreSQL's row locks) -----------------------------------------------


def _at_once(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        barrier.wait()
        try:
            outcomes.append(call())
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite runs one writer at a time"
)
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_extending_at_the_same_moment_lose_nothing(municipality):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    colleague = user_for_role(Role.COORDINATOR, municipality=municipality)
    course = course_started(coordinator=coordinator, start_date=TODAY() - timedelta(days=60))
    url = reverse("course_extend", args=[course.pk])

    def extend(user, days):
        client = logged_in(user)
        response = client.post(
            url,
            extend_data(course.version, end=course.planned_end_date + timedelta(days=days), reason=f"{days} dage mere"),
        )
        return "saved" if response.status_code == 302 else "conflict" if CONFLICT in response.content.decode() else "?"

    outcomes = _at_once(lambda: extend(coordinator, 7), lambda: extend(colleague, 14))
    assert sorted(outcomes) == ["conflict", "saved"]
    extension = Extension.objects.get()
    assert Course.objects.get(pk=course.pk).planned_end_date == extension.new_planned_end


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite runs one writer at a time"
)
@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_start_at_the_same_moment_starts_once(municipality):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = course_decided(coordinator=coordinator, educator=educator)
    url = reverse("course_start", args=[course.pk])
    data = {
        "version": course.version,
        "start_date": TODAY().isoformat(),
        "participants": "Mor",
        "goals-TOTAL_FORMS": "1",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "1",
        "goals-MAX_NUM_FORMS": "9",
        "goals-0-theme": "home_relations",
        "goals-0-description": "Rolig sengetid",
        "goals-0-weight_at_start": "8",
    }
    outcomes = _at_once(*[lambda: logged_in(educator).post(url, data).status_code] * 2)
    assert outcomes == [302, 302]
    assert StartUpMeeting.objects.filter(course=course).count() == 1
    assert course.goals.count() == 1
    assert PhaseChange.objects.filter(course=course, to_phase="started").count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite runs one writer at a time"
)
@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_approve_at_the_same_moment_decides_once(municipality):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = referral_register(coordinator=coordinator)
    url = reverse("referral_decide", args=[course.pk])
    data = {
        "version": course.version,
        "decision": "approve",
        "decided_on": TODAY().isoformat(),
        "primary_educator": educator.pk,
    }
    outcomes = _at_once(*[lambda: logged_in(coordinator).post(url, data).status_code] * 2)
    assert outcomes == [302, 302]
    assert PhaseChange.objects.filter(course=course, to_phase="decided").count() == 1
    assert (
        AuditEvent.objects.filter(object_type="course", action="update", criterion__contains="-> decided").count() == 1
    )
