"""Every protected view is classified: opening it writes the stated audit event, or it is listed
with the reason it shows no personal data (see `completeness.py`)."""

import pytest

from hjemmepaed.access import PROTECTED
from hjemmepaed.audit.tests.completeness import Expect, check_events, last_pk, new_events
from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.test_access_matrix import CASES, world  # noqa: F401  (the fixture)
from hjemmepaed.tests.test_url_protection import iter_views

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------------------------ views
# Opening the page (GET) writes this. POSTs are covered by the services they call.
VIEW_EVENTS = {
    "staff_list": Expect("view", "staff_list", role=Role.MANAGER),
    "staff_update": Expect("view", "staff_user", role=Role.MANAGER),
    "staff_deactivated_list": Expect("view", "staff_list", role=Role.MANAGER),
    "intake_queue": Expect("view", "intake_queue"),
    "referral_decide": Expect("view", "referral", "family"),
    "referral_revise": Expect("view", "referral", "family"),
    # The daycare leader's: her daycare's children by first name and age; one referral's concern.
    "daycare_statement_list": Expect("view", "daycare_statement_list", role=Role.DAYCARE_LEADER),
    "daycare_statement_give": Expect("view", "referral", "family", role=Role.DAYCARE_LEADER),
    "reminder_list": Expect("view", "reminder_list"),
    "course_list": Expect("search", "course_list"),
    "my_courses": Expect("view", "course_list", role=Role.HOME_EDUCATOR),
    "course_detail": Expect("view", "course", "family"),
    "course_close": Expect("view", "course", "family"),
    "course_start": Expect("view", "course", "family"),  # the parents' names and consents
    "visit_update": Expect("view", "visit", "family"),
    "visit_create": Expect("view", "course", "family"),  # the form lists the family's goals
    "goal_reword": Expect("view", "goal", "family"),
    "goal_end": Expect("view", "goal", "family"),
    "child_cpr_reveal": Expect("view", "child", "child"),
    "child_birth_record": Expect("view", "child", "child"),
    "child_daycare_change": Expect("view", "child", "child"),
    "child_sex_set": Expect("view", "child", "child"),
    "invitation_letter": Expect("download", "invitation_letter", "guardian"),
    "course_summary_pdf": Expect("download", "course_summary", "family"),
    "reflection_sheet_pdf": Expect("download", "reflection_sheet", "family"),
    "invitation_email": Expect("view", "invitation", "guardian"),
    "sdq_measurement_create": Expect("view", "course", "family"),
    "sdq_measurement_update": Expect("view", "sdq_measurement", "child"),
    "sheet_export": Expect("export", "registration_sheet"),
    "report_download_pdf": Expect("download", "report"),
    "report_download_xlsx": Expect("download", "report"),
    "report_download_json": Expect("download", "report"),
    "audit_log": Expect("search", "audit_log"),
    "audit_subject_report": Expect("export", "audit_subject_report", "child"),
    "guardian_consent_record": Expect("view", "consent_form", "guardian"),
    "guardian_contact": Expect("view", "guardian", "guardian"),
    "guardian_custody": Expect("view", "guardian", "guardian"),
    "guardian_remove": Expect("view", "guardian", "guardian"),
    "family_household": Expect("view", "family", "family"),
    "family_export_pdf": Expect("export", "family", "family"),
    "family_export_json": Expect("export", "family", "family"),
    # Names the staff on the visitation team and offers the municipality's staff to choose from.
    "variant_settings": Expect("view", "variant_settings", role=Role.MANAGER),
    # The running courses' families, as on Mine forløb.
    "offline_courses": Expect("view", "offline_course_list", role=Role.HOME_EDUCATOR),
}

