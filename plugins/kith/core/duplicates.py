"""Contacts who may be one person: the same e-mail address, phone number or LinkedIn profile, or
names that are the same or nearly so.

Everything is found in one pass over the contacts, each contact filed under its normalised keys
(an address in lower case, a number in international form, a profile's path); only contacts
filed under the same key are compared. Near-identical names are compared only within small
blocks of names that share their first and last word, or the first letter of one of them and
the other word whole, so a network of thousands never compares every name with every other.
"""

from __future__ import annotations

import re
import urllib.parse
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .links import strip_link_syntax
from .model import Contact
from .names import name_tokens
from .slugs import name_key

# Names at least this similar (rapidfuzz's ratio, 0-100) are "near-identical".
NAME_SIMILARITY = 90
# A block of names larger than this (a hundred "J. Smith"s) is compared by exact name only.
MAX_BLOCK = 50


def email_key(email: str) -> str:
    return re.sub(r"^mailto:", "", email.strip(), flags=re.IGNORECASE).casefold()


@lru_cache(maxsize=65536)
def phone_key(number: str, region: str | None) -> str | None:
    """A phone number in international form (E.164, `+441134960000`), or None when it cannot be
    told which country it is in: a number written without its country code (`0113 496 0000`)
    is only read with a `region` (a country code such as GB) saying where it is dialled."""
    import phonenumbers

    text = re.sub(r"^tel:", "", number.strip(), flags=re.IGNORECASE)
    text = re.split(r"(?i)\s*(?:ext\.?|x|;ext=)\s*\d+$", text)[0]
    if text.startswith("00"):
        text = "+" + text[2:]
    if not text.startswith("+") and region is None:
        return None
    try:
        parsed = phonenumbers.parse(text, None if text.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return None
    # A whole number, not one only dialable locally (`+1 555 0175` is seven digits of ten).
    if phonenumbers.is_possible_number_with_reason(parsed) != phonenumbers.ValidationResult.IS_POSSIBLE:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def url_key(url: str) -> str:
    """A web address as two spellings of it compare: no scheme, no `www.`, host in lower case,
    no trailing slash, query or fragment; a LinkedIn profile as `linkedin.com/in/<id>`."""
    linkedin = linkedin_key(url)
    if linkedin is not None:
        return linkedin
    text = url.strip()
    try:
        parts = urllib.parse.urlsplit(text if "//" in text else "//" + text)
        host = (parts.hostname or "").lower()
    except ValueError:
        return text.casefold()
    host = host.removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"


_LINKEDIN_PATH = re.compile(r"^/(in|pub|profile/view)/([^/?#]+)", re.IGNORECASE)


def linkedin_key(url: str) -> str | None:
    """`https://uk.linkedin.com/in/Aisha-Rahman-1a2b/?trk=x` -> `linkedin.com/in/aisha-rahman-1a2b`;
    None when it is not a LinkedIn profile."""
    text = url.strip()
    try:
        parts = urllib.parse.urlsplit(text if "//" in text else "//" + text)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if host != "linkedin.com" and not host.endswith(".linkedin.com"):
        return None
    match = _LINKEDIN_PATH.match(parts.path)
    if match is None:
        return None
    handle = urllib.parse.unquote(match.group(2)).strip().casefold()
    return f"linkedin.com/{match.group(1).lower()}/{handle}" if handle else None


def linkedin_of(links: dict[str, str]) -> str | None:
    """The LinkedIn profile among a contact's links, as `linkedin_key` writes it."""
    for url in links.values():
        key = linkedin_key(url)
        if key is not None:
            return key
    return None


@lru_cache(maxsize=1 << 14)  # a network names a few hundred companies, each many times
def _company_name(company: str) -> str:
    return name_key(strip_link_syntax(company))


def same_company(first: str | None, second: str | None) -> bool:
    return _company_name(first or "") == _company_name(second or "")


def companies_differ(first: Contact, second: Contact) -> bool:
    """Both work somewhere, and neither's company is one the other is known to have worked at."""
    if not first.company or not second.company or same_company(first.company, second.company):
        return False
    known = {_company_name(c) for c in (first.company, *first.past_companies)}
    other = {_company_name(c) for c in (second.company, *second.past_companies)}
    return not known & other


@dataclass
class Duplicate:
    """Two contacts that may be one person, and why."""

    first: Contact
    second: Contact
    reasons: list[str] = field(default_factory=list)

    def message(self) -> str:
        return (f"may be the same person as {self.first.source.path} ({self.first.name}): "
                f"{'; '.join(self.reasons)}; if so, merge them with: "
                f"kith merge {self.first.slug} {self.second.slug}")


def find_duplicates(contacts: Iterable[Contact], region: str | None = None) -> list[Duplicate]:
    """Pairs of contacts that may be one person, each pair once with every reason found."""
    ordered = sorted(contacts, key=lambda contact: contact.source.path)
    pairs: dict[tuple[str, str], Duplicate] = {}

    def found(first: Contact, second: Contact, reason: str) -> None:
        if first.source.path > second.source.path:
            first, second = second, first
        duplicate = pairs.setdefault((first.slug, second.slug), Duplicate(first, second))
        if reason not in duplicate.reasons:
            duplicate.reasons.append(reason)

    by_key: dict[tuple[str, str], list[Contact]] = defaultdict(list)
    for contact in ordered:
        keys: set[tuple[str, str]] = set()
        keys.update(("e-mail", email_key(email)) for email in contact.emails if email.strip())
        for number in contact.phones:
            key = phone_key(number, region)
            if key is not None:
                keys.add(("phone number", key))
        profile = linkedin_of(contact.links)
        if profile is not None:
            keys.add(("LinkedIn profile", profile))
        for key in keys:
            by_key[key].append(contact)
    for (what, key), holders in by_key.items():
        for other in holders[1:]:
            found(holders[0], other, f"same {what} {key}")
    _names(ordered, found)
    return sorted(pairs.values(), key=lambda d: (d.second.source.path, d.first.source.path))


def _names(contacts: list[Contact], found) -> None:  # type: ignore[no-untyped-def]
    """Same and near-identical names, compared within blocks (see the module's text)."""
    from rapidfuzz import fuzz

    exact: dict[str, list[Contact]] = defaultdict(list)
    blocks: dict[tuple[str, str, str], list[tuple[Contact, str]]] = defaultdict(list)
    for contact in contacts:
        tokens = name_tokens(contact.name)
        if not tokens:
            continue
        exact[" ".join(sorted(tokens))].append(contact)
        if len(tokens) < 2:
            continue
        words = [token for token in tokens if len(token) > 1] or tokens  # initials left out
        first, last = words[0], words[-1]
        joined = " ".join(tokens)
        for block in (("both", first, last), ("initial", first[0], last), ("last initial", first, last[0])):
            blocks[block].append((contact, joined))
    for holders in exact.values():
        for other in holders[1:]:
            if not companies_differ(holders[0], other):
                found(holders[0], other, "same name")
    for members in blocks.values():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        for index, (contact, text) in enumerate(members):
            for other, other_text in members[index + 1:]:
                if other.slug == contact.slug or text == other_text or companies_differ(contact, other):
                    continue
                if sorted(text.split()) == sorted(other_text.split()) or _other_initials(text, other_text):
                    continue  # the same words (reported as the same name), or other initials
                if fuzz.ratio(text, other_text) >= NAME_SIMILARITY or _one_drops_a_middle(text, other_text):
                    found(contact, other, f"near-identical names ({contact.name}, {other.name})")


def _one_drops_a_middle(first: str, second: str) -> bool:
    """`aisha k rahman` and `aisha rahman`: the same first and last word, one with more between."""
    one, two = first.split(), second.split()
    return one[0] == two[0] and one[-1] == two[-1] and len(one) != len(two)


def _other_initials(first: str, second: str) -> bool:
    """`aisha a king` and `aisha e king`: one letter apart, but two middle initials that differ
    say two people."""
    one, two = first.split(), second.split()
    return len(one) == len(two) and any(a != b and len(a) == 1 and len(b) == 1 for a, b in zip(one, two,
                                                                                               strict=True))
