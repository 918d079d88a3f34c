"""Reading a vault: `contacts/` and `notes/` into the model, with every problem as a record.

One loader for the plugin and the CLI. A broken file yields problems, never an exception:
the rest of the vault always loads. Files are re-read only when they change, so a
`VaultLoader` kept between builds makes rebuilds cheap.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from .dates import DateError, parse_birthday, parse_cadence, parse_date, shown
from .links import WIKILINK, Resolver, find_links, iter_prose_lines, links_in_line, strip_link_syntax
from .model import CIRCLES, NOTE_KINDS, Contact, Link, Note, Problem, Severity, Source, Task
from .slugs import slugify, tag_key

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrontMatterLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The C safe loader, but dates stay text so kith can say which date is wrong and where."""


FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


class IntAsWritten(int):
    """A YAML integer that reads back as written: `phone: +447700900123` keeps its plus,
    `phone: 0777` its leading zero (YAML would make it 511), while `cadence: 45` still counts."""

    text: str

    def __new__(cls, value: int, text: str) -> IntAsWritten:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text

    def __reduce__(self) -> tuple[type, tuple[int, str]]:  # copy and pickle keep the text
        return IntAsWritten, (int(self), self.text)


FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:int", lambda loader, node: IntAsWritten(loader.construct_yaml_int(node), node.value)
)

_HANDLER = YAMLHandler()
_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
_TASK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s+(.*)$")
_DUE_EMOJI = re.compile(r"📅\s*(\S+)")
_DUE_FIELD = re.compile(r"(?<!\S)due:\s*(\S+)")
_DONE_DATE = re.compile(r"✅\s*\d{4}-\d{2}-\d{2}")
_WAITING = re.compile(r"(?<!\S)#waiting\b", re.IGNORECASE)
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}[-_ ]*")

# Field names other tools use, read where unambiguous: the first present wins.
CONTACT_FIELDS = {
    "company": ("company", "organization", "organisation", "org"),
    "role": ("role", "title", "job_title", "position"),
    "email": ("email", "emails"),
    "phone": ("phone", "phones", "tel", "mobile"),
}
NOTE_FIELDS = {"with": ("with", "participants", "people", "attendees")}


@dataclass
class RawFile:
    """A file split into front matter and body, before any field is interpreted."""

    source: Source
    meta: dict[str, Any]
    key_lines: dict[str, int]
    body: str
    body_line: int
    problems: list[Problem] = field(default_factory=list)
    usable: bool = True


@dataclass
class Vault:
    """Everything read from one vault: all contacts and notes, private ones included."""

    root: Path
    contacts: dict[str, Contact]
    notes: dict[str, Note]
    problems: list[Problem]
    resolver: Resolver


