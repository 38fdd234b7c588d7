"""Every view and every service that touches personal data writes exactly one audit event.

Views are found by walking the URL resolver, services by reading every public function of the
apps' `services.py` and `services/` packages. Each one is either exercised here (and must write
the number of events stated, with actor, action, object and subject) or listed with the reason
it touches no personal data. A new view or service fails until it is classified.
"""

import importlib
import inspect
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from hjemmepaed.access import PROTECTED
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.test_access_matrix import CASES, world  # noqa: F401  (the fixture)
from hjemmepaed.tests.test_url_protection import iter_views

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Expect:
    action: str
    object_type: str
    subject: str = ""  # the subject's kind (child, guardian, family) when there is one
    count: int = 1  # more than one only for a documented bulk operation
    role: str = Role.COORDINATOR


# ------------------------------------------------------------------------------------ views
# Opening the page (GET) writes this. POSTs are covered by the services they call.
VIEW_EVENTS = {
    "staff_list": Expect("view", "staff_list", role=Role.MANAGER),
    "intake_queue": Expect("view", "intake_queue"),
    "referral_decide": Expect("view", "referral", "family"),
    "reminder_list": Expect("view", "reminder_list"),
    "course_list": Expect("search", "course_list"),
    "my_courses": Expect("view", "course_list", role=Role.HOME_EDUCATOR),
    "course_detail": Expect("view", "course", "family"),
    "course_close": Expect("view", "course", "family"),
    "visit_update": Expect("view", "visit", "family"),
    "child_cpr_reveal": Expect("view", "child", "child"),
    "invitation_letter": Expect("download", "invitation_letter", "guardian"),
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
    "family_export_pdf": Expect("export", "family", "family"),
    "family_export_json": Expect("export", "family", "family"),
}

VIEWS_WITHOUT_PERSONAL_DATA = {
    "home": "counts of daycares and educators; no person",
    "password_change": "the user's own password form (the change is audited by the view)",
    "password_change_done": "a confirmation text",
    "daycare_list": "daycares are institutions, not people",
    "daycare_create": "an empty form about a daycare",
    "daycare_update": "a daycare's name and kind",
    "referral_create": "an empty form; registering writes the event (referral_register)",
    "course_start": "an empty form headed by the course number; starting writes the event",
    "course_transfer": "a form listing staff; the transfer writes the event",
    "course_extend": "an empty form; the extension writes the event",
    "course_adjust": "an empty form; the adjustment writes the event",
    "concern_notification": "an empty form; recording it writes the event",
    "consent_withdraw": "an empty form; the withdrawal writes the event",
    "course_correct": "the course's end date and reason, no name; the correction writes the event",
    "visit_create": "an empty form; logging the visit writes the event",
    "survey_settings": "the municipality's questionnaires and open links; no person",
    "open_link_create": "POST only (GET answers 405); the open link names no person",
    "report_list": "reports are aggregates with small numbers hidden; no person",
    "hourly_rate": "the municipality's hourly rate",
    "report_detail": "an aggregate report's status and files",
    "report_status": "an aggregate report's progress",
    "report_retry": "POST only (GET answers 405); an aggregate report",
    "sdq_norm_set_choose": "norm sets are published cut-offs",
    "sheet_index": "links to the sheet pages",
    "sheet_template_courses": "an empty template",
    "sheet_template_answers": "an empty template",
    "sheet_import_courses": "an empty upload form",
    "sheet_import_answers": "an empty upload form",
    "sheet_upload_review": "counts and problems of the uploaded file, no person; the import writes the event",
    "guardian_consent_withdraw": "POST only (GET answers 405); the withdrawal writes the event (consent_withdraw)",
    "second_factor_verify": "the user's own login step; no one else's data",
    "second_factor_enrol": "the user's own authenticator app being set up (enrolment is audited)",
    "second_factor_qr": "the user's own app key as a QR image, never stored or logged",
    "recovery_codes": "the user's own recovery codes (regenerating is audited)",
    "staff_second_factor_reset": "a colleague's name on a confirmation page, as on the audited staff list; the reset is audited",
    "retention_settings": "the municipality's retention years and archive decisions; no person",
    "retention_years_set": "POST only (GET answers 405); the municipality's retention years (audited anyway)",
    "archive_decision_create": "POST only (GET answers 405); the archive decision (audited anyway)",
    "audit_sample": "POST only (GET answers 405); drawing the sample is audited (audit_sample_draw)",
}


