"""`[[links]]`: finding them in text and resolving them to contacts and notes."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .model import Link, Problem
from .slugs import name_key, slugify

# [[target]], [[target|label]], [[target#heading|label]]; no brackets or newlines inside.
WIKILINK = re.compile(r"\[\[([^\[\]|#\n]+?)(?:#[^\[\]|\n]*)?(?:\|([^\[\]\n]*))?\]\]")
# Inline code: the page shows it as written (see site/markdown.py), so it holds no links.
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def find_links(text: str, first_line: int = 1) -> list[Link]:
    """Every `[[link]]` in a Markdown text with its line, skipping fenced and inline code."""
    links: list[Link] = []
    if "[[" not in text:
        return links
    if "`" not in text and "~~~" not in text:
        # No code at all (the usual note): one pass over the whole text. A link never spans
        # lines (WIKILINK matches no newline), so these are the matches line by line would find.
        number, counted = first_line, 0
        for match in WIKILINK.finditer(text):
            number += text.count("\n", counted, match.start())
            counted = match.start()
            links.append(Link(target=match.group(1).strip(), label=_clean_label(match.group(2)), line=number,
                              embed=is_embed(text, match)))
        return links
    for number, line in iter_prose_lines(text, first_line):
        if "[[" in line:
            if "`" in line:
                line = _CODE_SPAN.sub(lambda code: " " * len(code.group(0)), line)
            links.extend(links_in_line(line, number))
    return links


def links_in_line(line: str, number: int | None) -> list[Link]:
    return [
        Link(target=match.group(1).strip(), label=_clean_label(match.group(2)), line=number,
             embed=is_embed(line, match))
        for match in WIKILINK.finditer(line)
    ]


def _clean_label(label: str | None) -> str | None:
    if label is None:
        return None
    label = label.strip()
    return label or None


def iter_prose_lines(text: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """Lines of a Markdown text outside fenced code blocks, numbered from first_line."""
    lines = text.split("\n")
    if "```" not in text and "~~~" not in text:  # no fence, so every line is prose
        yield from enumerate(lines, first_line)
        return
    in_code = code_fence_mask(lines)
    for offset, line in enumerate(lines):
        if not in_code[offset]:
            yield first_line + offset, line


# A fenced code block as Markdown reads one (Python-Markdown's `fenced_code` and `superfences`
# both): an opening fence at the start of a line, and a closing line of exactly the same fence.
# A fence that is never closed, or has something else after it, is not code but text.
_FENCE_OPENING = re.compile(r"(`{3,}|~{3,}) *(?:\{[^\n]*\}|\.?[\w#.+-]* *)$")
_FENCE_ONLY = re.compile(r"(`{3,}|~{3,}) *$")


def code_fence_mask(lines: list[str]) -> list[bool]:
    """For each line, whether it is a fence or inside a fenced code block."""
    mask = [False] * len(lines)
    if not any(line.startswith(("```", "~~~")) for line in lines):
        return mask
    closings: dict[str, list[int]] = {}  # fence -> the lines that could close it, in order
    for index, line in enumerate(lines):
        only = _FENCE_ONLY.match(line)
        if only:
            closings.setdefault(only.group(1), []).append(index)
    index = 0
    while index < len(lines):
        opening = _FENCE_OPENING.match(lines[index])
        if opening:
            candidates = closings.get(opening.group(1), [])
            position = bisect.bisect_right(candidates, index)
            if position < len(candidates):
                closing = candidates[position]
                mask[index:closing + 1] = [True] * (closing + 1 - index)
                index = closing + 1
                continue
        index += 1
    return mask


def strip_link_syntax(value: str) -> str:
    """`[[Kim Osei]]` -> `Kim Osei`; other text unchanged."""
    value = value.strip()
    match = WIKILINK.fullmatch(value)
    if match is None and value.startswith("![[") and WIKILINK.fullmatch(value[1:]):
        match = WIKILINK.fullmatch(value[1:])
    return match.group(1).strip() if match else value


def is_embed(text: str, match: re.Match[str]) -> bool:
    """Whether a `[[link]]` found in `text` is an embed (`![[...]]`), which never names a person."""
    return match.start() > 0 and text[match.start() - 1] == "!"


def shown_target(target: str) -> str:
    """How a link to a page that is not a person or a note reads: `[[People/Mira Castell.md]]` as
    "Mira Castell"."""
    if "/" in target or "\\" in target:
        target = target.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return target[:-3] if target[-3:].lower() == ".md" else target


@lru_cache(maxsize=1 << 16)  # a vault links the same few thousand names over and over
def reference_key(reference: str) -> str:
    """How a link names what it links to: `[[People/Mira Castell.md]]` by its last part, without
    the extension, compared in any case and spacing."""
    return name_key(shown_target(strip_link_syntax(reference)))


@lru_cache(maxsize=1 << 16)
def slug_key(normal: str) -> str:
    """A reference key as its slug is compared (`kim-osei` names Kim Osei)."""
    return name_key(slugify(normal))


@dataclass(frozen=True)
class Match:
    kind: str  # "contact", "note", "broken" (a contact whose file cannot be read) or "page"
    slug: str


class Resolver:
    """One case-insensitive index of everything a `[[link]]` may name: every contact's name,
    aliases, slug and file name, every note's slug, file name and title, contacts whose file cannot
    be read, and any other Markdown page of the vault (a company, a book: shown as text).

    Contacts win over notes, notes over pages; a note is found by its title when no other note
    has it.
    """

    def __init__(self) -> None:
        self._contacts: dict[str, str] = {}
        self._broken: dict[str, str] = {}
        self._emails: dict[str, str] = {}
        self._broken_problems: dict[str, Problem] = {}  # by slug: why the file cannot be read
        self._notes: dict[str, str] = {}
        self._note_titles: dict[str, str | None] = {}  # None: the title is ambiguous
        self._pages: set[str] = set()
        self._candidates: dict[tuple[str, int, int], list[str]] = {}
        self._near: dict[str, list[str]] = {}

    def claim_contact(self, key: str, slug: str) -> str | None:
        """Register a name, alias or slug; returns the slug that already holds it, if another."""
        normal = name_key(key)
        holder = self._contacts.get(normal)
        if holder is not None and holder != slug:
            return holder
        self._contacts[normal] = slug
        return None

    def claim_email(self, address: str, slug: str) -> None:
        """An e-mail address of a contact: a people field may name them by it (`attendees:` as a
        calendar writes them). The first contact with an address keeps it."""
        self._emails.setdefault(name_key(address), slug)

    def claim_broken(self, key: str, slug: str, problem: Problem) -> None:
        """A name of a contact whose file cannot be read: links to it find it, not nobody."""
        self._broken.setdefault(name_key(key), slug)
        self._broken_problems.setdefault(slug, problem)

    def broken_problem(self, slug: str) -> Problem:
        """Where and why the file of a contact that cannot be read (a "broken" match) failed."""
        return self._broken_problems[slug]

    def add_note(self, slug: str, title: str, stem: str | None = None) -> None:
        self._notes[name_key(slug)] = slug
        if stem is not None:
            self._notes.setdefault(name_key(stem), slug)
        title_key = name_key(title)
        self._note_titles[title_key] = None if title_key in self._note_titles else slug

    def add_page(self, stem: str) -> None:
        """Another Markdown file of the vault: a link to it is normal, and reads as text."""
        self._pages.add(name_key(stem))

    def contact(self, reference: str) -> str | None:
        normal = reference_key(reference)
        found = self._contacts.get(normal)
        if found is None and "@" in normal:
            found = self._emails.get(normal)
        if found is None and normal:
            # `kim-osei` and `Kim Osei` name the same person even when only one was declared.
            found = self._contacts.get(slug_key(normal))
        return found

    def resolve(self, reference: str) -> Match | None:
        contact = self.contact(reference)
        if contact is not None:
            return Match("contact", contact)
        normal = reference_key(reference)
        broken = self._broken.get(normal) or self._broken.get(slug_key(normal))
        if broken is not None:
            return Match("broken", broken)
        note = (self._notes.get(normal) or self._note_titles.get(normal)
                or self._notes.get(slug_key(normal)))
        if note:
            return Match("note", note)
        if normal in self._pages:
            return Match("page", normal)
        return None

    def near_contacts(self, reference: str) -> list[str]:
        """Names and aliases one or two edits from an unknown reference: a person was meant. Two
        edits only in a name of eight letters or more, and none in one of four or fewer: `[[Art]]`
        is not a misspelt Ari, nor `[[Jazz]]` a misspelt Jaz."""
        normal = reference_key(reference)[:200]
        found = self._near.get(normal)
        if found is None:
            from rapidfuzz import process
            from rapidfuzz.distance import Levenshtein

            edits = 2 if len(normal) >= 8 else 1
            matches = process.extract(normal, list(self._contacts), scorer=Levenshtein.distance,
                                      score_cutoff=edits, limit=6) if len(normal) > 4 else []
            best: dict[str, str] = {}  # one suggestion per person
            for candidate, _, _ in sorted(matches, key=lambda m: (m[1], m[0])):
                best.setdefault(self._contacts[candidate], candidate)
            found = self._near[normal] = list(best.values())[:3]
        return list(found)

    def candidates(self, reference: str, limit: int = 5) -> list[str]:
        """The names closest to an unknown reference, for "did you mean" messages."""
        import difflib

        normal = reference_key(reference)[:200]  # a long text matches no name
        key = (normal, limit, len(self._contacts))
        found = self._candidates.get(key)
        if found is None:
            # One comparison per known name: cached, since a missing name is usually missed often.
            close = difflib.get_close_matches(normal, list(self._contacts), n=limit * 3, cutoff=0.6)
            best: dict[str, str] = {}  # one suggestion per person: `aisha rahman`, not also `aisha-rahman`
            for candidate in close:
                best.setdefault(self._contacts[candidate], candidate)
            found = self._candidates[key] = list(best.values())[:limit]
        return list(found)
