"""Contacts in and out of kith: the record every importer produces and every exporter reads.

This package is pure conversion: it knows the kith front-matter fields (DESIGN.md, "The file
format") but nothing else of kith, so importers can be tested on bytes alone. The formats live in
`kith.core.interchange.vcard` (vCard 2.1/3.0/4.0) and `kith.core.interchange.linkedin`
(LinkedIn's Connections.csv).
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..text import without_controls

__all__ = [
    "ContactRecord",
    "Problem",
    "decode_lines",
    "normalize_birthday",
    "normalize_date",
    "normalize_tag",
    "normalize_tags",
]

# (line, message): line is 1-based in the input, or None when the problem is about the whole input.
Problem = tuple[int | None, str]


@dataclass
class ContactRecord:
    """One person as importers read them and exporters write them."""

    name: str
    aliases: list[str] = field(default_factory=list)  # other names: vCard NICKNAME
    # The name's parts as the address book had them (vCard N): prefix, given, middle, family,
    # suffix, each one or more texts. Empty when they are what `split_name` makes of the name.
    name_parts: dict[str, list[str]] = field(default_factory=dict)
    company: str | None = None
    role: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)  # label -> URL, e.g. {"linkedin": ...}
    birthday: str | None = None  # "MM-DD" (no year) or "YYYY-MM-DD"
    location: str | None = None
    met: str | None = None  # "YYYY-MM-DD"
    tags: list[str] = field(default_factory=list)  # slug-like: lower-case, spaces -> '-'
    note: str | None = None  # free text; becomes the Markdown body
    source_line: int | None = None  # 1-based line where the record starts in its input

    def front_matter(self) -> dict:
        """The contact's YAML front matter, keys in DESIGN.md order, empty values left out.

        `met` and a birthday with a year come back as `datetime.date`, so YAML writes them as
        plain dates (`met: 2024-03-12`) like a hand-written file; values that are not valid dates
        stay strings rather than being dropped.
        """
        meta: dict = {"name": self.name}
        aliases = [alias for alias in self.aliases if alias.strip() and alias != self.name]
        if aliases:
            meta["aliases"] = aliases
        parts = {part: texts[0] if len(texts) == 1 else list(texts)
                 for part, texts in self.name_parts.items() if texts}
        if parts:
            meta["name_parts"] = parts
        if self.company:
            meta["company"] = self.company
        if self.role:
            meta["role"] = self.role
        if self.emails:
            meta["email"] = self.emails[0] if len(self.emails) == 1 else list(self.emails)
        if self.phones:
            meta["phone"] = self.phones[0] if len(self.phones) == 1 else list(self.phones)
        links = {label: url for label, url in self.links.items() if label and url}
        if links:
            meta["links"] = links
        if self.location:
            meta["location"] = self.location
        if self.tags:
            meta["tags"] = list(self.tags)
        if self.met:
            meta["met"] = _as_date_if_full(self.met)
        if self.birthday:
            meta["birthday"] = _as_date_if_full(self.birthday)
        return meta

    def remove_controls(self) -> list[str]:
        """Take control characters (terminal escapes, bidirectional overrides) out of every text
        field, so that none reaches a contact file or a terminal; the fields that had any.

        The note keeps its line breaks and tabs: it becomes the Markdown body."""
        changed: list[str] = []

        def clean(what: str, value: str) -> str:
            # A whole escape sequence goes, not only its ESC: `Eve \x1b[2JMallory` is `Eve Mallory`.
            cleaned, _ = without_controls(_ESCAPE_SEQUENCE.sub("", value))
            if cleaned != value and what not in changed:
                changed.append(what)
            return cleaned

        def clean_optional(what: str, value: str | None) -> str | None:
            return None if value is None else clean(what, value)

        self.name = clean("name", self.name)
        self.aliases = [clean("aliases", alias) for alias in self.aliases]
        self.name_parts = {part: [clean("name", text) for text in texts]
                           for part, texts in self.name_parts.items()}
        self.company = clean_optional("company", self.company)
        self.role = clean_optional("role", self.role)
        self.emails = [clean("email", value) for value in self.emails]
        self.phones = [clean("phone", value) for value in self.phones]
        self.links = {clean("links", label): clean("links", url) for label, url in self.links.items()}
        self.birthday = clean_optional("birthday", self.birthday)
        self.location = clean_optional("location", self.location)
        self.met = clean_optional("met", self.met)
        self.tags = [clean("tags", tag) for tag in self.tags]
        if self.note is not None:
            self.note = "\n".join("\t".join(clean("note", part) for part in line.split("\t"))
                                  for line in self.note.replace("\r\n", "\n").split("\n"))
        return changed


# Terminal escape sequences: CSI (`ESC [ 2 J`), OSC up to BEL or ST (`ESC ] 52 ; c ; ... BEL`),
# and the two-character ones (`ESC c`). What is left of a broken one is removed as controls.
_ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]"
                              r"|\x9b[0-?]*[ -/]*[@-~]|\x9d[^\x07\x1b\x9c]*(?:\x07|\x9c)")


def _as_date_if_full(value: str) -> dt.date | str:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return value


# ---- helpers shared by the readers -------------------------------------------------------------

_WS = re.compile(r"\s+")
_NOT_TAG = re.compile(r"[^\w/]+")


def normalize_tag(tag: str) -> str:
    """`Friends & Family` -> `friends-family`: the slug form kith uses for topics ('/' nests)."""
    text = unicodedata.normalize("NFKC", tag).strip().lstrip("#").casefold()  # as core slugs do
    text = _NOT_TAG.sub("-", _WS.sub("-", text)).replace("_", "-")
    text = re.sub(r"-{2,}", "-", text)
    return "/".join(part.strip("-") for part in text.split("/") if part.strip("-"))


def normalize_tags(tags: Iterable[str]) -> list[str]:
    """Slug every tag, dropping empties and duplicates but keeping the order."""
    out: list[str] = []
    for tag in tags:
        slug = normalize_tag(tag)
        if slug and slug not in out:
            out.append(slug)
    return out


_FULL_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$")
_MONTH_DAY = re.compile(r"^(?:--)?(\d{1,2})-?(\d{2})$")


def normalize_date(value: object) -> str | None:
    """`YYYY-MM-DD` from a date, `2024-03-12`, `20240312` or an ISO timestamp; else None."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    match = _FULL_DATE.match(str(value).strip())
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        return None


