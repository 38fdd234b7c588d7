"""The other apps' services, each run once against the access matrix's world, with the audit
events it must write (`test_completeness_services.py` checks them)."""

from datetime import timedelta

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.audit.tests.completeness import (
    Expect,
    call,
    child_with_cpr,
    course_started_for,
    referral_for,
    sent_twice,
    today,
)
from hjemmepaed.organisation.models import Role


def other_service_cases():
    from families import services as family_services
    from hjemmepaed.audit import services as audit_services
    from privacy import services as privacy_services
    from reporting import services as report_services
    from sdq import services as sdq_services
    from sdq.tests.factories import answers, course_with_toddler
    from sheets import services as sheet_services
    from sheets.models import SheetKind
    from sheets.tests.factories import answers_csv, course_csv, ishoej_answers_csv, sdq_csv
    from surveys import services as survey_services
    from surveys.tests.helpers import POSITIVE_TWO_CHILDREN, national_invitation, walk_for
    from visitation import services as visitation_services
    from visitation.services import ChildData, GuardianData
    from visitation.tests.factories import course_closed

    coordinator = lambda world: world.users[Role.COORDINATOR]  # noqa: E731

    def decide(service, **arguments):
        def run(world):
            given = {key: value(world) if callable(value) else value for key, value in arguments.items()}
            return call(service, acting_user=coordinator(world), course=referral_for(world), **given)

        return run

    def sdq_sheet(world):
        """An imported course with its child (the setup's event does not count), then its SDQ."""
        sheet_services.registration_sheet_import(
            acting_user=coordinator(world),
            content=course_csv([{"Kommune": world.own.code, "Forløbs-id": "S-1"}]),
            dry_run=False,
        )
        result = call(
            sheet_services.sdq_sheet_import,
            acting_user=coordinator(world),
            content=sdq_csv([{"Kommune": world.own.code, "Forløbs-id": "S-1"}]),
            dry_run=False,
        )
        assert result.problems == []

    def reveal(world):
        course = referral_for(world, children=[child_with_cpr()])
        call(
            family_services.child_cpr_reveal,
            acting_user=coordinator(world),
            child=course.family.children.get(),
            purpose="Underretning",
        )

    def find_by_cpr(world):
        child = child_with_cpr()
        referral_for(world, children=[child])
        call(family_services.family_find_by_child_cpr, acting_user=coordinator(world), children=[child])

    def statement_give(world):
        """Under Helsingør's model for this run only: the services after it run the world's own."""
        from visitation.tests.access_cases import statement_asked

        statement_asked(world)
        try:
            call(
                visitation_services.daycare_statement_give,
                acting_user=world.users[Role.DAYCARE_LEADER],
                course=world.obj("statement_referral", "own"),
                text="Alma trives i vuggestuen.",
            )
        finally:
            world.own.variants.filter(valid_from=today(), preset="helsingor").delete()

    def rotate(world):
        referral_for(world, children=[child_with_cpr()])
        call(family_services.cpr_keys_rotate)

    def submit(world):
        course = course_closed(
            coordinator=coordinator(world),
            guardians=[GuardianData(name="Sara", relation="mother")],
            children=[
                ChildData(name="Alma", birth_date=today() - timedelta(days=700)),
                ChildData(name="Bo", birth_date=today() - timedelta(days=200)),
            ],
        )
        invitation = national_invitation(course)
        call(
            survey_services.response_submit,
            walk=walk_for(invitation),
            answers={**POSITIVE_TWO_CHILDREN, "q4_b1": "no"},
            invitation=invitation,
        )

    def sdq_update(world):
        item = world.obj("sdq_measurement", "own")
        call(
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
        call(
            sdq_services.measurement_record,
            acting_user=coordinator(world),
            course=course,
            child=course.family.children.get(),
            timing="start",
            informant="parent",
            measured_on=today(),
            answers=answers(),
        )

    def upload_import(world):
        upload = sheet_services.sheet_upload_create(
            acting_user=coordinator(world), kind=SheetKind.COURSES, content=course_csv([{"Kommune": world.own.code}])
        )
        sheet_services.sheet_upload_check(upload_id=upload.pk)
        sheet_services.sheet_upload_import_start(acting_user=coordinator(world), upload=upload)
        call(sheet_services.sheet_upload_import, upload_id=upload.pk)

    def consent_record(world):
        from families.models import ConsentScope
        from families.selectors import consent_text_current

        course = course_started_for(world, consents=())
        call(
            family_services.consent_record,
            acting_user=coordinator(world),
            course=course,
            guardian=course.family.guardians.get(),
            scope=ConsentScope.SHARE_WITH_DAYCARE,
            text_version=consent_text_current(scope=ConsentScope.SHARE_WITH_DAYCARE),
            given_on=today(),
        )

    def consent_decline_record(world):
        from families.models import ConsentScope
        from families.selectors import consent_text_current

        course = course_started_for(world, consents=())
        call(
            family_services.consent_decline_record,
            acting_user=coordinator(world),
            course=course,
            guardian=course.family.guardians.get(),
            scope=ConsentScope.INVOLVE_PROFESSIONALS,
            text_version=consent_text_current(scope=ConsentScope.INVOLVE_PROFESSIONALS),
            declined_on=today(),
        )

    def consents_answer(world):
        from families.models import ConsentScope
        from families.selectors import consent_text_current

        course = course_started_for(world, consents=())
        guardian = course.family.guardians.get()
        call(
            family_services.consents_answer,
            acting_user=coordinator(world),
            course=course,
            answers=[
                family_services.ConsentAnswer(
                    guardian=guardian,
                    scope=scope,
                    text_version=consent_text_current(scope=scope),
                    given=scope != ConsentScope.INVOLVE_PROFESSIONALS,
                )
                for scope in ConsentScope.values
            ],
            on=today(),
        )

    def consent_withdraw(world):
        course = course_started_for(world)
        consent = course.family.guardians.get().consents.first()
        call(family_services.consent_withdraw, acting_user=coordinator(world), course=course, consent=consent)

    def drafts_purge(world):
        call(survey_services.drafts_purge)

    def anonymise_after_retention(world):
        from dateutil.relativedelta import relativedelta

        from hjemmepaed.organisation.services import archive_decision_record

        course = visitation_services.referral_withdraw(
            acting_user=coordinator(world), course=referral_for(world), reason="Familien flytter"
        )
        archive_decision_record(
            acting_user=world.users[Role.MANAGER],
            municipality=world.own,
            decided_on=today(),
            reference="00.01.10-P20-1-24",
        )
        call(
            privacy_services.course_anonymise_after_retention,
            course=course,
            today=today() + relativedelta(years=world.own.retention_years),
        )

    return {
        "privacy.services.family_access_export": (
            lambda world: call(
                privacy_services.family_access_export,
                acting_user=coordinator(world),
                family=world.obj("family", "own"),
                kind="json",
            ),
            Expect("export", "family", "family"),
        ),
        "families.services.consent_record": (consent_record, Expect("create", "consent", "guardian")),
        "families.services.consent_withdraw": (consent_withdraw, Expect("update", "consent", "guardian")),
        "families.services.consent_decline_record": (
            consent_decline_record,
            Expect("create", "consent_decline", "guardian"),
        ),
        # The start-up meeting's answers: one event per answer (given or declined), each with its
        # parent as subject, as recording them one by one writes.
        "families.services.consents_answer": (consents_answer, Expect("create", "consent", "guardian", count=3)),
        "families.services.child_cpr_reveal": (reveal, Expect("view", "child_cpr", "child")),
        # A referral's child whose CPR number is recorded already: the look-up that finds the family.
        "families.services.family_find_by_child_cpr": (find_by_cpr, Expect("search", "family", "family")),
        # Bulk maintenance by the operator: one event for all re-encrypted numbers, no actor.
        "families.services.cpr_keys_rotate": (rotate, Expect("update", "child_cpr", role="")),
        "visitation.services.referral_register": (
            lambda world: sent_twice(lambda form_key: referral_for(world, form_key=form_key)),
            Expect("create", "course", "family"),
        ),
        "visitation.services.referral_approve": (
            decide(
                visitation_services.referral_approve,
                decided_on=today(),
                primary_educator=lambda world: world.users[Role.HOME_EDUCATOR],
            ),
            Expect("update", "course", "family"),
        ),
        "visitation.services.daycare_statement_give": (
            statement_give,
            Expect("create", "daycare_statement", "family", role=Role.DAYCARE_LEADER),
        ),
        "visitation.services.referral_waitlist": (
            decide(visitation_services.referral_waitlist, placed_on=today(), position=1),
            Expect("update", "course", "family"),
        ),
        "visitation.services.referral_reject": (
            decide(visitation_services.referral_reject, decided_on=today(), reason="Uden for målgruppen"),
            Expect("update", "course", "family"),
        ),
        "visitation.services.referral_withdraw": (
            decide(visitation_services.referral_withdraw, reason="Familien flytter"),
            Expect("update", "course", "family"),
        ),
        "visitation.services.referral_revise": (
            lambda world: call(
                visitation_services.referral_revise,
                acting_user=world.users[Role.COORDINATOR],
                course=course_started_for(world),
                on=today(),
                complexity="medium",
                section_52_decided=False,
                justification="Forløbet viser flere udfordringer end ventet",
            ),
            Expect("update", "referral", "family"),
        ),
        "surveys.services.invitations_create_for_course": (
            lambda world: call(
                survey_services.invitations_create_for_course,
                acting_user=coordinator(world),
                course=course_started_for(world),
            ),
            Expect("create", "invitation", "family"),
        ),
        "surveys.services.invitation_email_send": (
            lambda world: call(
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
            lambda world: call(
                report_services.report_download,
                acting_user=coordinator(world),
                report=world.obj("report", "own"),
                kind="json",
            ),
            Expect("download", "report"),
        ),
        "sheets.services.registration_sheet_import": (
            lambda world: call(
                sheet_services.registration_sheet_import,
                acting_user=coordinator(world),
                content=course_csv([{"Kommune": world.own.code}]),
                dry_run=False,
            ),
            Expect("create", "registration_sheet"),
        ),
        "sheets.services.registration_rows_import": (
            lambda world: call(
                sheet_services.registration_rows_import,
                acting_user=coordinator(world),
                checked=sheet_services.registration_sheet_import(
                    acting_user=coordinator(world), content=course_csv([{"Kommune": world.own.code}]), dry_run=True
                ).checked,
            ),
            Expect("create", "registration_sheet"),
        ),
        "sheets.services.national_answers_import": (
            lambda world: call(
                sheet_services.national_answers_import,
                acting_user=coordinator(world),
                content=answers_csv([{"Kommune": world.own.code}]),
                dry_run=False,
            ),
            Expect("create", "questionnaire_answers_sheet"),
        ),
        "sheets.services.ishoej_answers_import": (
            lambda world: call(
                sheet_services.ishoej_answers_import,
                acting_user=coordinator(world),
                content=ishoej_answers_csv([{"Kommune": world.own.code}]),
                dry_run=False,
            ),
            Expect("create", "ishoej_answers_sheet"),
        ),
        "sheets.services.sdq_sheet_import": (sdq_sheet, Expect("create", "sdq_sheet")),
        "sheets.services.sheet_upload_import": (upload_import, Expect("create", "registration_sheet")),
        # Anonymising a withdrawn course after its retention period: the course and, as it was
        # the family's last course, the family; no actor.
        "privacy.services.course_anonymise_after_retention": (
            anonymise_after_retention,
            Expect("update", "course", count=2, role=""),
        ),
        # Retention: one event with the count, no actor and no person.
        "hjemmepaed.audit.services.audit_events_purge": (
            lambda world: call(audit_services.audit_events_purge),
            Expect("delete", "audit_event", role=""),
        ),
        "privacy.services.audit_sample_draw": (
            lambda world: call(
                privacy_services.audit_sample_draw,
                acting_user=coordinator(world),
                events=AuditEvent.objects.filter(municipality=world.own),
                size=3,
                criterion="no filters",
            ),
            Expect("view", "audit_sample"),
        ),
    }