VIEWS_WITHOUT_PERSONAL_DATA = {
    "home": "counts of daycares and educators; no person",
    "password_change": "the user's own password form (the change is audited by the view)",
    "password_change_done": "a confirmation text",
    "daycare_list": "daycares are institutions, not people",
    "daycare_create": "an empty form about a daycare",
    "daycare_update": "a daycare's name and kind",
    "referral_create": "an empty form; registering writes the event (referral_register)",
    "course_transfer": "a form listing staff; the transfer writes the event",
    "course_extend": "an empty form; the extension writes the event",
    "course_adjust": "an empty form; the adjustment writes the event",
    "concern_notification": "an empty form; recording it writes the event",
    "consent_withdraw": "an empty form; the withdrawal writes the event",
    "course_correct": "the course's end date and reason, no name; the correction writes the event",
    "visit_series_plan": "a form headed by the course number, no name; planning writes the event (a refused post writes none, test_planning_views.py)",
    "calendar_feed_settings": "the educator's own calendar link and its date; making and stopping it are audited",
    "goal_add": "an empty form; adding the goal writes the event (goal_add)",
    "survey_settings": "the municipality's questionnaires and open links; no person",
    "open_link_create": "POST only (GET answers 405); the open link names no person",
    "survey_translations": "the municipality's translations of its questionnaires; no person (an upload is audited)",
    "translation_source_download": "a questionnaire's Danish texts to translate; no person",
    "translation_reviewed": "POST only (GET answers 405); a translation names no person (marking it is audited)",
    "report_list": "reports are aggregates with small numbers hidden; no person",
    "hourly_rate": "the municipality's hourly rate",
    "local_method_list": "the municipality's own methods; no person (adding one is audited anyway)",
    "local_method_active": "POST only (GET answers 405); a local method (audited anyway)",
    "local_risk_factor_list": "the municipality's own risk factors; no person (adding one is audited anyway)",
    "local_risk_factor_active": "POST only (GET answers 405); a local risk factor (audited anyway)",
    "report_detail": "an aggregate report's status and files",
    "report_status": "an aggregate report's progress",
    "report_retry": "POST only (GET answers 405); an aggregate report",
    "sdq_norm_set_choose": "norm sets are published cut-offs",
    "sdq_norm_set_import": "an upload form and the norm sets' names, no person; the import writes the event",
    "sheet_index": "links to the sheet pages",
    "sheet_template_courses": "an empty template",
    "sheet_template_answers": "an empty template",
    "sheet_template_ishoej": "an empty template",
    "sheet_template_sdq": "an empty template",
    "sheet_import_courses": "an empty upload form",
    "sheet_import_answers": "an empty upload form",
    "sheet_import_ishoej": "an empty upload form",
    "sheet_import_sdq": "an empty upload form",
    "sheet_end_reason_aliases": "the municipality's words for end reasons, no person",
    "sheet_end_reason_alias_update": "the municipality's words for an end reason, no person; saving is audited",
    "sheet_end_reason_alias_delete": "the municipality's words for an end reason, no person; deleting is audited",
    "sheet_upload_status": "the progress of a task checking or importing a file: counts, no person",
    "sheet_upload_review": "counts and problems of the uploaded file, no person; the import writes the event",
    "guardian_add": "an empty form headed by the course; adding the parent writes the event (guardian_add)",
    "guardian_consent_withdraw": "POST only (GET answers 405); the withdrawal writes the event (consent_withdraw)",
    "second_factor_verify": "the user's own login step; no one else's data",
    "second_factor_enrol": "the user's own authenticator app being set up (enrolment is audited)",
    "second_factor_qr": "the user's own app key as a QR image, never stored or logged",
    "recovery_codes": "the user's own recovery codes (regenerating is audited)",
    "staff_create": "an empty form; creating the staff member writes the event (staff_create)",
    "staff_deactivate": "a colleague's name on a confirmation page, as on the audited staff list; deactivating is audited",
    "staff_reactivate": "a colleague's name and roles on a confirmation page, as on the audited list of deactivated staff; reactivating is audited",
    "staff_second_factor_reset": "a colleague's name on a confirmation page, as on the audited staff list; the reset is audited",
    "retention_settings": "the municipality's retention years and archive decisions; no person",
    "retention_years_set": "POST only (GET answers 405); the municipality's retention years (audited anyway)",
    "archive_decision_create": "POST only (GET answers 405); the archive decision (audited anyway)",
    "variant_create": "POST only (GET answers 405); a version of the municipality's model (audited anyway); a refused post shows the page (test_views.py)",
    "referral_question_create": "POST only (GET answers 405); a referral question (audited anyway)",
    "referral_question_update": "POST only (GET answers 405); a referral question (audited anyway)",
    "search": (
        "opened afresh, the empty search form; a search and every page of its results is a search "
        "event (test_a_course_search_is_one_search_event_without_the_cpr_number below)"
    ),
    "offline_pages": "the addresses of the educator's visit forms (course numbers only); each form is audited when the phone fetches it",
    "offline_use_set": "POST only (GET answers 405); the municipality's offline switch (audited anyway)",
    "audit_sample": "POST only (GET answers 405); drawing the sample is audited (audit_sample_draw)",
}


