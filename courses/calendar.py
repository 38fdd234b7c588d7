"""The educator's calendar feed: her planned visits as iCalendar (RFC 5545), by a secret address.

No iCalendar library is installed in the project (neither `icalendar` nor `vobject`; packages
are not added for this slice), and the feed needs only a handful of properties, so the few rules
of RFC 5545 it needs are written here: CRLF line ends, content lines folded at 75 octets
(§3.1, never inside a UTF-8 character), TEXT values escaped (§3.3.11: backslash, semicolon,
comma, newline), times in UTC (`...Z`, so no VTIMEZONE is needed) and an all-day event
(`VALUE=DATE`) for a planned visit without a time.

What an event holds, on purpose: "Hjemmebesøg, forløb <number>", the start and end, and a UID
stable per visit (so a calendar updates an event instead of adding a copy). No names, notes,
participants or addresses: the municipal calendar is read by more people than the case.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from courses.access import course_visibility
from courses.models import CalendarFeed, Course, Visit, VisitStatus
from hjemmepaed.organisation.models import Role, User, role_q

# The feed shows planned visits from 4 weeks back (a visit not logged yet stays visible) and at
# most this many of them: a course has at most 40 weeks, an educator a few dozen families.
FEED_DAYS_BACK = 28
FEED_MAX_EVENTS = 1000
DEFAULT_DURATION = timedelta(hours=1)
FOLD_OCTETS = 75


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_new() -> str:
    """A random token of 256 bits for the address."""
    return secrets.token_urlsafe(32)


def calendar_feed_active_for(*, user: User) -> CalendarFeed | None:
    """The user's calendar link that still works, if any."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def calendar_feed_for_token(*, token: str) -> CalendarFeed | None:
    """The working feed of an active home educator with this token; None for an unknown, revoked
    or overlong token, or one whose owner is no longer an active home educator."""
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("user__municipality")
        .filter(
            role_q(Role.HOME_EDUCATOR, prefix="user__"),
            token_hash=token_hash(token),
            revoked_at__isnull=True,
            user__is_active=True,
        )
        .first()
    )


def feed_visits(*, user: User, today: date | None = None) -> QuerySet[Visit]:
    """The planned visits of the courses the educator works on, from 4 weeks back, bounded."""
    today = today or timezone.localdate()
    visibility = course_visibility(user=user)
    if visibility is None:
        return Visit.objects.none()
    return (
        Visit.objects.filter(status=VisitStatus.PLANNED, date__gte=today - timedelta(days=FEED_DAYS_BACK))
        .filter(course__in=Course.objects.filter(visibility).values("pk"))
        .only("pk", "course_id", "date", "time_of_day", "duration_minutes")
        .order_by("date", "time_of_day", "pk")[:FEED_MAX_EVENTS]
    )


# ------------------------------------------------------------------------------ RFC 5545


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """One content line folded at 75 octets (§3.1): CRLF and a space before each further part,
    never splitting a UTF-8 character."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        limit = FOLD_OCTETS if not parts else FOLD_OCTETS - 1  # a continuation starts with a space
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    start: datetime | date
    end: datetime | date


def _event_lines(event: Event, stamp: str) -> list[str]:
    if isinstance(event.start, datetime):
        times = [f"DTSTART:{_utc(event.start)}", f"DTEND:{_utc(event.end)}"]
    else:
        times = [f"DTSTART;VALUE=DATE:{event.start:%Y%m%d}", f"DTEND;VALUE=DATE:{event.end:%Y%m%d}"]
    return [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{stamp}",
        *times,
        f"SUMMARY:{escape_text(event.summary)}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]


def calendar_serialise(events: list[Event], *, name: str, now: datetime | None = None) -> str:
    """A VCALENDAR of `events`, CRLF-terminated and folded."""
    stamp = _utc(now or timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hjemmepaed//Planlagte besøg//DA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += _event_lines(event, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def visit_event(visit: Visit, *, host: str) -> Event:
    """A planned visit as an event: the course's number, no one's name."""
    summary = _("Home visit, course %(number)s") % {"number": visit.course_id}
    uid = f"visit-{visit.pk}@{host}"
    if visit.time_of_day is None:
        return Event(uid=uid, summary=summary, start=visit.date, end=visit.date + timedelta(days=1))
    start = timezone.make_aware(datetime.combine(visit.date, visit.time_of_day))
    length = timedelta(minutes=visit.duration_minutes) if visit.duration_minutes else DEFAULT_DURATION
    return Event(uid=uid, summary=summary, start=start, end=start + length)


def calendar_for(*, user: User, now: datetime | None = None) -> str:
    """The educator's feed, in the project's language whatever the calendar program asks for."""
    host = urlsplit(settings.SITE_URL).hostname or "hjemmepaed"
    with translation.override(settings.LANGUAGE_CODE):
        events = [visit_event(visit, host=host) for visit in feed_visits(user=user)]
        return calendar_serialise(events, name=_("Home visits"), now=now)
