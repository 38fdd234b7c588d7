"""The limits of the municipality's model (issue 14): the age range at start, the longest course,
the booster window, a setting changed mid-course, and the national texts naming the local values."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse

from courses import rules
from courses.models import Reminder
from courses.reminders import reminders_send
from courses.selectors import course_rows
from courses.services import (
    course_extend,
    visit_log,
)
from courses.tests.variant_cases import TODAY, _close, _held, _municipality, _staff, _start, _started
from courses.variants import course_variant
from hjemmepaed.errors import DomainError
from hjemmepaed.variants.models import Preset
from hjemmepaed.variants.selectors import variant_national
from hjemmepaed.variants.tests.factories import variant_from_preset
from visitation.tests.factories import course_decided, course_started, referral_register

pytestmark = pytest.mark.django_db


# --- the age range and the longest course ---------------------------------------------------


@pytest.fixture
def short_model():
    """A municipality running 6-24 months and 30 weeks (narrowing is free)."""
    return _municipality("Brøndby", "153", Preset.NATIONAL, min_age_months=6, max_age_months=24, max_weeks=30)


def test_the_age_range_at_start_is_the_models(short_model):
    coordinator, educator = _staff(short_model)
    start = TODAY() - timedelta(days=1)
    born = start - relativedelta(months=4)
    young = course_decided(  # an expected child at the intake (its age counts from the birth), 4 months at the start
        coordinator=coordinator,
        educator=educator,
        birth_date=born,
        received_on=born - timedelta(days=30),
        consent_given_on=born - timedelta(days=30),
        decided_on=born - timedelta(days=10),
    )
    with pytest.raises(DomainError, match="^Brøndby: .* er yngre end 6 måneder på startdatoen") as refused:
        _start(young, start_date=start)
    assert refused.value.field == "start_date"
    old = course_decided(  # within 24 months at the decision, 25 at the start
        coordinator=coordinator,
        educator=educator,
        birth_date=start - relativedelta(months=25),
        received_on=start - timedelta(days=60),
        consent_given_on=start - timedelta(days=60),
        decided_on=start - timedelta(days=45),
    )
    with pytest.raises(DomainError, match="^Brøndby: .* er ældre end 24 måneder på startdatoen"):
        _start(old, start_date=start)
    near = course_decided(coordinator=coordinator, educator=educator, birth_date=start - relativedelta(months=20))
    with pytest.raises(DomainError, match="^Brøndby: .* fylder 24 måneder den .*, før den planlagte afslutning"):
        _start(near, start_date=start)
    assert _start(near, start_date=start, third_birthday_reason="Særlige behov").phase == "started"


def test_a_widened_age_range_with_its_reason_starts_a_child_past_36_months():
    wide = _municipality("Odsherred", "306", Preset.NATIONAL, max_age_months=48, deviation_reason="Byrådets beslutning")
    coordinator, educator = _staff(wide)
    start = TODAY() - timedelta(days=1)
    course = course_decided(  # 35 months at the decision (the intake's own check is the visitation's)
        coordinator=coordinator,
        educator=educator,
        birth_date=start - relativedelta(months=37),
        decided_on=start - timedelta(days=61),
        received_on=start - timedelta(days=70),
        consent_given_on=start - timedelta(days=70),
    )
    assert _start(course, start_date=start, planned_end_date=start + timedelta(weeks=20)).phase == "started"


def test_the_longest_course_is_the_models_at_the_start_in_its_weeks_and_in_its_extension(short_model, client):
    coordinator, educator = _staff(short_model)
    start = TODAY() - timedelta(weeks=23)
    course = course_decided(
        coordinator=coordinator,
        educator=educator,
        birth_date=start - relativedelta(months=8),
        decided_on=start - timedelta(days=7),
        received_on=start - timedelta(days=21),
        consent_given_on=start - timedelta(days=21),
    )
    with pytest.raises(DomainError, match="^Brøndby: Et forløb varer højst 30 uger") as refused:
        _start(course, start_date=start, planned_end_date=start + timedelta(weeks=31))
    assert refused.value.field == "planned_end_date"
    course = _start(course, start_date=start)
    assert course.planned_end_date == start + timedelta(weeks=30)
    assert course.week_limit == 30
    client.force_login(educator)
    assert "uge 24 af 30" in client.get(reverse("course_detail", args=[course.pk])).content.decode()
    reminders_send()  # 8 weeks before the limit: week 22 of 30
    assert Reminder.objects.get(recipient=educator, kind="week_32").week == 22
    [row] = course_rows(courses=[course])
    assert "Uge 22 nået" in row.warnings
    extended = course_extend(
        acting_user=coordinator,
        course=course,
        new_planned_end=start + timedelta(weeks=34),
        reason="Familien har brug for mere tid",
        other_service_needed=False,
        other_service_assessment="Ingen anden indsats nu",
    )
    assert extended.week_limit == 34


def test_the_rule_the_intake_shares_names_the_local_limit():
    """`rules.age_at_start_error` is the visitation's intake check too, on the expected start."""
    municipality = _municipality("Brøndby", "153", Preset.NATIONAL, max_age_months=24)
    variant = course_variant(course_decided(coordinator=_staff(municipality)[0]))
    on = date(2026, 6, 1)
    assert rules.age_at_start_error(variant=variant, name="Alma", birth_date=None, on=on) is None
    assert rules.age_at_start_error(variant=variant, name="Alma", birth_date=date(2025, 1, 1), on=on) is None
    assert rules.age_at_start_error(variant=variant, name="Alma", birth_date=date(2024, 1, 1), on=on) == (
        "Brøndby: Alma er ældre end 24 måneder på startdatoen (fyldte 24 måneder den 01.01.2026)."
    )
    national = variant_national(municipality=municipality)
    assert rules.age_at_start_error(variant=national, name="Alma", birth_date=date(2023, 1, 1), on=on) == (
        "Alma er ældre end 36 måneder på startdatoen (fyldte 3 år den 01.01.2026)."
    )


