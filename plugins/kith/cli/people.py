"""Finding the person a user means on the command line: by name, alias or slug."""

from __future__ import annotations

from collections import defaultdict

from ..core.links import strip_link_syntax
from ..core.loader import Vault
from ..core.model import BrokenContact, Contact
from ..core.slugs import name_key, slugify


class PersonError(Exception):
    """Nobody, or more than one person, answers to a name; the message lists who might be meant."""


class People:
    """The vault's contacts indexed once for command-line lookups."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        # Every contact that answers to a name or alias, even when another file claims it too:
        # the core resolver keeps the first, a command should rather ask which one.
        self.holders: dict[str, list[str]] = defaultdict(list)
        for contact in vault.contacts.values():
            for value in (contact.name, *contact.aliases):
                slugs = self.holders[name_key(value)]
                if contact.slug not in slugs:
                    slugs.append(contact.slug)

    def resolve(self, reference: str) -> Contact:
        reference = strip_link_syntax(reference)
        key = name_key(reference)
        if not key:
            raise PersonError("an empty name matches nobody")
        contacts = self.vault.contacts
        if key in contacts:  # a slug names exactly one file
            return contacts[key]
        holders = self.holders.get(key, [])
        if len(holders) > 1:
            listed = "\n".join(f"  {self.describe(contacts[slug])}" for slug in holders)
            raise PersonError(f"'{reference}' is ambiguous; it could be:\n{listed}\n"
                              "Use the slug (the file name) to say which.")
        slug = self.vault.resolver.contact(reference)
        if slug is None:
            broken = self.broken(reference)
            raise PersonError(broken_file_message(broken) if broken else self.unknown_message(reference))
        return contacts[slug]

    def broken(self, reference: str) -> BrokenContact | None:
        """The contact file that could not be read but holds this name (or slug), if any."""
        match = self.vault.resolver.resolve(strip_link_syntax(reference))
        if match is not None and match.kind == "broken":
            return self.vault.broken.get(match.slug)
        return self.vault.broken.get(slugify(strip_link_syntax(reference)))

    def candidates(self, reference: str, limit: int = 5) -> list[Contact]:
        """The closest contacts: near-spellings from the core resolver, then word-prefix matches."""
        contacts = self.vault.contacts
        found: dict[str, None] = {}
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

    def unknown_message(self, reference: str) -> str:
        close = [self.describe(contact) for contact in self.candidates(reference)]
        # Files that could not be read hold names too: point at them rather than suggest a second file.
        close += [f"{entry.name} — {entry.path} (could not be read; see kith check)"
                  for entry in self.vault.broken.values() if _starts_words(reference, entry.name)][:5]
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