def read_file(path: Path, relative: str) -> RawFile:
    """Read and split one file; problems for encoding and YAML, never an exception."""
    problems: list[Problem] = []
    try:
        stat = path.stat()
        data = path.read_bytes()
    except OSError as error:
        source = Source(relative)
        problem = Problem(relative, None, f"cannot be read ({error.strerror}); check that the file "
                          "exists (a link may point nowhere) and that you may read it", Severity.ERROR)
        return RawFile(source, {}, {}, "", 1, [problem], usable=False)
    source = Source(relative, stat.st_mtime_ns, stat.st_size)
    text = _decode(data, relative, problems)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        problems.append(Problem(
            relative, 1, "is empty; add front matter between '---' lines, or delete the file",
            Severity.ERROR,
        ))
        return RawFile(source, {}, {}, "", 1, problems, usable=False)
    if not _HANDLER.detect(text):
        problems.append(Problem(relative, 1, _no_front_matter(text), Severity.ERROR))
        return RawFile(source, {}, {}, text, 1, problems, usable=False)
    try:
        front, body = _HANDLER.split(text)
    except ValueError:
        problems.append(Problem(
            relative, 1, "front matter is not closed; add a '---' line after the last field",
            Severity.ERROR,
        ))
        return RawFile(source, {}, {}, text, 1, problems, usable=False)
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    body_stripped = body.lstrip("\n")
    body_line += len(body) - len(body_stripped)
    # `front` starts right after the opening '---' (which may swallow blank lines): the
    # file line of its first character, so YAML marks and field lines point at the right line.
    opening = _HANDLER.FM_BOUNDARY.match(text)
    first_line = text.count("\n", 0, opening.end() if opening else 0) + 1
    too_deep = _nesting_problem(relative, front, first_line)
    if too_deep is not None:
        problems.append(too_deep)
        return RawFile(source, {}, {}, body_stripped, body_line, problems, usable=False)
    try:
        meta = yaml.load(front, Loader=FrontMatterLoader) if front.strip() else {}
    except yaml.YAMLError as error:
        problems.append(_yaml_problem(relative, front, error, first_line))
        return RawFile(source, {}, {}, body_stripped, body_line, problems, usable=False)
    except (ValueError, RecursionError, MemoryError) as error:  # e.g. a number with 5000 digits
        long_number = re.search(r"\d{1000,}", front)
        if long_number is not None:
            line = front.count("\n", 0, long_number.start()) + first_line
            message = (f"front matter could not be read: a number of {len(long_number.group())} digits "
                       "is too long; put the value in quotes, or shorten it")
        else:
            line = _first_content_line(front, first_line)
            message = (f"front matter could not be read ({shown(error, 80)}); "
                       "write plain 'field: value' lines")
        problems.append(Problem(relative, line, message, Severity.ERROR))
        return RawFile(source, {}, {}, body_stripped, body_line, problems, usable=False)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        problems.append(Problem(
            relative, _first_content_line(front, first_line),
            f"front matter must be 'field: value' lines, but it is {_described(meta)}; "
            "write e.g. 'name: Aisha Rahman' (a contact) or 'date: 2026-11-20' (a note)",
            Severity.ERROR,
        ))
        return RawFile(source, {}, {}, body_stripped, body_line, problems, usable=False)
    meta = {str(key).strip().lower(): _unquoted_links(value) for key, value in meta.items()}
    key_lines, repeated = _key_lines(front, first_line)
    for key, lines in repeated.items():
        problems.append(Problem(
            relative, lines[-1],
            f"'{key}' is given more than once (lines {', '.join(map(str, lines))}); only the last "
            "one counts, so remove the others",
        ))
    return RawFile(source, meta, key_lines, body_stripped, body_line, problems)