# --- the booster window ---------------------------------------------------------------------


def test_the_booster_window_is_the_models():
    municipality = _municipality("Rødovre", "175", Preset.NATIONAL, booster_window_months=1)
    coordinator, educator = _staff(municipality)
    course = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=120))
    end = TODAY() - timedelta(days=45)
    latest = (end + relativedelta(months=1)).strftime("%d.%m.%Y")
    with pytest.raises(DomainError, match=f"^Rødovre: Et booster-besøg ligger efter slutdatoen og senest den {latest}"):
        _close(course, end_date=end, booster_planned_on=end + timedelta(days=40))
    closed = _close(course, end_date=end, booster_planned_on=end + timedelta(days=20))
    with pytest.raises(DomainError, match=f"^Rødovre: Et booster-besøg ligger efter slutdatoen og senest den {latest}"):
        _held(closed, TODAY() - timedelta(days=1), is_booster=True)
    with pytest.raises(DomainError, match="^Rødovre: .*bortset fra ét booster-besøg inden for 1 måneder"):
        _held(closed, TODAY() - timedelta(days=1))


def test_a_longer_booster_window_takes_a_booster_4_months_after_the_end():
    municipality = _municipality("Furesø", "190", Preset.NATIONAL, booster_window_months=6)
    coordinator, educator = _staff(municipality)
    course = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=200))
    closed = _close(course, end_date=TODAY() - relativedelta(months=4))
    assert _held(closed, TODAY(), is_booster=True).is_booster


# --- a setting changed mid-course -----------------------------------------------------------


def test_a_running_course_keeps_the_version_in_force_at_its_start():
    municipality = _municipality("Ishøj", "183", Preset.NATIONAL)
    coordinator, educator = _staff(municipality)
    running = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=40))
    variant_from_preset(
        municipality=municipality, preset=Preset.ISHOJ, valid_from=TODAY() - timedelta(days=20), max_weeks=30
    )
    for n in range(11):  # the old version has no cap
        _held(running, TODAY() - timedelta(days=35 - n))
    running.refresh_from_db()
    assert running.week_limit == 40
    later = _started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=10))
    assert later.week_limit == 30
    for n in range(9):
        _held(later, TODAY() - timedelta(days=9 - n))
    with pytest.raises(DomainError, match="^Ishøj: højst 10 besøg"):
        _held(later, TODAY())
    rows = {row.course.pk: row for row in course_rows(courses=[running, later])}
    assert (rows[running.pk].week_limit, rows[later.pk].week_limit) == (40, 30)


