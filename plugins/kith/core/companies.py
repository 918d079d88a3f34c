"""Companies and places: whom I know at each, from the contacts' `company`, `past_companies` and
`location`, found in one pass over the contacts of a network.

A company is named in many ways ("Acme Inc", "ACME Inc.", "[[Acme Inc]]", "Acme"); they are one
company when their `company_key` is the same: case, accents, punctuation and a legal form at the
end (Inc, Ltd, GmbH...) make no difference. A place is one when its `place_key` is the same (case,
accents and punctuation). Each is shown by the spelling most contacts use, or a company by the name
of its own page in the vault (an Obsidian company note).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .fields import FieldReader
from .frontmatter import read_file
from .links import shown_target, strip_link_syntax
from .model import Severity
from .network import Network
from .records import stem
from .slugs import name_key, slugify, unreserved

# Legal forms dropped from the end of a company's name when names are compared: "Acme Inc",
# "Acme Ltd." and "ACME" are one company. Lower case, without dots ("S.A." is compared as "sa").
LEGAL_FORMS = frozenset((
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "llp", "lp",
    "plc", "pllc", "gmbh", "mbh", "ag", "kg", "ug", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "oy",
    "oyj", "ab", "as", "asa", "aps", "kk", "pty", "pte", "pvt", "cic",
))


@lru_cache(maxsize=16384)
def company_key(name: str) -> str:
    """How company names are compared, and the company page's slug: `ACME Inc.`, `[[Acme Inc]]`
    and `Acme` -> `acme`. Case, accents and punctuation do not count, `&` is "and", and legal
    forms at the end (LEGAL_FORMS, as many as there are: "Acme Co., Ltd.") are dropped, but never
    the first word ("Co-op" stays)."""
    written = shown_target(strip_link_syntax(name))
    for mark in (".", "'", "\u2019"):  # "S.A." is "SA", "St. Mary's" is "St Marys"
        written = written.replace(mark, "")
    words = slugify(written.replace("&", " and ")).split("-")
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    while len(words) > 1 and words[-1] == "and":  # "Smith & Co" -> "smith"
        words.pop()
    return unreserved("-".join(words))


@lru_cache(maxsize=16384)
def place_key(name: str) -> str:
    """How locations are compared, and the place page's slug: `Leeds`, `LEEDS` and `[[Leeds]]`
    are one place; "Leeds, UK" is another."""
    written = shown_target(strip_link_syntax(name))
    for mark in (".", "'", "\u2019"):
        written = written.replace(mark, "")
    return unreserved(slugify(written))


def _spelling(value: str) -> str:
    """A name as a page shows it: without link syntax, spaces collapsed."""
    return " ".join(shown_target(strip_link_syntax(value)).split())


def _preferred(spellings: Counter[str]) -> str:
    """The spelling most used; on a tie one in mixed case ("Acme Inc" over "ACME INC"), then the
    first in alphabetical order."""
    return min(spellings, key=lambda s: (-spellings[s], s.isupper() or s.islower(), s))


@dataclass
class Company:
    slug: str
    name: str
    people: list[str] = field(default_factory=list)  # working there now
    former: list[str] = field(default_factory=list)  # `past_companies`
    note: str | None = None  # the company's own page in the vault, relative to the root
    spellings: Counter[str] = field(default_factory=Counter)


@dataclass
class Place:
    slug: str
    name: str
    people: list[str] = field(default_factory=list)
    spellings: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class CompanyNote:
    """A company's own page: its text, and when it was read (a change rebuilds the page)."""

    body: str
    body_line: int
    stamp: tuple[str, int, int]


# People are listed in this order: the closer circles first, then by name.
CIRCLE_ORDER = {"close": 0, "regular": 1, "loose": 2}


def by_circle_then_name(network: Network, slugs: Iterable[str]) -> list[str]:
    contacts = network.contacts
    return sorted(slugs, key=lambda s: (CIRCLE_ORDER.get(contacts[s].circle or "", 3),
                                        name_key(contacts[s].name), s))


