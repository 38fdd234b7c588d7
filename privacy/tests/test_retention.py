"""The retention job: what it removes, what it keeps, when it may run, and that reports and the
registration sheet export show the same numbers before and after."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import F
from django.utils import timezone, translation

from courses.models import Adjustment, ConcernNotification, Course, Reminder, Transfer, Visit
from courses.services import GoalData, GoalResult, course_close, course_start, visit_log
from families.models import Child, DaycarePeriod, Family, Guardian
from families.services import child_daycare_change
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.cpr import cpr_encrypt, cpr_lookup_hash
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.services import archive_decision_record
from hjemmepaed.organisation.tests.factories import DaycareFactory, user_for_role
from privacy.selectors.retention import course_retention_ends_on
from privacy.services import course_anonymise_after_retention, courses_anonymise_due
from privacy.tasks import courses_anonymise_nightly
from reporting.selectors import Cohort
from reporting.tables import report_compute
from reporting.tests.factories import national_response
from sdq.services import measurement_record
from sdq.tests.factories import answers
from sheets.models import SheetUpload
from sheets.selectors import course_sheet_rows
from surveys.models import Answer, Draft, Invitation, Question
from surveys.selectors import draft_key_for_invitation
from visitation.tests.factories import course_decided, referral_register

pytestmark = pytest.mark.django_db

START, END = date(2019, 3, 4), date(2019, 9, 30)
TODAY = date(2024, 10, 1)  # five years after END
CPR = "0409165678"  # the child is born on 4 September 2016 (30 months before START)


@pytest.fixture
def manager(municipality):
    return user_for_role(Role.MANAGER, municipality=municipality)


@pytest.fixture
def decided(manager, municipality):
    """The municipality has recorded its archive decision."""
    return archive_decision_record(
        acting_user=manager, municipality=municipality, decided_on=date(2024, 1, 15), reference="00.01.10-P20-1-24"
    )


def _old_course(coordinator, *, start=START, end=END):
    """A course from 2019 with every kind of free text, an SDQ pair, an invitation and answers."""
    course = course_decided(
        coordinator=coordinator,
        decided_on=start - timedelta(days=12),
        received_on=start - timedelta(days=17),
        consent_given_on=start - timedelta(days=17),
        birth_date=start - relativedelta(months=30),
    )
    educator = course.primary_educator
    course = course_start(
        acting_user=educator,
        course=course,
        start_date=start,
        participants="Sara (mor)",
        goals=[GoalData(theme="home_relations", description="Faste rammer", weight_at_start=7)],
        third_birthday_reason="Alma starter i børnehave til sommer.",
    )
    for day, minutes in ((3, 60), (10, 90)):
        visit_log(acting_user=educator, course=course, date=start + timedelta(days=day), duration_minutes=minutes)
    course = course_close(
        acting_user=educator,
        course=course,
        end_date=end,
        end_reason="goals_reached",
        goals_reached_answer="agree",
        child_developed_answer="agree",
        goal_results=[GoalResult(goal=goal, status="reached", weight_at_end=3) for goal in course.goals.all()],
    )
    Visit.objects.filter(course=course).update(
        note="Sara fortalte om søvnen", next_steps="Ring til Sara", participants="Sara og Alma"
    )
    Adjustment.objects.create(
        course=course,
        on=start + timedelta(days=30),
        description="Flere besøg",
        reason="Alma sover dårligt",
        by=educator,
    )
    ConcernNotification.objects.create(
        course=course, on=start + timedelta(days=40), recipient="Familieafdelingen, Nina", by=educator
    )
    Transfer.objects.create(
        course=course,
        from_educator=educator,
        to_educator=user_for_role(Role.HOME_EDUCATOR, municipality=coordinator.municipality),
        on=start + timedelta(days=50),
        reason="Sara ønskede en anden",
        by=coordinator,
    )
    Reminder.objects.create(recipient=educator, course=course, kind="week_32", created_on=start + timedelta(weeks=32))
    child = course.family.children.get()
    for timing, on, box in (("start", start, 2), ("end", end, 1)):
        measurement_record(
            acting_user=coordinator,
            course=course,
            child=child,
            timing=timing,
            informant="parent",
            measured_on=on,
            answers=answers(box),
        )
    return course


@pytest.fixture
def course(coordinator):
    """Built with dates in 2019 (the services refuse only dates in the future)."""
    return _old_course(coordinator)


def _with_cpr_and_contact(course):
    child = course.family.children.get()
    Child.objects.filter(pk=child.pk).update(cpr_encrypted=cpr_encrypt(CPR), cpr_hash=cpr_lookup_hash(CPR))
    Guardian.objects.filter(family=course.family).update(email="sara@example.dk")


def _answers_and_invitation(course):
    invitation = course.invitations.select_related("questionnaire").first()
    Draft.objects.create(
        key=draft_key_for_invitation(invitation),
        questionnaire=invitation.questionnaire,
        answers={"10": "Tak til Mette"},
    )
    response = national_response(
        municipality=course.municipality,
        course=course,
        submitted_on=END,
        answers={"1": "mother", "2": "no", "9": 8, ("5", 1): "agree"},
    )
    Answer.objects.create(
        response=response,
        question=Question.objects.get(questionnaire=response.questionnaire, number="10"),
        text="Tak til Mette og Alma",
    )
    return invitation


def _report(municipality):
    with translation.override("da"):
        result = report_compute(
            cohort=Cohort(
                kind="closed_in_year",
                start=date(2019, 1, 1),
                end=date(2019, 12, 31),
                municipality_ids=(municipality.pk,),
            ),
            suppress=False,
        )
    result.pop("generated_at")
    return result


def test_the_job_removes_names_cpr_contact_and_free_text_and_keeps_the_numbers(course, decided, municipality):
    _with_cpr_and_contact(course)
    invitation = _answers_and_invitation(course)
    old_token = invitation.token
    report_before = _report(municipality)
    sheet_before = course_sheet_rows(municipality=municipality)
    visits_before = list(Visit.objects.filter(course=course).values_list("date", "duration_minutes", "status", "kind"))

    counts = courses_anonymise_due(today=TODAY).as_counts()

    assert counts == {"courses": 1, "families": 1, "sheet_uploads": 0}
    course.refresh_from_db()
    assert course.anonymised_at is not None
    family = Family.objects.get(pk=course.family_id)
    assert family.anonymised_at is not None
    assert family.language == ""
    guardian = family.guardians.get()
    assert (guardian.name, guardian.phone, guardian.email) == ("Anonymiseret", "", "")
    assert guardian.relation == "mother"
    child = family.children.get()
    assert (child.name, child.cpr_encrypted, child.cpr_hash) == ("Anonymiseret", "", "")
    assert child.birth_date == date(2016, 9, 1)
    referral = course.referral
    assert (referral.concern, referral.referring_professional) == ("", "")
    assert referral.consent_given_by == "Anonymiseret"  # the database requires who, when a date is given
    assert referral.recruited_by == "health_visiting" and referral.received_on == date(2019, 2, 15)
    assert list(course.goals.values_list("description", "weight_at_start", "status", "weight_at_end")) == [
        ("", 7, "reached", 3)
    ]
    assert course.start_up.participants == ""
    assert set(Visit.objects.filter(course=course).values_list("note", "next_steps", "participants")) == {("", "", "")}
    assert (
        list(Visit.objects.filter(course=course).values_list("date", "duration_minutes", "status", "kind"))
        == visits_before
    )
    assert list(course.adjustments.values_list("description", "reason")) == [("", "")]
    assert list(course.concern_notifications.values_list("recipient", flat=True)) == [""]
    assert list(course.transfers.values_list("reason", flat=True)) == [""]
    assert not Reminder.objects.filter(course=course).exists()
    assert list(course.phase_changes.exclude(note="").values_list("note", flat=True)) == []
    assert not Answer.objects.filter(response__course=course).exclude(text="").exists()
    assert Answer.objects.filter(response__course=course, question__number="9").get().number == 8
    invitation.refresh_from_db()
    assert invitation.token != old_token
    assert not Draft.objects.exists()
    assert course.sdq_measurements.count() == 2
    # Every report and the registration sheet export show the same numbers as before.
    assert _report(municipality) == report_before
    assert course_sheet_rows(municipality=municipality) == sheet_before


def test_the_daycare_periods_keep_their_daycares_with_dates_cut_to_the_month(course, decided, municipality):
    first, second, third = (DaycareFactory(municipality=municipality) for _ in range(3))
    child = course.family.children.get()
    for on, daycare in ((date(2019, 5, 13), first), (date(2019, 6, 3), second), (date(2019, 6, 24), third)):
        child_daycare_change(
            acting_user=course.primary_educator,
            course=course,
            child=child,
            on=on,
            daycare=daycare,
            attends_daycare=True,
        )
        child.refresh_from_db()

    courses_anonymise_due(today=TODAY)

    periods = DaycarePeriod.objects.filter(child=child).order_by(F("starts_on").asc(nulls_first=True))
    assert [(period.daycare, period.starts_on, period.ends_on) for period in periods] == [
        (None, None, date(2019, 4, 30)),  # as the referral recorded her
        (first, date(2019, 5, 1), date(2019, 5, 31)),
        (third, date(2019, 6, 1), None),  # the last daycare of June; three weeks at the second are dropped
    ]
    child.refresh_from_db()
    assert child.daycare == third


def test_an_open_invitation_is_cancelled_and_its_old_link_no_longer_works(client, course, decided):
    invitation = course.invitations.first()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + timedelta(days=5))
    old_token = invitation.token
    courses_anonymise_due(today=TODAY)
    invitation.refresh_from_db()
    assert invitation.cancelled_at is not None
    response = client.get(f"/s/{old_token}/")
    assert response.status_code == 404


def test_nothing_is_anonymised_without_an_archive_decision(course):
    assert courses_anonymise_due(today=TODAY).as_counts()["courses"] == 0
    with pytest.raises(DomainError) as error:
        course_anonymise_after_retention(course=course, today=TODAY)
    assert error.value.message == "Intet anonymiseres, før kommunen har registreret sin arkivbestemmelse."
    course.refresh_from_db()
    assert course.anonymised_at is None
    assert course.family.guardians.get().name == "Sara Nielsen"


def test_nothing_is_anonymised_before_the_retention_period_has_passed(course, decided, municipality):
    day_before = date(2024, 9, 29)
    assert courses_anonymise_due(today=day_before).as_counts()["courses"] == 0
    with pytest.raises(DomainError) as error:
        course_anonymise_after_retention(course=course, today=day_before)
    assert error.value.message == "Forløbets opbevaringsperiode slutter 30.09.2024; det kan ikke anonymiseres før."
    # A municipality keeping data longer waits longer.
    municipality.retention_years = 10
    municipality.save(update_fields=["retention_years"])
    assert courses_anonymise_due(today=TODAY).as_counts()["courses"] == 0
    assert courses_anonymise_due(today=date(2029, 9, 30)).as_counts()["courses"] == 1


def test_a_running_course_is_never_anonymised(coordinator, decided):
    course = course_decided(coordinator=coordinator)
    with pytest.raises(DomainError) as error:
        course_anonymise_after_retention(course=course, today=date(2060, 1, 1))
    assert error.value.message == "Kun et afsluttet, afvist eller trukket forløb kan anonymiseres."
    assert courses_anonymise_due(today=date(2060, 1, 1)).as_counts()["courses"] == 0


def test_a_rejected_referral_is_due_from_the_day_of_the_rejection(coordinator, decided):
    from visitation.services import referral_reject

    course = referral_register(coordinator=coordinator, received_on=date(2019, 1, 2))
    referral_reject(acting_user=coordinator, course=course, decided_on=date(2019, 1, 10), reason="Familien har § 52")
    rejected_on = course.phase_changes.get(to_phase="rejected").at.date()
    assert course_retention_ends_on(course=Course.objects.get(pk=course.pk)) == rejected_on.replace(
        year=rejected_on.year + 5
    )


def test_a_family_shared_by_several_courses_waits_for_its_last_course(coordinator, decided):
    first = _old_course(coordinator)
    second = _old_course(coordinator, start=date(2020, 1, 6), end=date(2020, 6, 30))
    Course.objects.filter(pk=second.pk).update(family=first.family)  # e.g. a younger sibling's course

    assert courses_anonymise_due(today=TODAY).as_counts() == {"courses": 1, "families": 0, "sheet_uploads": 0}
    family = Family.objects.get(pk=first.family_id)
    assert family.anonymised_at is None
    assert family.guardians.get().name == "Sara Nielsen"
    assert Visit.objects.filter(course=first).exclude(note="").count() == 0
    assert Visit.objects.filter(course=second).exclude(note="").count() == 2  # not yet due

    assert courses_anonymise_due(today=date(2025, 6, 30)).as_counts() == {
        "courses": 1,
        "families": 1,
        "sheet_uploads": 0,
    }
    assert Family.objects.get(pk=first.family_id).guardians.get().name == "Anonymiseret"


def test_each_anonymised_course_is_audited_without_an_actor(course, decided):
    before = AuditEvent.objects.count()
    courses_anonymise_due(today=TODAY)
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [(e.action, e.object_type, e.object_id, e.actor_id, e.criterion) for e in events] == [
        ("update", "course", str(course.pk), None, "anonymised after retention period"),
        ("update", "family", str(course.family_id), None, "anonymised after retention period"),
    ]
    assert {e.municipality_id for e in events} == {course.municipality_id}


def test_a_second_run_changes_nothing(course, decided):
    courses_anonymise_due(today=TODAY)
    course.refresh_from_db()
    stamped = course.anonymised_at
    events = AuditEvent.objects.count()
    assert courses_anonymise_due(today=TODAY).as_counts() == {"courses": 0, "families": 0, "sheet_uploads": 0}
    assert course_anonymise_after_retention(course=course, today=TODAY) == (False, False)
    course.refresh_from_db()
    assert course.anonymised_at == stamped
    assert AuditEvent.objects.count() == events


def test_the_nightly_task_takes_nothing_and_returns_counts_and_purges_old_sheet_uploads(course, decided, coordinator):
    upload = SheetUpload.objects.create(
        municipality=coordinator.municipality,
        uploaded_by=coordinator,
        kind="courses",
        content=b"Forloebs-id;Sara",
        sha256="0" * 64,
        created_at=timezone.now() - timedelta(days=2),
    )
    result = courses_anonymise_nightly.delay().get()
    # Built in 2019 and run today: the course is long due.
    assert result == {"courses": 1, "families": 1, "sheet_uploads": 1}
    assert not SheetUpload.objects.filter(pk=upload.pk).exists()
    schedule = settings.CELERY_BEAT_SCHEDULE["retention-courses-anonymise"]
    assert schedule["task"] == "privacy.tasks.courses_anonymise_nightly"


def test_task_results_cannot_outlive_the_shortest_retention_period():
    """Tasks return counts and never keep their arguments with the result, and results expire
    after a day, long before the shortest retention period of one year: there is nothing of a
    course to forget in the result backend."""
    assert settings.CELERY_RESULT_EXPIRES <= timedelta(days=1)
    assert not getattr(settings, "CELERY_RESULT_EXTENDED", False)


def test_the_request_of_access_export_after_anonymisation_names_nobody(course, decided):
    import io
    import json

    from django.core.serializers.json import DjangoJSONEncoder
    from pypdf import PdfReader

    from privacy.selectors.family_export import family_export_data
    from privacy.services import family_access_export

    _with_cpr_and_contact(course)
    courses_anonymise_due(today=TODAY)
    family = Family.objects.get(pk=course.family_id)
    dumped = json.dumps(family_export_data(family=family), cls=DjangoJSONEncoder, ensure_ascii=False)
    for personal in ("Sara", "Alma", "20304050", "sara@example.dk", "0409", "Familieafdelingen"):
        assert personal not in dumped, personal
    assert "Anonymiseret" in dumped
    coordinator = course.municipality.staff.get(role=Role.COORDINATOR)
    pdf = family_access_export(acting_user=coordinator, family=family, kind="pdf").content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Anonymiseret" in text and "Sara" not in text and "Alma" not in text


def test_a_large_backlog_is_worked_off_in_batches_night_by_night(coordinator, decided):
    first = _old_course(coordinator)
    second = _old_course(coordinator)
    assert courses_anonymise_due(today=TODAY, batch_size=1).courses == 1
    assert Course.objects.get(pk=first.pk).anonymised_at is not None
    assert Course.objects.get(pk=second.pk).anonymised_at is None
    assert courses_anonymise_due(today=TODAY, batch_size=1).courses == 1
    assert Course.objects.get(pk=second.pk).anonymised_at is not None


def test_an_anonymised_course_can_no_longer_be_corrected(course, decided, coordinator):
    from courses.services import course_correct_closed

    courses_anonymise_due(today=TODAY)
    course.refresh_from_db()
    with translation.override("da"), pytest.raises(DomainError) as error:
        course_correct_closed(acting_user=coordinator, course=course, reason="Sara ringede", end_reason="moved")
    assert str(error.value.message) == "Et anonymiseret forløb kan ikke længere rettes."
    course.refresh_from_db()
    assert course.end_reason == "goals_reached"
