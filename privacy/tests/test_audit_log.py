"""The coordinator's Logning screen, the spot-check sample and the access request's PDF."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.tests.factories import referral_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def family_course(coordinator):
    return referral_register(coordinator=coordinator)


@pytest.fixture
def logged_in(client, coordinator):
    client.force_login(coordinator)
    return client


def test_log_shows_who_what_about_whom_and_why_of_the_own_municipality_only(
    logged_in, family_course, coordinator, other_municipality
):
    child = family_course.family.children.get()
    audit_event_record(
        actor=coordinator,
        action=Action.VIEW,
        object_type="child_cpr",
        object_id=child.pk,
        subject=child,
        criterion="Underretning til familieafdelingen",
    )
    stranger = user_for_role(Role.COORDINATOR, municipality=other_municipality)
    audit_event_record(actor=stranger, action=Action.VIEW, object_type="course", criterion="Fremmed kommune")
    page = logged_in.get("/logning/").content.decode()
    assert "Logning" in page
    assert "Alma Nielsen (barn)" in page
    assert "Underretning til familieafdelingen" in page
    assert "Fuldt CPR-nummer" in page
    assert "Fremmed kommune" not in page


def test_viewing_the_log_is_itself_audited_with_the_filters(logged_in, coordinator):
    logged_in.post("/logning/", {"action": "view", "criterion": "Hansen"})
    before = AuditEvent.objects.count()
    response = logged_in.get("/logning/")
    assert response.status_code == 200
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.first()
    assert (event.action, event.object_type) == ("search", "audit_log")
    assert event.criterion == (
        "Logningen filtreret på handling “Visning” og kriterium eller formål indeholder “Hansen”. Side 1."
    )


def test_filters_travel_by_post_never_in_the_url(logged_in, family_course):
    child = family_course.family.children.get()
    response = logged_in.post("/logning/", {"subject": f"child-{child.pk}", "criterion": "Alma"})
    assert response.status_code == 302
    assert response["Location"] == "/logning/"
    assert "Alma" not in response["Location"]


def test_picking_a_child_finds_events_about_the_child_and_the_family(logged_in, family_course, coordinator):
    child = family_course.family.children.get()
    audit_event_record(
        actor=coordinator,
        action=Action.VIEW,
        object_type="course",
        subject=family_course.family,
        criterion="Familiens forløb",
    )
    audit_event_record(actor=coordinator, action=Action.VIEW, object_type="staff_list", criterion="Anden søgning")
    logged_in.post("/logning/", {"subject": f"child-{child.pk}"})
    page = logged_in.get("/logning/").content.decode()
    assert "Familiens forløb" in page
    assert "Anden søgning" not in page
    assert f"/logning/indsigt/child/{child.pk}/" in page


def test_a_person_of_another_municipality_cannot_be_picked(logged_in, other_municipality):
    stranger = referral_register(coordinator=user_for_role(Role.COORDINATOR, municipality=other_municipality))
    logged_in.post("/logning/", {"subject": f"child-{stranger.family.children.get().pk}"})
    page = logged_in.get("/logning/").content.decode()
    assert "Marker en gyldig valgmulighed" in page


def test_period_filter_and_newest_first(logged_in, coordinator):
    audit_event_record(actor=coordinator, action=Action.VIEW, object_type="course", criterion="Gammel")
    # Events cannot be moved back in time: this one is created with its own time.
    AuditEvent.objects.create(
        at=timezone.now() - timedelta(days=40),
        actor=coordinator,
        municipality=coordinator.municipality,
        action="view",
        object_type="course",
        criterion="Sidste måned",
    )
    audit_event_record(actor=coordinator, action=Action.VIEW, object_type="course", criterion="I dag")
    logged_in.post("/logning/", {"at_from": (timezone.localdate() - timedelta(days=7)).isoformat()})
    page = logged_in.get("/logning/").content.decode()
    assert "Sidste måned" not in page
    assert page.index("I dag") < page.index("Gammel")


def test_sample_draws_n_events_and_is_audited(logged_in, coordinator):
    for number in range(30):
        audit_event_record(actor=coordinator, action=Action.VIEW, object_type="course", criterion=f"opslag {number}")
    response = logged_in.post("/logning/stikproeve/", {"size": "5"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Stikprøve" in page
    assert page.count("opslag ") == 5
    event = AuditEvent.objects.first()
    assert (event.action, event.object_type, event.object_id) == ("view", "audit_sample", "5")
    assert event.criterion.startswith("sample of 5 of 30 events")


@pytest.mark.parametrize(("size", "message"), [("0", "Træk mindst 1 hændelse."), ("201", "Træk højst 200 hændelser.")])
def test_sample_size_is_1_to_200(logged_in, size, message):
    response = logged_in.post("/logning/stikproeve/", {"size": size})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AuditEvent.objects.filter(object_type="audit_sample").exists()


def test_access_request_pdf_lists_the_lookups_and_is_audited_as_export(logged_in, family_course, coordinator):
    child = family_course.family.children.get()
    audit_event_record(
        actor=coordinator, action=Action.VIEW, object_type="child_cpr", subject=child, criterion="Underretning"
    )
    response = logged_in.get(f"/logning/indsigt/child/{child.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="indsigt-logning-barn-{child.pk}.pdf"'
    assert response.content.startswith(b"%PDF")
    event = AuditEvent.objects.first()
    assert (event.action, event.object_type, event.subject_type, event.subject_id) == (
        "export",
        "audit_subject_report",
        "child",
        str(child.pk),
    )


def test_access_request_pdf_content(coordinator, family_course):
    from django.template.loader import render_to_string

    from privacy.selectors.audit_log import audit_event_rows

    guardian = family_course.family.guardians.get()
    event = audit_event_record(
        actor=coordinator,
        action=Action.DOWNLOAD,
        object_type="invitation_letter",
        subject=guardian,
        criterion="Brev til forælder",
    )
    html = render_to_string(
        "privacy/pdf/audit_subject_report.html",
        {
            "rows": audit_event_rows(events=[event], municipality_id=coordinator.municipality_id),
            "person": guardian,
            "kind": "guardian",
            "title": "Indsigt",
            "made_at": timezone.now(),
            "made_by": coordinator,
        },
    )
    assert "Forælder: Sara Nielsen" in html
    assert "Brev til forælder" in html and "tovholder" in html and "Invitationsbrev" in html


def test_log_is_in_the_coordinators_navigation_only(client, coordinator, municipality):
    client.force_login(coordinator)
    assert 'href="/logning/"' in client.get("/").content.decode()
    client.force_login(user_for_role(Role.MANAGER, municipality=municipality))
    assert 'href="/logning/"' not in client.get("/").content.decode()


def test_log_page_query_count_does_not_grow(logged_in, coordinator, family_course, django_assert_max_num_queries):
    child = family_course.family.children.get()
    for _number in range(40):
        audit_event_record(actor=coordinator, action=Action.VIEW, object_type="course", subject=child)
        audit_event_record(actor=coordinator, action=Action.VIEW, object_type="course", subject=family_course.family)
    with django_assert_max_num_queries(25):
        logged_in.get("/logning/")


def test_log_pages_with_the_shared_component(logged_in, coordinator):
    for number in range(60):
        audit_event_record(actor=coordinator, action=Action.VIEW, object_type="course", criterion=f"Kriterium {number}")
    first = logged_in.get("/logning/").content.decode()
    last = logged_in.get("/logning/", {"side": "99"}).content.decode()
    assert 'aria-label="Sider med logningen"' in first and 'href="?side=2"' in first
    assert 'aria-current="page">2<' in last and "Forrige side" in last
    assert logged_in.get("/logning/", {"side": "x"}).status_code == 200