def _decode(data: bytes, relative: str, problems: list[Problem]) -> str:
    """The file's text: UTF-8 (with or without a byte-order mark); anything else is reported."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Windows Notepad's "Unicode": read correctly, but ask for UTF-8, which every tool reads.
        problems.append(Problem(relative, 1, "is saved as UTF-16; save it as UTF-8 in your editor"))
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(Problem(
            relative, line,
            f"is not UTF-8 text (byte 0x{data[error.start]:02x} on this line; read as Windows-1252, "
            "so some characters may be wrong); save the file as UTF-8 in your editor",
        ))
        return data.decode("cp1252", errors="replace")


def _no_front_matter(text: str) -> str:
    """What is wrong with the start of a file that has no '---' front matter, and the fix."""
    start = text.lstrip()
    if start.startswith("---"):
        return ("has its front matter too late: the first line must be '---'; "
                "remove the blank lines or spaces before it")
    if start.startswith("+++"):
        return ("has TOML front matter ('+++'); kith reads YAML: put the fields between '---' lines, "
                "written 'field: value'")
    return ("has no front matter; start the file with a '---' line, then the fields "
            "(e.g. 'name: Aisha Rahman' or 'date: 2026-11-20'), then another '---'")


# libyaml recurses once per level of nested lists; thousands of `[` crash the process.
_MAX_NESTING = 200


def _nesting_problem(relative: str, front: str, first_line: int) -> Problem | None:
    if front.count("[") + front.count("{") <= _MAX_NESTING:
        return None
    depth = deepest = 0
    deepest_at = 0
    for match in re.finditer(r"[\[\]{}]", front):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth > deepest:
            deepest, deepest_at = depth, match.start()
    if deepest <= _MAX_NESTING:
        return None
    return Problem(
        relative, front.count("\n", 0, deepest_at) + first_line,
        f"front matter nests lists more than {_MAX_NESTING} levels deep; write plain values, "
        "e.g. 'tags: [a, b]'", Severity.ERROR)


def _unquoted_link(value: object) -> str | None:
    """`with: [[Aisha Rahman]]` without quotes is YAML for a list in a list: read it as the link."""
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], list) and len(value[0]) == 1 \
            and isinstance(value[0][0], str):
        return f"[[{value[0][0]}]]"
    return None


def _unquoted_links(value: object) -> object:
    """A value with its unquoted `[[links]]` (the value itself, or items of a list) as text."""
    link = _unquoted_link(value)
    if link is not None:
        return link
    if isinstance(value, list):
        return [_unquoted_link(item) or item for item in value]
    return value


def _first_content_line(front: str, first_line: int) -> int:
    for offset, line in enumerate(front.split("\n")):
        if line.strip():
            return first_line + offset
    return first_line


def _described(value: object) -> str:
    if isinstance(value, list):
        return "a list ('- ' lines)"
    return f"the text '{shown(value)}'"


def _yaml_problem(relative: str, front: str, error: yaml.YAMLError, first_line: int) -> Problem:
    mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    context = getattr(error, "context", None) or ""
    reason = getattr(error, "problem", None) or str(error).splitlines()[0]
    if isinstance(error, yaml.reader.ReaderError):
        # A control character: the error has a position, not a mark.
        line = front.count("\n", 0, min(error.position, len(front))) + first_line
        return Problem(relative, line, f"front matter contains a control character "
                       f"(#x{error.character:04x}) that YAML does not allow; delete it", Severity.ERROR)
    if "quoted scalar" in context and context_mark is not None and "end of stream" in reason:
        # An unclosed quote is noticed at the end; the line to fix is where the quote opened.
        return Problem(relative, context_mark.line + first_line,
                       "front matter is not valid YAML (a quote opened on this line is never closed); "
                       "add the closing quote, or remove the opening one", Severity.ERROR)
    line = mark.line + first_line if mark is not None else None
    hint = "check the quotes, colons and indentation on that line"
    lines = front.split("\n")
    offending = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if "\t" in offending or "'\\t'" in reason:
        hint = "YAML does not allow tabs; indent with spaces"
    elif offending.lstrip().startswith(("[[", "- [[")) or ": [[" in offending:
        hint = 'put [[links]] in quotes, e.g. introduced_by: "[[Kim Osei]]"'
    elif ": " in offending.split(":", 1)[-1] or "#" in offending:
        hint = "put values containing ': ' or ' #' in quotes, e.g. company: \"Acme: the Company\""
    return Problem(relative, line, f"front matter is not valid YAML ({reason}); {hint}", Severity.ERROR)


def _key_lines(front: str, first_line: int) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Line of each top-level field, for messages, and the fields written more than once."""
    lines: dict[str, int] = {}
    every: dict[str, list[int]] = {}
    for offset, line in enumerate(front.split("\n")):
        match = _KEY_LINE.match(line)
        if match:
            key = match.group(1).lower()
            lines.setdefault(key, offset + first_line)
            every.setdefault(key, []).append(offset + first_line)
    return lines, {key: found for key, found in every.items() if len(found) > 1}


