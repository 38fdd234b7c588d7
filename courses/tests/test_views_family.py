"""The course page's changes to a child: recording a birth and a change of daycare, as the staff
use them, and what the course page then shows."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.tests.factories_family import pregnancy_course
from families.models import DaycarePeriod
from families.services import child_daycare_change
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import DaycareFactory, user_for_role
from visitation.services import ChildData
from visitation.tests.factories import course_started, referral_register

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _date(day):
    return f"{day:%d.%m.%Y}"


def _events_after(pk):
    return [(event.action, event.object_type) for event in AuditEvent.objects.filter(pk__gt=pk).order_by("pk")]


def _last_event_pk():
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.fixture
def pregnancy(coordinator, educator):
    return pregnancy_course(coordinator=coordinator, educator=educator)


def _birth_url(course):
    return reverse("child_birth_record", args=[course.pk, course.family.children.get().pk])


def _page(client, course):
    return client.get(reverse("course_detail", args=[course.pk])).content.decode()


# ---------------------------------------------------------------------------------- birth


def test_the_course_page_offers_to_record_the_birth_and_then_shows_the_age(client, educator, pregnancy):
    client.force_login(educator)
    page = _page(client, pregnancy)
    assert "Ufødt barn, termin" in page and _birth_url(pregnancy) in page
    born = TODAY() - timedelta(days=40)
    response = client.post(_birth_url(pregnancy), {"birth_date": _date(born), "name": "Alma Nielsen", "cpr": ""})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Fødslen er registreret." in page
    assert f"Alma Nielsen, født {_date(born)} (1 måned)" in page
    assert _birth_url(pregnancy) not in page
    assert reverse("child_daycare_change", args=[pregnancy.pk, pregnancy.family.children.get().pk]) in page


def test_opening_the_birth_form_is_a_view_of_the_child(client, educator, pregnancy):
    client.force_login(educator)
    before = _last_event_pk()
    page = client.get(_birth_url(pregnancy)).content.decode()
    assert "Registrér fødslen" in page and "Ufødt barn, termin" in page
    assert _events_after(before) == [("view", "child")]


def test_a_refused_birth_keeps_what_was_typed_and_says_why_in_danish(client, educator, pregnancy):
    client.force_login(educator)
    before = _last_event_pk()
    tomorrow = TODAY() + timedelta(days=1)
    response = client.post(_birth_url(pregnancy), {"birth_date": _date(tomorrow), "name": "Alma Nielsen", "cpr": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Fødselsdatoen kan ikke ligge i fremtiden." in page
    assert 'value="Alma Nielsen"' in page and _date(tomorrow) in page
    assert _events_after(before) == [("view", "child")]  # the page shown again; nothing written
    assert pregnancy.family.children.get().birth_date is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"birth_date": "31.02.2026", "name": "Alma"}, "er ikke en dato. Skriv datoen som dd.mm.åååå"),
        ({"birth_date": "", "name": "Alma"}, "Dette felt er påkrævet."),
        ({"birth_date": "{today}", "name": "Alma", "cpr": "0102"}, "Et CPR-nummer er 10 cifre, fx 010203-1234."),
    ],
)
def test_bad_input_is_a_danish_message_not_a_500(client, educator, pregnancy, fields, message):
    client.force_login(educator)
    fields = {key: value.replace("{today}", _date(TODAY())) for key, value in fields.items()}
    response = client.post(_birth_url(pregnancy), fields)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_cpr_number_known_in_the_municipality_is_refused_on_the_form(client, coordinator, educator, pregnancy):
    born = TODAY() - timedelta(days=3)
    cpr = f"{born:%d%m%y}4567"
    referral_register(coordinator=coordinator, children=[ChildData(name="Bo", birth_date=born, cpr=cpr)])
    client.force_login(educator)
    before = _last_event_pk()
    response = client.post(_birth_url(pregnancy), {"birth_date": _date(born), "name": "Alma", "cpr": cpr})
    page = response.content.decode()
    assert "Et barn med dette CPR-nummer er allerede registreret i kommunen." in page
    assert "Bo" not in page.split("<main")[-1]  # the other family is not named
    assert _events_after(before) == [("search", "family"), ("view", "child")]


def test_the_birth_sent_twice_is_recorded_once(client, educator, pregnancy):
    client.force_login(educator)
    fields = {"birth_date": _date(TODAY() - timedelta(days=3)), "name": "Alma Nielsen"}
    client.post(_birth_url(pregnancy), fields)
    before = _last_event_pk()
    response = client.post(_birth_url(pregnancy), fields, follow=True)
    assert "Fødslen var allerede registreret." in response.content.decode()
    assert _events_after(before) == [("view", "course")]  # only the course page it lands on


def test_a_manager_sees_no_links_to_change_the_child_and_cannot_open_them(client, pregnancy, municipality):
    manager = user_for_role(Role.MANAGER, municipality=municipality)
    client.force_login(manager)
    page = _page(client, pregnancy)
    assert "Ufødt barn" in page and _birth_url(pregnancy) not in page
    assert client.get(_birth_url(pregnancy)).status_code == 403
    assert client.post(_birth_url(pregnancy), {"birth_date": _date(TODAY()), "name": "X"}).status_code == 403
    assert pregnancy.family.children.get().birth_date is None


def test_another_municipalitys_coordinator_gets_404_on_a_post(client, pregnancy, other_municipality):
    client.force_login(user_for_role(Role.COORDINATOR, municipality=other_municipality))
    response = client.post(_birth_url(pregnancy), {"birth_date": _date(TODAY()), "name": "X"})
    assert response.status_code == 404
    assert pregnancy.family.children.get().birth_date is None


# -------------------------------------------------------------------------------- daycare


@pytest.fixture
def daycares(municipality):
    return DaycareFactory(municipality=municipality, name="Mælkebøtten"), DaycareFactory(
        municipality=municipality, name="Solsikken"
    )


@pytest.fixture
def started(coordinator, educator, daycares):
    child = ChildData(name="Alma", birth_date=TODAY() - timedelta(days=400), daycare=daycares[0], attends_daycare=True)
    return course_started(coordinator=coordinator, educator=educator, children=[child])


def _daycare_url(course):
    return reverse("child_daycare_change", args=[course.pk, course.family.children.get().pk])


def _daycare_post(client, course, daycare, on=None, **extra):
    fields = {"on": _date(on or TODAY()), "daycare": daycare.pk if daycare else "", "attends_daycare": "on", **extra}
    return client.post(_daycare_url(course), fields)


def test_a_change_of_daycare_shows_on_the_course_page_with_the_earlier_one(client, educator, started, daycares):
    client.force_login(educator)
    on = TODAY() - timedelta(days=7)
    response = _daycare_post(client, started, daycares[1], on=on)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Skiftet af dagtilbud er registreret." in page
    assert "Alma, født" in page and f", Solsikken (siden {_date(on)})" in page
    assert f"Tidligere dagtilbud: Mælkebøtten (indtil {_date(on - timedelta(days=1))})" in page


def test_the_daycare_form_lists_the_history_and_only_the_municipalitys_active_daycares(
    client, educator, started, daycares, municipality, other_municipality
):
    child_daycare_change(
        acting_user=educator,
        course=started,
        child=started.family.children.get(),
        on=TODAY() - timedelta(days=3),
        daycare=daycares[1],
        attends_daycare=True,
    )
    DaycareFactory(municipality=other_municipality, name="Andet Sted")
    DaycareFactory(municipality=municipality, name="Lukket Stue", is_active=False)
    client.force_login(educator)
    before = _last_event_pk()
    page = client.get(_daycare_url(started)).content.decode()
    assert "Dagtilbud nu" in page and "Solsikken" in page
    assert f"Mælkebøtten: indtil {_date(TODAY() - timedelta(days=4))}" in page
    assert "Andet Sted" not in page and "Lukket Stue" not in page
    assert _events_after(before) == [("view", "child")]


def test_a_daycare_of_another_municipality_is_refused_without_a_leak(client, educator, started, other_municipality):
    foreign = DaycareFactory(municipality=other_municipality, name="Andet Sted")
    client.force_login(educator)
    before = _last_event_pk()
    response = _daycare_post(client, started, foreign)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vælg et af kommunens dagtilbud." in page and "Andet Sted" not in page
    assert not DaycarePeriod.objects.exists()
    assert _events_after(before) == [("view", "child")]


def test_a_refused_change_keeps_the_date_and_says_why(client, educator, started, daycares):
    client.force_login(educator)
    tomorrow = TODAY() + timedelta(days=1)
    page = _daycare_post(client, started, daycares[1], on=tomorrow).content.decode()
    assert "Registrér skiftet på dagen, det sker, ikke på forhånd." in page
    assert _date(tomorrow) in page
    page = _daycare_post(client, started, daycares[0]).content.decode()
    assert "Det er allerede barnets dagtilbud: vælg det nye." in page


def test_no_daycare_means_attending_none(client, educator, started):
    client.force_login(educator)
    assert _daycare_post(client, started, None).status_code == 302
    child = started.family.children.get()
    assert (child.daycare, child.attends_daycare) == (None, False)


def test_the_change_sent_twice_is_recorded_once(client, educator, started, daycares):
    client.force_login(educator)
    key = str(uuid.uuid4())
    _daycare_post(client, started, daycares[1], form_key=key)
    response = client.post(
        _daycare_url(started),
        {"on": _date(TODAY()), "daycare": daycares[1].pk, "attends_daycare": "on", "form_key": key},
        follow=True,
    )
    assert "Skiftet af dagtilbud var allerede registreret." in response.content.decode()
    assert DaycarePeriod.objects.filter(starts_on__isnull=False).count() == 1


def test_a_manager_sees_the_current_daycare_but_no_history(client, educator, started, daycares, municipality):
    child_daycare_change(
        acting_user=educator,
        course=started,
        child=started.family.children.get(),
        on=TODAY(),
        daycare=daycares[1],
        attends_daycare=True,
    )
    client.force_login(user_for_role(Role.MANAGER, municipality=municipality))
    page = _page(client, started)
    assert "Solsikken" in page and f"(siden {_date(TODAY())})" not in page
    assert "Tidligere dagtilbud" not in page and _daycare_url(started) not in page


def test_the_course_page_reads_the_history_in_a_fixed_number_of_queries(client, educator, started, municipality):
    client.force_login(educator)
    child = started.family.children.get()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            _page(client, started)
        return len(captured)

    child_daycare_change(
        acting_user=educator,
        course=started,
        child=child,
        on=TODAY() - timedelta(days=20),
        daycare=None,
        attends_daycare=False,
    )
    one = queries()
    for days in (10, 0):
        child_daycare_change(
            acting_user=educator,
            course=started,
            child=started.family.children.get(),
            on=TODAY() - timedelta(days=days),
            daycare=DaycareFactory(municipality=municipality),
            attends_daycare=True,
        )
    assert queries() == one


def test_an_unborn_childs_course_offers_no_start_up_until_the_birth(client, coordinator, pregnancy):
    client.force_login(coordinator)
    page = client.get(reverse("course_detail", args=[pregnancy.pk])).content.decode()
    assert "Opstartsmødet registreres efter fødslen" in page
    assert reverse("course_start", args=[pregnancy.pk]) not in page


def test_the_timeline_shows_the_birth_and_the_changes_of_daycare_in_date_order(client, educator, pregnancy, daycares):
    client.force_login(educator)
    born = TODAY() - timedelta(days=40)
    client.post(_birth_url(pregnancy), {"birth_date": _date(born), "name": "Alma Nielsen", "cpr": ""})
    _daycare_post(client, pregnancy, daycares[1], on=TODAY() - timedelta(days=7))
    _daycare_post(client, pregnancy, None, on=TODAY() - timedelta(days=2), attends_daycare="")
    page = _page(client, pregnancy)
    start = page.index('id="tidslinje"')
    timeline = page[start : page.index("</section>", start)]
    order = [  # newest first
        f"{_date(TODAY() - timedelta(days=2))}: Skift af dagtilbud: Alma Nielsen går ikke i dagtilbud ({educator})",
        f"{_date(TODAY() - timedelta(days=7))}: Skift af dagtilbud: Alma Nielsen går i Solsikken ({educator})",
        f"{_date(TODAY() - timedelta(days=10))}: Visiteret",
        f"{_date(born)}: Alma Nielsen er født",
    ]
    positions = [timeline.index(text) for text in order]
    assert positions == sorted(positions)


# ---------------------------------------------------------------------------------- sex


def test_the_child_s_sex_is_stated_on_its_page_and_shown_on_the_course_page(client, coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator)
    child = course.family.children.get()
    url = reverse("child_sex_set", args=[course.pk, child.pk])
    client.force_login(educator)
    page = _page(client, course)
    assert url in page and "Køn: Ikke oplyst" in page
    before = _last_event_pk()
    form = client.get(url).content.decode()
    assert "Barnets køn" in form and 'value="girl"' in form
    assert _events_after(before) == [("view", "child")]
    response = client.post(url, {"sex": "girl"})
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.sex == "girl"
    page = _page(client, course)
    assert "Barnets køn er gemt." in page and "Køn: Pige" in page
    response = client.post(url, {"sex": "hen"})  # not a choice: the form says so, nothing is saved
    assert response.status_code == 200
    child.refresh_from_db()
    assert child.sex == "girl"
