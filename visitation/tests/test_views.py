"""The coordinator's intake queue and decision page."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Course
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation import services
from visitation.tests.factories import referral_register

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def coordinator(client, municipality):
    user = user_for_role(Role.COORDINATOR, municipality=municipality)
    client.force_login(user)
    return user


def test_queue_lists_new_referrals_with_days_waited_and_the_waiting_list(client, coordinator):
    referral_register(coordinator=coordinator, received_on=TODAY() - timedelta(days=16))
    waiting = referral_register(coordinator=coordinator)
    services.referral_waitlist(
        acting_user=coordinator, course=waiting, placed_on=TODAY() - timedelta(days=3), position=1
    )
    page = client.get(reverse("intake_queue")).content.decode()
    assert "Nye henvendelser" in page and "Venteliste" in page
    assert "over 14 dage" in page
    assert '<td>16 <span class="badge badge-warning">over 14 dage</span></td>' in page


@pytest.mark.parametrize("count", [1, 10])
def test_queue_query_count_does_not_grow(client, coordinator, count, django_assert_max_num_queries):
    for _ in range(count):
        referral_register(coordinator=coordinator)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("intake_queue")).status_code == 200


def test_approve_through_the_form(client, coordinator, municipality):
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    course = referral_register(coordinator=coordinator)
    page = client.get(reverse("referral_decide", args=[course.pk])).content.decode()
    assert "Mor oplever forældrerollen som svær" in page
    assert "der oplever ubalance mellem glæde og bekymringer" in page  # Bilag 2 wording
    response = client.post(
        reverse("referral_decide", args=[course.pk]),
        {"decision": "approve", "decided_on": TODAY().isoformat(), "primary_educator": educator.pk},
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.phase, course.primary_educator, course.visitation_date) == ("decided", educator, TODAY())


def test_approve_without_educator_or_justification_shows_danish_errors(client, coordinator, municipality):
    course = referral_register(coordinator=coordinator, section_52_decided=True)
    response = client.post(
        reverse("referral_decide", args=[course.pk]), {"decision": "approve", "decided_on": TODAY().isoformat()}
    )
    assert "Vælg den primære hjemmepædagog." in response.content.decode()
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    response = client.post(
        reverse("referral_decide", args=[course.pk]),
        {"decision": "approve", "decided_on": TODAY().isoformat(), "primary_educator": educator.pk},
    )
    content = response.content.decode()
    assert "Skriv en begrundelse for at visitere alligevel." in content
    assert Course.objects.get().phase == "referred"


def test_reject_through_the_form(client, coordinator):
    course = referral_register(coordinator=coordinator)
    response = client.post(
        reverse("referral_decide", args=[course.pk]),
        {"decision": "reject", "decided_on": TODAY().isoformat(), "reason": "Behov for anden indsats"},
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert (course.phase, course.rejection_reason) == ("rejected", "Behov for anden indsats")


def test_deciding_twice_shows_the_phase_rule(client, coordinator):
    course = referral_register(coordinator=coordinator)
    data = {"decision": "reject", "decided_on": TODAY().isoformat(), "reason": "Nej"}
    client.post(reverse("referral_decide", args=[course.pk]), data)
    response = client.post(reverse("referral_decide", args=[course.pk]), data)
    assert "fra “Afvist” til “Afvist”" in response.content.decode()


def _referral_post(**overrides):
    data = {
        "guardians-TOTAL_FORMS": "2",
        "guardians-INITIAL_FORMS": "0",
        "guardians-MIN_NUM_FORMS": "1",
        "guardians-MAX_NUM_FORMS": "4",
        "guardians-0-name": "Sara Nielsen",
        "guardians-0-relation": "mother",
        "guardians-0-has_custody": "yes",
        "children-TOTAL_FORMS": "1",
        "children-INITIAL_FORMS": "0",
        "children-MIN_NUM_FORMS": "1",
        "children-MAX_NUM_FORMS": "6",
        "children-0-name": "Alma Nielsen",
        "children-0-birth_date": (TODAY() - timedelta(days=200)).isoformat(),
        "received_on": TODAY().isoformat(),
        "recruited_by": "daycare",
        "concern": "Uro ved sengetid",
        "parent_risk_factors": ["imbalance"],
        "child_risk_factors": ["restless"],
        "complexity": "low",
        "language": "dansk",
        "consent_given_on": TODAY().isoformat(),
        "consent_given_by": "Sara Nielsen",
    }
    data.update(overrides)
    return data


def test_register_a_referral_through_the_form(client, coordinator):
    response = client.post(reverse("referral_create"), _referral_post())
    assert response.status_code == 302
    course = Course.objects.get()
    assert course.phase == "referred"
    assert [g.name for g in course.family.guardians.all()] == ["Sara Nielsen"]  # the empty second form is skipped
    assert {f.factor for f in course.referral.risk_factors.all()} == {"imbalance", "restless"}


def test_referral_form_errors_are_summarised_in_danish_and_keep_input(client, coordinator):
    response = client.post(
        reverse("referral_create"),
        _referral_post(**{"guardians-0-name": "", "concern": "Skrevet med omhu", "children-0-birth_date": ""}),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('data-module="error-summary"') == 1
    assert '<a href="#id_guardians-0-name">Forælder 1: Skriv mors navn.</a>' in content
    assert "Skrevet med omhu" in content
    assert not Course.objects.exists()


def test_referral_form_errors_name_the_person_and_the_field(client, coordinator):
    response = client.post(
        reverse("referral_create"),
        _referral_post(
            **{
                "guardians-1-name": "",
                "guardians-1-relation": "other",
                "guardians-1-phone": "12",
                "children-0-name": "",
            }
        ),
    )
    content = response.content.decode()
    assert '<a href="#id_guardians-1-name">Forælder 2: Skriv forælderens navn.</a>' in content
    assert '<a href="#id_guardians-1-phone">Forælder 2, telefon: ' in content
    assert '<a href="#id_children-0-name">Barn 1: Skriv barnets navn eller “Ufødt barn”.</a>' in content
    assert "Dette felt er påkrævet." not in content


def test_unborn_child_without_dates_gets_the_service_rule(client, coordinator):
    response = client.post(reverse("referral_create"), _referral_post(**{"children-0-birth_date": ""}))
    assert "Angiv fødselsdatoen for Alma Nielsen" in response.content.decode()
    assert not Course.objects.exists()


def test_a_home_educator_who_registers_lands_on_her_list_with_the_course_number(client, municipality):
    educator = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    client.force_login(educator)
    response = client.post(reverse("referral_create"), _referral_post(), follow=True)
    course = Course.objects.get()
    assert response.redirect_chain == [(reverse("my_courses"), 302)]
    assert response.status_code == 200
    assert f"Henvendelsen er registreret som forløb nr. {course.pk}" in response.content.decode()
    assert course.primary_educator is None  # the coordinator decides the intake


def test_a_coordinator_who_registers_lands_on_the_course(client, coordinator):
    response = client.post(reverse("referral_create"), _referral_post(), follow=True)
    course = Course.objects.get()
    assert response.redirect_chain == [(reverse("course_detail", args=[course.pk]), 302)]
    assert "Henvendelsen er registreret." in response.content.decode()


def test_recruiter_relation_and_custody_are_chosen_not_preselected(client, coordinator):
    page = client.get(reverse("referral_create")).content.decode()
    assert "checked" not in page  # no relation, custody, complexity or risk factor ticked for the user
    assert '<option value="" selected>Vælg hvem der rekrutterede familien</option>' in page
    data = _referral_post(concern="Skrevet med omhu")
    for name in ("recruited_by", "guardians-0-relation", "guardians-0-has_custody"):
        del data[name]
    content = client.post(reverse("referral_create"), data).content.decode()
    assert "Vælg hvem der rekrutterede familien." in content
    assert "Vælg forælderens relation til barnet." in content
    assert "Vælg om forælderen har forældremyndighed." in content
    assert "Skrevet med omhu" in content and 'value="Sara Nielsen"' in content
    assert not Course.objects.exists()


def test_a_parents_phone_number_is_checked_as_on_the_guardian_pages(client, coordinator):
    response = client.post(reverse("referral_create"), _referral_post(**{"guardians-0-phone": "2030 405"}))
    content = response.content.decode()
    assert "Skriv et dansk telefonnummer: 8 cifre, eventuelt med +45 foran, fx 12 34 56 78." in content
    assert 'href="#id_guardians-0-phone"' in content
    assert not Course.objects.exists()
    client.post(reverse("referral_create"), _referral_post(**{"guardians-0-phone": "+4520304050"}))
    assert Course.objects.get().family.guardians.get().phone == "+45 20 30 40 50"


def test_a_parent_without_custody_is_stored_as_chosen(client, coordinator):
    client.post(reverse("referral_create"), _referral_post(**{"guardians-0-has_custody": "no"}))
    assert Course.objects.get().family.guardians.get().has_custody is False


def test_registering_a_child_of_4_years_10_months_shows_the_age_limit_and_keeps_input(client, coordinator):
    from dateutil.relativedelta import relativedelta

    born = TODAY() - relativedelta(years=4, months=10)
    response = client.post(reverse("referral_create"), _referral_post(**{"children-0-birth_date": born.isoformat()}))
    content = response.content.decode()
    assert "Alma Nielsen var ældre end 36 måneder, da henvendelsen blev modtaget" in content
    assert "Uro ved sengetid" in content and 'value="Alma Nielsen"' in content
    assert not Course.objects.exists()


def test_the_decision_page_warns_of_a_third_birthday_before_the_planned_end(client, coordinator):
    from dateutil.relativedelta import relativedelta

    from courses import rules

    born = TODAY() - relativedelta(months=30)
    course = referral_register(coordinator=coordinator, birth_date=born)
    page = client.get(reverse("referral_decide", args=[course.pk])).content.decode()
    birthday = rules.third_birthday(born).strftime("%d.%m.%Y")
    end = rules.planned_end_default(TODAY()).strftime("%d.%m.%Y")
    assert f"Alma Nielsen fylder 3 år den {birthday}" in page
    assert f"starter i dag ({end}, efter 40 uger)" in page
    young = referral_register(coordinator=coordinator, birth_date=TODAY() - relativedelta(months=10))
    assert "fylder 3 år" not in client.get(reverse("referral_decide", args=[young.pk])).content.decode()


def test_the_same_cpr_offers_the_existing_family_and_registers_on_it_when_chosen(client, coordinator):
    born = TODAY() - timedelta(days=200)
    cpr = {"children-0-birth_date": born.isoformat(), "children-0-cpr": f"{born:%d%m%y}-4123"}
    first = referral_register(
        coordinator=coordinator,
        children=[services.ChildData(name="Alma Nielsen", birth_date=born, cpr=cpr["children-0-cpr"])],
    )
    services.referral_reject(acting_user=coordinator, course=first, decided_on=TODAY(), reason="Ikke nu")
    response = client.post(reverse("referral_create"), _referral_post(concern="Ny bekymring", **cpr))
    content = response.content.decode()
    assert "Familien er allerede registreret" in content
    assert f"(forløb nr. {first.pk})" in content
    assert f'<a href="{reverse("course_detail", args=[first.pk])}">Forløb nr. {first.pk} (afvist)</a>' in content
    assert 'name="on_existing_family"' in content and "Ny bekymring" in content
    assert Course.objects.count() == 1
    response = client.post(
        reverse("referral_create"), _referral_post(concern="Ny bekymring", on_existing_family="on", **cpr)
    )
    assert response.status_code == 302
    second = Course.objects.latest("pk")
    assert second.family == first.family and second.referral.concern == "Ny bekymring"


def test_a_home_educator_is_told_of_the_existing_family_without_a_link_she_cannot_open(client, coordinator):
    born = TODAY() - timedelta(days=200)
    cpr = f"{born:%d%m%y}-4123"
    first = referral_register(
        coordinator=coordinator, children=[services.ChildData(name="Alma Nielsen", birth_date=born, cpr=cpr)]
    )
    client.force_login(user_for_role(Role.HOME_EDUCATOR, municipality=coordinator.municipality))
    response = client.post(
        reverse("referral_create"),
        _referral_post(**{"children-0-birth_date": born.isoformat(), "children-0-cpr": cpr}),
    )
    content = response.content.decode()
    assert f"(forløb nr. {first.pk})" in content
    assert reverse("course_detail", args=[first.pk]) not in content
    assert cpr not in content.replace(f'value="{cpr}"', "")  # only in the field she typed it into


@pytest.mark.parametrize("count", [3, 60])
def test_queue_pages_of_50_in_a_constant_number_of_queries(client, coordinator, count, django_assert_max_num_queries):
    for _ in range(count):
        referral_register(coordinator=coordinator)
    waiting = referral_register(coordinator=coordinator)
    services.referral_waitlist(acting_user=coordinator, course=waiting, placed_on=TODAY(), position=1)
    for query in ({}, {"side": "2"}, {"side": "x", "venteliste_side": "9"}):
        with django_assert_max_num_queries(14):  # per list: a COUNT, its page, its guardians
            page = client.get(reverse("intake_queue"), query).content.decode()
        shown = len(re.findall(r'href="/visitation/\d+/beslut/"', page))
        assert "Venteliste" in page
        if count == 60:
            assert shown - 1 == (10 if query.get("side") == "2" else 50)
            assert "Side 1 af 2" in page or "Side 2 af 2" in page


def test_the_referral_records_the_child_s_sex_when_stated(client, coordinator):
    client.force_login(coordinator)
    form = client.get(reverse("referral_create")).content.decode()
    assert 'name="children-0-sex"' in form and "Ikke oplyst" in form and "Pige" in form
    response = client.post(reverse("referral_create"), _referral_post(**{"children-0-sex": "girl"}))
    assert response.status_code == 302
    assert Course.objects.get().family.children.get().sex == "girl"


def test_a_sex_other_than_girl_boy_or_not_stated_is_refused(coordinator):
    with pytest.raises(DomainError) as refused:
        referral_register(
            coordinator=coordinator,
            children=[services.ChildData(name="Alma", birth_date=TODAY() - timedelta(days=200), sex="pigen")],
        )
    assert refused.value.message == "Vælg pige, dreng eller ikke oplyst."
