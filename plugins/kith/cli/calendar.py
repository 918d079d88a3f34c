"""`kith import ics`: the meetings and calls in a calendar export become notes.

An event becomes a note when someone on it (organiser or attendee) is a contact, found by e-mail
address, else by name. The note keeps the event's UID (and, for an occurrence of a recurring
event, which occurrence), so importing the same or a newer export again adds only what is new.
Reading the file is `kith.core.interchange.calendar`; this module decides what each event is.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import click

from ..core.files import FileTooLarge, NotRegularFile, read_regular_file
from ..core.interchange import ContactRecord
from ..core.interchange.calendar import Attendee, Occurrence, read_calendar
from ..core.links import WIKILINK
from ..core.loader import Vault
from ..core.model import Contact
from ..core.slugs import name_key, slugify
from ..core.writer import write_unique
from .common import CommandError, Settings, WriteError, create_file, date_option, pass_settings, today
from .frontmatter import document
from .people import People
from .terminal import echo, show_error
from .vault import VaultContext

DEFAULT_DAYS = 90  # how far back an import looks by default


@dataclass(frozen=True)
class Person:
    """A contact as a note names it: an existing one, or one this import creates."""

    slug: str
    name: str
    link: str  # how `with:` writes them
    private: bool = False
    words: tuple[str, ...] = ()  # names a title may call them by (name, aliases, first name)


@dataclass
class Tally:
    created: int = 0
    imported_before: int = 0
    cancelled: int = 0
    declined: int = 0
    all_day: int = 0
    nobody_known: int = 0
    failed: int = 0

    def summary(self, dry_run: bool) -> str:
        parts = [f"{self.created} {'would be created' if dry_run else 'created'}",
                 f"{self.imported_before} imported before"]
        for count, what in ((self.cancelled, "cancelled"), (self.declined, "declined"),
                            (self.all_day, "all-day (see --all-day)"),
                            (self.nobody_known, "with nobody in your network"),
                            (self.failed, "failed")):
            if count:
                parts.append(f"{count} {what}")
        return ", ".join(parts)


@dataclass
class Unknown:
    """Someone on the invitations who is not in the network."""

    attendee: Attendee
    events: int = 0


@dataclass
class Matcher:
    """Who an attendee is: a contact found by e-mail address, else by name (when only one
    contact answers to it)."""

    by_email: dict[str, Person] = field(default_factory=dict)
    by_name: dict[str, Person | None] = field(default_factory=dict)  # None: more than one

    def add(self, person: Person, emails: Iterable[str], names: Iterable[str]) -> None:
        for email in emails:
            self.by_email.setdefault(email.strip().lower(), person)
        for value in names:
            key = name_key(value)
            if key:
                known = self.by_name.get(key, person)
                self.by_name[key] = person if known is None or known.slug == person.slug else None

    def find(self, attendee: Attendee) -> Person | None:
        if attendee.email and attendee.email in self.by_email:
            return self.by_email[attendee.email]
        if attendee.name:
            return self.by_name.get(name_key(attendee.name))
        return None


def _person(contact: Contact, people: People) -> Person:
    first = contact.name.split()[0] if contact.name.split() else ""
    words = (contact.name, *contact.aliases, *([first] if len(first) >= 3 else []))
    return Person(contact.slug, contact.name, people.link_for(contact), contact.private, words)


def _matcher(vault: Vault, people: People) -> Matcher:
    matcher = Matcher()
    for contact in vault.contacts.values():
        matcher.add(_person(contact, people), contact.emails, (contact.name, *contact.aliases))
    return matcher


def owner_addresses(me: Iterable[str], calendar_owner: str | None, occurrences: list[Occurrence],
                    matcher: Matcher) -> set[str]:
    """Whose calendar it is: the addresses given with --me; else the calendar's own address
    (Google names it in X-WR-CALNAME); else the one address on every invitation in the file
    that is not a contact's (at least two invitations). Empty when none of these tells."""
    given = {address.strip().lower() for value in me for address in re.split(r"[,\s]+", value)
             if address.strip()}
    if given:
        return given
    if calendar_owner:
        return {calendar_owner}
    invitations = [o for o in occurrences if len(o.people) > 1]
    if len(invitations) < 2:
        return set()
    counts = Counter(address for o in invitations for address in {p.email for p in o.people if p.email})
    everywhere = [address for address, count in counts.items()
                  if count == len(invitations) and address not in matcher.by_email]
    return set(everywhere) if len(everywhere) == 1 else set()