def test_every_protected_view_is_classified():
    protected = {name for name, view, _ in iter_views() if getattr(view, "access", None) == PROTECTED}
    classified = set(VIEW_EVENTS) | set(VIEWS_WITHOUT_PERSONAL_DATA)
    assert protected - classified == set(), "views that neither audit nor say why they need not"
    assert classified - protected == set(), "classified views that do not exist"
    assert set(VIEW_EVENTS) & set(VIEWS_WITHOUT_PERSONAL_DATA) == set()


def test_every_view_showing_personal_data_writes_exactly_one_event(client, world):
    problems = []
    cases = {case.url_name: case for case in CASES}
    for name, expect in VIEW_EVENTS.items():
        user = world.users[expect.role]
        client.force_login(user)
        before = last_pk()
        response = client.get(cases[name].url(world, "own"))
        assert response.status_code == 200, name
        problems += check_events(name, expect, new_events(before), user)
    assert problems == [], "\n".join(problems)


def test_views_without_personal_data_write_nothing_on_opening(client, world):
    cases = {case.url_name: case for case in CASES}
    written = []
    for name in VIEWS_WITHOUT_PERSONAL_DATA:
        case = cases[name]
        role = Role.COORDINATOR if Role.COORDINATOR in case.roles else case.roles[0]
        client.force_login(world.users[role])
        before = last_pk()
        client.get(case.url(world, "own"))
        written += [f"{name}: {event.action}/{event.object_type}" for event in new_events(before)]
    assert written == []


# A refused POST shows the page again: the same event as opening it (none for an empty form),
# never the service's. Each posts what its service refuses.
FAILED_POSTS = {
    # A coordinator reads the lists; her post is refused in Danish and writes nothing.
    "local_method_list": ({"label": "Video"}, None),
    "local_risk_factor_list": ({"kind": "parent", "label": "Manglende overskud"}, None),
    "guardian_add": ({"name": "Ali Hassan", "relation": "father", "has_custody": "yes", "on": "", "phone": "1"}, None),
    "guardian_contact": ({"phone": "123", "email": ""}, VIEW_EVENTS["guardian_contact"]),
    "guardian_custody": ({"has_custody": "yes", "on": "2020-01-01"}, VIEW_EVENTS["guardian_custody"]),
    "guardian_remove": ({"left_on": "2099-01-01"}, VIEW_EVENTS["guardian_remove"]),
    "family_household": (
        {"language": "", "interpreter_needed": "no", "single_parent": "no"},
        VIEW_EVENTS["family_household"],
    ),
    # Every sex may be left unstated, so only a choice that does not exist is refused.
    "child_sex_set": ({"sex": "unknown"}, VIEW_EVENTS["child_sex_set"]),
    # A home educator without a profession; no role at all.
    "staff_create": (
        {
            "username": "ny-paedagog",
            "first_name": "Ny",
            "last_name": "P",
            "roles": ["home_educator"],
            "password": "et-langt-kodeord-42",
        },
        None,
    ),
    "staff_update": ({"first_name": "Ny", "last_name": "P", "email": ""}, Expect("view", "staff_user")),
    # No file: refused in Danish, nothing stored.
    "survey_translations": ({"translator": "Tolkebureauet"}, None),
}


def test_a_refused_post_writes_the_pages_event_only(client, world):
    cases = {case.url_name: case for case in CASES}
    problems = []
    for name, (data, expect) in FAILED_POSTS.items():
        user = world.users[Role.COORDINATOR]
        client.force_login(user)
        before = last_pk()
        response = client.post(cases[name].url(world, "own"), data)
        assert response.status_code == 200, name  # shown again with the message, nothing saved
        if expect is None:
            problems += [f"{name}: {e.action}/{e.object_type}" for e in new_events(before)]
        else:
            problems += check_events(name, expect, new_events(before), user)
    assert problems == [], "\n".join(problems)