def test_every_protected_view_is_classified():
    protected = {name for name, view, _ in iter_views() if getattr(view, "access", None) == PROTECTED}
    classified = set(VIEW_EVENTS) | set(VIEWS_WITHOUT_PERSONAL_DATA)
    assert protected - classified == set(), "views that neither audit nor say why they need not"
    assert classified - protected == set(), "classified views that do not exist"
    assert set(VIEW_EVENTS) & set(VIEWS_WITHOUT_PERSONAL_DATA) == set()


def _new_events(before: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=before).order_by("pk"))


def _last_pk() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _check(name: str, expect: Expect, events: list[AuditEvent], user) -> list[str]:
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


def test_every_view_showing_personal_data_writes_exactly_one_event(client, world):
    problems = []
    cases = {case.url_name: case for case in CASES}
    for name, expect in VIEW_EVENTS.items():
        user = world.users[expect.role]
        client.force_login(user)
        before = _last_pk()
        response = client.get(cases[name].url(world, "own"))
        assert response.status_code == 200, name
        problems += _check(name, expect, _new_events(before), user)
    assert problems == [], "\n".join(problems)


def test_views_without_personal_data_write_nothing_on_opening(client, world):
    cases = {case.url_name: case for case in CASES}
    written = []
    for name in VIEWS_WITHOUT_PERSONAL_DATA:
        case = cases[name]
        role = Role.COORDINATOR if Role.COORDINATOR in case.roles else case.roles[0]
        client.force_login(world.users[role])
        before = _last_pk()
        client.get(case.url(world, "own"))
        written += [f"{name}: {event.action}/{event.object_type}" for event in _new_events(before)]
    assert written == []


