"""The vault's data model: contacts, notes, tasks and the problems found reading them.

Plain dataclasses, no MkDocs: the plugin, the CLI and the tests all share them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from enum import StrEnum
from functools import cache, cached_property
from typing import Any

CIRCLES = ("close", "regular", "loose")
# The kinds of note kith knows (each has an icon on the site: site/render.py KIND_ICONS); any other
# word is a kind too, shown as the word.
NOTE_KINDS = ("coffee", "call", "meeting", "email", "message", "event", "introduction", "lunch", "dinner",
              "breakfast", "drinks", "conference", "webinar", "video", "video call", "workshop", "visit")


class Pickled:
    """A dataclass pickled as its class and its fields in order, made again by its constructor.

    The workers that read a vault send every file they read (`reading.py`) to the process that
    builds it: pickle's default for a dataclass (a dict of its fields, set one by one) takes
    about a fifth longer to load, and makes more objects for the cycle collector."""

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return type(self), tuple(getattr(self, name) for name in _init_fields(type(self)))


@cache
def _init_fields(cls: type) -> tuple[str, ...]:
    return tuple(item.name for item in fields(cls) if item.init)


class Severity(StrEnum):
    ERROR = "error"  # the file, or a field of it, could not be used
    WARNING = "warning"  # used, but something in it is probably not what the user meant


@dataclass(frozen=True)
class Problem:
    """Something wrong in a user's file, said so the user can fix it."""

    path: str  # relative to the vault root, with forward slashes
    line: int | None
    message: str
    severity: Severity = Severity.WARNING

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"


@dataclass(frozen=True)
class Birthday:
    month: int
    day: int
    year: int | None = None

    def next_on_or_after(self, today: dt.date) -> dt.date:
        """The next birthday from today (Feb 29 falls on Feb 28 in common years)."""
        for year in (today.year, today.year + 1):
            day = self.day
            if self.month == 2 and day == 29 and not _is_leap(year):
                day = 28
            candidate = dt.date(year, self.month, day)
            if candidate >= today:
                return candidate
        raise AssertionError("unreachable: a birthday recurs within a year")

    def iso(self) -> str:
        if self.year:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"{self.month:02d}-{self.day:02d}"


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@dataclass(frozen=True)
class BrokenContact:
    """A contact file that could not be read: it still holds a name, so links to that person
    point at the file instead of at nobody, and `kith add` does not make a second one."""

    slug: str
    name: str
    path: str
    reason: Problem


@dataclass(frozen=True)
class Source(Pickled):
    """Where a record came from, for messages and for change detection."""

    path: str  # relative to the vault root
    mtime_ns: int = 0
    size: int = 0

    @cached_property
    def stamp(self) -> int:
        """One number for the file as read: it changes when the file does (a page's inputs are
        compared by it at every rebuild under `kith serve`, worked out once per file read)."""
        return hash((self.path, self.mtime_ns, self.size))


@dataclass
class Link(Pickled):
    """A `[[target|label]]` found in a body or a front-matter value."""

    target: str
    label: str | None
    line: int | None
    contact: str | None = None  # slug of the contact it resolves to
    note: str | None = None  # slug of the note it resolves to (when no contact matches)
    embed: bool = False  # `![[...]]`: shows another file's content, never names a person

    @property
    def resolved(self) -> bool:
        return self.contact is not None or self.note is not None


@dataclass
class Task:
    """A `- [ ]` line in a note: a follow-up, mine or (`#waiting`) someone else's. Also a note's
    `follow_up:` date, and a contact's `next_follow_up:` (then `note` is "" and `contact` says whose
    file it is in)."""

    note: str  # slug of the note it is in
    line: int  # line in the file
    text: str  # the task text without its markers (dates, signs), still with [[links]]
    done: bool  # done or cancelled
    due: dt.date | None
    waiting: bool
    people: list[str] = field(default_factory=list)  # contact slugs it belongs to
    synthetic: bool = False  # made from a `follow_up:` field, not a line
    scheduled: dt.date | None = None  # Obsidian Tasks' ⏳: not to be done before
    start: dt.date | None = None  # Tasks' 🛫
    status: str = "to do"  # to do, in progress, done, cancelled (core/tasks.py)
    recurring: bool = False
    contact: str | None = None  # a contact's own follow-up: the slug of the contact's file
    id: str = ""  # what `kith due` prints and `kith done` takes (core/tasks.py `task_id`)


@dataclass
class Contact:
    slug: str
    name: str
    source: Source
    aliases: list[str] = field(default_factory=list)
    company: str | None = None
    past_companies: list[str] = field(default_factory=list)
    role: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    location: str | None = None
    tags: list[str] = field(default_factory=list)
    # Tags written as `[[links]]`: tag -> the text as written, so that publishing can leave out
    # a tag that names a private record.
    tag_sources: dict[str, str] = field(default_factory=dict)
    expertise: list[str] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    circle: str | None = None
    cadence_days: int | None = None  # explicit override; see Network.cadence_for
    met: dt.date | None = None
    met_at: str | None = None
    introduced_by: list[str] = field(default_factory=list)  # contact slugs
    birthday: Birthday | None = None
    # The name's parts as an address book keeps them (vCard N): prefix, given, middle, family, suffix.
    name_parts: dict[str, list[str]] = field(default_factory=dict)
    last_contacted: dt.date | None = None  # in touch as of then, by the user's own account
    follow_up: dt.date | None = None  # `next_follow_up:`: follow up with them on that date
    tasks: list[Task] = field(default_factory=list)  # that follow-up, as a task
    snooze_until: dt.date | None = None  # not out of touch, nor in the week's plan, before then
    paused: bool = False  # not tracked at all: never out of touch
    private: bool = False
    body: str = ""
    body_line: int = 1  # line of the file where the body starts
    body_links: list[Link] = field(default_factory=list)


@dataclass
class Note:
    slug: str
    date: dt.date
    title: str
    source: Source
    kind: str | None = None
    participants: list[str] = field(default_factory=list)  # contact slugs, in the order written
    tags: list[str] = field(default_factory=list)
    tag_sources: dict[str, str] = field(default_factory=dict)  # as Contact.tag_sources
    follow_up: dt.date | None = None
    summary: str | None = None  # shown in lists instead of the start of the body
    event_uid: str | None = None  # the calendar event it was imported from (kith import ics)
    occurrence: str | None = None  # which occurrence of that event, for a recurring one
    private: bool = False
    body: str = ""
    body_line: int = 1
    body_links: list[Link] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)

    @property
    def mentioned(self) -> list[str]:
        """Contacts linked in the body, in order of first appearance."""
        seen: dict[str, None] = {}
        for link in self.body_links:
            if link.contact:
                seen.setdefault(link.contact)
        return list(seen)
