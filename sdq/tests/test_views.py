"""Typing a paper SDQ in, correcting it, the course page's section and the norm-set page."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from sdq import scoring
from sdq.models import Measurement, MunicipalityNormChoice, NormCutoff, NormSet
from sdq.tests.factories import course_with_toddler, measurement
from visitation.tests.factories import course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def course(coordinator, educator):
    return course_with_toddler(coordinator=coordinator, educator=educator)


def post_data(course, box="1", **overrides):
    data = {
        "child": course.family.children.get().pk,
        "timing": "start",
        "informant": "parent",
        "measured_on": TODAY().isoformat(),
        **{f"item_{n}": box for n in scoring.ITEMS},
        "impact_difficulties": "2",
        "impact_distress": "3",
        "impact_home_life": "2",
    }
    data.update(overrides)
    return data


def test_record_a_measurement_through_the_form(client, course, educator):
    client.force_login(educator)
    response = client.post(reverse("sdq_measurement_create", args=[course.pk]), post_data(course, item_24=""))
    assert response.status_code == 302
    m = Measurement.objects.get()
    assert (m.item_24, m.item_1, m.score_emotional, m.score_impact) == (None, 1, 5, 3)  # 4 of 5: 4 -> 5
    page = client.get(response["Location"]).content.decode()
    assert escape(gettext("The SDQ measurement has been saved.")) in page
    assert escape(gettext("Total difficulties")) in page
    # banded by the shipped UK 2–4 set: total 20 is very high (19–40)
    total = re.search(r"Samlet problemscore</th>.*?</tr>", page, re.S).group(0)
    assert "Meget høj" in total and "Ingen norm" not in total


def test_errors_are_shown_and_keep_what_was_typed(client, course, educator):
    measurement(course=course)
    client.force_login(educator)
    data = post_data(
        course, box="2", item_7="0", item_13="", measured_on=(TODAY() - timezone.timedelta(days=1)).isoformat()
    )
    response = client.post(reverse("sdq_measurement_create", args=[course.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    duplicate = gettext(
        "%(name)s already has an SDQ from %(informant)s at %(timing)s. Edit that measurement instead."
    ) % {
        "name": "Alma Nielsen",
        "informant": gettext("Parent").lower(),
        "timing": gettext("Start of the course").lower(),
    }
    assert escape(duplicate) in page
    assert Measurement.objects.count() == 1
    # Every answer is still ticked as typed.
    assert re.search(r'name="item_7" id="id_item_7_1" value="0" checked', page)
    assert re.search(r'name="item_3" id="id_item_3_3" value="2" checked', page)
    assert not re.search(r'name="item_13"[^>]*checked', page.replace('value="" checked', ""))
    assert f'value="{date.fromisoformat(data["measured_on"]):%d.%m.%Y}"' in page  # kept, the Danish way
    assert re.search(r'<option value="3" selected>', page)  # impact distress


def test_an_invalid_answer_is_a_danish_field_error(client, course, educator):
    client.force_login(educator)
    response = client.post(reverse("sdq_measurement_create", args=[course.pk]), post_data(course, item_4="5"))
    assert response.status_code == 200
    assert 'id="div_id_item_4" class="form-group form-error' in response.content.decode()
    assert not Measurement.objects.exists()


def test_a_child_under_two_is_refused_with_the_reason(client, coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator)
    client.force_login(educator)
    response = client.post(reverse("sdq_measurement_create", args=[course.pk]), post_data(course))
    assert response.status_code == 200
    page = response.content.decode()
    child = course.family.children.get()
    months = (
        (TODAY().year - child.birth_date.year) * 12
        + TODAY().month
        - child.birth_date.month
        - (TODAY().day < child.birth_date.day)
    )
    expected = gettext(
        "The SDQ is for children from 2 years (24 months); there is no version for younger "
        "children. %(name)s is %(months)s months old on %(date)s."
    ) % {"name": child.name, "months": months, "date": TODAY().strftime("%d.%m.%Y")}
    assert escape(expected) in page
    assert 'id="div_id_child" class="form-group form-error"' in page
    assert not Measurement.objects.exists()


def test_edit_a_measurement(client, course, educator):
    m = measurement(course=course)
    client.force_login(educator)
    url = reverse("sdq_measurement_update", args=[course.pk, m.pk])
    form = client.get(url).content.decode()
    assert re.search(r'name="item_12" id="id_item_12_2" value="1" checked', form)
    assert AuditEvent.objects.filter(action="view", object_type="sdq_measurement", object_id=str(m.pk)).exists()
    response = client.post(url, post_data(course, box="0", impact_difficulties="0"))
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.score_emotional, m.score_conduct, m.score_impact) == (0, 2, 0)


def test_the_form_shows_item_numbers_and_boxes_only(client, course, educator):
    client.force_login(educator)
    page = client.get(reverse("sdq_measurement_create", args=[course.pk])).content.decode()
    legends = re.findall(r'<fieldset id="div_id_item_\d+"[^>]*>\s*<legend class="form-label">([^<]*)</legend>', page)
    item_word = gettext("Item %(number)s") % {"number": ""}
    assert legends == [f"{item_word}{n}" for n in scoring.ITEMS]
    labels = re.findall(
        r'<label class="form-label" for="id_item_\d+_\d">(?:<span class="sr-only">[^<]*</span>)?([^<]*)</label>', page
    )
    assert set(labels) == {"–", "0", "1", "2"}
    assert len(labels) == 25 * 4
    # The reverse-keyed items are named, so nobody reverses them by hand.
    assert "7, 11, 14, 21" in page


def test_manager_reads_the_section_without_links(client, course, municipality):
    measurement(course=course)
    client.force_login(user_for_role(Role.MANAGER, municipality=municipality))
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert escape(gettext("Total difficulties")) in page
    assert reverse("sdq_measurement_create", args=[course.pk]) not in page
    assert "/sdq/" not in page.split('id="sdq"')[1].split("</section>")[0]


def test_another_educators_course_answers_404(client, course, municipality):
    client.force_login(user_for_role(Role.HOME_EDUCATOR, municipality=municipality))
    response = client.post(reverse("sdq_measurement_create", args=[course.pk]), post_data(course))
    assert response.status_code == 404
    assert not Measurement.objects.exists()


def test_course_section_query_count_does_not_grow(client, course, educator, django_assert_max_num_queries):
    client.force_login(educator)
    url = reverse("course_detail", args=[course.pk])
    measurement(course=course)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    measurement(course=course, informant="staff")
    measurement(course=course, timing="end")
    measurement(course=course, timing="end", informant="staff")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count(escape(gettext("Total difficulties"))) == 4


def test_coordinator_chooses_the_norm_set_and_the_bands_follow(client, course, coordinator, municipality):
    measurement(course=course)
    norm_set = NormSet.objects.create(name="Testsæt 2–4 år", source="Opdigtet til testen")
    NormCutoff.objects.create(
        norm_set=norm_set, informant="parent", version="2_4", scale="total", band="high", lowest=15, highest=25
    )
    client.force_login(coordinator)
    page = client.get(reverse("sdq_norm_set_choose")).content.decode()
    assert "sdqinfo.org" in page and "Opdigtet til testen" in page
    response = client.post(reverse("sdq_norm_set_choose"), {"norm_set": norm_set.pk})
    assert response.status_code == 302
    assert MunicipalityNormChoice.objects.get(municipality=municipality).norm_set == norm_set
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert escape(gettext("High")) in page
    assert "Testsæt 2–4 år" in page
