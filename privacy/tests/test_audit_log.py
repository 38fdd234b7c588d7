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


# ---------------------------------------------------------------- the search reads what the page shows


def _search(client, words: str) -> str:
    client.post("/logning/", {"criterion": words})
    return client.get("/logning/").content.decode()


@pytest.fixture
def decided_course(coordinator):
    """A course approved (phase "Henvist" → "Visiteret") with every consent given: events whose
    criteria are stored as codes ("phase referred -> decided", "consent … given …")."""
    from visitation.tests.factories import course_decided

    return course_decided(coordinator=coordinator)


def test_searching_samtykke_finds_the_consents_as_the_page_shows_them(logged_in, decided_course):
    page = _search(logged_in, "samtykke")
    assert "Samtykke til “Deling af oplysninger med dagtilbuddet” givet" in page
    assert "Forløbet er flyttet fra fasen" not in page


def test_searching_a_phase_by_its_danish_name_finds_the_move(logged_in, decided_course):
    page = _search(logged_in, "visiteret")
    assert "Forløbet er flyttet fra fasen “Henvist” til “Visiteret”." in page
    assert "Samtykke til" not in page


def test_searching_an_educators_name_finds_the_course_list_filtered_by_her(logged_in, municipality):
    karen = user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Karen", last_name="Bech")
    other = user_for_role(Role.HOME_EDUCATOR, municipality=municipality, first_name="Bo", last_name="Jensen")
    logged_in.get("/forloeb/", {"educator": karen.pk})
    logged_in.get("/forloeb/", {"educator": other.pk})
    page = _search(logged_in, "karen bech")
    assert "hjemmepædagog “Karen Bech”" in page
    assert "hjemmepædagog “Bo Jensen”" not in page


def test_the_stored_code_is_still_found(logged_in, decided_course):
    page = _search(logged_in, "share_with_daycare")
    assert "Samtykke til “Deling af oplysninger med dagtilbuddet” givet" in page


def test_a_search_nothing_matches_shows_no_events(logged_in, decided_course):
    page = _search(logged_in, "hjertestarter")
    assert "Samtykke til" not in page
    assert "Forløbet er flyttet" not in page


def test_the_searched_log_asks_as_many_queries_for_many_events_as_for_few(
    logged_in, coordinator, django_assert_max_num_queries
):
    def record(count):
        for _number in range(count):
            audit_event_record(
                actor=coordinator,
                action=Action.CREATE,
                object_type="consent",
                criterion="consent share_with_daycare v1 given 2026-03-01",
            )

    logged_in.post("/logning/", {"criterion": "samtykke"})
    record(2)
    with django_assert_max_num_queries(15) as few:
        assert logged_in.get("/logning/").content.decode().count("Samtykke til") == 2
    record(60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = logged_in.get("/logning/").content.decode()
    assert page.count("Samtykke til") == 50  # one page: paginated in SQL


def test_events_written_before_the_search_text_get_it_from_the_migration(logged_in, coordinator):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    AuditEvent.objects.create(
        actor=coordinator,
        municipality=coordinator.municipality,
        action="create",
        object_type="consent",
        criterion="consent involve_professionals withdrawn",
    )
    assert "Inddragelse" not in _search(logged_in, "trukket tilbage")
    migration = importlib.import_module("hjemmepaed.audit.migrations.0003_polish_criterion_text")
    migration.backfill(apps, SimpleNamespace(connection=connection))
    assert "tilbage" in AuditEvent.objects.get(object_type="consent").criterion_text
    assert "Samtykke til" in _search(logged_in, "trukket tilbage")
    if connection.vendor == "postgresql":  # the refusal of changes is on again
        from django.db import DatabaseError, transaction

        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET criterion = 'x'")


def test_every_kind_of_object_the_code_records_has_a_danish_name():
    """The log's "Hvad" column names the kind of object in Danish, never by its code
    ("offline_course_list" was shown as it is stored)."""
    import ast
    from pathlib import Path

    from django.conf import settings
    from django.utils import translation

    from privacy.selectors.audit_log import OBJECT_TYPE_LABELS

    root = Path(settings.BASE_DIR)
    written = set()
    for path in root.glob("**/*.py"):
        parts = set(path.relative_to(root).parts)
        if parts & {".venv", "node_modules", "tests", "migrations"}:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                written.update(
                    keyword.value.value
                    for keyword in node.keywords
                    if keyword.arg == "object_type" and isinstance(keyword.value, ast.Constant)
                )
    assert {"course", "offline_course_list", "sdq_sheet"} <= written
    assert sorted(written - set(OBJECT_TYPE_LABELS)) == []
    with translation.override("da"):
        assert str(OBJECT_TYPE_LABELS["offline_course_list"]) == "Forløb gemt til besøg uden forbindelse"
