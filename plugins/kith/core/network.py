"""Indexes over a loaded vault: timelines, mentions, topics, expertise, events, introductions.

Every index is built in one pass over the notes and one over the contacts, so the cost
grows with the size of the vault, never with its square.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Set
from dataclasses import dataclass, field

from .links import strip_link_syntax
from .loader import Vault
from .model import Contact, Note, Task
from .privacy import Visibility
from .slugs import name_key, slugify, unreserved

DEFAULT_CADENCES = {"close": 30, "regular": 90, "loose": 180}


@dataclass
class Topic:
    key: str  # `nhs/digital`
    contacts: list[str] = field(default_factory=list)  # slugs tagged with it or a child of it
    notes: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # keys of direct children

    @property
    def name(self) -> str:
        return self.key.rsplit("/", 1)[-1]

    @property
    def parent(self) -> str | None:
        return self.key.rsplit("/", 1)[0] if "/" in self.key else None


@dataclass
class Expertise:
    label: str
    contacts: list[str] = field(default_factory=list)


@dataclass
class Event:
    slug: str
    name: str
    date: dt.date | None = None
    contacts: list[str] = field(default_factory=list)  # whom I met there
    notes: list[str] = field(default_factory=list)  # notes of kind event with this name


@dataclass
class Introduction:
    note: str  # slug of the `kind: introduction` note
    date: dt.date
    people: list[str]  # the others introduced to this person


class Network:
    """The indexes a site or a command needs, over the visible part of a vault.

    With `include_private=False` (what a published site uses), private contacts and notes
    are gone, private people are removed from the participants and tasks of public notes, and
    front-matter values that link to a private record are left out (`privacy.Visibility`).
    """

    def __init__(self, vault: Vault, *, include_private: bool = False,
                 cadences: dict[str, int] | None = None) -> None:
        self.vault = vault
        self.include_private = include_private
        self.cadences = {**DEFAULT_CADENCES, **(cadences or {})}
        self.visibility = Visibility.of(vault.resolver, vault.contacts, vault.notes,
                                        include_private=include_private)
        self.contacts: dict[str, Contact] = {
            slug: self._visible_contact(contact) for slug, contact in vault.contacts.items()
            if include_private or not contact.private
        }
        self.hidden_contacts = set(self.visibility.hidden_contacts)
        self.notes: dict[str, Note] = {}
        for slug, note in vault.notes.items():
            if include_private or not note.private:
                self.notes[slug] = self._visible_note(note)
        self.notes_by_date: list[Note] = sorted(
            self.notes.values(), key=lambda n: (n.date, n.slug), reverse=True)

        self.timeline: dict[str, list[Note]] = defaultdict(list)
        self.mentions: dict[str, list[Note]] = defaultdict(list)
        self.last_contact: dict[str, dt.date] = {}
        self.met_with: dict[str, Counter[str]] = defaultdict(Counter)
        self.introductions: dict[str, list[Introduction]] = defaultdict(list)
        self.note_backlinks: dict[str, list[Note]] = defaultdict(list)
        self.topics: dict[str, Topic] = {}
        self.events: dict[str, Event] = {}
        self.contact_events: dict[str, list[str]] = defaultdict(list)
        self.tasks: list[Task] = []
        self._index_notes()
        self.introduced: dict[str, list[str]] = defaultdict(list)
        self.expertise: dict[str, Expertise] = {}
        self._index_contacts()
        self._sort_indexes()

    def patched(self, vault: Vault, saved: Set[str]) -> Network | None:
        """This network for `vault`, made from this network's vault by putting in the notes
        `saved` (`Vault.patched_from`), or None where a saved note changed what the indexes are
        made from (`note_indexed`: its date, title, kind, people, tags, follow-up date, links).

        A save under `kith serve` mostly changes only a note's words or tasks: then every index
        is as it was but for the notes themselves, which are put in where the old ones were, and
        the list of tasks, which is made again. That is a small part of indexing every note.
        The indexes that hold no note are shared with this network (nothing changes an index
        once it is made)."""
        if vault.contacts is not self.vault.contacts or vault.resolver is not self.vault.resolver:
            return None  # names, links or people changed: everything is indexed again
        changed: dict[int, Note] = {}  # id of a note in this network -> the note to put there
        for slug in saved:
            old, new = self.vault.notes.get(slug), vault.notes.get(slug)
            if old is None or new is None or old.private != new.private:
                return None
            if old.private and not self.include_private:
                continue  # in no index
            shown = self._visible_note(new)
            previous = self.notes[slug]
            if note_indexed(shown) != note_indexed(previous):
                return None
            changed[id(previous)] = shown
        network = copy.copy(self)
        network.vault = vault
        if not changed:
            return network

        def put_in(notes: list[Note]) -> list[Note]:
            return [changed.get(id(note), note) for note in notes]

        network.notes = {slug: changed.get(id(note), note) for slug, note in self.notes.items()}
        network.notes_by_date = put_in(self.notes_by_date)
        for name in ("timeline", "mentions", "note_backlinks"):
            index: defaultdict[str, list[Note]] = copy.copy(getattr(self, name))
            for key, notes in index.items():
                if any(id(note) in changed for note in notes):
                    index[key] = put_in(notes)
            setattr(network, name, index)
        note_tasks = sum(len(note.tasks) for note in self.notes_by_date)
        # As `_index_notes` and then `_index_contacts` list them: the notes' tasks, newest note
        # first, then those of the contacts' files (unchanged).
        network.tasks = [task for note in network.notes_by_date for task in note.tasks]
        network.tasks += self.tasks[note_tasks:]
        return network

    def _visible_contact(self, contact: Contact) -> Contact:
        """The contact as published: no front-matter value that links to a private record."""
        visibility = self.visibility
        if not visibility.hides_anything or not _has_link(
                contact.company, contact.role, contact.location, contact.met_at,
                *contact.aliases, *contact.expertise, *contact.interests, *contact.past_companies,
                *contact.tag_sources.values()):
            return contact
        return dataclasses.replace(
            contact, company=visibility.published_value(contact.company),
            role=visibility.published_value(contact.role),
            location=visibility.published_value(contact.location),
            past_companies=visibility.published_values(contact.past_companies),
            met_at=visibility.published_value(contact.met_at),
            aliases=visibility.published_values(contact.aliases),
            expertise=visibility.published_values(contact.expertise),
            interests=visibility.published_values(contact.interests),
            tags=visibility.published_tags(contact.tags, contact.tag_sources))

    def _visible_note(self, note: Note) -> Note:
        """The note as published: private people left out of its participants and tasks, and no
        tag that links to a private record."""
        hidden = self.hidden_contacts  # computed once: per note it would cost contacts × notes
        changes: dict[str, object] = {}
        if note.tag_sources:
            tags = self.visibility.published_tags(note.tags, note.tag_sources)
            if tags != note.tags:
                changes["tags"] = tags
        if hidden and (set(note.participants) | {p for t in note.tasks for p in t.people}) & hidden:
            changes["participants"] = [p for p in note.participants if p not in hidden]
            changes["tasks"] = [dataclasses.replace(t, people=[p for p in t.people if p not in hidden])
                                for t in note.tasks]
        return dataclasses.replace(note, **changes) if changes else note

    def _index_notes(self) -> None:
        for note in self.notes_by_date:  # newest first, so every list comes out newest first
            participants = note.participants
            for slug in participants:
                self.timeline[slug].append(note)
                self.last_contact.setdefault(slug, note.date)
            for slug in note.mentioned:
                if slug not in participants and slug in self.contacts:
                    self.mentions[slug].append(note)
            for link in note.body_links:
                if link.note and link.note != note.slug and link.note in self.notes:
                    backlinks = self.note_backlinks[link.note]
                    if not backlinks or backlinks[-1] is not note:
                        backlinks.append(note)
            if len(participants) > 1:
                for slug in participants:
                    counter = self.met_with[slug]
                    for other in participants:
                        if other != slug:
                            counter[other] += 1
            if note.kind == "introduction" and len(participants) > 1:
                for slug in participants:
                    others = [other for other in participants if other != slug]
                    self.introductions[slug].append(Introduction(note.slug, note.date, others))
            for tag in note.tags:
                for key in _self_and_ancestors(tag):
                    self._topic(key).notes.append(note.slug)
            if note.kind == "event":
                event = self._event(note.title)
                event.notes.append(note.slug)
                event.date = min(event.date or note.date, note.date)
                event.contacts.extend(participants)
            self.tasks.extend(note.tasks)

    def _index_contacts(self) -> None:
        for contact in sorted(self.contacts.values(), key=lambda c: name_key(c.name)):
            # `last_contacted:` is contact kept elsewhere (a call, a chat); a newer note wins.
            noted = self.last_contact.get(contact.slug)
            if contact.last_contacted is not None and (noted is None or contact.last_contacted > noted):
                self.last_contact[contact.slug] = contact.last_contacted
            self.tasks.extend(contact.tasks)  # their `next_follow_up:`
            for tag in contact.tags:
                for key in _self_and_ancestors(tag):
                    self._topic(key).contacts.append(contact.slug)
            for value in contact.expertise:
                entry = self.expertise.setdefault(name_key(value), Expertise(value))
                entry.contacts.append(contact.slug)
            contact_visible_introducers = [s for s in contact.introduced_by if s in self.contacts]
            for introducer in contact_visible_introducers:
                self.introduced[introducer].append(contact.slug)
            if contact.met_at:
                event = self._event(contact.met_at)
                event.contacts.append(contact.slug)
                if contact.met and (event.date is None or contact.met < event.date) and not event.notes:
                    event.date = contact.met
        for event in self.events.values():
            event.contacts = list(dict.fromkeys(event.contacts))
            for slug in event.contacts:
                self.contact_events[slug].append(event.slug)

    def _sort_indexes(self) -> None:
        for topic in self.topics.values():
            topic.contacts = list(dict.fromkeys(topic.contacts))
            topic.notes = list(dict.fromkeys(topic.notes))
            parent = topic.parent
            if parent is not None:
                self.topics[parent].children.append(topic.key)
        for topic in self.topics.values():
            topic.children.sort()
        by_name = {slug: name_key(c.name) for slug, c in self.contacts.items()}
        for event in self.events.values():
            event.contacts.sort(key=lambda s: by_name.get(s, s))

    def _topic(self, key: str) -> Topic:
        topic = self.topics.get(key)
        if topic is None:
            topic = self.topics[key] = Topic(key)
        return topic

    def _event(self, name: str) -> Event:
        name = strip_link_syntax(name)  # `met_at: "[[NHS Expo]]"` names the event NHS Expo
        slug = unreserved(slugify(name))  # `events/index` is the list of every event
        event = self.events.get(slug)
        if event is None:
            event = self.events[slug] = Event(slug, name.strip())
        return event

    # Questions the pages and commands ask.

    def name_of(self, kind: str, slug: str) -> str:
        """What a link to a contact or a note reads as: the name, or the title."""
        return self.contacts[slug].name if kind == "contact" else self.notes[slug].title

    def plain(self, text: str) -> str:
        """A text with its `[[links]]` as they read, privacy kept (see `Visibility.link_text`)."""
        return self.visibility.plain(text, self.name_of)

    def cadence_for(self, contact: Contact) -> int | None:
        """Days between contacts for someone in a circle: their own `cadence`, else the circle's.

        No circle means not tracked (DESIGN: "absent: not tracked"); `cadence` only overrides
        the circle's default, so on its own it does not put someone on the keep-in-touch list.
        """
        if not contact.circle:
            return None
        if contact.cadence_days is not None:
            return contact.cadence_days
        return self.cadences.get(contact.circle)

    def last_contact_or_met(self, slug: str) -> dt.date | None:
        return self.last_contact.get(slug) or self.contacts[slug].met

    def next_contact_due(self, slug: str) -> dt.date | None:
        """When someone in a circle is next due to be contacted; None when not tracked or paused."""
        contact = self.contacts[slug]
        cadence = None if contact.paused else self.cadence_for(contact)
        since = self.last_contact_or_met(slug)
        if cadence is None or since is None:
            return None
        return since + dt.timedelta(days=cadence)

    def often_met_with(self, slug: str, limit: int = 5) -> list[tuple[str, int]]:
        counter = self.met_with.get(slug)
        if not counter:
            return []
        ranked = sorted(counter.items(), key=lambda item: (-item[1], name_key(self.contacts[item[0]].name)))
        return ranked[:limit]

    def open_tasks_with(self, slug: str) -> list[Task]:
        """Open follow-ups with someone: their own file's, then those of notes they are in."""
        own = [task for task in self.contacts[slug].tasks if not task.done]
        return own + [task for note in self.timeline.get(slug, []) + self.mentions.get(slug, [])
                      for task in note.tasks if not task.done and slug in task.people]

    def sorted_contacts(self) -> list[Contact]:
        return sorted(self.contacts.values(), key=lambda c: name_key(c.name))

    def names(self, slugs: Iterable[str]) -> list[str]:
        return [self.contacts[s].name for s in slugs if s in self.contacts]


def note_shape(note: Note) -> tuple:
    """What the lists and the ways in made from the network's shape take from a note
    (`SiteBuild.shape`): not its words, its tasks or where its links lead, which only the pages
    of the people and notes it names show (and their fingerprints follow)."""
    return (note.slug, note.date, note.title, note.kind, tuple(note.participants), tuple(note.tags),
            note.follow_up)


def note_indexed(note: Note) -> tuple:
    """What the network's indexes take from a note (`Network.patched`): its shape, and whom and
    what its links lead to (the mentions and the backlinks)."""
    return (*note_shape(note), tuple((link.contact, link.note) for link in note.body_links))


def _has_link(*values: str | None) -> bool:
    return any(value is not None and "[[" in value for value in values)


def _self_and_ancestors(tag: str) -> list[str]:
    parts = tag.split("/")
    return ["/".join(parts[: index + 1]) for index in range(len(parts))]