def test_a_list_reads_the_versions_once_however_many_municipalities_courses(django_assert_num_queries):
    courses = []
    for name, code in (("Ishøj", "183"), ("Svendborg", "479")):
        municipality = _municipality(name, code, Preset.ISHOJ)
        coordinator, educator = _staff(municipality)
        courses += [
            _started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=d))
            for d in (3, 10, 20)
        ]
    from courses.models import Course

    fresh = list(Course.objects.filter(pk__in=[c.pk for c in courses]).select_related("family"))
    with django_assert_num_queries(4):  # guardians, children, the versions of both models, visit dates
        course_rows(courses=fresh)


def test_the_start_and_close_forms_name_the_models_length_and_booster_window(client):
    municipality = _municipality("Brøndby", "153", Preset.NATIONAL, max_weeks=30, booster_window_months=6)
    coordinator, educator = _staff(municipality)
    decided = course_decided(coordinator=coordinator, educator=educator)
    started = course_started(coordinator=coordinator, educator=educator)
    client.force_login(educator)
    start_page = client.get(reverse("course_start", args=[decided.pk])).content.decode()
    assert "Lad feltet stå tomt for start + 30 uger, det længste et forløb varer." in start_page
    close_page = client.get(reverse("course_close", args=[started.pk])).content.decode()
    assert "Højst 6 måneder efter slutdatoen." in close_page


def test_only_with_warnings_is_the_models_rule_in_sql_too():
    from courses.selectors import course_list_visible_to, course_list_with_visits, course_list_with_warnings

    svendborg = _municipality("Svendborg", "479", Preset.SVENDBORG, max_weeks=30)
    coordinator, educator = _staff(svendborg)
    no_first_visit = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=3))
    planned_in_time = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=3))
    visit_log(acting_user=educator, course=planned_in_time, date=TODAY() + timedelta(days=5), status="planned")
    week_22 = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(weeks=22))
    _held(week_22, TODAY() - timedelta(days=3))
    week_20 = course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(weeks=20))
    _held(week_20, TODAY() - timedelta(days=3))
    courses = course_list_with_visits(courses=course_list_visible_to(user=coordinator))
    in_python = {row.course.pk for row in course_rows(courses=courses) if row.warnings}
    in_sql = set(course_list_with_warnings(courses=courses).values_list("pk", flat=True))
    assert in_sql == in_python == {no_first_visit.pk, week_22.pk}


# --- the national texts name the model's own values -------------------------------------------


def test_an_extension_by_an_educator_is_refused_naming_the_models_longest_course(short_model):
    coordinator, educator = _staff(short_model)
    course = course_started(
        coordinator=coordinator,
        educator=educator,
        start_date=TODAY() - timedelta(weeks=20),
        birth_date=TODAY() - relativedelta(months=12),
    )
    with pytest.raises(DomainError) as refused:
        course_extend(
            acting_user=educator,
            course=course,
            new_planned_end=course.planned_end_date + timedelta(weeks=4),
            reason="Familien har brug for mere tid",
            other_service_needed=False,
            other_service_assessment="Ingen anden indsats nu",
        )
    assert str(refused.value.message) == "Brøndby: Kun en tovholder kan forlænge et forløb ud over 30 uger."


def test_a_start_before_the_birth_names_the_models_age_range(short_model):
    coordinator, educator = _staff(short_model)
    start = TODAY() - timedelta(days=1)
    unborn_at_start = course_decided(
        coordinator=coordinator,
        educator=educator,
        birth_date=TODAY(),
        received_on=start - timedelta(days=60),
        consent_given_on=start - timedelta(days=60),
        decided_on=start - timedelta(days=5),
    )
    with pytest.raises(DomainError) as refused:
        _start(unborn_at_start, start_date=start)
    assert str(refused.value.message) == (
        "Brøndby: Alma Nielsen skal være født på startdatoen: forløbet er for børn på 6–24 måneder."
    )


@pytest.fixture
def near_24_months(short_model):
    """A Brøndby course (oldest age 24 months, longest course 30 weeks) in week 23, its child
    passing 24 months in 4 weeks, started with the special reason."""
    coordinator, educator = _staff(short_model)
    start = TODAY() - timedelta(weeks=22, days=1)
    course = course_decided(
        coordinator=coordinator,
        educator=educator,
        birth_date=TODAY() - relativedelta(months=24) + timedelta(weeks=4),
        decided_on=start - timedelta(days=7),
        received_on=start - timedelta(days=21),
        consent_given_on=start - timedelta(days=21),
    )
    course = _start(course, start_date=start, third_birthday_reason="Særlige behov")
    _held(course, TODAY() - timedelta(days=2))
    return course, coordinator, educator


