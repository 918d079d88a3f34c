"""Finding the person a user means on the command line, as people type names.

In order, the first step that names anyone decides:

1. the name, an alias or the slug as written, in any case (what a `[[link]]` finds);
2. the same with accents and punctuation left out: `jose nunez` is José Núñez, `obrien` O'Brien;
3. a first name, last name or any other word of a name, or several (`Priya`, `nunez`).

A step that names two people or more is ambiguous: the candidates are listed and the command
exits 2. When none names anyone, the closest names are suggested ("did you mean"), and nothing
is guessed. This is for the command line only: `[[links]]` in files stay exact (core/links.py).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from ..core.links import strip_link_syntax
from ..core.loader import Vault
from ..core.model import BrokenContact, Contact
from ..core.slugs import in_ascii, name_key, slugify
from .common import CommandError

AMBIGUOUS_EXIT = 2  # a usage error, as click's own: the command cannot know whom you meant
_NOT_WORD = re.compile(r"[^0-9a-z]+")


class PersonError(Exception):
    """Nobody, or more than one person, answers to a name; the message lists who might be meant."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def person_error(errors: Iterable[PersonError]) -> CommandError:
    """The command's failure for names that name nobody or more than one person: each message, and
    exit status 2 when one was ambiguous."""
    errors = list(errors)
    failure = CommandError("\nkith: ".join(str(error) for error in errors))
    failure.exit_code = max(error.exit_code for error in errors)
    return failure


def folded_words(text: str) -> list[str]:
    """A name's words without case, accents or punctuation: `José Núñez-O'Brien` -> jose nunez o brien."""
    return [word for word in _NOT_WORD.split(in_ascii(text).lower()) if word]


def name_words(name: str) -> list[str]:
    """The words a name is found by: each folded word (`o`, `brien`), and each word as written
    without its punctuation (`obrien` for O'Brien, `nunezgarcia` for Núñez-García)."""
    words = folded_words(name)
    for token in name.split():
        joined = "".join(folded_words(token))
        if joined and joined not in words:
            words.append(joined)
    return words