class _Fields:
    """Typed access to one file's front matter, recording a problem for each bad value."""

    def __init__(self, raw: RawFile) -> None:
        self.raw = raw
        self.path = raw.source.path
        self.problems: list[Problem] = []  # the cached RawFile is never changed

    def line(self, key: str) -> int | None:
        return self.raw.key_lines.get(key, 2 if self.raw.key_lines else None)

    def problem(self, key: str, message: str, severity: Severity = Severity.WARNING) -> None:
        self.problems.append(Problem(self.path, self.line(key), message, severity))

    def first_key(self, names: Iterable[str]) -> str | None:
        for name in names:
            if self.raw.meta.get(name) not in (None, "", []):
                return name
        return None

    def text(self, key: str | None) -> str | None:
        if key is None:
            return None
        value = self.raw.meta.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, (dict, list)):
            self.problem(key, f"'{key}' should be a single text value, not a {_kind(value)}; "
                              f"write e.g. '{key}: {_EXAMPLES.get(key, 'some text')}'")
            return None
        return str(value).strip() or None

    def text_list(self, key: str | None) -> list[str]:
        if key is None:
            return []
        value = self.raw.meta.get(key)
        if value is None or value == "":
            return []
        if isinstance(value, str):
            # `tags: a, b` is a common slip for a list; accept it.
            return [part.strip() for part in value.split(",") if part.strip()]
        example = _LIST_EXAMPLES.get(key, "[first, second]")
        if isinstance(value, dict):
            self.problem(key, f"'{key}' should be a list, not a mapping ('name: value' pairs); "
                              f"write e.g. '{key}: {example}'")
            return []
        if not isinstance(value, (list, tuple, set)):
            return [str(value)]  # a number or a date: one value
        items: list[str] = []
        for item in value:
            if isinstance(item, (dict, list)):
                self.problem(key, f"'{key}' has a {_kind(item)} inside the list; "
                                  f"write plain values, e.g. '{key}: {example}'")
            elif item is not None and str(item).strip():
                items.append(str(item).strip())
        return items

    def date(self, key: str, severity: Severity = Severity.WARNING, consequence: str = "") -> dt.date | None:
        value = self.raw.meta.get(key)
        if value in (None, ""):
            return None
        try:
            return parse_date(value)
        except DateError as error:
            self.problem(key, f"'{key}': {error}{consequence}", severity)
            return None

    def private(self) -> bool:
        """`private: true` (or Obsidian Publish's `publish: false`). A value that is not clearly
        true or false counts as private: an unclear answer must never publish someone."""
        if self.raw.meta.get("private") is None and "publish" in self.raw.meta:
            return self._yes_no("publish", default_yes=True) is not True
        return self._yes_no("private", default_yes=False) is not False

    def _yes_no(self, key: str, default_yes: bool) -> bool | None:
        value = self.raw.meta.get(key)
        if value is None or value == "":
            return default_yes
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
        self.problem(key, f"'{key}: {shown(value)}' is not true or false; write '{key}: true' or "
                          f"'{key}: false' (until then the file is treated as private)")
        return None


_YES = ("true", "yes", "y", "on", "1")
_NO = ("false", "no", "n", "off", "0")
# What to write instead, per field, in messages about a value of the wrong type.
_EXAMPLES = {
    "name": "Aisha Rahman", "company": "Northwind Health", "organization": "Northwind Health",
    "role": "Head of Digital", "title": "Coffee after the book launch", "location": "Leeds",
    "city": "Leeds", "met_at": "NHS Expo 2024", "circle": "close", "kind": "coffee", "type": "coffee",
    "first_name": "Aisha", "last_name": "Rahman",
}
_LIST_EXAMPLES = {
    "tags": "[digital-health, leadership]", "aliases": "[Aisha]", "alias": "[Aisha]",
    "email": "[aisha@example.org]", "emails": "[aisha@example.org]", "phone": '["+44 113 496 0000"]',
    "expertise": "[contact centres, procurement]", "interests": "[cycling, jazz]",
    "with": '["[[Aisha Rahman]]", kim-osei]', "participants": '["[[Aisha Rahman]]", kim-osei]',
    "people": '["[[Aisha Rahman]]", kim-osei]', "introduced_by": '"[[Kim Osei]]"',
}


def _kind(value: object) -> str:
    return "list" if isinstance(value, list) else "mapping" if isinstance(value, dict) else "value"


# `contacts/index` and `notes/index` are the lists of everyone and of every conversation.
_RESERVED_SLUGS = frozenset({"index"})


def _reserved_slug(slug: str, fields: _Fields, folder: str) -> str:
    if slug not in _RESERVED_SLUGS:
        return slug
    fields.problems.append(Problem(
        fields.path, 1,
        f"the file name '{slug}' is reserved for the page that lists all {folder}; rename the file "
        f"(it is published as '{slug}-2' for now)",
    ))
    return f"{slug}-2"


