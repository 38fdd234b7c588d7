"""A child's changes over time: the birth of an expected child and a dated change of daycare."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from courses.services import GoalData, course_start
from courses.tests.factories_family import pregnancy_course
from families.models import DaycarePeriod
from families.selectors import child_with_cpr_in_municipality
from families.services import child_birth_record, child_daycare_change
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.cpr import cpr_decrypt
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import DaycareFactory, user_for_role
from visitation.services import ChildData
from visitation.tests.factories import course_closed, course_started, referral_register

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
GOALS = [GoalData(theme="home_relations", description="Ro ved amning", weight_at_start=7)]


def _cpr(born, serial="4321"):
    return f"{born:%d%m%y}{serial}"


@pytest.fixture
def course(coordinator, educator):
    return pregnancy_course(coordinator=coordinator, educator=educator)


@pytest.fixture
def child(course):
    return course.family.children.get()


def _record(course, child, *, by=None, **overrides):
    fields = {"birth_date": TODAY() - timedelta(days=3), "name": "Alma Nielsen", **overrides}
    return child_birth_record(acting_user=by or course.primary_educator, course=course, child=child, **fields)


def _start(course):
    return course_start(
        acting_user=course.primary_educator, course=course, start_date=TODAY(), participants="Mor", goals=GOALS
    )


# ---------------------------------------------------------------------------------- birth


def test_a_course_starts_only_after_the_birth_is_recorded(course, child):
    with pytest.raises(DomainError) as refused:
        _start(course)
    assert str(refused.value.message) == (
        "Ufødt barn er ikke født endnu: forløbet begynder efter fødslen. Registrér fødslen på forløbssiden først."
    )
    _record(course, child)
    course.refresh_from_db()
    started = _start(course)
    assert started.phase == "started"


def test_the_age_rules_count_from_the_birth(course, child):
    # Approved ten days ago (the factory's decision date), born five days ago: a start-up meeting
    # six days ago is after the decision but before the birth.
    _record(course, child, birth_date=TODAY() - timedelta(days=5))
    course.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        course_start(
            acting_user=course.primary_educator,
            course=course,
            start_date=TODAY() - timedelta(days=6),
            participants="Mor",
            goals=GOALS,
        )
    assert str(refused.value.message) == (
        "Alma Nielsen skal være født på startdatoen: forløbet er for børn på 0–36 måneder."
    )


def test_the_birth_is_recorded_with_name_and_an_encrypted_cpr_number(course, child):
    born = TODAY() - timedelta(days=3)
    recorded = _record(course, child, birth_date=born, name="  Alma Nielsen ", cpr=_cpr(born, "4322"))
    child.refresh_from_db()
    assert (child.birth_date, child.name) == (born, "Alma Nielsen")
    assert child.expected_due_date is not None  # the due date is kept
    assert _cpr(born, "4322") not in child.cpr_encrypted
    assert cpr_decrypt(child.cpr_encrypted) == _cpr(born, "4322")
    assert child_with_cpr_in_municipality(municipality=course.municipality, cpr=_cpr(born, "4322")) == recorded


def test_a_recorded_birth_is_one_audit_event_about_the_child(course, child):
    before = AuditEvent.objects.count()
    _record(course, child)
    [event] = AuditEvent.objects.order_by("-pk")[: AuditEvent.objects.count() - before]
    assert (event.action, event.object_type, event.subject_type, event.subject_id) == (
        "update",
        "child",
        "child",
        str(child.pk),
    )
    assert event.actor == course.primary_educator


def test_the_birth_cannot_be_in_the_future(course, child):
    with pytest.raises(DomainError) as refused:
        _record(course, child, birth_date=TODAY() + timedelta(days=1))
    assert (str(refused.value.message), refused.value.field) == (
        "Fødselsdatoen kan ikke ligge i fremtiden.",
        "birth_date",
    )


@pytest.mark.parametrize("days_from_due", [-18 * 7 - 1, 3 * 7 + 1])
def test_a_birth_far_from_the_due_date_is_refused(coordinator, educator, days_from_due):
    # Due 25 weeks ago (so a birth 3 weeks after it is also past) and due today.
    due_in = -25 * 7 if days_from_due > 0 else 0
    course = pregnancy_course(coordinator=coordinator, educator=educator, due_in_days=due_in)
    child = course.family.children.get()
    with pytest.raises(DomainError) as refused:
        _record(course, child, birth_date=child.expected_due_date + timedelta(days=days_from_due))
    assert str(refused.value.message).startswith("Fødselsdatoen ligger for langt fra terminen")
    assert refused.value.field == "birth_date"


def test_a_birth_at_the_bounds_is_accepted(coordinator, educator):
    course = pregnancy_course(coordinator=coordinator, educator=educator, due_in_days=18 * 7)
    child = course.family.children.get()
    _record(course, child, birth_date=TODAY())  # 18 weeks before the due date
    child.refresh_from_db()
    assert child.birth_date == TODAY()


@pytest.mark.parametrize("name", ["", "   ", "Ufødt barn", "ufødt BARN"])
def test_the_child_needs_a_name(course, child, name):
    with pytest.raises(DomainError) as refused:
        _record(course, child, name=name)
    assert (str(refused.value.message), refused.value.field) == ("Skriv barnets navn.", "name")


def test_a_cpr_number_is_validated(course, child):
    with pytest.raises(DomainError) as refused:
        _record(course, child, cpr="12345")
    assert (str(refused.value.message), refused.value.field) == (
        "Et CPR-nummer er 10 cifre, fx 010203-1234.",
        "cpr",
    )


def test_the_cpr_number_must_match_the_birth_date(course, child):
    with pytest.raises(DomainError) as refused:
        _record(course, child, birth_date=TODAY() - timedelta(days=3), cpr=_cpr(TODAY() - timedelta(days=4)))
    assert str(refused.value.message).startswith("CPR-nummeret passer ikke til fødselsdatoen")
    child.refresh_from_db()
    assert child.birth_date is None


def test_a_cpr_number_already_in_the_municipality_is_refused_and_the_look_up_audited(
    coordinator, educator, course, child
):
    born = TODAY() - timedelta(days=3)
    known = referral_register(coordinator=coordinator, children=[ChildData(name="Bo", birth_date=born, cpr=_cpr(born))])
    before = AuditEvent.objects.order_by("-pk").first().pk
    with pytest.raises(DomainError) as refused:
        _record(course, child, birth_date=born, cpr=_cpr(born))
    assert str(refused.value.message) == (
        "Et barn med dette CPR-nummer er allerede registreret i kommunen. Tjek nummeret; er det rigtigt, "
        "så bed en tovholder om at finde barnets familie."
    )
    child.refresh_from_db()
    assert (child.birth_date, child.cpr_hash) == (None, "")
    [event] = AuditEvent.objects.filter(pk__gt=before)
    assert (event.action, event.object_type, event.object_id) == ("search", "family", str(known.family_id))
    assert _cpr(born) not in event.criterion


def test_the_same_cpr_number_in_another_municipality_is_no_obstacle(course, child, other_municipality):
    born = TODAY() - timedelta(days=3)
    other_coordinator = user_for_role(Role.COORDINATOR, municipality=other_municipality)
    referral_register(coordinator=other_coordinator, children=[ChildData(name="Bo", birth_date=born, cpr=_cpr(born))])
    _record(course, child, birth_date=born, cpr=_cpr(born))
    child.refresh_from_db()
    assert child.cpr_hash


def test_a_recorded_birth_is_not_recorded_again(course, child):
    _record(course, child)
    child.refresh_from_db()
    before = AuditEvent.objects.count()
    again = _record(course, child)  # the same form sent twice
    assert again.pk == child.pk and AuditEvent.objects.count() == before
    with pytest.raises(DomainError) as refused:
        _record(course, child, name="Alma Hansen")
    assert str(refused.value.message) == "Fødslen af Alma Nielsen er allerede registreret."


def test_only_the_courses_educators_and_coordinators_record_a_birth(course, child, municipality, other_municipality):
    colleague = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    stranger = user_for_role(Role.COORDINATOR, municipality=other_municipality)
    for user in (colleague, stranger):
        with pytest.raises(DomainError) as refused:
            _record(course, child, by=user)
        assert str(refused.value.message) == "Kun forløbets hjemmepædagoger eller en tovholder kan gøre dette."
    _record(course, child, by=user_for_role(Role.COORDINATOR, municipality=municipality))


def test_a_child_of_another_family_is_refused(coordinator, course):
    other = pregnancy_course(coordinator=coordinator, educator=course.primary_educator).family.children.get()
    with pytest.raises(DomainError) as refused:
        _record(course, other)
    assert str(refused.value.message) == "Barnet hører ikke til forløbets familie."


# -------------------------------------------------------------------------------- daycare


@pytest.fixture
def started(coordinator, educator, municipality):
    first = DaycareFactory(municipality=municipality, name="Mælkebøtten")
    return course_started(
        coordinator=coordinator,
        educator=educator,
        start_date=TODAY() - timedelta(days=60),
        children=[
            ChildData(name="Alma", birth_date=TODAY() - timedelta(days=400), daycare=first, attends_daycare=True)
        ],
    )


def _change(course, *, on, daycare, attends=True, by=None, **extra):
    return child_daycare_change(
        acting_user=by or course.primary_educator,
        course=course,
        child=course.family.children.get(),
        on=on,
        daycare=daycare,
        attends_daycare=attends,
        **extra,
    )


def test_a_change_of_daycare_keeps_the_earlier_one_with_its_dates(started, municipality):
    first = started.family.children.get().daycare
    second = DaycareFactory(municipality=municipality, name="Solsikken")
    on = TODAY() - timedelta(days=10)
    before = AuditEvent.objects.count()
    _change(started, on=on, daycare=second)
    child = started.family.children.get()
    assert (child.daycare, child.attends_daycare) == (second, True)
    periods = list(DaycarePeriod.objects.filter(child=child).values_list("daycare__name", "starts_on", "ends_on"))
    assert periods == [("Mælkebøtten", None, on - timedelta(days=1)), ("Solsikken", on, None)]
    [event] = AuditEvent.objects.order_by("-pk")[: AuditEvent.objects.count() - before]
    assert (event.action, event.object_type, event.subject_type) == ("create", "daycare_period", "child")
    assert first.name == "Mælkebøtten"


def test_stopping_and_starting_again_are_changes_too(started, municipality):
    _change(started, on=TODAY() - timedelta(days=10), daycare=None, attends=False)
    child = started.family.children.get()
    assert (child.daycare, child.attends_daycare) == (None, False)
    _change(started, on=TODAY(), daycare=DaycareFactory(municipality=municipality), attends=True)
    assert DaycarePeriod.objects.filter(child=child).count() == 3
    assert DaycarePeriod.objects.filter(child=child, ends_on__isnull=True).count() == 1


def test_a_change_must_come_after_the_last_one(started, municipality):
    on = TODAY() - timedelta(days=10)
    _change(started, on=on, daycare=DaycareFactory(municipality=municipality))
    for day in (on, on - timedelta(days=1)):
        with pytest.raises(DomainError) as refused:
            _change(started, on=day, daycare=None, attends=False)
        assert str(refused.value.message) == (
            f"Skiftet skal ligge efter det seneste skift af dagtilbud ({on:%d.%m.%Y})."
        )


def test_a_change_cannot_be_before_the_birth_or_in_the_future(started, municipality):
    child = started.family.children.get()
    with pytest.raises(DomainError) as refused:
        _change(started, on=child.birth_date - timedelta(days=1), daycare=DaycareFactory(municipality=municipality))
    assert str(refused.value.message) == f"Skiftet kan ikke ligge før Alma blev født ({child.birth_date:%d.%m.%Y})."
    with pytest.raises(DomainError) as refused:
        _change(started, on=TODAY() + timedelta(days=1), daycare=DaycareFactory(municipality=municipality))
    assert str(refused.value.message) == "Registrér skiftet på dagen, det sker, ikke på forhånd."


def test_an_unborn_child_changes_no_daycare(course, municipality):
    with pytest.raises(DomainError) as refused:
        _change(course, on=TODAY(), daycare=DaycareFactory(municipality=municipality))
    assert str(refused.value.message) == "Registrér først fødslen af Ufødt barn."


def test_a_daycare_of_another_municipality_is_refused(started, other_municipality):
    with pytest.raises(DomainError) as refused:
        _change(started, on=TODAY(), daycare=DaycareFactory(municipality=other_municipality))
    assert (str(refused.value.message), refused.value.field) == ("Dagtilbuddet skal høre til kommunen.", "daycare")
    assert not DaycarePeriod.objects.exists()


def test_a_change_names_a_new_and_active_daycare(started, municipality):
    with pytest.raises(DomainError) as refused:
        _change(started, on=TODAY(), daycare=started.family.children.get().daycare)
    assert str(refused.value.message) == "Det er allerede barnets dagtilbud: vælg det nye."
    with pytest.raises(DomainError) as refused:
        _change(started, on=TODAY(), daycare=None, attends=True)
    assert str(refused.value.message) == "Vælg det dagtilbud, Alma går i."
    closed = DaycareFactory(municipality=municipality, name="Lukket", is_active=False)
    with pytest.raises(DomainError) as refused:
        _change(started, on=TODAY(), daycare=closed)
    assert str(refused.value.message) == "Lukket er ikke længere aktivt og kan ikke vælges."


def test_a_change_sent_twice_is_recorded_once(started, municipality):
    key = uuid.uuid4()
    second = DaycareFactory(municipality=municipality)
    first = _change(started, on=TODAY(), daycare=second, form_key=key)
    before = AuditEvent.objects.count()
    again = _change(started, on=TODAY(), daycare=second, form_key=key)
    assert again.pk == first.pk
    assert AuditEvent.objects.count() == before
    assert DaycarePeriod.objects.count() == 2


def test_only_the_courses_staff_change_the_daycare(started, municipality, other_municipality):
    colleague = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    with pytest.raises(DomainError):
        _change(started, on=TODAY(), daycare=DaycareFactory(municipality=municipality), by=colleague)
    assert not DaycarePeriod.objects.exists()


# ----------------------------------------------------------------- the daycare at the time


def _course_list_for_daycare(client, coordinator, daycare):
    client.force_login(coordinator)
    return {row.course.pk for row in client.get("/forloeb/", {"daycare": daycare.pk}).context["rows"]}


def test_the_course_list_counts_a_course_where_the_child_went_at_the_time(client, coordinator, municipality):
    """A closed course counts under the daycare of its end date; a running one under today's."""
    first = DaycareFactory(municipality=municipality, name="Mælkebøtten")
    second = DaycareFactory(municipality=municipality, name="Solsikken")
    child = ChildData(name="Alma", birth_date=TODAY() - timedelta(days=400), daycare=first, attends_daycare=True)
    closed = course_closed(coordinator=coordinator, end_date=TODAY() - timedelta(days=5), children=[child])
    running = course_started(coordinator=coordinator, children=[child])
    for course in (closed, running):
        _change(course, on=TODAY() - timedelta(days=2), daycare=second, by=coordinator)
    assert _course_list_for_daycare(client, coordinator, first) == {closed.pk}
    assert _course_list_for_daycare(client, coordinator, second) == {running.pk}


