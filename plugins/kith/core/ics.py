"""The calendar feed of follow-ups and birthdays (`follow-ups.ics`), written with `icalendar`.

A subscribed calendar replaces its copy of the feed on every refresh and matches events by UID,
so every UID is derived from what the event *is* (which note, which task, which person), never
from its position or the clock. DTSTAMP is the build's "today", so two builds of the same vault
on the same day give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from icalendar import Calendar, Event, vDuration, vRecur

from .followups import FollowUps, TaskItem
from .model import Contact
from .network import Network
from .slugs import name_key
from .url_safety import safe_scheme

PRODID = "-//kith//follow-ups feed//EN"
CALENDAR_NAME = "kith follow-ups"
UID_DOMAIN = "kith"
REFRESH = dt.timedelta(hours=12)
# A leap year, so a birthday of 29 February whose year is unknown still has a real first date.
UNKNOWN_BIRTH_YEAR = 2000


def calendar_feed(network: Network, followups: FollowUps, *, birthdays: bool = True,
                  name: str = CALENDAR_NAME, kept: dict | None = None) -> str:
    """The feed as text (CRLF line ends, as RFC 5545 wants).

    One all-day event per dated open follow-up (overdue and upcoming, mine and `#waiting`,
    a note's `follow_up:` included) and, unless `birthdays` is False, one yearly all-day event
    per birthday. Only what `network` shows is used: a published site passes its public network.
    `kept`: the follow-ups' events of an earlier call, kept here by what each is made from, for
    a caller that empties it when a name or what is private changes (`kith serve`).
    """
    stamp = dt.datetime.combine(followups.today, dt.time(0, 0), tzinfo=dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-caldesc", "Follow-ups and birthdays from kith")
    # How often a subscribed calendar should fetch the feed again (RFC 7986, and Outlook's name).
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    events = list(_task_events(network, followups, stamp, {} if kept is None else kept))
    if birthdays:
        events += _birthday_events(network, stamp)
    # The calendar's own lines, then each event's, as Calendar.to_ical would write them with the
    # events inside; each event's text is kept, so a rebuild writes again only what changed.
    ending = "END:VCALENDAR\r\n"
    calendar_text = calendar.to_ical().decode("utf-8")
    assert calendar_text.endswith(ending)
    return calendar_text[:-len(ending)] + "".join(_event_text(event) for event in events) + ending


@dataclass(frozen=True)
class EventFields:
    """One all-day event of the feed, as plain values (so it can key the cache of event texts)."""

    uid: str
    stamp: dt.datetime
    start: dt.date
    summary: str
    category: str
    description: str | None = None
    yearly: bool = False
    last_day_of_february: bool = False


@lru_cache(maxsize=100_000)
def _event_text(fields: EventFields) -> str:
    event = Event()
    event.add("uid", fields.uid)
    event.add("dtstamp", fields.stamp)
    event.add("dtstart", fields.start)
    event.add("dtend", fields.start + dt.timedelta(days=1))
    if fields.yearly:
        rule: dict[str, object] = {"freq": "yearly"}
        if fields.last_day_of_february:
            rule.update(bymonth=2, bymonthday=-1)
        event.add("rrule", vRecur(rule))
    event.add("summary", fields.summary)
    if fields.description is not None:
        event.add("description", fields.description)
    event.add("categories", [fields.category])
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
    return event.to_ical().decode("utf-8")


def dated_open_items(followups: FollowUps) -> list[TaskItem]:
    """Every open follow-up with a date, mine and others', oldest first (on the date it is listed
    under: a task put off with ⏳ on that day)."""
    items = followups.overdue + followups.upcoming + [item for item in followups.waiting if item.date]
    items.sort(key=lambda i: (i.date, *i.order, i.task.line))
    return items


def task_uid(item: TaskItem, occurrence: int = 0) -> str:
    """`<note slug>-<hash of the task text>`: stable when lines are added above the task or its
    date changes (the calendar then moves the event instead of adding one)."""
    if item.note is None:  # a contact's own `next_follow_up:`: one per contact
        return f"follow-up-contact-{item.contact.slug if item.contact else ''}@{UID_DOMAIN}"
    if item.task.synthetic:
        return f"follow-up-{item.note.slug}@{UID_DOMAIN}"
    text = " ".join(item.task.text.split())
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    suffix = f"-{occurrence + 1}" if occurrence else ""  # the same text twice in one note
    return f"task-{item.note.slug}-{digest}{suffix}@{UID_DOMAIN}"


def birthday_uid(contact: Contact) -> str:
    return f"birthday-{contact.slug}@{UID_DOMAIN}"


def _task_events(network: Network, followups: FollowUps, stamp: dt.datetime,
                 kept: dict) -> Iterable[EventFields]:
    items = dated_open_items(followups)
    # The same text twice in one note is told apart by its order in the note, not by its date.
    seen: Counter[str] = Counter()
    uids: dict[int, str] = {}
    for item in sorted(items, key=lambda i: (i.order[1], i.task.line)):
        base_uid = task_uid(item)
        uids[id(item)] = task_uid(item, seen[base_uid])
        seen[base_uid] += 1
    for item in items:
        assert item.date is not None
        uid = uids[id(item)]
        record = item.note or item.contact
        # The note's file (its title, its date, the task's text), who is on it, and when.
        key = ("feed-event", uid, stamp, item.date, item.task.line, tuple(item.people),
               record.source.stamp if record is not None else None)
        fields = kept.get(key)
        if fields is None:
            fields = kept[key] = _task_event(network, item, uid, stamp)
        yield fields


def _task_event(network: Network, item: TaskItem, uid: str, stamp: dt.datetime) -> EventFields:
    assert item.date is not None
    names = network.names(item.people)
    if item.task.synthetic:
        summary = "Follow up with " + (", ".join(names) if names else "the participants")
    else:
        text = plain_task_text(item.task.text, network)
        summary = ("Waiting: " if item.task.waiting else "") + text
        if names:
            summary += f" ({', '.join(names)})"
    if item.note is not None:
        description = f"From “{item.note.title}” ({item.note.date.isoformat()})"
    else:
        description = f"From {', '.join(names) or 'the contact'}’s contact file (next_follow_up)"
    if not item.task.synthetic:
        description = f"{plain_task_text(item.task.text, network)}\n{description}"
    category = "waiting" if item.task.waiting else "follow-up"
    return EventFields(uid, stamp, item.date, inert(summary), category, inert(description))


def _birthday_events(network: Network, stamp: dt.datetime) -> list[EventFields]:
    people = [c for c in network.contacts.values() if c.birthday is not None]
    people.sort(key=lambda c: (c.birthday.month, c.birthday.day, name_key(c.name), c.slug))  # type: ignore[union-attr]
    events = []
    for contact in people:
        birthday = contact.birthday
        assert birthday is not None
        # The first occurrence is the birth date itself when the year is known (calendars can
        # then show the age); otherwise a fixed year, so the feed does not change every year.
        start = dt.date(birthday.year or UNKNOWN_BIRTH_YEAR, birthday.month, birthday.day)
        events.append(EventFields(
            birthday_uid(contact), stamp, start, inert(f"{contact.name}’s birthday"), "birthday",
            f"Born {birthday.iso()}" if birthday.year else None, yearly=True,
            # 29 February recurs on the last day of February: the 28th in common years.
            last_day_of_february=(birthday.month, birthday.day) == (2, 29)))
    return events


_TAG_LIKE = re.compile(r"<[^<>]*>")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
# `name:` followed by more, as an app that makes links of text would take for a URL.
_SCHEME_IN_TEXT = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*):(?=\S)")


def plain_task_text(text: str, network: Network) -> str:
    """A task's text with `[[links]]` as names; a private person stays a placeholder."""
    return " ".join(network.plain(text).split())


def _defused(scheme: re.Match[str]) -> str:
    """A scheme a link may not use (core/url_safety.py) gets a small colon: no longer a URL."""
    return scheme.group(0) if safe_scheme(scheme.group(1)) else scheme.group(1) + "\ufe55"


def inert(text: str) -> str:
    """User text as calendar apps show it: some render HTML in event text, so tags are dropped
    and no new one can form from what is left."""
    text = _MARKDOWN_LINK.sub(r"\1", _TAG_LIKE.sub("", text))
    text = _SCHEME_IN_TEXT.sub(_defused, text)
    return text.replace("<", "‹").replace(">", "›")