@click.command("ics", short_help="Import meetings and calls from a calendar export (.ics).")
@click.argument("file", metavar="FILE")
@click.option("--since", metavar="YYYY-MM-DD",
              help=f"First day to import (default: {DEFAULT_DAYS} days ago).")
@click.option("--until", metavar="YYYY-MM-DD", help="Last day to import (default: today).")
@click.option("--all-day", is_flag=True, help="Also import all-day events (skipped by default).")
@click.option("--me", multiple=True, metavar="ADDRESS", envvar="KITH_ME",
              help="Your own e-mail address (repeatable; or $KITH_ME): your declines are skipped, "
                   "and you are not listed as someone new.")
@click.option("--timezone", "zone_name", metavar="ZONE",
              help="Show times in this zone, e.g. Europe/London (default: the calendar's zone, else "
                   "each event's own).")
@click.option("--add-unknown", is_flag=True,
              help="Create a contact for everyone on the invitations who is not in the network.")
@click.option("--dry-run", is_flag=True, help="Show what would happen; write nothing.")
@pass_settings
def import_ics(settings: Settings, file: str, since: str | None, until: str | None, all_day: bool,
               me: tuple[str, ...], zone_name: str | None, add_unknown: bool, dry_run: bool) -> None:
    """Import a calendar export (.ics) from Google Calendar, Outlook, Apple Calendar or Fastmail:
    each event with someone from your network on it becomes a note.

    \b
    Which events count:
      - those between --since and --until (default: the last 90 days up to today; a future
        event is not a conversation yet), recurring events expanded occurrence by occurrence;
      - not cancelled (the event, or that occurrence) and not declined by you;
      - not all-day, unless --all-day;
      - with a contact on it: matched by e-mail address, else by name.
    Each note has the date, time, title, the people, a kind (call when held online or by phone,
    meeting otherwise), the location, and the description as its text. The event's UID is kept
    in the note, so importing again (the same file or a newer one) adds only new events.
    People on the invitations who are not in your network are listed at the end;
    --add-unknown creates them as contacts.

    \b
    Examples:
      kith import ics ~/Downloads/calendar.ics --dry-run
      kith import ics outlook.ics --since 2026-01-01 --me me@example.org
      kith import ics work.ics --add-unknown
    """
    today_date = today()
    first = date_option(since, "--since") or today_date - dt.timedelta(days=DEFAULT_DAYS)
    last = date_option(until, "--until") or today_date
    if first > last:
        raise CommandError(f"--since {first} is after --until {last}; nothing to import")
    zone = _zone(zone_name)
    try:
        _, data = read_regular_file(file)
    except OSError as error:
        refused = isinstance(error, (NotRegularFile, FileTooLarge))
        raise CommandError(f"{file}: {error.strerror if refused else f'cannot be read ({error.strerror})'}") \
            from None
    calendar = read_calendar(data, first, last, timezone=zone)
    for line, message in calendar.problems:
        echo(f"{file}:{line}: {message}" if line else f"{file}: {message}", err=True)
    if not calendar.readable:
        raise SystemExit(1)
    context = settings.vault()
    vault = context.load()
    run = CalendarImport(context, vault, calendar.occurrences, all_day=all_day, dry_run=dry_run)
    run.owners = owner_addresses(me, calendar.owner, calendar.occurrences, run.matcher)
    try:
        run.sort()
        if add_unknown and run.unknown:
            run.add_unknown()
        run.write_notes()
    except WriteError as error:
        show_error(error.format_message())
        run.tally.failed += 1
    run.report_unknown(add_unknown)
    verb = "Dry run, nothing written; would be" if dry_run else "Done"
    echo(f"{verb}: {run.tally.summary(dry_run)} (events from {first} to {last}).")
    if run.tally.failed:
        raise SystemExit(1)