class Directory:
    """The companies and places of a network's contacts, and the slugs of its expertise pages
    (private contacts are not in the network, so a company or place only they have is not here
    either)."""

    def __init__(self, network: Network, pages: Mapping[str, str] | None = None) -> None:
        self.network = network
        self.companies: dict[str, Company] = {}
        self.places: dict[str, Place] = {}
        self.company_of: dict[str, str] = {}  # contact slug -> the key of their company now
        for contact in network.sorted_contacts():
            if contact.company and _spelling(contact.company):
                company = self._company(contact.company)
                company.people.append(contact.slug)
                company.spellings[_spelling(contact.company)] += 1
                self.company_of[contact.slug] = company.slug
            for past in contact.past_companies:
                if not _spelling(past):
                    continue
                company = self._company(past)
                if company.slug != self.company_of.get(contact.slug) and contact.slug not in company.former:
                    company.former.append(contact.slug)
                    company.spellings[_spelling(past)] += 0  # a name to fall back on, counting for nothing
            if contact.location and _spelling(contact.location):
                key = place_key(contact.location)
                place = self.places.get(key)
                if place is None:
                    place = self.places[key] = Place(key, "")
                place.people.append(contact.slug)
                place.spellings[_spelling(contact.location)] += 1
        notes = _company_notes(pages or {})
        for company in self.companies.values():
            company.note = notes.get(company.slug)
            company.name = stem(company.note) if company.note else _preferred(company.spellings)
            company.people = by_circle_then_name(network, company.people)
            company.former = by_circle_then_name(network, company.former)
        for place in self.places.values():
            place.name = _preferred(place.spellings)
        # Each expertise's page: its slug, unique even where two names slug alike ("C++", "C").
        self.expertise_slugs: dict[str, str] = {}  # Network.expertise's key -> slug
        taken: set[str] = set()
        for key in sorted(network.expertise):
            base = slug = unreserved(slugify(network.expertise[key].label))
            number = 2
            while slug in taken:
                slug, number = f"{base}-{number}", number + 1
            taken.add(slug)
            self.expertise_slugs[key] = slug
        self.expertise_by_slug = {slug: key for key, slug in self.expertise_slugs.items()}

    def _company(self, value: str) -> Company:
        key = company_key(value)
        company = self.companies.get(key)
        if company is None:
            company = self.companies[key] = Company(key, "")
        return company

    def company_for(self, value: str | None) -> Company | None:
        """The company a name written anywhere (a contact's field, the command line) means."""
        return self.companies.get(company_key(value)) if value and _spelling(value) else None

    def place_for(self, value: str | None) -> Place | None:
        return self.places.get(place_key(value)) if value and _spelling(value) else None

    def expertise_slug(self, label: str) -> str | None:
        return self.expertise_slugs.get(name_key(label))

    def sorted_companies(self) -> list[Company]:
        return sorted(self.companies.values(), key=lambda c: (name_key(c.name), c.slug))

    def sorted_places(self) -> list[Place]:
        return sorted(self.places.values(), key=lambda p: (name_key(p.name), p.slug))

    def last_contact(self, slugs: Iterable[str]) -> dt.date | None:
        """The newest conversation with any of these people."""
        dates = [self.network.last_contact[s] for s in slugs if s in self.network.last_contact]
        return max(dates) if dates else None

    def out_of_touch_first(self, slugs: Iterable[str], today: dt.date) -> list[str]:
        """People in the order a visit should see them: first those in a circle who are due, the
        longest overdue first; then everyone else, the longest since last contact (else `met`)
        first; then those with neither; each by name where the rest is equal."""
        network = self.network

        def order(slug: str) -> tuple:
            name = name_key(network.contacts[slug].name)
            due = network.next_contact_due(slug)
            if due is not None and due <= today:
                return (0, due.toordinal(), name, slug)
            since = network.last_contact_or_met(slug)
            if since is not None:
                return (1, since.toordinal(), name, slug)
            return (2, 0, name, slug)

        return sorted(slugs, key=order)


def _company_notes(pages: Mapping[str, str]) -> dict[str, str]:
    """The vault's other pages by the company they would be the note of (the first of two)."""
    notes: dict[str, str] = {}
    for page_name, path in pages.items():
        notes.setdefault(company_key(page_name), path)
    return notes


def read_company_note(root: Path, relative: str) -> CompanyNote | None:
    """A company note's text, or None when it cannot be read or is private (`private: true`, or
    `publish: false`, or an unclear answer: never published)."""
    raw = read_file(root / relative, relative)
    if not raw.usable or any(p.severity == Severity.ERROR for p in raw.problems):
        return None
    if FieldReader(raw, "contact").private():
        return None
    return CompanyNote(raw.body, raw.body_line, (relative, raw.source.mtime_ns, raw.source.size))

