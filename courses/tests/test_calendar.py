"""The educator's calendar feed: made, shown once, fetched by token (audited), revoked; RFC 5545."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.calendar import Event, calendar_serialise, escape_text, fold, token_hash
from courses.models import CalendarFeed
from courses.services import calendar_feed_create, calendar_feed_revoke, visit_log, visit_series_plan
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from hjemmepaed.tests.access import ALL_ROLES
from visitation.tests.factories import course_started

TODAY = timezone.localdate


# ------------------------------------------------------------------------ the format itself


def test_text_is_escaped():
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "ø" * 100
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert all(len(part.encode()) <= 75 for part in parts[:1])
    assert all(len((" " + part).encode()) <= 75 for part in parts[1:])
    assert "".join(parts) == line  # unfolding gives the line back, every ø whole


def test_a_calendar_is_crlf_lines_with_timed_and_all_day_events():
    start = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
    text = calendar_serialise(
        [
            Event(uid="visit-1@x", summary="Hjemmebesøg, forløb 7", start=start, end=start + timedelta(hours=1)),
            Event(uid="visit-2@x", summary="Hjemmebesøg, forløb 7", start=date(2026, 12, 4), end=date(2026, 12, 5)),
        ],
        name="Hjemmebesøg",
        now=start,
    )
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "DTSTART:20261203T093000Z\r\nDTEND:20261203T103000Z" in text
    assert "DTSTART;VALUE=DATE:20261204\r\nDTEND;VALUE=DATE:20261205" in text
    assert "SUMMARY:Hjemmebesøg\\, forløb 7" in text
    assert text.count("BEGIN:VEVENT") == 2 and "DTSTAMP:20261203T093000Z" in text


# ------------------------------------------------------------------------ the feed


@pytest.fixture
def educator(municipality):
    return user_for_role(Role.HOME_EDUCATOR, municipality=municipality)


@pytest.fixture
def course(municipality, educator):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    return course_started(coordinator=coordinator, educator=educator, start_date=TODAY() - timedelta(days=3))


def _feed_url(token):
    return reverse("calendar_feed", args=[token])


def _events(text):
    return re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", text, re.S)


@pytest.mark.django_db
def test_the_feed_shows_planned_visits_by_course_number_only(client, educator, course):
    visit_series_plan(
        acting_user=educator,
        course=course,
        first_date=TODAY() + timedelta(days=1),
        until_date=TODAY() + timedelta(days=15),
        interval_days=14,
        time_of_day=time(9, 30),
    )
    visit_log(
        acting_user=educator, course=course, date=TODAY() + timedelta(days=3), status="planned", note="Fortroligt"
    )
    visit_log(acting_user=educator, course=course, date=TODAY(), duration_minutes=60, note="Holdt besøg")
    feed = calendar_feed_create(acting_user=educator)
    response = Client().get(_feed_url(feed.token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    events = _events(text)
    assert len(events) == 3  # the held visit is not in it
    assert all(f"SUMMARY:Hjemmebesøg\\, forløb {course.pk}\r\n" in event for event in events)
    first = timezone.make_aware(datetime.combine(TODAY() + timedelta(days=1), time(9, 30))).astimezone(UTC)
    assert f"DTSTART:{first:%Y%m%dT%H%M%SZ}\r\nDTEND:{first + timedelta(minutes=90):%Y%m%dT%H%M%SZ}" in text
    assert f"DTSTART;VALUE=DATE:{TODAY() + timedelta(days=3):%Y%m%d}" in text  # planned without a time
    for private in ("Sara", "Nielsen", "Alma", "Fortroligt", "sengetid"):
        assert private not in text
    uids = re.findall(r"UID:(\S+)", text)
    assert uids == re.findall(r"UID:(\S+)", Client().get(_feed_url(feed.token)).content.decode())
    assert len(set(uids)) == 3


@pytest.mark.django_db
def test_each_fetch_is_an_audit_event_of_the_tokens_educator(educator, course):
    feed = calendar_feed_create(acting_user=educator)
    Client().get(_feed_url(feed.token))
    event = AuditEvent.objects.filter(action="view", object_type="calendar_feed").get()
    assert (event.actor, event.actor_username, event.object_id) == (educator, educator.username, str(feed.pk))
    assert event.municipality_id == educator.municipality_id
    assert event.subject_type == ""


@pytest.mark.django_db
def test_only_the_tokens_hash_is_stored(educator):
    feed = calendar_feed_create(acting_user=educator)
    stored = CalendarFeed.objects.get(pk=feed.pk)
    assert stored.token_hash == token_hash(feed.token) and feed.token not in stored.token_hash
    assert len(feed.token) >= 40


@pytest.mark.django_db
def test_a_revoked_unknown_or_replaced_token_answers_404(educator, course):
    first = calendar_feed_create(acting_user=educator)
    second = calendar_feed_create(acting_user=educator)  # the first stops
    assert Client().get(_feed_url(first.token)).status_code == 404
    assert Client().get(_feed_url(second.token)).status_code == 200
    calendar_feed_revoke(acting_user=educator)
    assert Client().get(_feed_url(second.token)).status_code == 404
    assert Client().get(_feed_url("x" * 43)).status_code == 404
    assert Client().get(_feed_url("x" * 500)).status_code == 404


@pytest.mark.django_db
def test_a_deactivated_educators_feed_answers_404(educator):
    feed = calendar_feed_create(acting_user=educator)
    educator.is_active = False
    educator.save(update_fields=["is_active"])
    assert Client().get(_feed_url(feed.token)).status_code == 404


@pytest.mark.django_db
def test_another_educators_visits_are_not_in_my_feed(municipality, educator, course):
    colleague = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    visit_log(acting_user=educator, course=course, date=TODAY() + timedelta(days=2), status="planned")
    feed = calendar_feed_create(acting_user=colleague)
    assert _events(Client().get(_feed_url(feed.token)).content.decode()) == []


@pytest.mark.django_db
def test_only_a_home_educator_makes_a_feed(municipality):
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    with pytest.raises(DomainError) as error:
        calendar_feed_create(acting_user=coordinator)
    assert str(error.value) == "Kun en hjemmepædagog har en kalender med sine planlagte besøg."


@pytest.mark.django_db
def test_stopping_without_a_link_says_so(educator):
    with pytest.raises(DomainError) as error:
        calendar_feed_revoke(acting_user=educator)
    assert str(error.value) == "Du har intet kalenderlink at stoppe."


@pytest.mark.django_db
def test_the_feed_is_rate_limited(settings, educator):
    settings.RATE_LIMIT_CALENDAR_PER_IP = "2/m"
    feed = calendar_feed_create(acting_user=educator)
    client = Client()
    assert [client.get(_feed_url(feed.token)).status_code for _ in range(3)] == [200, 200, 429]
    assert "For mange forsøg" in client.get(_feed_url(feed.token)).content.decode()


# The access matrix of a view that is public by its token: whoever asks (any role, or no login),
# a working token gives its educator's feed, an unknown or revoked one 404.
@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, *ALL_ROLES])
def test_public_by_token_for_every_role(client, municipality, educator, role):
    working = calendar_feed_create(acting_user=educator)
    revoked = calendar_feed_create(acting_user=user_for_role(Role.HOME_EDUCATOR, municipality=municipality))
    calendar_feed_revoke(acting_user=revoked.user)
    if role is not None:
        kwargs = {} if role in (Role.ANALYST, Role.ADMINISTRATOR) else {"municipality": municipality}
        client.force_login(user_for_role(role, **kwargs))
    assert client.get(_feed_url(working.token)).status_code == 200
    assert client.get(_feed_url(revoked.token)).status_code == 404
    assert client.get(_feed_url("unknown-token")).status_code == 404


# ------------------------------------------------------------------------ the educator's page


@pytest.mark.django_db
def test_the_page_makes_shows_once_and_stops_the_link(client, educator):
    client.force_login(educator)
    url = reverse("calendar_feed_settings")
    assert "Du har intet kalenderlink." in client.get(url).content.decode()
    page = client.post(url, {"form_key": "3b0c2f0e-1c1d-4f5e-8a9b-0c1d2e3f4a5b"}, follow=True).content.decode()
    [address] = re.findall(r'id="calendar-feed-address" value="(http[^"]+)"', page)
    token = address.rsplit("/", 1)[1].removesuffix(".ics")
    assert Client().get(_feed_url(token)).status_code == 200
    again = client.get(url)
    assert token not in again.content.decode() and "Du har et kalenderlink" in again.content.decode()
    assert "no-store" in again["Cache-Control"]
    page = client.post(url, {"action": "revoke"}, follow=True).content.decode()
    assert "Kalenderlinket er stoppet." in page
    assert Client().get(_feed_url(token)).status_code == 404
    events = AuditEvent.objects.filter(object_type="calendar_feed").values_list("action", flat=True)
    assert sorted(events) == ["create", "delete", "view"]


@pytest.mark.django_db
def test_the_page_sent_twice_makes_one_link(client, educator):
    client.force_login(educator)
    url = reverse("calendar_feed_settings")
    form = {"form_key": "3b0c2f0e-1c1d-4f5e-8a9b-0c1d2e3f4a5b"}
    client.post(url, form)
    page = client.post(url, form, follow=True).content.decode()
    assert "Kalenderlinket var allerede lavet." in page
    assert CalendarFeed.objects.filter(user=educator).count() == 1


@pytest.mark.django_db
def test_a_refused_post_shows_danish_and_writes_no_event(client, educator):
    client.force_login(educator)
    url = reverse("calendar_feed_settings")
    before = AuditEvent.objects.count()
    page = client.post(url, {"action": "revoke"}).content.decode()
    assert "Du har intet kalenderlink at stoppe." in page
    page = client.post(url, {"form_key": "not-a-key"}).content.decode()
    assert "Formularen kunne ikke sendes" in page
    assert AuditEvent.objects.count() == before
    assert not CalendarFeed.objects.exists()