def _zone(name: str | None) -> dt.tzinfo | None:
    if name is None:
        return None
    try:
        return zoneinfo.ZoneInfo(name.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise CommandError(f"--timezone {name}: not a time zone; write one like Europe/London or "
                           "America/New_York") from None


class CalendarImport:
    """One run: sorts the events, then writes a note for each that is a conversation."""

    def __init__(self, context: VaultContext, vault: Vault, occurrences: list[Occurrence], *,
                 all_day: bool, dry_run: bool) -> None:
        self.context = context
        self.vault = vault
        self.people = People(vault)
        self.matcher = _matcher(vault, self.people)
        self.occurrences = occurrences
        self.all_day = all_day
        self.dry_run = dry_run
        self.owners: set[str] = set()
        self.tally = Tally()
        self.imported = {(note.event_uid, note.occurrence or None) for note in vault.notes.values()
                         if note.event_uid}
        self.candidates: list[Occurrence] = []  # events that are conversations, if someone is known
        self.unknown: dict[str, Unknown] = {}

    def _is_owner(self, attendee: Attendee) -> bool:
        return attendee.email is not None and attendee.email in self.owners

    def sort(self) -> None:
        """Count out what is not a conversation; keep the rest, noting who on them is new."""
        seen: set[tuple[str, str | None]] = set()
        for occurrence in self.occurrences:
            key = (occurrence.uid, occurrence.occurrence)
            if key in seen:  # the same event twice in one file (two calendars exported together)
                continue
            seen.add(key)
            if occurrence.cancelled:
                self.tally.cancelled += 1
            elif occurrence.all_day and not self.all_day:
                self.tally.all_day += 1
            elif self._declined(occurrence):
                self.tally.declined += 1
            else:
                self.candidates.append(occurrence)
                for attendee in occurrence.people:
                    if self._is_owner(attendee) or self.matcher.find(attendee) is not None:
                        continue
                    entry = self.unknown.setdefault(attendee.key, Unknown(attendee))
                    entry.events += 1

    def _declined(self, occurrence: Occurrence) -> bool:
        """Declined by you: your own answer when kith knows your address; otherwise a decline by
        anyone on it who is not a contact (it may be you). A contact who declined is only left
        out of the note's people."""
        for attendee in occurrence.people:
            if attendee.status != "DECLINED" or attendee.organiser:
                continue
            if self.owners:
                if self._is_owner(attendee):
                    return True
            elif self.matcher.find(attendee) is None:
                return True
        return False

    def add_unknown(self) -> None:
        """Create a contact for each new person (--add-unknown), through the contact importer so
        that the files are written as `kith import vcard` writes them."""
        from .interchange import Created, Importer

        importer = Importer(self.context, self.vault, merge=False, dry_run=self.dry_run)
        for key, entry in sorted(self.unknown.items(), key=lambda item: -item[1].events):
            attendee = entry.attendee
            record = ContactRecord(name=attendee.name or name_from_address(attendee.email or key),
                                   emails=[attendee.email] if attendee.email else [])
            record.remove_controls()
            made = importer.add(record, f"{entry.attendee.shown()}")
            if isinstance(made, Created):
                slug = made.path.stem
                link = f"[[{record.name}]]" if name_key(record.name) not in self.people.holders \
                    and "|" not in record.name and "#" not in record.name else f"[[{slug}]]"
                person = Person(slug, record.name, link)
                self.matcher.add(person, record.emails, [record.name])
        self.unknown = {key: entry for key, entry in self.unknown.items()
                        if self.matcher.find(entry.attendee) is None}

    def write_notes(self) -> None:
        for occurrence in self.candidates:
            people: list[Person] = []
            for attendee in occurrence.people:
                if self._is_owner(attendee) or attendee.status == "DECLINED":
                    continue
                person = self.matcher.find(attendee)
                if person is not None and all(person.slug != known.slug for known in people):
                    people.append(person)
            if not people:
                self.tally.nobody_known += 1
                continue
            key = (occurrence.uid, occurrence.occurrence)
            if key in self.imported:
                self.tally.imported_before += 1
                continue
            self._write(occurrence, people)
            self.imported.add(key)

    def _write(self, occurrence: Occurrence, people: list[Person]) -> None:
        only_private = all(person.private for person in people)
        private = [person for person in people if person.private]
        title = _linked(occurrence.title, private)
        body = _linked(occurrence.description, [] if only_private else private)
        fields: dict[str, Any] = {"date": occurrence.date}
        if occurrence.time:
            fields["time"] = occurrence.time
        fields["title"] = title
        fields["with"] = [person.link for person in people]
        fields["kind"] = occurrence.kind
        if occurrence.location:
            fields["location"] = _linked(occurrence.location, [] if only_private else private)
        fields["event_uid"] = occurrence.uid
        if occurrence.occurrence:
            fields["occurrence"] = occurrence.occurrence
        if only_private:
            fields["private"] = True
        # The file name is made from the title without the private people in it.
        named = " ".join(WIKILINK.sub(" ", title).split())
        stem = f"{occurrence.date.isoformat()}-{slugify(named or occurrence.kind)}"
        when = f"{occurrence.date.isoformat()}{' ' + occurrence.time if occurrence.time else ''}"
        names = ", ".join(person.name for person in people)
        what = f"{when} {occurrence.kind} '{occurrence.title}' with {names}" + \
            (" (private: everyone in it is private)" if only_private else "")
        if self.dry_run:
            echo(f"would create notes/{stem}.md: {what}")
            self.tally.created += 1
            return
        shown = self.context.relative(self.context.notes / f"{stem}.md")
        try:
            path = create_file(self.context.notes, shown,
                               lambda: write_unique(self.context.notes, stem, ".md", document(fields, body)))
        except FileExistsError as error:
            show_error(f"{shown}: {error.strerror}")
            self.tally.failed += 1
            return
        echo(f"created {self.context.relative(path)}: {what}")
        self.tally.created += 1

    def report_unknown(self, add_unknown: bool) -> None:
        if not self.unknown:
            return
        echo(f"Not in your network ({len(self.unknown)}), on the events imported or skipped for "
             "having nobody you know:")
        for entry in sorted(self.unknown.values(), key=lambda e: (-e.events, e.attendee.shown().casefold())):
            times = f"{entry.events} event{'s' if entry.events != 1 else ''}"
            echo(f"  {entry.attendee.shown()} ({times})")
        if not add_unknown:
            echo("Add them as contacts with --add-unknown (or one by one with kith add).")


def name_from_address(address: str) -> str:
    """`aisha.rahman@example.org` -> `Aisha Rahman`: a name for someone known only by address."""
    local = address.split("@", 1)[0]
    words = [word for word in re.split(r"[._\-+]+", local) if word]
    return " ".join(word[:1].upper() + word[1:] for word in words) or address


def _linked(text: str, private: list[Person]) -> str:
    """`Lunch with Zoe` -> `Lunch with [[Zoe Quinn|Zoe]]` for a private Zoe Quinn: a link to a
    private person reads "(private)" wherever the site shows the text, and no file name is made
    from it, so their name is never published through a note's title or text."""
    if not private or not text:
        return text
    choices: dict[str, Person] = {}
    for person in private:
        for word in person.words:
            if word.strip():
                choices.setdefault(word.strip().casefold(), person)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(word) for word in sorted(choices, key=len,
                                                                                       reverse=True))
                         + r")(?!\w)", re.IGNORECASE)
    target_of = {person.slug: person.link[2:-2] for person in private}

    def replace(match: re.Match[str]) -> str:
        person = choices[match.group(1).casefold()]
        target = target_of[person.slug]
        return f"[[{target}]]" if match.group(1) == target else f"[[{target}|{match.group(1)}]]"

    out: list[str] = []
    position = 0
    for link in WIKILINK.finditer(text):  # never inside a link already there
        out.append(pattern.sub(replace, text[position:link.start()]))
        out.append(link.group(0))
        position = link.end()
    out.append(pattern.sub(replace, text[position:]))
    return "".join(out)