# Views that show family data and have no form a refused post would show again.
NO_REFUSED_POST = {
    "staff_list": "a list; GET only",
    "intake_queue": "a list; GET only",
    "daycare_statement_list": "a list; GET only",
    "reminder_list": "a list; GET only",
    "course_list": "a search by GET parameters",
    "my_courses": "a list; GET only",
    "course_detail": "a page without a form",
    "invitation_letter": "a file; GET only",
    "course_summary_pdf": "a file; GET only",
    "reflection_sheet_pdf": "a file; GET only",
    "sheet_export": "a file; GET only",
    "report_download_pdf": "a file; GET only",
    "report_download_xlsx": "a file; GET only",
    "report_download_json": "a file; GET only",
    "family_export_pdf": "a file; GET only",
    "family_export_json": "a file; GET only",
    "audit_subject_report": "a file; GET only",
    "audit_log": "the filters are POSTed, kept in the session and redirected; the page shown is the search event",
}


def test_a_refused_post_to_every_page_showing_family_data_writes_the_pages_event(client, world):
    """A form shown again after a refused post shows the same family data as on opening it, so
    it writes the same event. A post naming no field of the form is refused by every form."""
    cases = {case.url_name: case for case in CASES}
    problems = []
    for name, expect in VIEW_EVENTS.items():
        if name in NO_REFUSED_POST or name in FAILED_POSTS:
            continue
        user = world.users[expect.role]
        client.force_login(user)
        before = last_pk()
        response = client.post(cases[name].url(world, "own"), {"refused": "1"})
        if response.status_code != 200:
            problems.append(f"{name}: HTTP {response.status_code}")
            continue
        problems += check_events(name, expect, new_events(before), user)
    assert problems == [], "\n".join(problems)


def test_every_page_showing_family_data_is_posted_to_or_says_why_not():
    assert set(NO_REFUSED_POST) - set(VIEW_EVENTS) == set()
    assert set(NO_REFUSED_POST) & set(FAILED_POSTS) == set()


def test_a_filtered_course_list_records_the_filters_as_criterion(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    before = last_pk()
    client.get("/forloeb/", {"phase": "started", "with_warnings": "on", "week_from": "12"})
    [event] = new_events(before)
    assert (event.action, event.criterion) == (
        "search",
        "Forløb filtreret på fase “I gang”, i uge 12 eller senere og kun forløb med advarsler.",
    )


def test_an_unfiltered_course_list_says_so(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    before = last_pk()
    client.get("/forloeb/")
    [event] = new_events(before)
    assert event.criterion == "Forløb uden filtre."


def test_a_course_search_is_one_search_event_without_the_cpr_number(client, world):
    """The POST keeps the search and redirects; the results' page writes the one event, whose
    criterion names the kind of search and never the CPR number; a refused POST writes none."""
    from datetime import timedelta

    from django.utils import timezone

    from visitation.services import ChildData
    from visitation.tests.factories import referral_register

    user = world.users[Role.COORDINATOR]
    born = timezone.localdate() - timedelta(days=200)
    digits = f"{born:%d%m%y}4123"
    course = referral_register(coordinator=user, children=[ChildData(name="Ida Holm", birth_date=born, cpr=digits)])
    client.force_login(user)
    before = last_pk()
    assert client.post("/forloeb/soeg/", {"text": f"{digits[:6]}-{digits[6:]}"}).status_code == 302
    assert new_events(before) == []  # the POST itself shows nothing yet
    assert "Ida Holm" in client.get("/forloeb/soeg/").content.decode()
    [event] = new_events(before)
    assert check_events("search", Expect("search", "course_search", "family"), [event], user) == []
    assert (event.subject_id, event.criterion) == (
        str(course.family_id),
        "Søgning på et barns CPR-nummer (præcist). 1 forløb fundet. Side 1.",
    )
    assert digits not in event.criterion and digits[:6] not in event.criterion

    before = last_pk()
    response = client.post("/forloeb/soeg/", {"text": f"{digits[:6]}-12"})
    assert response.status_code == 200 and "Et CPR-nummer er 10 cifre" in response.content.decode()
    assert new_events(before) == []
