"""Recording and correcting SDQ measurements through the services."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from sdq import scoring
from sdq.models import Measurement
from sdq.services import Answers, measurement_record, measurement_update, version_for_age
from sdq.tests.factories import answers, course_with_toddler, measurement
from visitation.tests.factories import course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def course(coordinator, educator):
    return course_with_toddler(coordinator=coordinator, educator=educator, months_at_start=30)


def test_scores_are_computed_and_stored_and_the_write_audited(course, educator):
    m = measurement(course=course, answers=answers(2, impact_difficulties=2, impact_distress=3, impact_home_life=2))
    assert (m.version, m.age_months) == ("2_4", 30)
    assert (m.score_emotional, m.score_conduct, m.score_total, m.score_prosocial) == (10, 8, 30, 10)
    assert m.score_impact == 3
    event = AuditEvent.objects.get(object_type="sdq_measurement", action="create")
    assert (event.actor, event.subject_id) == (educator, str(m.child.pk))


def test_edit_recomputes_the_scores(course, educator):
    m = measurement(course=course, answers=answers(0))
    assert m.score_emotional == 0
    items = dict.fromkeys(scoring.ITEMS, 0) | {3: 2, 8: 2}
    updated = measurement_update(
        acting_user=educator,
        measurement=m,
        child=m.child,
        timing="start",
        informant="parent",
        measured_on=m.measured_on,
        answers=Answers(items=items),
    )
    m.refresh_from_db()
    assert updated.score_emotional == m.score_emotional == 4
    assert m.updated_by == educator
    assert AuditEvent.objects.filter(object_type="sdq_measurement", action="update").count() == 1


def test_a_child_under_24_months_is_refused(coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator)  # the child is about 7 months
    child = course.family.children.get()
    months = relativedelta(TODAY(), child.birth_date)
    with pytest.raises(DomainError) as error:
        measurement_record(
            acting_user=educator,
            course=course,
            child=child,
            timing="start",
            informant="parent",
            measured_on=TODAY(),
            answers=answers(),
        )
    expected = gettext(
        "The SDQ is for children from 2 years (24 months); there is no version for younger "
        "children. %(name)s is %(months)s months old on %(date)s."
    ) % {
        "name": child.name,
        "months": months.years * 12 + months.months,
        "date": date_format(TODAY(), "SHORT_DATE_FORMAT"),
    }
    assert error.value.message == expected
    assert error.value.field == "child"
    assert not Measurement.objects.exists()


def test_one_measurement_per_course_child_timing_and_informant(course, educator):
    measurement(course=course)
    with pytest.raises(DomainError) as error:
        measurement(course=course)
    expected = gettext(
        "%(name)s already has an SDQ from %(informant)s at %(timing)s. Edit that measurement instead."
    ) % {
        "name": "Alma Nielsen",
        "informant": gettext("Parent").lower(),
        "timing": gettext("Start of the course").lower(),
    }
    assert error.value.message == expected
    # Another informant or the end measurement is a measurement of its own.
    measurement(course=course, informant="staff")
    measurement(course=course, timing="end")
    assert Measurement.objects.count() == 3


def test_the_database_refuses_a_second_row_and_out_of_range_answers(course):
    m = measurement(course=course)
    m.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        m.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.filter(pk=Measurement.objects.get().pk).update(item_4=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.update(timing="mid")
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.update(version="0_2")


@pytest.mark.parametrize("months, version", [(24, "2_4"), (47, "2_4"), (48, "4_17"), (60, "4_17")])
def test_version_follows_the_age(months, version):
    assert version_for_age(months) == version


def test_version_4_17_from_48_months_on_the_measurement_date(coordinator, educator):
    course = course_with_toddler(
        coordinator=coordinator, educator=educator, months_at_start=35, start_date=TODAY() - relativedelta(months=14)
    )
    start = measurement(course=course, measured_on=course.start_date)
    end = measurement(course=course, timing="end", measured_on=TODAY())
    assert (start.version, end.version) == ("2_4", "4_17")


def test_manager_and_other_educators_cannot_record(course, municipality):
    for user in (
        user_for_role(Role.MANAGER, municipality=municipality),
        user_for_role(Role.HOME_EDUCATOR, municipality=municipality),
    ):
        with pytest.raises(DomainError):
            measurement(course=course, acting_user=user)


def test_coordinator_can_record(course, coordinator):
    assert measurement(course=course, acting_user=coordinator).recorded_by == coordinator


def test_staff_form_has_no_home_life_question(course):
    with pytest.raises(DomainError) as error:
        measurement(course=course, informant="staff", answers=answers(1, impact_difficulties=1, impact_home_life=2))
    assert error.value.field == "impact_home_life"


def test_an_empty_form_and_a_future_date_are_refused(course):
    with pytest.raises(DomainError):
        measurement(course=course, answers=Answers(items=dict.fromkeys(scoring.ITEMS)))
    with pytest.raises(DomainError) as error:
        measurement(course=course, measured_on=TODAY() + timedelta(days=1))
    assert error.value.field == "measured_on"


def test_impact_with_a_blank_first_question_is_stored_and_old_rows_are_recomputed(course):
    import importlib

    from django.apps import apps

    m = measurement(course=course, answers=answers(1, impact_distress=3, impact_home_life=2, impact_learning=1))
    assert (m.impact_difficulties, m.score_impact) == (None, 2 + 1 + 0)
    # a row stored before the rule, with impact left empty: the migration sums its areas
    Measurement.objects.filter(pk=m.pk).update(score_impact=None)
    importlib.import_module("sdq.migrations.0005_sdq_impact_blank_first_question").impact_recompute(apps, None)
    m.refresh_from_db()
    assert m.score_impact == 3
