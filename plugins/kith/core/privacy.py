"""What a published site may show: the one home of the privacy rule.

A private contact or note is never published, and neither is anything that names one: a
`[[link]]` to it reads "(private)" wherever text is shown, and a front-matter value that links to
it (a tag, an event, an expertise, a company...) is left out, so it never makes a page, a count or
a search entry. What plain text cannot hide, a private person's name typed as words, is found by
`plain_name_problem` so the user can fix it before publishing.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import ahocorasick_rs

from .links import WIKILINK, Match, Resolver, shown_target
from .model import Contact, Note, Problem

PRIVATE = "(private)"


@dataclass(frozen=True)
class Visibility:
    """Which records a build hides: none for a command in the user's own terminal, the private
    ones for a published site."""

    resolver: Resolver
    hidden_contacts: frozenset[str]
    hidden_notes: frozenset[str]

    @classmethod
    def of(cls, resolver: Resolver, contacts: Mapping[str, Contact], notes: Mapping[str, Note], *,
           include_private: bool) -> Visibility:
        if include_private:
            return cls(resolver, frozenset(), frozenset())
        return cls(resolver, frozenset(slug for slug, contact in contacts.items() if contact.private),
                   frozenset(slug for slug, note in notes.items() if note.private))

    @property
    def hides_anything(self) -> bool:
        return bool(self.hidden_contacts or self.hidden_notes)

    def hides(self, match: Match | None) -> bool:
        """Whether a link's target is not shown. A contact whose file cannot be read is never
        shown: whether it is private cannot be known."""
        if match is None or match.kind == "page":
            return False
        if match.kind == "broken":
            return True
        hidden = self.hidden_contacts if match.kind == "contact" else self.hidden_notes
        return match.slug in hidden

    def links_to_hidden(self, text: str) -> bool:
        """Whether a text has a `[[link]]` to a hidden contact or note."""
        if not self.hides_anything or "[[" not in text:
            return False
        return any(self.hides(self.resolver.resolve(m.group(1).strip())) for m in WIKILINK.finditer(text))

    def link_text(self, names: Callable[[str, str], str] | None = None) -> Callable[[str, str | None], str]:
        """How a `[[link]]` reads as plain text: its label, else the name of what it resolves to,
        else what was written; a hidden record reads "(private)", label and all (a label written
        about a private person names them too)."""

        def text(target: str, label: str | None) -> str:
            match = self.resolver.resolve(target)
            if match is None or match.kind == "page":
                return label or shown_target(target)
            if self.hides(match):
                return PRIVATE
            return label or (names(match.kind, match.slug) if names is not None else target)

        return text

    def plain(self, text: str, names: Callable[[str, str], str] | None = None) -> str:
        """A text with every `[[link]]` as it reads (see `link_text`)."""
        if "[[" not in text:
            return text
        read = self.link_text(names)
        return WIKILINK.sub(lambda m: read(m.group(1).strip(), (m.group(2) or "").strip() or None), text)

    def published_value(self, value: str | None) -> str | None:
        """A front-matter text as published: None when it links to a hidden record."""
        return None if value is not None and self.links_to_hidden(value) else value

    def published_values(self, values: Iterable[str]) -> list[str]:
        return [value for value in values if not self.links_to_hidden(value)]

    def published_tags(self, tags: list[str], sources: Mapping[str, str]) -> list[str]:
        """Tags as published: a tag written as a link to a hidden record is left out."""
        if not sources:
            return tags
        return [tag for tag in tags if tag not in sources or not self.links_to_hidden(sources[tag])]


# Plain words that name a private person, found with an Aho-Corasick automaton: one pass over the
# bytes whatever the number of names, where a regular expression tries every name at every
# character. A name is matched as whole words in any case, a single space or line break between
# them, except that a one-word name written all in lower case ("will", "may") is taken for the
# ordinary word it also is.
Text = tuple[int, str]  # (the file line the text starts on, the text)


@dataclass(frozen=True)
class PrivateNames:
    """Every private contact's name and aliases, compiled once for a scan of the public texts."""

    automaton: ahocorasick_rs.BytesAhoCorasick | None
    owners: list[str]  # for each pattern of the automaton, the private contact's name

    @classmethod
    def of(cls, contacts: Iterable[Contact]) -> PrivateNames:
        patterns: dict[bytes, str] = {}
        for contact in contacts:
            if contact.private:
                for value in (contact.name, *contact.aliases):
                    words = " ".join(value.split())
                    if len(words) < 2:
                        continue
                    # The text is lowered byte by byte (ASCII only, which is fast); a name with
                    # other letters is looked for as written, in lower case and in capitals.
                    for variant in (words, words.lower(), words.upper()):
                        for wrapped in _line_wraps(variant):
                            patterns.setdefault(wrapped.encode("utf-8").lower(), contact.name)
        if not patterns:
            return cls(None, [])
        automaton = ahocorasick_rs.BytesAhoCorasick(
            list(patterns), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        return cls(automaton, list(patterns.values()))

    def scan(self, texts: Sequence[Text]) -> list[tuple[int, int, str]]:
        """Each plain mention of a private contact in the texts, as (index of the text, file line,
        the contact's name), in the order of the texts, all searched in one pass; `[[links]]` are
        left alone (they are published as "(private)")."""
        if self.automaton is None or not texts:
            return []
        encoded = [text.encode("utf-8") for _, text in texts]
        starts: list[int] = []
        position = 0
        for data in encoded:
            starts.append(position)
            position += len(data) + 1
        haystack = b"\0".join(encoded).lower()
        found: list[tuple[int, int, str]] = []
        for pattern, start, end in self.automaton.find_matches_as_indexes(haystack):
            index = bisect.bisect_right(starts, start) - 1
            data, local = encoded[index], start - starts[index]
            local_end = local + end - start
            if not (_boundary(data, local - 1) and _boundary(data, local_end)):
                continue  # part of a longer word
            written = data[local:local_end].decode("utf-8", errors="replace")
            if (len(written.split()) == 1 and written.islower()) or _in_link(data, local, local_end):
                continue  # "will", "may": the word, not the person; or a link, published as (private)
            first_line = texts[index][0]
            found.append((index, first_line + data.count(b"\n", 0, local), self.owners[pattern]))
        return found


def _line_wraps(name: str) -> list[str]:
    """The name with each space also as a line break: hard-wrapped text breaks a name anywhere."""
    words = name.split(" ")
    if len(words) > 4:  # a long name is looked for as written only
        return [name]
    variants = [words[0]]
    for word in words[1:]:
        variants = [f"{head}{gap}{word}" for head in variants for gap in (" ", "\n")]
    return variants


def _boundary(data: bytes, index: int) -> bool:
    """Whether the byte at `index` (or the edge of the text) is not part of a word."""
    if index < 0 or index >= len(data):
        return True
    byte = data[index]
    return byte < 0x80 and not (chr(byte).isalnum() or byte == 0x5F)


def _in_link(data: bytes, start: int, end: int) -> bool:
    """Whether data[start:end] lies inside a `[[link]]` on its line."""
    line_start = data.rfind(b"\n", 0, start) + 1
    opening = data.rfind(b"[[", line_start, start)
    if opening < 0 or data.rfind(b"]]", opening, start) >= 0:
        return False
    line_end = data.find(b"\n", end)
    return data.find(b"]]", end, len(data) if line_end < 0 else line_end) >= 0


def plain_name_problem(path: str, line: int, name: str) -> Problem:
    """The warning for a line of a public record's texts that names a private contact as plain
    words."""
    return Problem(path, line, f"names the private contact '{name}' as plain text, which the site publishes "
                   f"as written; write [[{name}]] instead (it is shown as '{PRIVATE}'), or reword it")