def normalize_birthday(value: object) -> str | None:
    """`YYYY-MM-DD` or `MM-DD` (year unknown) from the forms contact apps write; else None."""
    full = normalize_date(value)
    if full:
        return full
    if isinstance(value, dt.date):
        return None
    text = str(value).strip()
    match = _MONTH_DAY.match(text)
    # A bare "0417" is too ambiguous to be a birthday; the compact form needs the "--".
    if not match or ("-" not in text):
        return None
    month, day = int(match.group(1)), int(match.group(2))
    try:
        dt.date(2000, month, day)  # a leap year, so 02-29 is accepted
    except ValueError:
        return None
    return f"{month:02d}-{day:02d}"


def decode_lines(data: bytes | str, source: str = "") -> tuple[list[str], list[Problem]]:
    """Split input into lines (LF, CRLF, CR or CR CR LF), decoding bytes as UTF-8 line by line.

    A line that is not UTF-8 is read as Windows-1252 (Latin-1 plus the curly quotes and dashes
    Windows puts in 0x80-0x9F) and the first such line is reported, because accented names may
    then be wrong. Decoding per line keeps one stray byte from garbling the rest of the file.
    UTF-16 (with a BOM, or the NUL-riddled text some Windows tools write) is decoded whole.
    """
    problems: list[Problem] = []
    if isinstance(data, str):
        return _split_text(data.removeprefix("\ufeff")), problems
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _split_text(data.decode("utf-16", errors="replace").removeprefix("\ufeff")), problems
    if len(data) >= 4 and data[1] == 0 and data[3] == 0 and data[0] != 0:
        return _split_text(data.decode("utf-16-le", errors="replace")), problems
    if len(data) >= 4 and data[0] == 0 and data[2] == 0 and data[1] != 0:
        return _split_text(data.decode("utf-16-be", errors="replace")), problems
    raw_lines = _LINE_BREAK_BYTES.split(data.removeprefix(codecs.BOM_UTF8))
    if raw_lines and not raw_lines[-1]:
        raw_lines.pop()  # the break after the last line does not start another line
    lines: list[str] = []
    guessed: list[int] = []
    for number, raw in enumerate(raw_lines, start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(decode_legacy(raw))
            guessed.append(number)
    if guessed:
        where = f"{source} is" if source else "this line is"
        more = f" (so are {len(guessed) - 1} more lines)" if len(guessed) > 1 else ""
        problems.append((guessed[0], f"{where} not valid UTF-8{more}; read as Windows-1252 "
                         "(Latin-1), so check accented characters"))
    return lines, problems


# The five bytes Windows-1252 leaves undefined; Latin-1 maps them to control characters.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def decode_legacy(raw: bytes) -> str:
    """Windows-1252 text, never failing (undefined bytes fall back to Latin-1)."""
    return "".join(chr(byte) if byte in _CP1252_UNDEFINED else bytes([byte]).decode("cp1252")
                   for byte in raw)


# A line ends at LF, CR LF, CR, or CR CR LF: the iPhone's exports (and text that went through a
# CR LF -> CR CR LF conversion twice) end every line that way, which is one line end, not two.
_LINE_BREAK_STR = re.compile(r"\r*\n|\r")
_LINE_BREAK_BYTES = re.compile(rb"\r*\n|\r")


def _split_text(text: str) -> list[str]:
    lines = _LINE_BREAK_STR.split(text)
    if lines and not lines[-1]:
        lines.pop()  # the break after the last line does not start another line
    return lines
