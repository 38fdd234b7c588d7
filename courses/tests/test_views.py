"""“Mine forløb”, the course page, the start, close, transfer, extension and correction forms, as
educators and coordinators use them (the visit form: test_views_visits.py)."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from courses.models import Visit
from courses.services import GoalData, course_extend, course_start, visit_log
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.tests.factories import course_decided, course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def test_my_courses_shows_week_visits_and_warnings(client, coordinator, educator):
    course = course_started(
        coordinator=coordinator,
        educator=educator,
        start_date=TODAY() - timedelta(weeks=33),
        birth_date=TODAY() - relativedelta(months=20),
    )
    visit_log(acting_user=educator, course=course, date=TODAY() - timedelta(days=25), duration_minutes=60)
    visit_log(acting_user=educator, course=course, date=TODAY() + timedelta(days=3), status="planned")
    client.force_login(educator)
    page = client.get(reverse("my_courses")).content.decode()
    assert "Sara Nielsen" in page
    assert "34 af 40" in page
    assert "Uge 32 nået" in page
    assert "Intet besøg i 25 dage" in page
    assert (TODAY() + timedelta(days=3)).strftime("%d.%m.%Y") in page
    assert "Alma Nielsen: 20 måneder" in page


def test_the_week_counts_against_the_extended_limit(client, coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(weeks=42))
    course_extend(
        acting_user=coordinator,
        course=course,
        new_planned_end=course.start_date + timedelta(weeks=52),
        reason="Familien har brug for mere tid",
        other_service_needed=False,
        other_service_assessment="Ingen anden indsats nu",
    )
    client.force_login(educator)
    mine = client.get(reverse("my_courses")).content.decode()
    assert "43 af 52" in mine
    assert "Uge 40 nået" not in mine
    assert "uge 43 af 52" in client.get(reverse("course_detail", args=[course.pk])).content.decode()
    client.force_login(coordinator)
    assert "43 af 52" in client.get(reverse("course_list")).content.decode()


def test_week_40_is_reached_without_an_extension(client, coordinator, educator):
    course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(weeks=39))
    client.force_login(educator)
    page = client.get(reverse("my_courses")).content.decode()
    assert "40 af 40" in page
    assert "Uge 40 nået" in page


def test_third_birthday_warning(client, coordinator, educator):
    course = course_decided(coordinator=coordinator, educator=educator, birth_date=TODAY() - relativedelta(months=30))
    course_start(
        acting_user=educator,
        course=course,
        start_date=TODAY() - timedelta(days=2),
        participants="Mor",
        goals=[GoalData(theme="home_relations", description="Rammer", weight_at_start=6)],
        third_birthday_reason="Overgang til børnehave planlægges.",
    )
    client.force_login(educator)
    assert "Alma Nielsen fylder 3 før planlagt afslutning" in client.get(reverse("my_courses")).content.decode()


@pytest.mark.parametrize("count", [1, 8])
def test_my_courses_query_count_does_not_grow(client, coordinator, educator, count, django_assert_max_num_queries):
    for _ in range(count):
        course = course_started(coordinator=coordinator, educator=educator)
        visit_log(acting_user=educator, course=course, date=TODAY(), duration_minutes=60)
        visit_log(acting_user=educator, course=course, date=TODAY(), status="planned")
        overdue = visit_log(acting_user=educator, course=course, date=TODAY(), status="planned")
        Visit.objects.filter(pk=overdue.pk).update(date=TODAY() - timedelta(days=1))
    client.force_login(educator)
    # + the page's COUNT, its visit dates in one query; upcoming and overdue visits: a COUNT,
    # a page with course and family, and the guardians, each; the page's versions of the model;
    # the questionnaire letters to print again (one query, issue 17)
    with django_assert_max_num_queries(21):
        assert client.get(reverse("my_courses")).status_code == 200


def test_course_page_is_audited_and_hides_notes_from_managers(client, coordinator, educator, municipality):
    course = course_started(coordinator=coordinator, educator=educator)
    visit_log(acting_user=educator, course=course, date=TODAY(), duration_minutes=60, note="Fortrolig note")
    client.force_login(educator)
    assert "Fortrolig note" in client.get(reverse("course_detail", args=[course.pk])).content.decode()
    event = AuditEvent.objects.filter(action="view", object_type="course").get()
    assert (event.actor, event.subject_id) == (educator, str(course.family.pk))
    client.force_login(user_for_role(Role.MANAGER, municipality=municipality))
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "Fortrolig note" not in page
    assert "Registrér besøg" not in page


def test_start_a_course_with_two_goals_through_the_form(client, coordinator, educator):
    course = course_decided(coordinator=coordinator, educator=educator)
    client.force_login(educator)
    data = {
        "start_date": TODAY().isoformat(),
        "participants": "Mor, far og hjemmepædagog",
        "goals-TOTAL_FORMS": "3",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "1",
        "goals-MAX_NUM_FORMS": "9",
        "goals-0-theme": "home_relations",
        "goals-0-description": "Rolig sengetid",
        "goals-0-weight_at_start": "8",
        "goals-1-theme": "daycare_cooperation",
        "goals-1-description": "Tryg aflevering",
        "goals-1-weight_at_start": "5",
    }
    response = client.post(reverse("course_start", args=[course.pk]), data)
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.phase == "started"
    assert sorted(g.theme for g in course.goals.all()) == ["daycare_cooperation", "home_relations"]


def test_start_form_without_goals_says_so_in_danish(client, coordinator, educator):
    course = course_decided(coordinator=coordinator, educator=educator)
    client.force_login(educator)
    data = {
        "start_date": TODAY().isoformat(),
        "participants": "Mor",
        "goals-TOTAL_FORMS": "1",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "1",
        "goals-MAX_NUM_FORMS": "9",
    }
    response = client.post(reverse("course_start", args=[course.pk]), data)
    assert "Aftal mindst ét mål med forældrene." in response.content.decode()
    course.refresh_from_db()
    assert course.phase == "decided"


def test_close_a_course_through_the_form(client, coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=60))
    client.force_login(educator)
    data = {
        "end_date": TODAY().isoformat(),
        "end_reason": "goals_reached",
        "goals_reached_answer": "agree",
        "child_developed_answer": "strongly_agree",
    }
    for goal in course.goals.all():
        data[f"goal_{goal.pk}_status"] = "reached"
        data[f"goal_{goal.pk}_weight"] = "3"
    response = client.post(reverse("course_close", args=[course.pk]), data)
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.phase, course.closure.goals_reached_answer) == ("closed", "agree")
    assert {g.weight_at_end for g in course.goals.all()} == {3}


def test_course_list_filters(client, coordinator, educator, municipality):
    other_educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    mine = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(weeks=33))
    course_started(coordinator=coordinator, educator=other_educator, start_date=TODAY() - timedelta(days=3))
    client.force_login(coordinator)
    page = client.get(reverse("course_list")).content.decode()
    assert "2 forløb" in page
    page = client.get(reverse("course_list"), {"educator": educator.pk}).content.decode()
    assert "1 forløb" in page and f'href="/forloeb/{mine.pk}/"' in page
    assert "1 forløb" in client.get(reverse("course_list"), {"week_from": 32}).content.decode()
    assert "1 forløb" in client.get(reverse("course_list"), {"with_warnings": "on"}).content.decode()
    assert "0 forløb" in client.get(reverse("course_list"), {"phase": "closed"}).content.decode()
    assert AuditEvent.objects.filter(action="search", object_type="course_list").count() == 5


@pytest.mark.parametrize("count", [1, 8])
def test_course_list_query_count_does_not_grow(client, coordinator, count, django_assert_max_num_queries):
    for _ in range(count):
        course_started(coordinator=coordinator)
    client.force_login(coordinator)
    with django_assert_max_num_queries(16):  # + the page's visit dates, its versions of the model
        assert client.get(reverse("course_list"), {"phase": "started"}).status_code == 200


def test_coordinator_transfers_through_the_form(client, coordinator, educator, municipality):
    course = course_started(coordinator=coordinator, educator=educator)
    successor = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    client.force_login(coordinator)
    response = client.post(
        reverse("course_transfer", args=[course.pk]),
        {"to_educator": successor.pk, "on": TODAY().isoformat(), "reason": "Skifter dagtilbud"},
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.primary_educator == successor
    assert "Overdraget fra" in client.get(reverse("course_detail", args=[course.pk])).content.decode()


def test_extend_through_the_form_shows_danish_rule_errors(client, coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator)
    client.force_login(coordinator)
    response = client.post(
        reverse("course_extend", args=[course.pk]),
        {
            "new_planned_end": course.planned_end_date.isoformat(),
            "reason": "Overgang",
            "other_service_assessment": "Ingen anden indsats",
        },
    )
    assert "Den nye planlagte slutdato skal ligge efter den nuværende" in response.content.decode()
    assert "Overgang" in response.content.decode()
    new_end = course.planned_end_date + timedelta(weeks=4)
    response = client.post(
        reverse("course_extend", args=[course.pk]),
        {
            "new_planned_end": new_end.isoformat(),
            "reason": "Overgang",
            "other_service_assessment": "Ingen anden indsats",
        },
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.planned_end_date == new_end


def test_educator_records_adjustment_and_concern_notification(client, coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator)
    client.force_login(educator)
    assert (
        client.post(
            reverse("course_adjust", args=[course.pk]),
            {"on": TODAY().isoformat(), "description": "Besøg i dagtilbud", "reason": "Mors ønske"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("concern_notification", args=[course.pk]),
            {"on": TODAY().isoformat(), "recipient": "Familieafdelingen"},
        ).status_code
        == 302
    )
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "Justering (" in page and "– Besøg i dagtilbud (Mors ønske)" in page
    assert "Underretning til Familieafdelingen" in page


def test_consent_withdrawal_needs_confirmation_and_closes(client, coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator)
    client.force_login(educator)
    response = client.post(reverse("consent_withdraw", args=[course.pk]), {"on": TODAY().isoformat()})
    assert "Dette felt er påkrævet." in response.content.decode()
    response = client.post(reverse("consent_withdraw", args=[course.pk]), {"on": TODAY().isoformat(), "confirm": "on"})
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.phase, course.end_reason) == ("closed", "no_interest")


def test_coordinator_corrects_a_closed_course_through_the_form(client, coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator)
    client.force_login(educator)
    client.post(reverse("consent_withdraw", args=[course.pk]), {"on": TODAY().isoformat(), "confirm": "on"})
    client.force_login(coordinator)
    form = client.get(reverse("course_correct", args=[course.pk])).content.decode()
    assert 'value="no_interest" selected' in form
    response = client.post(
        reverse("course_correct", args=[course.pk]),
        {
            "end_date": TODAY().isoformat(),
            "end_reason": "moved",
            "end_reason_detail": "",
            "reason": "Familien flyttede",
        },
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.end_reason == "moved"
    assert AuditEvent.objects.filter(criterion__contains="Familien flyttede").exists()


def test_cpr_is_masked_and_revealing_it_is_audited_with_its_purpose(client, coordinator, educator, municipality):
    from visitation.services import ChildData
    from visitation.tests.factories import cpr_for, recent_birth

    born = recent_birth()
    cpr, masked = cpr_for(born), f"{born:%d%m%y}-XXXX"
    course = course_decided(
        coordinator=coordinator,
        educator=educator,
        children=[ChildData(name="Alma Nielsen", birth_date=born, cpr=cpr)],
    )
    client.force_login(educator)
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert masked in page and cpr_for(born, separator="") not in page and cpr not in page
    child = course.family.children.get()
    url = reverse("child_cpr_reveal", args=[course.pk, child.pk])
    response = client.post(url, {"purpose": ""})
    assert "Dette felt er påkrævet." in response.content.decode()
    response = client.post(url, {"purpose": "Underretning til familieafdelingen"})
    assert cpr in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(object_type="child_cpr")
    assert (event.subject_type, event.subject_id, event.criterion) == (
        "child",
        str(child.pk),
        "Underretning til familieafdelingen",
    )
    client.force_login(user_for_role(Role.MANAGER, municipality=municipality))
    assert masked not in client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert client.post(url, {"purpose": "x"}).status_code == 403
