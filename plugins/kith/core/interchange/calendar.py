"""Calendar exports (.ics) as conversations: the events in a date range, each with who was there.

Google, Outlook, Apple Calendar and Fastmail export RFC 5545 files with their own habits:

- Google writes single events in UTC and names the calendar's zone in `X-WR-TIMEZONE`;
  `x-wr-timezone` turns that into standard iCalendar, so times read as the calendar shows them.
- Outlook names zones the Windows way (`W. Europe Standard Time`); icalendar maps them to IANA
  zones, with or without the VTIMEZONE block.
- Recurring series are expanded by `recurring-ical-events`, which applies EXDATE, RDATE and the
  RECURRENCE-ID overrides (a moved or cancelled occurrence).

This module only reads: which events are notes is decided by the command (cli/calendar.py),
which knows the contacts. Nothing here raises on bad input; problems come back as messages.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import urllib.parse
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import Problem, decode_lines

__all__ = ["Attendee", "CalendarRead", "Occurrence", "read_calendar"]

# The two kinds an event becomes (both are NOTE_KINDS).
MEETING = "meeting"
CALL = "call"

# Who is not a person: rooms, equipment, mailing lists (RFC 5545 CUTYPE), and Google's resources.
_NOT_PEOPLE = {"ROOM", "RESOURCE", "GROUP"}
_RESOURCE_DOMAINS = ("resource.calendar.google.com", "group.calendar.google.com")

# The longest description kept as a note's text; the calendar keeps the rest.
MAX_BODY = 10_000


@dataclass
class Attendee:
    """Someone on an invitation: the organiser or an attendee."""

    email: str | None  # lower case, without `mailto:`
    name: str | None  # the CN as written
    status: str = ""  # PARTSTAT upper case: ACCEPTED, DECLINED, TENTATIVE, NEEDS-ACTION, ""
    organiser: bool = False

    @property
    def key(self) -> str:
        return self.email or (self.name or "").casefold()

    def shown(self) -> str:
        if self.name and self.email and self.name.casefold() != self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email or "?"


@dataclass
class Occurrence:
    """One event, or one occurrence of a recurring event, as it happened (or was meant to)."""

    uid: str
    occurrence: str | None  # for an occurrence of a recurring series: its RECURRENCE-ID, ISO
    start: dt.datetime | dt.date  # in the zone the times are shown in
    all_day: bool
    title: str
    location: str
    description: str
    cancelled: bool
    people: list[Attendee] = field(default_factory=list)  # organiser first, then attendees
    kind: str = MEETING

    @property
    def date(self) -> dt.date:
        return self.start.date() if isinstance(self.start, dt.datetime) else self.start

    @property
    def time(self) -> str | None:
        return None if self.all_day or not isinstance(self.start, dt.datetime) else f"{self.start:%H:%M}"


@dataclass
class CalendarRead:
    """What a file held: the occurrences in the range, whose address the calendar is, problems."""

    occurrences: list[Occurrence]
    owner: str | None  # the calendar's own address, where the export says (Google's X-WR-CALNAME)
    problems: list[Problem]
    readable: bool = True  # False: not a calendar at all


def read_calendar(data: bytes, since: dt.date, until: dt.date, *,
                  timezone: dt.tzinfo | None = None) -> CalendarRead:
    """The events of an .ics export that start between `since` and `until` (both included),
    recurring series expanded, sorted by start. Times are shown in `timezone` when given, else in
    the calendar's zone (Google's X-WR-TIMEZONE), else in the event's own zone as written."""
    import icalendar
    import recurring_ical_events
    import x_wr_timezone

    problems: list[Problem] = []
    text = _text(data, problems)
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as error:  # icalendar raises ValueError, KeyError...: all mean "not a calendar"
        problems.append((None, f"is not an iCalendar file that can be read ({_short(error)})"))
        return CalendarRead([], None, problems, readable=False)
    calendars = [c for c in calendars if getattr(c, "name", "") == "VCALENDAR"]
    if not calendars:
        problems.append((None, "no calendar found: there is no BEGIN:VCALENDAR line"))
        return CalendarRead([], None, problems, readable=False)
    owner: str | None = None
    found: list[Occurrence] = []
    start = dt.datetime.combine(since, dt.time.min)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min)
    for calendar in calendars:
        owner = owner or _address(str(calendar.get("X-WR-CALNAME", "")))
        shown_zone = timezone or _calendar_zone(calendar, problems)
        try:
            calendar = x_wr_timezone.to_standard(calendar)
        except Exception as error:  # an odd X-WR-TIMEZONE: the times stay as written
            problems.append((None, f"X-WR-TIMEZONE could not be applied ({_short(error)}); "
                             "times are read as written"))
        cancelled_calendar = str(calendar.get("METHOD", "")).upper() == "CANCEL"
        recurring = {str(c.get("UID", "")) for c in calendar.walk("VEVENT")
                     if c.get("RRULE") is not None or c.get("RDATE") is not None
                     or c.get("RECURRENCE-ID") is not None}
        try:
            events = recurring_ical_events.of(calendar, skip_bad_series=True).between(start, end)
        except Exception as error:
            problems.append((None, f"the events could not be expanded ({_short(error)}); "
                             "this calendar was skipped"))
            continue
        for event in events:
            try:
                occurrence = _occurrence(event, recurring, shown_zone, problems)
            except Exception as error:  # a safety net: one odd event must not cost the rest
                problems.append((None, f"event '{_one_line(event.get('SUMMARY'))}' could not be read "
                                 f"({_short(error)}); skipped"))
                continue
            if occurrence is None or not since <= occurrence.date <= until:
                continue
            occurrence.cancelled = occurrence.cancelled or cancelled_calendar
            found.append(occurrence)
    found.sort(key=lambda o: (o.date, o.time or "", o.title, o.uid))
    return CalendarRead(found, owner, problems)


