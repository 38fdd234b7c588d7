"""Every public service is classified: run against the access matrix's world it writes the
stated audit events, or it is listed with the reason it writes none (see `completeness.py`)."""

import importlib
import inspect
from pathlib import Path

import pytest
from django.conf import settings

from hjemmepaed.audit.tests.completeness import check_events, last_pk, mark, new_events
from hjemmepaed.audit.tests.completeness_courses import course_service_cases
from hjemmepaed.audit.tests.completeness_families import family_change_service_cases
from hjemmepaed.audit.tests.completeness_guardians import guardian_service_cases
from hjemmepaed.audit.tests.completeness_others import other_service_cases
from hjemmepaed.tests.test_access_matrix import world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _service_functions():
    """(module.function, function) for every public function of the apps' service modules.

    A services package (`courses/services/`) is walked module by module, and each function is
    named by the package that re-exports it (`courses.services.course_close`, as callers import
    it), so moving a service between the package's modules keeps its classification."""
    root = Path(settings.BASE_DIR)
    paths = [
        *root.glob("*/services.py"),
        *root.glob("*/services/*.py"),
        *root.glob("hjemmepaed/*/services.py"),
        *root.glob("hjemmepaed/*/services/*.py"),
    ]
    for path in sorted(paths):
        parts = path.relative_to(root).with_suffix("").parts
        module_name = ".".join(parts[:-1] if path.name == "__init__.py" else parts)
        package = ".".join(path.parent.relative_to(root).parts) if path.parent.name == "services" else None
        module = importlib.import_module(module_name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and function.__module__ == module_name:
                if package is None:
                    yield f"{module_name}.{name}", function
                    continue
                assert getattr(importlib.import_module(package), name, None) is function, (
                    f"{package} does not re-export {module_name}.{name}"
                )
                yield f"{package}.{name}", function


SERVICES_WITHOUT_EVENTS = {
    "courses.services.course_lock": "locks a row for the calling service",
    "courses.services.course_conflict": "builds the conflict message; writes and shows nothing",
    "courses.services.course_save": "the compare-and-increment save inside the calling service, whose event covers it",
    "courses.services.course_repeated_move": "a check for a double click; the repeated request writes nothing",
    "courses.services.series_suggestion": "pure: what the series form proposes (dates from the course)",
    "surveys.services.token_new": "makes a random token",
    "surveys.services.draft_merge": "pure: merges two dicts of answers",
    "surveys.services.draft_save": "the parent's own unsent answers, shown to no staff; the submission is audited",
    "surveys.services.invitations_cancel_for_course": "only inside course_consent_withdraw, whose event covers it",
    "surveys.services.questionnaire_choice_set": "the municipality's choice of questionnaires (audited anyway)",
    "surveys.services.open_link_create": "an open link names no person (audited anyway)",
    "sdq.services.version_for_age": "pure: the SDQ version for an age",
    "sdq.services.municipality_norm_set_choose": "a choice of published norms (audited anyway)",
    "sdq.services.norm_set_import": "norms loaded from a file, no person (audited anyway)",
    "reporting.services.report_order": "reports are aggregates (audited anyway)",
    "reporting.services.report_build": "computes aggregates in a task; ordering and downloads are audited",
    "reporting.services.report_retry": "an aggregate report (audited anyway)",
    "reporting.services.reports_requeue": "re-sends queued report ids to the broker",
    "hjemmepaed.organisation.services.municipality_hourly_rate_set": "the municipality's hourly rate (audited anyway)",
    "hjemmepaed.organisation.services.municipality_offline_use_set": "the municipality's switch for offline visits (audited anyway)",
    "courses.services.local_method_add": "the municipality's own method, no person (audited anyway)",
    "courses.services.local_method_active_set": "the municipality's own method, no person (audited anyway)",
    "visitation.services.local_risk_factor_add": "the municipality's own risk factor, no person (audited anyway)",
    "visitation.services.local_risk_factor_active_set": "the municipality's own risk factor, no person (audited anyway)",
    # The intake's rules from the municipality's model (`intake_rules`): read and refuse only,
    # inside referral_register and the decisions, whose events cover them.
    "visitation.services.intake_variant": "a read: the municipality's model in force today",
    "visitation.services.age_range_check": "a check; writes and shows nothing",
    "visitation.services.participation_check": "a check; writes and shows nothing",
    "visitation.services.own_approval_check": "a check; writes nothing (the decision records its answer)",
    "visitation.services.no_visitation_note": "pure: the decision record's wording when no visitation is needed",
    "sheets.services.sheet_upload_create": "keeps an uploaded file (no names, at most 24 hours) for the dry run",
    "sheets.services.sheet_upload_check": "the dry run: counts and problems, nothing written or shown of a person",
    "sheets.services.end_reason_alias_add": "the municipality's words for an end reason, no person (audited anyway)",
    "sheets.services.end_reason_alias_update": "the municipality's words for an end reason, no person (audited anyway)",
    "sheets.services.end_reason_alias_delete": "the municipality's words for an end reason, no person (audited anyway)",
    "sheets.services.sheet_upload_import_start": "queues the import of a checked file; the import writes the event",
    "sheets.services.sheet_upload_failed": "marks a broken task's upload as failed (no person)",
    "sheets.services.sheet_uploads_purge": "deletes kept uploads after 24 hours (no names)",
    "families.services.family_members_add": "only inside referral_register, whose one event covers it",
    "families.services.family_import_create": "only inside the sheet import, whose one event covers it; no names",
    "courses.services.course_import_create": "only inside the sheet import, whose one event covers it",
    "surveys.services.response_import_create": "only inside the sheet import, whose one event covers it",
    "sdq.services.measurement_import_create": "only inside the sheet import, whose one event covers it",
    "hjemmepaed.organisation.services.daycare_create": "daycares are institutions (audited anyway)",
    "hjemmepaed.organisation.services.daycare_update": "daycares are institutions (audited anyway)",
    "hjemmepaed.organisation.services.municipality_retention_set": "the municipality's retention years (audited anyway)",
    "hjemmepaed.organisation.services.archive_decision_record": "the municipality's archive decision (audited anyway)",
    "hjemmepaed.variants.services.variant_record": "a version of the municipality's model (audited anyway)",
    "hjemmepaed.variants.services.variant_from_preset_record": "through variant_record, whose event covers it",
    "hjemmepaed.variants.services.referral_question_add": "the municipality's own question, no person (audited anyway)",
    "hjemmepaed.variants.services.referral_question_reword": "the municipality's own question, no person (audited anyway)",
    "hjemmepaed.variants.services.referral_question_deactivate": "the municipality's own question, no person (audited anyway)",
    "hjemmepaed.variants.services.referral_question_order": "the municipality's own questions, no person (audited anyway)",
    "hjemmepaed.variants.services.referral_question_ids_moved_up": "pure: an order of ids",
    # Retention: each app empties its own tables inside privacy's one transaction per course,
    # whose two events (course, family) cover them.
    "families.services.family_anonymise": "only inside course_anonymise_after_retention, whose event covers it",
    "visitation.services.referral_anonymise": "only inside course_anonymise_after_retention, whose event covers it",
    "surveys.services.invitations_anonymise_for_course": "only inside course_anonymise_after_retention, whose event covers it",
    "surveys.services.answers_anonymise_for_course": "only inside course_anonymise_after_retention, whose event covers it",
    "courses.services.course_anonymise": "only inside course_anonymise_after_retention, whose event covers it",
    "privacy.services.courses_anonymise_due": "the nightly batch: course_anonymise_after_retention audits each course",
    "families.services.consent_require": "a check; writes and shows nothing",
    "families.services.consents_end_for_guardian": (
        "only inside guardian_remove and guardian_custody_change, whose event names the consents ended"
    ),
    "families.services.phone_normalise": "pure: checks and formats a typed phone number",
    "families.services.email_normalise": "pure: checks a typed e-mail address",
    "families.services.consent_texts_install": "installs the shipped consent wording; no person",
    "surveys.services.invitations_cancel_for_guardian": "only inside consent_withdraw, whose event covers it",
    "families.services.guardian_email_set": "only inside invitation_email_send, whose event covers it",
    "families.services.family_create": "only inside referral_register, whose event about the family covers it",
    "courses.services.course_refer": "only inside referral_register and the sheet import, whose events name the new course",
    "hjemmepaed.organisation.services.enrolment_device_get_or_create": "an unconfirmed app key for the user's own set-up",
    "hjemmepaed.organisation.services.second_factor_enrol": "the user's own login factor, not personal data of a family (audited anyway)",
    "hjemmepaed.organisation.services.second_factor_verify": "the user's own login step (a used recovery code is audited)",
    "hjemmepaed.organisation.services.recovery_codes_regenerate": "the user's own login factor (audited anyway)",
    "hjemmepaed.organisation.services.sso_login": "the person's own login, no family's data (each login and refusal audited, OpenID Connect and SAML: test_sso.py, test_saml.py)",
    "hjemmepaed.organisation.services.staff_create": "a colleague's account, not a family's data (audited anyway, test_staff_services.py)",
    "hjemmepaed.organisation.services.staff_update": "a colleague's account, not a family's data (audited anyway, test_staff_services.py)",
    "hjemmepaed.organisation.services.staff_deactivate": "a colleague's account, not a family's data (audited anyway, test_staff_services.py)",
    "hjemmepaed.organisation.services.staff_reactivate": "a colleague's account, not a family's data (audited anyway, test_staff_services.py)",
    "hjemmepaed.organisation.services.role_removal_check_register": "registers a check at start-up; writes nothing",
    "hjemmepaed.organisation.services.staff_admin_changes_record": "a colleague's account changed in the Django admin, not a family's data (audited anyway, organisation/tests/test_admin.py)",
    "hjemmepaed.organisation.services.second_factor_reset": "a colleague's login factor, not a family's data (audited anyway)",
    "hjemmepaed.audit.services.audit_event_record": "writes the event itself",
    "demo.services.demo_login": "a demo user's own login, no family's data (audited anyway: demo/tests/test_demo_login.py)",
}


def _service_cases():
    return {
        **course_service_cases(),
        **other_service_cases(),
        **family_change_service_cases(),
        **guardian_service_cases(),
    }


def test_every_service_is_classified():
    names = {name for name, _ in _service_functions()}
    classified = set(_service_cases()) | set(SERVICES_WITHOUT_EVENTS)
    assert names - classified == set(), "services that neither audit nor say why they need not"
    assert classified - names == set(), "classified services that do not exist"


def test_every_service_touching_personal_data_writes_its_events(world):
    problems = []
    for name, (run, expect) in _service_cases().items():
        mark["pk"] = last_pk()
        run(world)
        before = mark["pk"]
        user = world.users[expect.role] if expect.role else None
        events = new_events(before)
        if user is None:  # a citizen or a scheduled job: no actor, no municipality of a user
            if len(events) != expect.count:
                problems.append(f"{name}: {len(events)} events instead of {expect.count}")
            elif (events[0].action, events[0].object_type, events[0].actor_id) != (
                expect.action,
                expect.object_type,
                None,
            ):
                problems.append(f"{name}: {events[0].action}/{events[0].object_type} by {events[0].actor_id}")
            continue
        problems += check_events(name, expect, events, user)
    assert problems == [], "\n".join(problems)