def test_the_reminders_name_the_models_weeks_and_oldest_age(near_24_months, client):
    course, coordinator, educator = near_24_months
    reminders_send()
    assert sorted(Reminder.objects.filter(recipient=educator).values_list("kind", "week")) == [
        ("turns_3", 0),
        ("week_32", 22),
    ]
    client.force_login(educator)
    page = client.get(reverse("reminder_list")).content.decode()
    assert "Forløbet har nået uge 22 af 30" in page
    assert "Et barn fylder 24 måneder inden for 8 uger" in page
    assert "uge 32" not in page and "fylder 3" not in page and "week_32" not in page


def test_a_child_turning_3_under_a_model_of_24_months_is_no_reminder():
    """An approved course waits under today's model: once it is 24 months, the national window
    (36) is not the course's."""
    municipality = _municipality("Brøndby", "153")
    coordinator, educator = _staff(municipality)
    course_decided(coordinator=coordinator, educator=educator, birth_date=TODAY() - relativedelta(months=35))
    reminders_send()
    assert Reminder.objects.filter(kind="turns_3").count() == 2  # the national model: educator and coordinator
    Reminder.objects.all().delete()
    variant_from_preset(municipality=municipality, preset=Preset.NATIONAL, valid_from=TODAY(), max_age_months=24)
    reminders_send()
    assert not Reminder.objects.filter(kind="turns_3").exists()


def test_the_warning_and_the_with_warnings_filter_follow_the_models_oldest_age(near_24_months, client):
    from courses.selectors import course_list_visible_to, course_list_with_warnings

    course, coordinator, educator = near_24_months
    [row] = course_rows(courses=[course])
    assert "Alma Nielsen fylder 24 måneder før planlagt afslutning" in row.warnings
    assert "Alma Nielsen fylder 3 før planlagt afslutning" not in row.warnings
    client.force_login(educator)
    assert "fylder 24 måneder før planlagt afslutning" in client.get(reverse("my_courses")).content.decode()
    in_sql = set(
        course_list_with_warnings(courses=course_list_visible_to(user=coordinator)).values_list("pk", flat=True)
    )
    assert in_sql == {course.pk}


@pytest.mark.parametrize(
    ("months", "born", "planned_end", "warned"),
    [
        (24, date(2024, 11, 15), date(2026, 11, 16), True),  # passes 24 months 15.11.2026
        (24, date(2024, 11, 15), date(2026, 11, 15), False),
        (26, date(2024, 11, 15), date(2027, 1, 16), True),  # a month past December carried: 15.01.2027
        (26, date(2024, 11, 15), date(2027, 1, 15), False),
        (13, date(2025, 1, 31), date(2026, 3, 1), True),  # 31.01 + 13 months is 28.02.2026
        (13, date(2025, 1, 31), date(2026, 2, 28), False),
    ],
)
def test_the_oldest_age_in_sql_is_the_rules_day(months, born, planned_end, warned):
    from courses.models import Course
    from courses.selectors import _oldest_age_before_end

    municipality = _municipality("Brøndby", "153", Preset.NATIONAL, max_age_months=months)
    coordinator, educator = _staff(municipality)
    course = course_decided(coordinator=coordinator, educator=educator)
    course.family.children.update(birth_date=born)
    Course.objects.filter(pk=course.pk).update(planned_end_date=planned_end)
    found = (
        Course.objects.filter(pk=course.pk)
        .annotate(planned_end_key=_date_key_of("planned_end_date"))
        .filter(_oldest_age_before_end(months))
        .exists()
    )
    assert found is warned
    assert (rules.third_birthday(born, months) < planned_end) is warned


def _date_key_of(field):
    from courses.selectors import _date_key

    return _date_key(field)


def test_the_decision_page_names_the_models_oldest_age_and_longest_course(short_model, client):
    coordinator, _educator = _staff(short_model)
    born = TODAY() - relativedelta(months=18)
    course = referral_register(coordinator=coordinator, birth_date=born)
    client.force_login(coordinator)
    page = client.get(reverse("referral_decide", args=[course.pk])).content.decode()
    birthday = (born + relativedelta(months=24)).strftime("%d.%m.%Y")
    end = (TODAY() + timedelta(weeks=30)).strftime("%d.%m.%Y")
    assert f"Alma Nielsen fylder 24 måneder den {birthday}" in page
    assert f"starter i dag ({end}, efter 30 uger)" in page
    assert "fylder 3 år" not in page and "40 uger" not in page