def _unique_slug(slug: str, taken: Mapping[str, object]) -> str:
    number = 2
    candidate = slug
    while candidate in taken:
        candidate = f"{slug}-{number}"
        number += 1
    return candidate


class VaultLoader:
    """Loads a vault, keeping parsed files between loads so only changed files are re-read."""

    def __init__(self, root: Path | str, contacts_dir: str = "contacts", notes_dir: str = "notes"):
        self.root = Path(root)
        self.contacts_dir = contacts_dir
        self.notes_dir = notes_dir
        self._cache: dict[Path, tuple[tuple[int, int], RawFile]] = {}

    def load(self) -> Vault:
        contact_files = self._read_dir(self.contacts_dir)
        note_files = self._read_dir(self.notes_dir)
        problems: list[Problem] = []
        for raw in contact_files + note_files:
            problems.extend(raw.problems)
        resolver = Resolver()
        contacts: dict[str, Contact] = {}
        contact_fields: list[tuple[Contact, _Fields]] = []
        all_fields: list[_Fields] = []
        for raw in contact_files:
            if raw.usable:
                fields = _Fields(raw)
                all_fields.append(fields)
                contact = _build_contact(fields, contacts)
                if contact is not None:
                    contacts[contact.slug] = contact
                    contact_fields.append((contact, fields))
        for contact, fields in contact_fields:
            _claim_names(contact, fields, resolver, contacts)

        notes: dict[str, Note] = {}
        note_fields: list[tuple[Note, _Fields]] = []
        for raw in note_files:
            if raw.usable:
                fields = _Fields(raw)
                all_fields.append(fields)
                note = _build_note(fields, notes)
                if note is not None:
                    if "[[" in note.title:
                        note.title = _title_without_links(note.title, note.private, resolver, contacts)
                    notes[note.slug] = note
                    resolver.add_note(note.slug, note.title)
                    note_fields.append((note, fields))

        # Links resolve only once every name and note is known.
        for contact, fields in contact_fields:
            _resolve_contact(contact, fields, resolver)
        for note, fields in note_fields:
            _resolve_note(note, fields, resolver)
        for fields in all_fields:
            problems.extend(fields.problems)
        problems.sort(key=lambda p: (p.path, p.line or 0))
        return Vault(self.root, contacts, notes, _dedupe(problems), resolver)

    def _read_dir(self, name: str) -> list[RawFile]:
        base = self.root / name
        files: list[RawFile] = []
        if not base.is_dir():
            return files
        seen: set[Path] = set()
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for filename in sorted(filenames):
                if not filename.endswith(".md") or filename.startswith("."):
                    continue
                path = Path(dirpath) / filename
                seen.add(path)
                files.append(self._read_cached(path))
        for stale in set(self._cache) - seen:
            if stale.is_relative_to(base):
                del self._cache[stale]
        return files

    def _read_cached(self, path: Path) -> RawFile:
        try:
            stat = path.stat()
            key = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            key = (0, 0)
        cached = self._cache.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        relative = path.relative_to(self.root).as_posix()
        raw = read_file(path, relative)
        self._cache[path] = (key, raw)
        return raw


def load_vault(root: Path | str, contacts_dir: str = "contacts", notes_dir: str = "notes") -> Vault:
    return VaultLoader(root, contacts_dir, notes_dir).load()