def test_a_child_who_never_changed_counts_under_the_daycare_of_the_referral(client, coordinator, municipality):
    daycare = DaycareFactory(municipality=municipality)
    child = ChildData(name="Alma", birth_date=TODAY() - timedelta(days=400), daycare=daycare, attends_daycare=True)
    course = course_started(coordinator=coordinator, children=[child])
    course_started(coordinator=coordinator)
    assert _course_list_for_daycare(client, coordinator, daycare) == {course.pk}


# ---------------------------------------------------------------------------------- sex


def test_the_child_s_sex_is_set_and_cleared_with_one_event_per_change(coordinator):
    from families.services import child_sex_set

    course = course_started(coordinator=coordinator)
    child = course.family.children.get()
    assert child.sex == ""
    child_sex_set(acting_user=coordinator, course=course, child=child, sex="boy")
    child_sex_set(acting_user=coordinator, course=course, child=child, sex="boy")  # the same again: no change
    child.refresh_from_db()
    assert child.sex == "boy"
    events = AuditEvent.objects.filter(object_type="child", criterion="sex")
    assert [(e.action, e.object_id) for e in events] == [("update", str(child.pk))]
    child_sex_set(acting_user=coordinator, course=course, child=child, sex="")  # not stated
    child.refresh_from_db()
    assert child.sex == ""


def test_a_sex_other_than_girl_boy_or_not_stated_is_refused_in_danish(coordinator):
    from families.services import child_sex_set

    course = course_started(coordinator=coordinator)
    with pytest.raises(DomainError) as refused:
        child_sex_set(acting_user=coordinator, course=course, child=course.family.children.get(), sex="female")
    assert refused.value.message == "Vælg pige, dreng eller ikke oplyst."
    other = course_started(coordinator=coordinator)
    with pytest.raises(DomainError) as refused:
        child_sex_set(acting_user=coordinator, course=course, child=other.family.children.get(), sex="girl")
    assert refused.value.message == "Barnet hører ikke til forløbets familie."