class People:
    """The vault's contacts indexed once for command-line lookups."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        # Every contact that answers to a name or alias, even when another file claims it too:
        # the core resolver keeps the first, a command should rather ask which one.
        self.holders: dict[str, list[str]] = defaultdict(list)
        # Folded names and aliases (`jose nunez`, and `josenunez`), and each word of a name.
        self.folded: dict[str, list[str]] = defaultdict(list)
        self.words: dict[str, list[str]] = defaultdict(list)
        for contact in vault.contacts.values():
            for value in (contact.name, *contact.aliases):
                _add(self.holders[name_key(value)], contact.slug)
                words = folded_words(value)
                for form in {" ".join(words), "".join(words)} - {""}:
                    _add(self.folded[form], contact.slug)
            for word in name_words(contact.name):
                _add(self.words[word], contact.slug)
        # Files that could not be read hold their names too (`broken:` plus their slug).
        for entry in vault.broken.values():
            words = folded_words(entry.name)
            for form in {" ".join(words), "".join(words)} - {""}:
                _add(self.folded[form], f"broken:{entry.slug}")
            for word in name_words(entry.name):
                _add(self.words[word], f"broken:{entry.slug}")

    def resolve(self, reference: str) -> Contact:
        reference = strip_link_syntax(reference)
        if not name_key(reference):
            raise PersonError("an empty name matches nobody")
        found = self.named(reference)
        if len(found) == 1:
            return self._one(found[0])
        if found:
            raise self.ambiguous(reference, found)
        raise PersonError(self.unknown_message(reference))

    def named(self, reference: str) -> list[str]:
        """Everyone the first step of the lookup (the module's docstring) that names anyone finds:
        contacts' slugs, and `broken:<slug>` for a file that could not be read."""
        reference = strip_link_syntax(reference)
        key = name_key(reference)
        contacts = self.vault.contacts
        if key in contacts:  # a slug names exactly one file
            return [key]
        holders = self.holders.get(key, [])
        if len(holders) > 1:
            return list(holders)
        slug = self.vault.resolver.contact(reference)
        if slug is not None:
            return [slug]
        broken = self.broken(reference)
        if broken is not None:
            return [f"broken:{broken.slug}"]
        words = folded_words(reference)
        return (self.folded.get(" ".join(words), []) or self.folded.get("".join(words), [])
                or self._by_words(words))

    def _by_words(self, words: list[str]) -> list[str]:
        """The people with every word typed among the words of their name."""
        if not words:
            return []
        found = self.words.get(words[0], [])
        for word in words[1:]:
            others = set(self.words.get(word, []))
            found = [slug for slug in found if slug in others]
        return found

    def _one(self, slug: str) -> Contact:
        if slug.startswith("broken:"):
            raise PersonError(broken_file_message(self.vault.broken[slug.removeprefix("broken:")]))
        return self.vault.contacts[slug]

    def ambiguous(self, reference: str, slugs: Iterable[str]) -> PersonError:
        listed = "\n".join(f"  {self._describe_slug(slug)}" for slug in slugs)
        return PersonError(f"'{reference}' is ambiguous; it could be:\n{listed}\n"
                           "Type more of the name, or the slug (the file name), to say which.",
                           AMBIGUOUS_EXIT)

    def _describe_slug(self, slug: str) -> str:
        if slug.startswith("broken:"):
            entry = self.vault.broken[slug.removeprefix("broken:")]
            return f"{entry.name} — {entry.path} (could not be read; see kith check)"
        return self.describe(self.vault.contacts[slug])

    def broken(self, reference: str) -> BrokenContact | None:
        """The contact file that could not be read but holds this name (or slug), if any."""
        match = self.vault.resolver.resolve(strip_link_syntax(reference))
        if match is not None and match.kind == "broken":
            return self.vault.broken.get(match.slug)
        return self.vault.broken.get(slugify(strip_link_syntax(reference)))

    def candidates(self, reference: str, limit: int = 5) -> list[Contact]:
        """The closest contacts: names and words of names a typo or two away (rapidfuzz, accents
        and case left out), near-spellings from the core resolver, then word-prefix matches."""
        contacts = self.vault.contacts
        found: dict[str, None] = {}
        for slug in self._near(folded_words(reference)):
            if slug in contacts:
                found.setdefault(slug)
        for key in self.vault.resolver.candidates(reference, limit):
            slug = self.vault.resolver.contact(key)
            if slug is not None:
                found.setdefault(slug)
        for contact in contacts.values():
            if len(found) >= limit:
                break
            if any(_starts_words(reference, value) for value in (contact.name, *contact.aliases)):
                found.setdefault(contact.slug)
        return [contacts[slug] for slug in list(found)[:limit]]

    def _near(self, words: list[str]) -> list[str]:
        """Slugs whose folded name, alias or name word is a typo or two from what was typed (one
        edit in a short word, two in a name, three in a long one; a swap of two letters is one),
        nearest first. A ratio of shared letters would also offer 'Osei' for 'jose'."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        typed = " ".join(words)
        if not typed:
            return []
        choices = list(self.folded) + (list(self.words) if len(words) == 1 else [])
        edits = 1 if len(typed) <= 5 else 2 if len(typed) <= 12 else 3
        matches = process.extract(typed, choices, scorer=OSA.distance, score_cutoff=edits, limit=10)
        ranked: dict[str, None] = {}
        for choice, _, _ in sorted(matches, key=lambda m: (m[1], m[0])):
            for slug in self.folded.get(choice, []) + self.words.get(choice, []):
                ranked.setdefault(slug)
        return list(ranked)

    def unknown_message(self, reference: str) -> str:
        close = [self.describe(contact) for contact in self.candidates(reference)]
        # Files that could not be read hold names too: point at them rather than suggest a second file.
        broken = [slug for slug in self._near(folded_words(reference)) if slug.startswith("broken:")]
        broken += [f"broken:{entry.slug}" for entry in self.vault.broken.values()
                   if _starts_words(reference, entry.name)]
        close += [self._describe_slug(slug) for slug in list(dict.fromkeys(broken))[:5]]
        if not close:
            return (f"nobody called '{reference}': no contact has that name, alias or slug. "
                    f"Add them with: kith add \"{reference}\"")
        listed = "\n".join(f"  {line}" for line in close)
        return f"nobody called '{reference}'. Did you mean:\n{listed}"

    def describe(self, contact: Contact) -> str:
        extra = f" (aka {', '.join(contact.aliases)})" if contact.aliases else ""
        return f"{contact.name}{extra} — {contact.source.path}"

    def owner_of(self, value: str) -> tuple[Contact, str] | None:
        """The contact already answering to a name, alias or slug, and which of those it is."""
        key = name_key(value)
        contacts = self.vault.contacts
        slug = key if key in contacts else (self.holders.get(key) or [None])[0]
        if slug is None:
            slug = self.vault.resolver.contact(value)  # e.g. "Kim Osei" and the slug kim-osei
        if slug is None or slug not in contacts:
            return None
        contact = contacts[slug]
        if name_key(contact.name) == key:
            return contact, "the name"
        if any(name_key(alias) == key for alias in contact.aliases):
            return contact, "an alias"
        return contact, "the slug"

    def link_for(self, contact: Contact) -> str:
        """How a note names this person: `[[Name]]`, or `[[slug]]` when the name is not theirs alone."""
        by_name = f"[[{contact.name}]]"
        # A name with `#` or `|` in it cannot be written as a link (they start a heading or label).
        if len(self.holders.get(name_key(contact.name), [])) == 1 \
                and self.vault.resolver.contact(by_name) == contact.slug:
            return by_name
        return f"[[{contact.slug}]]"


def broken_file_message(broken: BrokenContact) -> str:
    """A name whose contact file is there but cannot be read: where, why, and what to do."""
    problem = broken.reason
    where = f"{problem.path}:{problem.line}" if problem.line else problem.path
    return (f"{broken.name} has a contact file, {broken.path}, but it could not be read: {where}: "
            f"{problem.message}. Fix that file (kith check lists every problem); kith will not make a "
            "second file for the same person")


def _starts_words(typed: str, name: str) -> bool:
    """"kim" finds Kim Osei and Kim Lee: every word typed starts a word of the name (or its slug)."""
    words = name_key(typed).split()
    parts = name_key(name).split() + slugify(name).split("-")
    return bool(words) and all(any(part.startswith(word) for part in parts) for word in words)


def _add(slugs: list[str], slug: str) -> None:
    if slug not in slugs:
        slugs.append(slug)