def _dedupe(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _build_contact(fields: _Fields, taken: Mapping[str, Contact]) -> Contact | None:
    raw = fields.raw
    meta = raw.meta
    name = fields.text("name") if not isinstance(meta.get("name"), (list, dict)) else None
    if isinstance(meta.get("name"), (list, dict)):
        fields.problem("name", f"'name' should be one name, not a {_kind(meta['name'])}; "
                               "write e.g. 'name: Aisha Rahman'", Severity.ERROR)
        return None
    if name is None:
        first = fields.text("first_name")
        last = fields.text("last_name")
        name = " ".join(part for part in (first, last) if part) or None
    if name is None:
        fields.problems.append(Problem(
            fields.path, 2 if raw.key_lines else 1,
            "contact has no name; add a line 'name: Full Name' to the front matter",
            Severity.ERROR,
        ))
        return None
    if isinstance(meta.get("name"), (bool, int, float)):
        what = "a yes/no value" if isinstance(meta["name"], bool) else "a number"
        fields.problem("name", f"'name: {shown(meta['name'])}' is {what}, not a person's name; "
                               "write e.g. 'name: Aisha Rahman' (in quotes if the name really is a number)")
    stem = Path(raw.source.path).stem
    slug = _reserved_slug(slugify(stem), fields, "contacts")
    if slug in taken:
        fields.problems.append(Problem(
            fields.path, 1,
            f"has the same slug '{slug}' as {taken[slug].source.path}; rename one of the files "
            f"(this one is published as '{_unique_slug(slug, taken)}' for now)",
        ))
        slug = _unique_slug(slug, taken)
    contact = Contact(slug=slug, name=name, source=raw.source, body=raw.body, body_line=raw.body_line)
    contact.aliases = fields.text_list("aliases") or fields.text_list("alias")
    contact.company = fields.text(fields.first_key(CONTACT_FIELDS["company"]))
    contact.role = fields.text(fields.first_key(CONTACT_FIELDS["role"]))
    contact.emails = fields.text_list(fields.first_key(CONTACT_FIELDS["email"]))
    contact.phones = fields.text_list(fields.first_key(CONTACT_FIELDS["phone"]))
    contact.location = fields.text(fields.first_key(("location", "city")))
    contact.tags = _tags(fields.text_list("tags"))
    contact.expertise = fields.text_list("expertise")
    contact.interests = fields.text_list("interests")
    contact.links = _links_field(fields)
    contact.private = fields.private()
    contact.met = fields.date("met")
    contact.met_at = fields.text("met_at")
    circle = fields.text("circle")
    if circle is not None:
        if circle.lower() in CIRCLES:
            contact.circle = circle.lower()
        else:
            fields.problem("circle", f"circle '{circle}' is not one of close, regular, loose; "
                                     "write one of those, or remove the line to not track this person")
    if meta.get("cadence") not in (None, ""):
        try:
            contact.cadence_days = parse_cadence(meta["cadence"])
        except DateError as error:
            fields.problem("cadence", str(error))
    if meta.get("birthday") not in (None, ""):
        try:
            contact.birthday = parse_birthday(meta["birthday"])
        except DateError as error:
            fields.problem("birthday", str(error))
    return contact


def _tags(values: list[str]) -> list[str]:
    return list(dict.fromkeys(tag_key(value) for value in values if value.strip("# ")))


def _links_field(fields: _Fields) -> dict[str, str]:
    value = fields.raw.meta.get("links")
    links: dict[str, str] = {}
    if value in (None, ""):
        pass
    elif isinstance(value, dict):
        for label, url in value.items():
            if url not in (None, "") and not isinstance(url, (list, dict)):
                links[str(label)] = str(url).strip()
    elif isinstance(value, list):
        for number, url in enumerate(value, 1):
            if isinstance(url, str) and url.strip():
                links[f"link {number}" if len(value) > 1 else "link"] = url.strip()
    else:
        links["link"] = str(value).strip()
    for label in ("linkedin", "website", "twitter", "github", "url"):
        extra = fields.text(label) if label in fields.raw.meta else None
        if extra and label not in links:
            links[label] = extra
    return links


def _claim_names(contact: Contact, fields: _Fields, resolver: Resolver,
                 contacts: Mapping[str, Contact]) -> None:
    """Put the contact's slug, name and aliases in the index; a clash is a problem."""
    resolver.claim_contact(contact.slug, contact.slug)
    for key, value in [("name", contact.name)] + [("aliases", a) for a in contact.aliases]:
        holder = resolver.claim_contact(value, contact.slug)
        if holder is not None:
            other = contacts[holder]
            what = "name" if key == "name" else "alias"
            fields.problem(key, f"{what} '{shown(value)}' is already used by {other.source.path}, so "
                                f"[[{shown(value)}]] links to that file, not this one; give one of them a "
                                f"distinct {what} (e.g. with the company: '{shown(value)} (Acme)')")


def _resolve_contact(contact: Contact, fields: _Fields, resolver: Resolver) -> None:
    key = "introduced_by"
    for reference in fields.text_list(key):
        found = resolver.contact(reference)
        if found is None:
            fields.problem(key, _unknown(reference, resolver))
        elif found != contact.slug:
            contact.introduced_by.append(found)
    contact.body_links = find_links(contact.body, contact.body_line)
    _resolve_links(contact.body_links, fields, resolver)
    # [[links]] in other front-matter values (e.g. `company: "[[Northwind]]"`) resolve too.
    # `met_at` names an event, and every event gets a page: its [[link]] never points at nobody.
    _resolve_front_matter_links(fields, resolver, skip=("introduced_by", "name", "aliases", "met_at"))


def _resolve_front_matter_links(fields: _Fields, resolver: Resolver, skip: tuple[str, ...]) -> None:
    """[[links]] in front-matter values, a text or a list of texts (`colleagues: ["[[Kim]]"]`)."""
    for name, value in fields.raw.meta.items():
        if name in skip:
            continue
        texts = value if isinstance(value, list) else [value]
        for text in texts:
            if isinstance(text, str) and "[[" in text:
                _resolve_links(links_in_line(text, fields.line(name)), fields, resolver)


def _resolve_links(links: list[Link], fields: _Fields, resolver: Resolver) -> None:
    for link in links:
        match = resolver.resolve(link.target)
        if match is None:
            fields.problems.append(Problem(fields.path, link.line, _unknown(link.target, resolver)))
        elif match.kind == "contact":
            link.contact = match.slug
        else:
            link.note = match.slug


def _unknown(reference: str, resolver: Resolver) -> str:
    target = strip_link_syntax(reference)
    message = f"[[{target}]] links to nobody: no contact or note has that name, alias or slug"
    close = resolver.candidates(target)
    if close:
        message += "; did you mean " + " or ".join(f"'{c}'" for c in close[:3]) + "?"
    else:
        message += f"; add a contact for them (kith add \"{target}\") or fix the spelling"
    return message


def _build_note(fields: _Fields, taken: Mapping[str, Note]) -> Note | None:
    raw = fields.raw
    stem = Path(raw.source.path).stem
    if raw.meta.get("date") not in (None, ""):
        date = fields.date("date", Severity.ERROR, "; the note is left out until its date is fixed")
        if date is None:
            return None
    else:
        date = _date_from_stem(stem)
        if date is None:
            fields.problems.append(Problem(
                fields.path, 2 if raw.key_lines else 1,
                "note has no date, so it is left out; add a line 'date: YYYY-MM-DD' to the front matter",
                Severity.ERROR,
            ))
            return None
        fields.problems.append(Problem(
            fields.path, 2,
            f"note has no 'date:' field; using {date.isoformat()} from the file name. "
            f"Add 'date: {date.isoformat()}' to the front matter",
        ))
    slug = _reserved_slug(slugify(stem), fields, "notes")
    if slug in taken:
        fields.problems.append(Problem(
            fields.path, 1,
            f"has the same slug '{slug}' as {taken[slug].source.path}; rename one of the files "
            f"(this one is published as '{_unique_slug(slug, taken)}' for now)",
        ))
        slug = _unique_slug(slug, taken)
    title = fields.text("title")
    body = raw.body
    if title is None:
        title = _first_heading(body) or _title_from_stem(stem)
    note = Note(slug=slug, date=date, title=title, source=raw.source, body=body,
                body_line=raw.body_line)
    kind = fields.text("kind") or fields.text("type")
    if kind is not None:
        if kind.lower() in NOTE_KINDS:
            note.kind = kind.lower()
        else:
            fields.problem("kind" if "kind" in raw.meta else "type",
                           f"kind '{kind}' is not one of {', '.join(NOTE_KINDS)}; use one of those")
    note.tags = _tags(fields.text_list("tags"))
    note.follow_up = fields.date("follow_up")
    note.private = fields.private()
    return note


def _title_without_links(title: str, note_is_private: bool, resolver: Resolver,
                         contacts: Mapping[str, Contact]) -> str:
    """`# Coffee with [[aisha|Aisha]]` is titled "Coffee with Aisha": a title is shown as plain text
    (in lists, the browser tab, search), so each link reads as its label or the person's name;
    a public note does not name a private person in its title."""

    def plain(match: re.Match[str]) -> str:
        target, label = match.group(1).strip(), (match.group(2) or "").strip()
        slug = resolver.contact(target)
        contact = contacts.get(slug) if slug is not None else None
        if contact is not None and contact.private and not note_is_private:
            return "(private)"
        return label or (contact.name if contact is not None else target)

    return WIKILINK.sub(plain, title)


def _date_from_stem(stem: str) -> dt.date | None:
    prefix = re.match(r"^(\d{4}-\d{2}-\d{2})", stem)
    if prefix is None:
        return None
    try:
        return parse_date(prefix.group(1))
    except DateError:
        return None


def _first_heading(body: str) -> str | None:
    for _, line in iter_prose_lines(body):
        match = _HEADING.match(line)
        if match:
            return match.group(1).strip()
        if line.strip():
            continue
    return None


def _title_from_stem(stem: str) -> str:
    words = _DATE_PREFIX.sub("", stem).replace("-", " ").replace("_", " ").strip()
    return (words[:1].upper() + words[1:]) if words else stem


def _resolve_note(note: Note, fields: _Fields, resolver: Resolver) -> None:
    key = fields.first_key(NOTE_FIELDS["with"])
    for reference in fields.text_list(key):
        found = resolver.contact(reference)
        if found is None:
            fields.problem(key or "with", _unknown(reference, resolver).replace(
                "links to nobody", "is not a known contact", 1))
        elif found not in note.participants:
            note.participants.append(found)
    if key is None:
        fields.problems.append(Problem(
            fields.path, 2, "note has no participants; add e.g. 'with: [\"[[Aisha Rahman]]\"]' "
            "so it shows on their profile",
        ))
    note.body_links = find_links(note.body, note.body_line)
    _resolve_links(note.body_links, fields, resolver)
    _resolve_front_matter_links(fields, resolver, skip=(*NOTE_FIELDS["with"], "title"))
    note.tasks = _tasks(note, fields)
    if note.follow_up is not None:
        note.tasks.append(Task(note=note.slug, line=fields.line("follow_up") or 1,
                               text="Follow up", done=False, due=note.follow_up, waiting=False,
                               people=list(note.participants), synthetic=True))


def _tasks(note: Note, fields: _Fields) -> list[Task]:
    tasks: list[Task] = []
    if "[" not in note.body:
        return tasks
    links_by_line: dict[int, list[Link]] = {}
    for link in note.body_links:
        if link.line is not None:
            links_by_line.setdefault(link.line, []).append(link)
    for number, line in iter_prose_lines(note.body, note.body_line):
        match = _TASK.match(line)
        if not match:
            continue
        done = match.group(1) != " "
        text = match.group(2)
        due = None
        due_match = _DUE_EMOJI.search(text) or _DUE_FIELD.search(text)
        if due_match:
            try:
                due = parse_date(due_match.group(1))
            except DateError as error:
                fields.problems.append(Problem(fields.path, number, f"task due date: {error}"))
            text = text[: due_match.start()] + text[due_match.end():]
        text = _DONE_DATE.sub("", text)
        waiting = bool(_WAITING.search(text))
        text = " ".join(_WAITING.sub("", text).split())
        people = list(dict.fromkeys(
            link.contact for link in links_by_line.get(number, []) if link.contact
        ))
        tasks.append(Task(note=note.slug, line=number, text=text, done=done, due=due,
                          waiting=waiting, people=people or list(note.participants)))
    return tasks