def test_a_filtered_course_list_records_the_filters_as_criterion(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    before = _last_pk()
    client.get("/forloeb/", {"phase": "started"})
    [event] = _new_events(before)
    assert (event.action, event.criterion) == ("search", "phase=started")


def test_an_unfiltered_course_list_says_so(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    before = _last_pk()
    client.get("/forloeb/")
    [event] = _new_events(before)
    assert event.criterion == "no filters"


# --------------------------------------------------------------------------------- services
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
    "surveys.services.token_new": "makes a random token",
    "surveys.services.draft_merge": "pure: merges two dicts of answers",
    "surveys.services.draft_save": "the parent's own unsent answers, shown to no staff; the submission is audited",
    "surveys.services.invitations_cancel_for_course": "only inside course_consent_withdraw, whose event covers it",
    "surveys.services.questionnaire_choice_set": "the municipality's choice of questionnaires (audited anyway)",
    "surveys.services.open_link_create": "an open link names no person (audited anyway)",
    "sdq.services.version_for_age": "pure: the SDQ version for an age",
    "sdq.services.municipality_norm_set_choose": "a choice of published norms (audited anyway)",
    "reporting.services.report_order": "reports are aggregates (audited anyway)",
    "reporting.services.report_build": "computes aggregates in a task; ordering and downloads are audited",
    "reporting.services.report_retry": "an aggregate report (audited anyway)",
    "reporting.services.reports_requeue": "re-sends queued report ids to the broker",
    "reporting.services.municipality_hourly_rate_set": "the municipality's hourly rate (audited anyway)",
    "sheets.services.sheet_upload_create": "keeps an uploaded file (no names, at most 24 hours) for the dry run",
    "sheets.services.sheet_upload_check": "the dry run: counts and problems, nothing written or shown of a person",
    "sheets.services.sheet_uploads_purge": "deletes kept uploads after 24 hours (no names)",
    "families.services.family_import_create": "only inside the sheet import, whose one event covers it; no names",
    "courses.services.course_import_create": "only inside the sheet import, whose one event covers it",
    "surveys.services.response_import_create": "only inside the sheet import, whose one event covers it",
    "hjemmepaed.organisation.services.daycare_create": "daycares are institutions (audited anyway)",
    "hjemmepaed.organisation.services.daycare_update": "daycares are institutions (audited anyway)",
    "hjemmepaed.organisation.services.municipality_retention_set": "the municipality's retention years (audited anyway)",
    "hjemmepaed.organisation.services.archive_decision_record": "the municipality's archive decision (audited anyway)",
    # Retention: each app empties its own tables inside privacy's one transaction per course,
    # whose two events (course, family) cover them.
    "families.services.family_anonymise": "only inside course_anonymise_after_retention, whose event covers it",
    "visitation.services.referral_anonymise": "only inside course_anonymise_after_retention, whose event covers it",
    "surveys.services.invitations_anonymise_for_course": "only inside course_anonymise_after_retention, whose event covers it",
    "surveys.services.answers_anonymise_for_course": "only inside course_anonymise_after_retention, whose event covers it",
    "courses.services.course_anonymise": "only inside course_anonymise_after_retention, whose event covers it",
    "privacy.services.courses_anonymise_due": "the nightly batch: course_anonymise_after_retention audits each course",
    "families.services.consent_require": "a check; writes and shows nothing",
    "families.services.consent_texts_install": "installs the shipped consent wording; no person",
    "surveys.services.invitations_cancel_for_guardian": "only inside consent_withdraw, whose event covers it",
    "families.services.guardian_email_set": "only inside invitation_email_send, whose event covers it",
    "families.services.family_create": "only inside referral_register, whose event about the family covers it",
    "courses.services.course_refer": "only inside referral_register and the sheet import, whose events name the new course",
    "hjemmepaed.organisation.services.enrolment_device_get_or_create": "an unconfirmed app key for the user's own set-up",
    "hjemmepaed.organisation.services.second_factor_enrol": "the user's own login factor, not personal data of a family (audited anyway)",
    "hjemmepaed.organisation.services.second_factor_verify": "the user's own login step (a used recovery code is audited)",
    "hjemmepaed.organisation.services.recovery_codes_regenerate": "the user's own login factor (audited anyway)",
    "hjemmepaed.organisation.services.second_factor_reset": "a colleague's login factor, not a family's data (audited anyway)",
    "hjemmepaed.audit.services.audit_event_record": "writes the event itself",
}


_mark = {"pk": 0}


def _call(service, **arguments):
    """Call the service, counting events from here: the setup's events before it do not count."""
    _mark["pk"] = _last_pk()
    return service(**arguments)


def _course_started(world, **overrides):
    from visitation.tests.factories import course_started

    return course_started(
        coordinator=world.users[Role.COORDINATOR], educator=world.users[Role.HOME_EDUCATOR], **overrides
    )


def _referral(world, **overrides):
    from visitation.tests.factories import referral_register

    return referral_register(coordinator=world.users[Role.COORDINATOR], **overrides)


def _today():
    return timezone.localdate()


def _child_with_cpr():
    from visitation.services import ChildData

    born = _today() - timedelta(days=100)
    return ChildData(name="Ida", birth_date=born, cpr=f"{born:%d%m%y}4123")


def _run_course_services():
    from courses import services
    from courses.models import Phase
    from hjemmepaed.organisation.tests.factories import user_for_role
    from visitation.tests.factories import course_closed, course_decided

    def close(world):
        course = _course_started(world, start_date=_today() - timedelta(days=30))
        return _call(
            services.course_close,
            acting_user=world.users[Role.COORDINATOR],
            course=course,
            end_date=_today(),
            end_reason="goals_reached",
            goals_reached_answer="agree",
            child_developed_answer="agree",
            goal_results=[
                services.GoalResult(goal=goal, status="reached", weight_at_end=3) for goal in course.goals.all()
            ],
        )

    def start(world):
        course = course_decided(
            coordinator=world.users[Role.COORDINATOR],
            educator=world.users[Role.HOME_EDUCATOR],
            birth_date=_today() - timedelta(days=200),
        )
        _call(
            services.course_start,
            acting_user=world.users[Role.COORDINATOR],
            course=course,
            start_date=_today(),
            participants="Mor",
            goals=[services.GoalData(theme="home_relations", description="Ro ved sengetid", weight_at_start=7)],
        )

    coordinator = lambda world: world.users[Role.COORDINATOR]  # noqa: E731
    course = lambda world: world.obj("course", "own")  # noqa: E731
    return {
        "courses.services.course_move": (
            lambda world: _call(
                services.course_move, acting_user=coordinator(world), course=_referral(world), target=Phase.WITHDRAWN
            ),
            Expect("update", "course", "family"),
        ),
        "courses.services.course_start": (start, Expect("update", "course", "family")),
        "courses.services.course_extend": (
            lambda world: _call(
                services.course_extend,
                acting_user=coordinator(world),
                course=course(world),
                new_planned_end=course(world).planned_end_date + timedelta(days=7),
                reason="Behov",
                other_service_needed=False,
                other_service_assessment="Ikke nødvendigt",
            ),
            Expect("update", "course", "family"),
        ),
        "courses.services.visit_log": (
            lambda world: _call(
                services.visit_log,
                acting_user=coordinator(world),
                course=course(world),
                date=_today(),
                duration_minutes=60,
            ),
            Expect("create", "visit", "family"),
        ),
        # Closing is two things: the move to closed, and the parents' invitations (one event for all).
        "courses.services.course_close": (close, Expect("update", "course", "family", count=2)),
        "courses.services.course_consent_withdraw": (
            lambda world: _call(
                services.course_consent_withdraw,
                acting_user=coordinator(world),
                course=_course_started(world),
                on=_today(),
            ),
            Expect("update", "course", "family"),
        ),
        "courses.services.course_adjust": (
            lambda world: _call(
                services.course_adjust,
                acting_user=coordinator(world),
                course=course(world),
                on=_today(),
                description="Kortere besøg",
                reason="Barnet er træt",
            ),
            Expect("create", "adjustment", "family"),
        ),
        "courses.services.concern_notification_record": (
            lambda world: _call(
                services.concern_notification_record,
                acting_user=coordinator(world),
                course=course(world),
                on=_today(),
                recipient="Familieafdelingen",
            ),
            Expect("create", "concern_notification", "family"),
        ),
        "courses.services.course_transfer": (
            lambda world: _call(
                services.course_transfer,
                acting_user=coordinator(world),
                course=course(world),
                on=_today(),
                reason="Nyt dagtilbud",
                to_educator=user_for_role(Role.HOME_EDUCATOR, municipality=world.own),
            ),
            Expect("update", "course", "family"),
        ),
        "courses.services.course_correct_closed": (
            lambda world: _call(
                services.course_correct_closed,
                acting_user=coordinator(world),
                course=course_closed(coordinator=coordinator(world)),
                reason="Forkert årsag",
                end_reason="moved",
            ),
            Expect("update", "course", "family"),
        ),
        "courses.services.visit_update": (
            lambda world: _call(
                services.visit_update, acting_user=coordinator(world), visit=world.obj("visit", "own"), note="Rettet"
            ),
            Expect("update", "visit", "family"),
        ),
    }


def _run_other_services():
    from families import services as family_services
    from hjemmepaed.audit import services as audit_services
    from privacy import services as privacy_services
    from reporting import services as report_services
    from sdq import services as sdq_services
    from sdq.tests.factories import answers, course_with_toddler
    from sheets import services as sheet_services
    from sheets.models import SheetKind
    from sheets.tests.factories import answers_csv, course_csv
    from surveys import services as survey_services
    from surveys.tests.helpers import POSITIVE_TWO_CHILDREN, national_invitation, walk_for
    from visitation import services as visitation_services
    from visitation.services import ChildData, GuardianData
    from visitation.tests.factories import course_closed

    coordinator = lambda world: world.users[Role.COORDINATOR]  # noqa: E731

    def decide(service, **arguments):
        def run(world):
            given = {key: value(world) if callable(value) else value for key, value in arguments.items()}
            return _call(service, acting_user=coordinator(world), course=_referral(world), **given)

        return run

    def reveal(world):
        course = _referral(world, children=[_child_with_cpr()])
        _call(
            family_services.child_cpr_reveal,
            acting_user=coordinator(world),
            child=course.family.children.get(),
            purpose="Underretning",
        )

    def rotate(world):
        _referral(world, children=[_child_with_cpr()])
        _call(family_services.cpr_keys_rotate)

    def submit(world):
        course = course_closed(
            coordinator=coordinator(world),
            guardians=[GuardianData(name="Sara", relation="mother")],
            children=[
                ChildData(name="Alma", birth_date=_today() - timedelta(days=700)),
                ChildData(name="Bo", birth_date=_today() - timedelta(days=200)),
            ],
        )
        invitation = national_invitation(course)
        _call(
            survey_services.response_submit,
            walk=walk_for(invitation),
            answers={**POSITIVE_TWO_CHILDREN, "q4_b1": "no"},
            invitation=invitation,
        )

    def sdq_update(world):
        item = world.obj("sdq_measurement", "own")
        _call(
            sdq_services.measurement_update,
            acting_user=coordinator(world),
            measurement=item,
            child=item.child,
            timing=item.timing,
            informant=item.informant,
            measured_on=item.measured_on,
            answers=answers(box=2),
        )

    def sdq_record(world):
        course = course_with_toddler(coordinator=coordinator(world), educator=world.users[Role.HOME_EDUCATOR])
        _call(
            sdq_services.measurement_record,
            acting_user=coordinator(world),
            course=course,
            child=course.family.children.get(),
            timing="start",
            informant="parent",
            measured_on=_today(),
            answers=answers(),
        )

    def upload_import(world):
        upload = sheet_services.sheet_upload_create(
            acting_user=coordinator(world), kind=SheetKind.COURSES, content=course_csv([{"Kommune": world.own.code}])
        )
        _call(sheet_services.sheet_upload_import, acting_user=coordinator(world), upload=upload)

    def consent_record(world):
        from families.models import ConsentScope
        from families.selectors import consent_text_current

        course = _course_started(world, consents=())
        _call(
            family_services.consent_record,
            acting_user=coordinator(world),
            course=course,
            guardian=course.family.guardians.get(),
            scope=ConsentScope.SHARE_WITH_DAYCARE,
            text_version=consent_text_current(scope=ConsentScope.SHARE_WITH_DAYCARE),
            given_on=_today(),
        )

    def consent_withdraw(world):
        course = _course_started(world)
        consent = course.family.guardians.get().consents.first()
        _call(family_services.consent_withdraw, acting_user=coordinator(world), course=course, consent=consent)

    def drafts_purge(world):
        _call(survey_services.drafts_purge)

    def anonymise_after_retention(world):
        from dateutil.relativedelta import relativedelta

        from hjemmepaed.organisation.services import archive_decision_record

        course = visitation_services.referral_withdraw(
            acting_user=coordinator(world), course=_referral(world), reason="Familien flytter"
        )
        archive_decision_record(
            acting_user=world.users[Role.MANAGER],
            municipality=world.own,
            decided_on=_today(),
            reference="00.01.10-P20-1-24",
        )
        _call(
            privacy_services.course_anonymise_after_retention,
            course=course,
            today=_today() + relativedelta(years=world.own.retention_years),
        )

    return {
        "privacy.services.family_access_export": (
            lambda world: _call(
                privacy_services.family_access_export,
                acting_user=coordinator(world),
                family=world.obj("family", "own"),
                kind="json",
            ),
            Expect("export", "family", "family"),
        ),
        "families.services.consent_record": (consent_record, Expect("create", "consent", "guardian")),
        "families.services.consent_withdraw": (consent_withdraw, Expect("update", "consent", "guardian")),
        "families.services.child_cpr_reveal": (reveal, Expect("view", "child_cpr", "child")),
        # Bulk maintenance by the operator: one event for all re-encrypted numbers, no actor.
        "families.services.cpr_keys_rotate": (rotate, Expect("update", "child_cpr", role="")),
        "visitation.services.referral_register": (lambda world: _referral(world), Expect("create", "course", "family")),
        "visitation.services.referral_approve": (
            decide(
                visitation_services.referral_approve,
                decided_on=_today(),
                primary_educator=lambda world: world.users[Role.HOME_EDUCATOR],
            ),
            Expect("update", "course", "family"),
        ),
        "visitation.services.referral_waitlist": (
            decide(visitation_services.referral_waitlist, placed_on=_today(), position=1),
            Expect("update", "course", "family"),
        ),
        "visitation.services.referral_reject": (
            decide(visitation_services.referral_reject, decided_on=_today(), reason="Uden for målgruppen"),
            Expect("update", "course", "family"),
        ),
        "visitation.services.referral_withdraw": (
            decide(visitation_services.referral_withdraw, reason="Familien flytter"),
            Expect("update", "course", "family"),
        ),
        "surveys.services.invitations_create_for_course": (
            lambda world: _call(
                survey_services.invitations_create_for_course,
                acting_user=coordinator(world),
                course=_course_started(world),
            ),
            Expect("create", "invitation", "family"),
        ),
        "surveys.services.invitation_email_send": (
            lambda world: _call(
                survey_services.invitation_email_send,
                acting_user=coordinator(world),
                invitation=world.obj("closed_course", "own").invitations.first(),
                email="sara@example.dk",
            ),
            Expect("update", "invitation", "guardian"),
        ),
        # The parent answers: no staff actor, and no person as subject (answers are anonymous).
        "surveys.services.response_submit": (submit, Expect("create", "response", role="")),
        # Housekeeping of unsent answers: one event with the count, no actor.
        "surveys.services.drafts_purge": (drafts_purge, Expect("delete", "draft", role="")),
        "sdq.services.measurement_record": (sdq_record, Expect("create", "sdq_measurement", "child")),
        "sdq.services.measurement_update": (sdq_update, Expect("update", "sdq_measurement", "child")),
        "reporting.services.report_download": (
            lambda world: _call(
                report_services.report_download,
                acting_user=coordinator(world),
                report=world.obj("report", "own"),
                kind="json",
            ),
            Expect("download", "report"),
        ),
        "sheets.services.registration_sheet_import": (
            lambda world: _call(
                sheet_services.registration_sheet_import,
                acting_user=coordinator(world),
                content=course_csv([{"Kommune": world.own.code}]),
                dry_run=False,
            ),
            Expect("create", "registration_sheet"),
        ),
        "sheets.services.national_answers_import": (
            lambda world: _call(
                sheet_services.national_answers_import,
                acting_user=coordinator(world),
                content=answers_csv([{"Kommune": world.own.code}]),
                dry_run=False,
            ),
            Expect("create", "questionnaire_answers_sheet"),
        ),
        "sheets.services.sheet_upload_import": (upload_import, Expect("create", "registration_sheet")),
        # Anonymising a withdrawn course after its retention period: the course and, as it was
        # the family's last course, the family; no actor.
        "privacy.services.course_anonymise_after_retention": (
            anonymise_after_retention,
            Expect("update", "course", count=2, role=""),
        ),
        # Retention: one event with the count, no actor and no person.
        "hjemmepaed.audit.services.audit_events_purge": (
            lambda world: _call(audit_services.audit_events_purge),
            Expect("delete", "audit_event", role=""),
        ),
        "privacy.services.audit_sample_draw": (
            lambda world: _call(
                privacy_services.audit_sample_draw,
                acting_user=coordinator(world),
                events=AuditEvent.objects.filter(municipality=world.own),
                size=3,
                criterion="no filters",
            ),
            Expect("view", "audit_sample"),
        ),
    }


def _service_cases():
    return {**_run_course_services(), **_run_other_services()}


def test_every_service_is_classified():
    names = {name for name, _ in _service_functions()}
    classified = set(_service_cases()) | set(SERVICES_WITHOUT_EVENTS)
    assert names - classified == set(), "services that neither audit nor say why they need not"
    assert classified - names == set(), "classified services that do not exist"


def test_every_service_touching_personal_data_writes_its_events(world):
    problems = []
    for name, (run, expect) in _service_cases().items():
        _mark["pk"] = _last_pk()
        run(world)
        before = _mark["pk"]
        user = world.users[expect.role] if expect.role else None
        events = _new_events(before)
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
        problems += _check(name, expect, events, user)
    assert problems == [], "\n".join(problems)