def _text(data: bytes, problems: list[Problem]) -> str:
    """The file as text with CRLF line ends, whatever it came with (CR CR LF, CR, LF; UTF-16)."""
    lines, decoding = decode_lines(data, "the file")
    problems.extend(decoding)
    # A blank line is never part of iCalendar (a folded line starts with a space), and some
    # exports put one between every line (CR CR LF read as two line ends).
    return "".join(line + "\r\n" for line in lines if line)


def _calendar_zone(calendar: object, problems: list[Problem]) -> dt.tzinfo | None:
    name = str(calendar.get("X-WR-TIMEZONE", "") or "").strip()  # type: ignore[attr-defined]
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        problems.append((None, f"X-WR-TIMEZONE '{name}' is not a time zone kith knows; "
                         "times are shown as written"))
        return None


def _short(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _address(value: object) -> str | None:
    """An e-mail address from `mailto:x@y`, `MAILTO:X@Y` or `x@y`; None if it is not one."""
    text = str(value or "").strip()
    text = re.sub(r"^mailto:", "", text, flags=re.IGNORECASE).strip()
    return text.lower() if re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", text) else None


def _moment(value: dt.datetime | dt.date, zone: dt.tzinfo | None) -> dt.datetime | dt.date:
    if isinstance(value, dt.datetime) and value.tzinfo is not None and zone is not None:
        return value.astimezone(zone)
    return value


def occurrence_id(value: dt.datetime | dt.date) -> str:
    """A RECURRENCE-ID as stable text: UTC for a time with a zone, as written for a floating time
    or a date. The same occurrence gives the same text in every export."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    return value.isoformat()


def _occurrence(event: object, recurring: set[str], zone: dt.tzinfo | None,
                problems: list[Problem]) -> Occurrence | None:
    get = event.get  # type: ignore[attr-defined]
    uid = str(get("UID", "") or "").strip()
    title = _one_line(get("SUMMARY")) or "(no title)"
    starts = get("DTSTART")
    if starts is None:
        problems.append((None, f"event '{title}' has no start (DTSTART); skipped"))
        return None
    value = starts.dt
    all_day = not isinstance(value, dt.datetime)
    start = _moment(value, zone)
    if not uid:  # RFC 5545 requires one; a file without is still read, identified by what it is
        uid = f"{title}@{occurrence_id(value)}"
    recurrence = get("RECURRENCE-ID")
    occurrence = occurrence_id(recurrence.dt) if uid in recurring and recurrence is not None else None
    location = _one_line(get("LOCATION"))
    description = _plain(str(get("DESCRIPTION", "") or ""))
    people: list[Attendee] = []
    organiser = get("ORGANIZER")
    if organiser is not None:
        person = _attendee(organiser, organiser=True)
        if person is not None:
            people.append(person)
    attendees = get("ATTENDEE")
    for attendee in attendees if isinstance(attendees, list) else [attendees] if attendees else []:
        person = _attendee(attendee)
        if person is None:
            continue
        same = next((known for known in people if known.key == person.key), None)
        if same is None:
            people.append(person)
        elif not same.status:  # the organiser, listed again as an attendee with a status
            same.status = person.status
    kind = _kind(event, title, location, description)
    status = str(get("STATUS", "") or "").upper()
    return Occurrence(uid=uid, occurrence=occurrence, start=start, all_day=all_day, title=title,
                      location=location, description=trimmed(description), cancelled=status == "CANCELLED",
                      people=people, kind=kind)


def _attendee(value: object, organiser: bool = False) -> Attendee | None:
    params = getattr(value, "params", {}) or {}
    kind = str(params.get("CUTYPE", "") or "").upper()
    if kind in _NOT_PEOPLE:
        return None
    email = _address(value) or _address(params.get("EMAIL", ""))
    if email is not None and email.endswith(_RESOURCE_DOMAINS):
        return None
    name = _one_line(params.get("CN")) or None
    if name is not None and _address(name) is not None:
        email = email or _address(name)
        name = None  # Outlook writes the address as the name when it has none
    if email is None and name is None:
        return None
    return Attendee(email=email, name=name, status=str(params.get("PARTSTAT", "") or "").upper(),
                    organiser=organiser)


def _one_line(value: object) -> str:
    return " ".join(str(value or "").split())


# ---- the description ---------------------------------------------------------------------------

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")
_BREAKS = re.compile(r"<\s*(?:br\s*/?|/p|/div|/li|/h\d|/tr)\s*>", re.IGNORECASE)
_ITEM = re.compile(r"<\s*li\b[^>]*>", re.IGNORECASE)
_ANCHOR = re.compile(r"<\s*a\b[^>]*?\bhref\s*=\s*[\"']([^\"']+)[\"'][^>]*>(.*?)<\s*/\s*a\s*>",
                     re.IGNORECASE | re.DOTALL)
# What calendar apps paste into every invitation: how to join, not what the meeting is about.
_BOILERPLATE = [
    # Google Meet: between two `-::~:~::~...::-` lines.
    re.compile(r"-::~[:~]*::-.*?(?:-::~[:~]*::-|\Z)", re.DOTALL),
    # Microsoft Teams: from a line of underscores to the next one (or the end).
    re.compile(r"^_{20,}\s*$.*?(?:^_{20,}\s*$|\Z)", re.DOTALL | re.MULTILINE),
    # Zoom: "Join Zoom Meeting", then lines of its own (link, IDs, dial-in numbers, blank lines).
    re.compile(r"^[^\n]*Join Zoom Meeting[^\n]*$(?:\n(?:\s*|(?:[^\n]*zoom\.us[^\n]*)|(?:\s*(?:Meeting ID|"
               r"Passcode|Password|One tap mobile|Dial by your location|Find your local number|Join by|"
               r"Meeting URL|Join instructions|---)[^\n]*)|(?:\s*\+?[\d][\d\s,#*()-]{6,}[^\n]*))$)*",
               re.MULTILINE | re.IGNORECASE),
]


def _plain(text: str) -> str:
    """A description as plain text: Google's HTML descriptions lose their tags."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _TAG.search(text):
        text = _ANCHOR.sub(_markdown_link, text)
        text = _ITEM.sub("\n- ", _BREAKS.sub("\n", text))
        text = html.unescape(_TAG.sub("", text))
    return text


def _markdown_link(match: re.Match[str]) -> str:
    url, label = html.unescape(match.group(1)).strip(), " ".join(_TAG.sub("", match.group(2)).split())
    label = html.unescape(label)
    return url if not label or label == url else f"[{label}]({url})"


def trimmed(text: str) -> str:
    """The description as a note's text: no joining instructions, no runs of blank lines, no
    trailing spaces; cut at MAX_BODY characters."""
    for pattern in _BOILERPLATE:
        text = pattern.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if len(text) > MAX_BODY:
        text = text[:MAX_BODY].rstrip() + " …"
    return text


# ---- meeting or call ---------------------------------------------------------------------------

# Where online meetings happen: a link to one of these makes an event a call.
CONFERENCE_HOSTS = ("zoom.us", "zoom.com", "meet.google.com", "hangouts.google.com", "teams.microsoft.com",
                    "teams.live.com", "webex.com", "gotomeeting.com", "gotomeet.me", "goto.com",
                    "whereby.com", "meet.jit.si", "bluejeans.com", "chime.aws", "skype.com",
                    "lync.com", "facetime.apple.com", "around.co", "discord.gg", "discord.com",
                    "meet.fastmail.com", "meet.proton.me", "signal.group")
# Properties apps put the joining link in.
_CONFERENCE_PROPERTIES = ("CONFERENCE", "X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL",
                          "X-MICROSOFT-ONLINEMEETINGCONFLINK", "X-MICROSOFT-ONLINEMEETINGINFORMATION",
                          "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK")
# A location that names a way of calling rather than a place.
_ONLINE_LOCATION = re.compile(
    r"\b(?:microsoft teams|teams meeting|zoom|google meet|hangouts?|webex|skype|facetime|whereby|jitsi|"
    r"gotomeeting|bluejeans|online|virtual|video ?call|phone|telephone|conference call|call|"
    r"dial[- ]in)\b", re.IGNORECASE)
_PHONE = re.compile(r"^(?:tel:)?\s*\+?[\d\s().\-/]{7,}(?:\s*(?:ext\.?|x|,+|;)\s*\d+)?#?$", re.IGNORECASE)
_CALL_TITLE = re.compile(r"\b(?:call|phone|zoom|facetime|video ?chat|dial[- ]in|teams)\b", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s<>\"')\]]+", re.IGNORECASE)


def _conference_links(texts: Iterable[str]) -> list[str]:
    links: list[str] = []
    for text in texts:
        for url in _URL.findall(text):
            host = (urllib.parse.urlsplit(url).hostname or "").lower()
            if any(host == known or host.endswith("." + known) for known in CONFERENCE_HOSTS):
                links.append(url)
    return links


def _kind(event: object, title: str, location: str, description: str) -> str:
    """`meeting` for an event at a place, `call` for one held online or by phone.

    A place wins: a location that is neither a link, a phone number nor the name of a way of
    calling ("Microsoft Teams Meeting", "Zoom") is somewhere people met, even when the
    invitation also has a video link (a hybrid meeting). Without a place, a conferencing link
    (in the apps' conference properties, the location or the description), a phone number as the
    location, or a title such as "Call with..." make it a call. Otherwise it is a meeting."""
    get = event.get  # type: ignore[attr-defined]
    place = location and not _URL.search(location) and not _PHONE.match(location) \
        and not _ONLINE_LOCATION.search(location)
    if place:
        return MEETING
    properties = []
    for name in _CONFERENCE_PROPERTIES:
        value = get(name)
        for item in value if isinstance(value, list) else [value] if value is not None else []:
            properties.append(str(item))
    if any(value.strip() for value in properties):
        return CALL
    if _conference_links([location, description, str(get("URL", "") or ""), *properties]):
        return CALL
    if location and (_PHONE.match(location) or _ONLINE_LOCATION.search(location)):
        return CALL
    if _CALL_TITLE.search(title):
        return CALL
    return MEETING
