"""The fields of a contact and of a note: one declarative table that drives reading them, the
messages about them, and their documentation (README's field reference is made from it).

Each field has a name, the other names tools write it under (Obsidian CRM plugins, Dataview,
vCard-minded templates), a type and an example. The first name present in a file wins; for the
people of a note, every name present counts. Any other field is kept in the file and shown nowhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .dates import DateError, parse_date, shown
from .frontmatter import RawFile
from .model import Problem, Severity

# The types a field can have.
TEXT = "text"  # one line of text
FIRST = "first of a list"  # one text, or a list whose first item counts (the others are kept too)
TEXTS = "list"  # a list, or one text with commas
DATE = "date"  # YYYY-MM-DD
BIRTHDAY = "birthday"  # MM-DD or YYYY-MM-DD
DURATION = "duration"  # 45d, 6w, 3m
CHOICE = "choice"
YES_NO = "yes/no"
LINKS = "links"  # {label: url}, a list of URLs or one URL
PEOPLE = "people"  # names, aliases, slugs or [[links]] of contacts
PARTS = "name parts"  # {prefix, given, middle, family, suffix}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    synonyms: tuple[str, ...] = ()
    example: str = ""
    doc: str = ""

    @cached_property  # made once: the loader asks some 200,000 times at 2,500 contacts, 10,000 notes
    def keys(self) -> tuple[str, ...]:
        return (self.name, *self.synonyms)


CONTACT_FIELDS: tuple[Field, ...] = (
    # `fn`, `n.gn`, `n.fn`: vCard's names, as the VCF Contacts plugin writes them (N.FN is the family name).
    Field("name", TEXT, ("full_name", "fullname", "fn"), "Aisha Rahman",
          "the person's name; else first_name + last_name, else the file name, else the first # heading"),
    Field("first_name", TEXT, ("firstname", "given_name", "n.gn"), "Aisha",
          "with last_name, when there is no name"),
    Field("last_name", TEXT, ("lastname", "surname", "family_name", "n.fn"), "Rahman", "with first_name"),
    Field("aliases", TEXTS, ("alias", "nicknames", "nickname"), "[Aisha]", "other names [[links]] may use"),
    Field("company", FIRST, ("organization", "organisation", "org", "employer"), "Northwind Health",
          "where they work: a text, a [[link]] or a list (the first is current)"),
    Field("past_companies", TEXTS, ("previous_companies", "former_companies"), "[Acme]",
          "where they used to work"),
    Field("role", FIRST, ("title", "job_title", "jobtitle", "position"), "Head of Digital",
          "their job: a text, a [[link]] or a list (the first is current)"),
    Field("email", TEXTS, ("emails", "e-mail", "mail"), "aisha@example.org", "one address or a list"),
    Field("phone", TEXTS, ("phones", "tel", "telephone", "mobile"), '"+44 113 496 0000"',
          "one number or a list"),
    Field("links", LINKS, (), '{linkedin: "https://www.linkedin.com/in/..."}',
          "profiles and sites; linkedin, website, twitter, github and url also work as fields"),
    Field("location", FIRST, ("loc", "city"), "Leeds",
          "where they are: a text, a [[link]] or a list (the first)"),
    Field("tags", TEXTS, ("tag",), "[digital-health, leadership]", "topics; nested with a slash"),
    Field("expertise", TEXTS, (), "[contact centres, procurement]", "what they can help with"),
    Field("interests", TEXTS, (), "[cycling, jazz]", "what they care about"),
    Field("circle", CHOICE, (), "close", "close, regular or loose: how often to keep in touch"),
    Field("cadence", DURATION, (), "6w", "overrides the circle's: 45d, 6w, 3m"),
    Field("met", DATE, ("met_on",), "2024-03-12", "when you met"),
    Field("met_at", TEXT, (), "NHS Expo 2024", "an event; events get pages"),
    Field("introduced_by", PEOPLE, (), '"[[Kim Osei]]"', "who introduced you"),
    Field("name_parts", PARTS, (), "{given: John, middle: Q., family: Public, suffix: Jr.}",
          "the name's parts as an address book keeps them (vCard N): prefix, given, middle, family, suffix"),
    Field("birthday", BIRTHDAY, ("birthdate", "bday", "birth_date"), "04-17", "MM-DD or YYYY-MM-DD"),
    Field("last_contacted", DATE, ("last_contact", "last_chat", "last_chatted"), "2026-09-30",
          "in touch as of that date, for contact kept elsewhere; a newer note wins"),
    Field("next_follow_up", DATE, ("follow_up", "next_followup", "followup"), "2026-12-01",
          "follow up with them on that date"),
    Field("snooze_until", DATE, ("snoozed_until", "snooze"), "2026-12-15",
          "put off: not out of touch, nor in This week's plan, until that date (kith snooze)"),
    Field("paused", YES_NO, (), "true",
          "not kept in touch with for now: never out of touch, whatever the circle (kith pause, resume)"),
    Field("private", YES_NO, (), "true", "never published (Obsidian Publish's publish: false too)"),
)

NOTE_FIELDS: tuple[Field, ...] = (
    Field("date", DATE, (), "2026-11-20",
          "when it happened; else the date the file name starts with, else `created`"),
    Field("created", DATE, ("created_at", "creation_date", "date_created"), "2026-11-20",
          "when the note was written (templates fill it in): its date when it has no other"),
    Field("title", TEXT, (), "Coffee after the book launch",
          "else the first # heading, else the file name without its date"),
    Field("with", PEOPLE, ("participants", "people", "attendees", "contacts"),
          '["[[Aisha Rahman]]", kim-osei]', "who was there: names, aliases, slugs or [[links]]"),
    Field("kind", FIRST, ("type",), "coffee",
          "any word: coffee, call, meeting, email, message, event, introduction, lunch, dinner, drinks, "
          "conference, webinar, video... (these have icons), or a [[link]]"),
    Field("tags", TEXTS, ("tag",), "[partnerships]", "topics"),
    Field("follow_up", DATE, ("next_follow_up",), "2026-12-01", "follow up with the people on that date"),
    Field("summary", TEXT, (), "Agreed a pilot", "the line shown in lists; else the start of the text"),
    Field("time", TEXT, (), '"14:30"', "when it started, HH:MM (kith import ics writes it)"),
    Field("location", TEXT, (), "Northwind HQ, Leeds", "where it happened"),
    Field("event_uid", TEXT, (), '"7kq3@google.com"',
          "the calendar event it came from (kith import ics: nothing is imported twice)"),
    Field("occurrence", TEXT, (), '"2026-11-20T09:00:00Z"',
          "which occurrence of a recurring event: its RECURRENCE-ID, with event_uid"),
    Field("private", YES_NO, (), "true", "never published"),
)

# The keys of the fields that name people, and what in `{name: ..., email: ...}` names the person.
PEOPLE_KEYS = {
    "contact": frozenset(key for f in CONTACT_FIELDS if f.type == PEOPLE for key in f.keys),
    "note": frozenset(key for f in NOTE_FIELDS if f.type == PEOPLE for key in f.keys),
}
PERSON_PARTS = ("name", "person", "contact", "link", "full_name")
# Profile links also written as fields of their own.
LINK_FIELDS = ("linkedin", "website", "twitter", "github", "url", "homepage", "mastodon", "bluesky")
# Obsidian Publish's opposite of private.
PUBLISH = "publish"
_BY_NAME = {("contact", f.name): f for f in CONTACT_FIELDS} | {("note", f.name): f for f in NOTE_FIELDS}
KNOWN_KEYS = {
    "contact": frozenset(key for f in CONTACT_FIELDS for key in f.keys) | set(LINK_FIELDS) | {PUBLISH},
    "note": frozenset(key for f in NOTE_FIELDS for key in f.keys) | {PUBLISH},
}
# Each key a field is read under, by record: [(field name, rank among the field's names)].
_READ_AS: dict[str, dict[str, list[tuple[str, int]]]] = {"contact": {}, "note": {}}
for _record, _fields in (("contact", CONTACT_FIELDS), ("note", NOTE_FIELDS)):
    for _field in _fields:
        for _rank, _key in enumerate(_field.keys):
            _READ_AS[_record].setdefault(_key, []).append((_field.name, _rank))
_YES = ("true", "yes", "y", "on", "1")
_NO = ("false", "no", "n", "off", "0")


def field_of(record: str, name: str) -> Field:
    return _BY_NAME[(record, name)]


def ignored_keys(raw: RawFile, record: str) -> list[tuple[str, str]]:
    """The fields of a file that kith does not read (kept as they are, shown nowhere), each as
    (record, field): `("note", "categories")`."""
    known = KNOWN_KEYS[record]
    return [(record, key) for key in raw.meta if key not in known and numbered_base(key) not in known]


# `email[1]`, `tel[2:cell]`, `url[home]`: a field numbered or labelled, as the VCF Contacts plugin
# writes vCard's repeated values; each counts as that field.
_NUMBERED = re.compile(r"([a-z_.-]+)\[[^\]]*\]")


def numbered_base(key: str) -> str | None:
    """`email[2:work]` -> `email`; None for a key that is not numbered."""
    if "[" not in key:
        return None
    match = _NUMBERED.fullmatch(key)
    return match.group(1) if match else None


def near_field(record: str, key: str) -> str | None:
    """The field kith reads that an unread field name is one or two letters from (`compnay`)."""
    import difflib

    close = difflib.get_close_matches(key, sorted(KNOWN_KEYS[record]), n=1, cutoff=0.8)
    return close[0] if close else None


class FieldReader:
    """Typed access to one file's fields, by the table above, with a problem for each bad value."""

    def __init__(self, raw: RawFile, record: str) -> None:
        self.raw = raw
        self.record = record
        self.path = raw.source.path
        self.problems: list[Problem] = []  # the cached RawFile is never changed
        # The key each field is read from (the first of its names with a value), found in one
        # pass over the file's few keys: fields are asked for many times over.
        found: dict[str, tuple[int, str]] = {}
        read_as = _READ_AS[record]
        for key, value in raw.meta.items():
            if key in read_as and value not in (None, "", []):
                for name, rank in read_as[key]:
                    if name not in found or rank < found[name][0]:
                        found[name] = (rank, key)
        self._keys = {name: key for name, (_, key) in found.items()}
        # Numbered keys (`email[1]`) by the field name they number; most files have none.
        self.numbered: dict[str, list[str]] = {}
        for key in raw.meta if any("[" in key for key in raw.meta) else ():
            base = numbered_base(key)
            if base is not None and raw.meta[key] not in (None, "", []):
                self.numbered.setdefault(base, []).append(key)

    # Where a value is.

    def key(self, name: str) -> str | None:
        """The key the file uses for a field: the first of its names with a value."""
        key = self._keys.get(name)
        if key is not None or not self.numbered:  # the usual file has no numbered keys
            return key
        numbered = self._numbered(name)
        return numbered[0] if numbered else None

    def keys(self, name: str) -> list[str]:
        """Every key with a value for a field (a note's people may be under several)."""
        meta = self.raw.meta
        keys = [key for key in field_of(self.record, name).keys if meta.get(key) not in (None, "", [])]
        return keys + self._numbered(name) if self.numbered else keys

    def _numbered(self, name: str) -> list[str]:
        if not self.numbered:
            return []
        return [key for base in field_of(self.record, name).keys for key in self.numbered.get(base, ())]

    def line(self, key: str | None) -> int | None:
        if key is not None and key in self.raw.key_lines:
            return self.raw.key_lines[key]
        return 2 if self.raw.key_lines else None

    def problem(self, key: str | None, message: str, severity: Severity = Severity.WARNING) -> None:
        self.problems.append(Problem(self.path, self.line(key), message, severity))

    def _example(self, key: str) -> str:
        for f in (CONTACT_FIELDS if self.record == "contact" else NOTE_FIELDS):
            if key in f.keys:
                return f.example
        return "some text"

    # Values by type.

    def text(self, name: str) -> str | None:
        key = self.key(name)
        if key is None:
            return None
        return self.text_at(key, first_of_list=field_of(self.record, name).type == FIRST)

    def text_at(self, key: str, first_of_list: bool = False) -> str | None:
        value = self.raw.meta.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, list) and first_of_list:
            items = self._items(key, value)
            return items[0] if items else None
        if isinstance(value, (dict, list)):
            self.problem(key, f"'{key}' should be a single text value, not a {_kind(value)}; "
                              f"write e.g. '{key}: {self._example(key)}'")
            return None
        return str(value).strip() or None

    def texts(self, name: str) -> list[str]:
        key = self.key(name)
        items = self.texts_at(key) if key is not None else []
        for numbered in self._numbered(name) if self.numbered else ():  # `email[1]`, `email[2:work]`
            if numbered != key:
                items += [item for item in self.texts_at(numbered) if item not in items]
        return items

    def all_texts(self, name: str) -> list[str]:
        """The items under every key of the field, in order, each once."""
        items: list[str] = []
        for key in self.keys(name):
            items += [item for item in self.texts_at(key) if item not in items]
        return items

    def texts_at(self, key: str) -> list[str]:
        value = self.raw.meta.get(key)
        if value is None or value == "":
            return []
        if isinstance(value, str):
            if value.startswith("[[") and value.count("[[") > 1 and "," not in value:
                # `people:: [[A]] [[B]]`: Dataview's way of writing several links.
                return [f"[[{part.strip()}" for part in value.split("[[") if part.strip()]
            # `tags: a, b` is a common slip for a list; accept it.
            return [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, dict):
            self.problem(key, f"'{key}' should be a list, not a mapping ('name: value' pairs); "
                              f"write e.g. '{key}: {self._example(key)}'")
            return []
        if not isinstance(value, (list, tuple, set)):
            return [str(value)]  # a number or a date: one value
        return self._items(key, value)

    def _items(self, key: str, value: Iterable[Any]) -> list[str]:
        items: list[str] = []
        for item in value:
            if isinstance(item, dict) and key in PEOPLE_KEYS[self.record]:
                # `attendees: [{name: Ada Lovell, email: ...}]`, as meeting importers write them.
                name = next((item[part] for part in PERSON_PARTS if isinstance(item.get(part), str)), None)
                if name is None and isinstance(item.get("email"), str):
                    name = item["email"]  # a contact with that address
                if name is not None and name.strip():
                    items.append(name.strip())
                    continue
            if isinstance(item, (dict, list)):
                self.problem(key, f"'{key}' has a {_kind(item)} inside the list; "
                                  f"write plain values, e.g. '{key}: {self._example(key)}'")
            elif item is not None and str(item).strip():
                items.append(str(item).strip())
        return items

    def date(self, name: str, severity: Severity = Severity.WARNING, consequence: str = "") -> dt.date | None:
        key = self.key(name)
        if key is None:
            return None
        value = self.raw.meta[key]
        try:
            return parse_date(value)
        except DateError as error:
            self.problem(key, f"'{key}': {error}{consequence}", severity)
            return None

    def private(self) -> bool:
        """`private: true` (or Obsidian Publish's `publish: false`). A value that is not clearly
        true or false, an empty one included (`private:`, `private: ~`), counts as private: an
        unclear answer must never publish someone."""
        meta = self.raw.meta
        if "private" in meta:
            return self.yes_no("private", unclear="(until then the file is treated as private)") is not False
        if PUBLISH in meta:
            return self.yes_no(PUBLISH, unclear="(until then the file is treated as private)") is not True
        return False

    def yes_no(self, key: str, unclear: str = "") -> bool | None:
        """True, False, or None (and a problem) for a value that is neither."""
        value = self.raw.meta.get(key)
        if isinstance(value, bool):
            return value
        word = "" if value is None else str(value).strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
        written = f"{key}: {shown(value)}" if word else f"{key}:"
        what = "has no value" if not word else "is not true or false"
        self.problem(key, f"'{written}' {what}; write '{key}: true' or '{key}: false' {unclear}".rstrip())
        return None


def _kind(value: object) -> str:
    return "list" if isinstance(value, list) else "mapping" if isinstance(value, dict) else "value"


def reference_table() -> str:
    """README's field reference, made from the table (tests/test_docs.py keeps README in step)."""
    rows = ["| record | field | also read as | type | example | what |",
            "| --- | --- | --- | --- | --- | --- |"]
    for record, table in (("contact", CONTACT_FIELDS), ("note", NOTE_FIELDS)):
        for f in table:
            also = ", ".join(f"`{s}`" for s in f.synonyms)
            example = f"`{f.name}: {f.example}`" if f.example else ""
            example = example.replace("|", "&#124;")
            rows.append(f"| {record} | `{f.name}` | {also} | {f.type} | {example} | {f.doc} |")
    return "\n".join(rows)
