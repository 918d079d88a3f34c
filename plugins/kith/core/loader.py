"""Reading a vault: `contacts/` and `notes/` into the model, with every problem as a record.

One loader for the plugin and the CLI. A broken file yields problems, never an exception:
the rest of the vault always loads. Files are re-read only when they change, so a
`VaultLoader` kept between builds makes rebuilds cheap.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .dates import DateError, parse_birthday, parse_cadence, parse_date, shown
from .files import FileTooLarge, NotRegularFile, read_regular_file
from .links import WIKILINK, Resolver, find_links, iter_prose_lines, links_in_line, strip_link_syntax
from .model import CIRCLES, NOTE_KINDS, Contact, Link, Note, Problem, Severity, Source, Task
from .privacy import PrivateNames, plain_name_problems
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


# Front matter as nearly everyone writes it, read without PyYAML.
#
# Most files hold only `field: value` lines, flow lists (`tags: [a, b]`), block lists (`- a` lines
# under `tags:`), `{label: "url"}` maps and quoted text. `_simple_front_matter` reads exactly that
# subset, several times faster than even PyYAML's C parser (whose objects are built in Python),
# and returns None, so that PyYAML reads the file, for anything beyond it: indented or folded
# lines, tabs, comments after values, escapes, anchors, tags, nesting, numbers and `~`/`null`.
# Plain values are typed by PyYAML's own implicit resolvers, so whatever the subset accepts comes
# out as PyYAML makes it; tests/test_loader_fast_paths.py compares the two on generated input.
_STR_TAG, _BOOL_TAG = "tag:yaml.org,2002:str", "tag:yaml.org,2002:bool"
_STR_TAGS = frozenset({_STR_TAG, "tag:yaml.org,2002:timestamp"})  # dates stay text
_SIMPLE_KEY = re.compile(r"([A-Za-z_][\w-]{0,99}):(?: +(.*))?$")
_SIMPLE_ITEM = re.compile(r"( *)- +(.*)$")
# A character that always sends a file to PyYAML: tabs, control characters, YAML's other line
# breaks, byte-order marks, and whatever else YAML does not allow unescaped.
_NOT_SIMPLE_CHAR = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# Plain (unquoted) text may not start with an indicator (`- ? : , [ ] { } # & * ! | > ' " % @` and
# the backtick); in a flow list or map it also stops at `,`, brackets, `#`, `:` and quotes.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_VALUE = r"""(?:"([^"\\]*)"|'([^']*)'|([^\s\-?:,\[\]{}#&*!|>'"%@`][^,\[\]{}#:'"]*?)) *(?:,|$)"""
_FLOW_ITEM = re.compile(" *" + _FLOW_VALUE)  # `a` or `"b c"` in `[a, "b c"]`
_FLOW_PAIR = re.compile(r" *([A-Za-z_][\w-]{0,99}): +" + _FLOW_VALUE)  # `k: v` in `{k: v}`


def _simple_front_matter(front: str) -> dict[str, Any] | None:
    """The fields of front matter in the simple subset above, exactly as PyYAML reads them; None
    when the front matter is anything else (PyYAML then reads it, and reports what is wrong)."""
    if _NOT_SIMPLE_CHAR.search(front) is not None:
        return None
    meta: dict[str, Any] = {}
    open_key: str | None = None  # a `field:` with no value yet: block-list items may follow
    items: list[str | bool] | None = None
    indent = ""
    for line in front.split("\n"):
        line = line.rstrip(" ")
        if not line or line[0] == "#":
            continue  # a blank line, or a comment on a line of its own
        if open_key is not None:
            item = _SIMPLE_ITEM.match(line)
            if item is not None:
                value = _simple_scalar(item.group(2))
                if value is None or (items and item.group(1) != indent):
                    return None
                if items is None:
                    items = meta[open_key] = []
                    indent = item.group(1)
                items.append(value)
                continue
        field = _SIMPLE_KEY.match(line)
        if field is None or not _is_text(field.group(1)):
            return None
        key, value = field.group(1), field.group(2)
        open_key, items = None, None
        if value is None:
            meta[key] = None
            open_key = key
        elif value[0] == "[" and value[-1] == "]":
            meta[key] = _simple_flow(value[1:-1], _FLOW_ITEM)
        elif value[0] == "{" and value[-1] == "}":
            meta[key] = _simple_flow(value[1:-1], _FLOW_PAIR)
        else:
            meta[key] = _simple_scalar(value)
        if meta[key] is None and value is not None:
            return None
    return meta


def _simple_scalar(text: str) -> str | bool | None:
    """A value on one line: quoted without escapes, or plain text that YAML reads as text, or as
    yes/no (`private: true`)."""
    if text[0] == '"':
        inner = text[1:-1]
        return inner if text[-1] == '"' and len(text) > 1 and '"' not in inner and "\\" not in inner \
            else None
    if text[0] == "'":
        inner = text[1:-1]
        return inner if text[-1] == "'" and len(text) > 1 and "'" not in inner else None
    if text[0] in _INDICATORS or " #" in text or ": " in text or text[-1] == ":":
        return None
    tag = _implicit_tag(text)
    if tag == _BOOL_TAG:
        return FrontMatterLoader.bool_values[text.lower()]  # as PyYAML's construct_yaml_bool
    return text if tag in _STR_TAGS else None


def _simple_flow(inner: str, pattern: re.Pattern[str]) -> list[str] | dict[str, str] | None:
    """The inside of a flow list (`a, "b c"`) as a list, or of a flow map (`site: "https://…"`)
    as a dict, when every item is simple text; else None."""
    items: list[str] = []
    pairs: dict[str, str] = {}
    position = 0
    while position < len(inner):
        match = pattern.match(inner, position)
        if match is None:
            return None
        double, single, plain = match.groups()[-3:]
        if plain is not None and not _is_text(plain):
            return None
        value = double if double is not None else single if single is not None else plain
        if pattern is _FLOW_PAIR:
            if not _is_text(match.group(1)):
                return None
            pairs[match.group(1)] = value
        else:
            items.append(value)
        position = match.end()
    return pairs if pattern is _FLOW_PAIR else items


def _is_text(plain: str) -> bool:
    """Whether YAML reads this plain scalar as text (or as a date, which kith keeps as text)."""
    return _implicit_tag(plain) in _STR_TAGS


def _implicit_tag(plain: str) -> str:
    """The type YAML gives a plain scalar, found as PyYAML's `Resolver.resolve` finds it."""
    for tag, regexp in _RESOLVERS.get(plain[0], _ANY_START_RESOLVERS):
        if regexp.match(plain):
            return tag
    return _STR_TAG


# PyYAML's implicit resolvers by first character, each list followed by those for any character.
_ANY_START_RESOLVERS = tuple(FrontMatterLoader.yaml_implicit_resolvers.get(None, ()))
_RESOLVERS = {start: (*resolvers, *_ANY_START_RESOLVERS)
              for start, resolvers in FrontMatterLoader.yaml_implicit_resolvers.items() if start is not None}


# The '---' lines around front matter, as python-frontmatter's YAMLHandler finds them: `\s*` may
# run on over blank lines. The opening one must start the file.
_FM_BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)
# A top-level `field:` at the start of a line; the space before the colon stays on its line.
_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)[^\S\n]*:", re.MULTILINE)
_TASK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s+(.*)$")
_CHECKBOX = re.compile(r"\[[ xX]\]")  # a quick test for a text with no task line
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


def read_file(path: Path | str, relative: str) -> RawFile:
    """Read and split one file; problems for encoding and YAML, never an exception."""
    problems: list[Problem] = []
    try:
        stat, data = read_regular_file(path)
    except (NotRegularFile, FileTooLarge) as error:
        problem = Problem(relative, None, f"{error.strerror}; kith reads only Markdown files you "
                          "write: move it out of the folder", Severity.ERROR)
        return RawFile(Source(relative), {}, {}, "", 1, [problem], usable=False)
    except OSError as error:
        source = Source(relative)
        problem = Problem(relative, None, f"cannot be read ({error.strerror}); check that the file "
                          "exists (a link may point nowhere) and that you may read it", Severity.ERROR)
        return RawFile(source, {}, {}, "", 1, [problem], usable=False)
    source = Source(relative, stat.st_mtime_ns, stat.st_size)
    text = _decode(data, relative, problems)
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or text.isspace():
        problems.append(Problem(
            relative, 1, "is empty; add front matter between '---' lines, or delete the file",
            Severity.ERROR,
        ))
        return RawFile(source, {}, {}, "", 1, problems, usable=False)
    opening = _FM_BOUNDARY.match(text)
    if opening is None:
        problems.append(Problem(relative, 1, _no_front_matter(text), Severity.ERROR))
        return RawFile(source, {}, {}, text, 1, problems, usable=False)
    closing = _FM_BOUNDARY.search(text, opening.end())
    if closing is None:
        problems.append(Problem(
            relative, 1, "front matter is not closed; add a '---' line after the last field",
            Severity.ERROR,
        ))
        return RawFile(source, {}, {}, text, 1, problems, usable=False)
    front, body = text[opening.end():closing.start()], text[closing.end():]
    body_stripped = body.lstrip("\n")
    body_line = text.count("\n", 0, closing.end()) + 1 + len(body) - len(body_stripped)
    # `front` starts right after the opening '---' (which may swallow blank lines): the
    # file line of its first character, so YAML marks and field lines point at the right line.
    first_line = text.count("\n", 0, opening.end()) + 1
    too_deep = _nesting_problem(relative, front, first_line)
    if too_deep is not None:
        problems.append(too_deep)
        return RawFile(source, {}, {}, body_stripped, body_line, problems, usable=False)
    try:
        meta = _simple_front_matter(front)
        if meta is None:
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
    if not isinstance(value, list):
        return value  # most values: text, which holds no unquoted link
    link = _unquoted_link(value)
    if link is not None:
        return link
    return [_unquoted_link(item) or item for item in value]


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
    every: dict[str, list[int]] = {}  # only the repeated ones
    number, counted = first_line, 0
    for match in _KEY_LINE.finditer(front):  # one pass over the front matter, not one per line
        number += front.count("\n", counted, match.start())
        counted = match.start()
        key = match.group(1).lower()
        if key in lines:
            every.setdefault(key, [lines[key]]).append(number)
        else:
            lines[key] = number
    if every:  # in the order the fields first appear
        every = {key: every[key] for key in lines if key in every}
    return lines, every


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
        true or false, an empty one included (`private:`, `private: ~`), counts as private: an
        unclear answer must never publish someone."""
        meta = self.raw.meta
        if "private" in meta:
            return self._yes_no("private") is not False
        if "publish" in meta:
            return self._yes_no("publish") is not True
        return False

    def _yes_no(self, key: str) -> bool | None:
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
        self.problem(key, f"'{written}' {what}; write '{key}: true' or '{key}: false' "
                          "(until then the file is treated as private)")
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
        # Full path -> ((mtime_ns, size), parsed file); plain strings, not Paths: thousands of
        # files, and pathlib costs microseconds per object.
        self._cache: dict[str, tuple[tuple[int, int], RawFile]] = {}
        self._previous: _Loaded | None = None  # the last load, for `_patched`
        self._folder_problems: dict[str, list[Problem]] = {}  # linked folders read once, by folder

    def load(self) -> Vault:
        with gc_paused():
            return self._load()

    def _load(self) -> Vault:
        contact_files = self._read_dir(self.contacts_dir)
        note_files = self._read_dir(self.notes_dir)
        previous = self._previous
        if previous is not None:
            vault = self._patched(previous, contact_files, note_files)
            if vault is not None:
                return vault
        return self._load_all(contact_files, note_files)

    def _load_all(self, contact_files: list[RawFile], note_files: list[RawFile]) -> Vault:
        file_problems: dict[str, list[Problem]] = {}
        for raw in contact_files + note_files:
            file_problems[raw.source.path] = list(raw.problems)
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
            file_problems[fields.raw.source.path].extend(fields.problems)
        names = PrivateNames.of(contacts.values())
        for record, fields in [*contact_fields, *note_fields]:
            file_problems[fields.path].extend(_plain_names(names, record, fields))
        problems = _all_problems(file_problems, self._folder_problems)
        vault = Vault(self.root, contacts, notes, problems, resolver)
        self._previous = _Loaded(contact_files, note_files, vault, file_problems,
                                 {fields.raw.source.path: note for note, fields in note_fields}, names)
        return vault

    def _patched(self, previous: _Loaded, contact_files: list[RawFile],
                 note_files: list[RawFile]) -> Vault | None:
        """The last load with the few notes saved since put in, or None to load everything.

        Only while no contact changed and each changed note keeps its slug, title and privacy:
        then every name and note title resolves as before, so the other notes, resolved against
        the same names, would come out the same (a quarter of a rebuild under serve at 2,500
        contacts is resolving notes again).
        """
        old_contacts, old_notes = previous.contact_files, previous.note_files
        if (len(contact_files) != len(old_contacts) or len(note_files) != len(old_notes)
                or any(new is not old for new, old in zip(contact_files, old_contacts, strict=True))):
            return None
        changed = [(new, old) for new, old in zip(note_files, old_notes, strict=True) if new is not old]
        if len(changed) > _MOST_NOTES_PATCHED:
            return None
        old_vault = previous.vault
        notes = dict(old_vault.notes)
        file_problems = dict(previous.file_problems)
        notes_by_path = dict(previous.notes_by_path)
        for new, old in changed:
            path = new.source.path
            old_note = previous.notes_by_path.get(path)
            if path != old.source.path or old_note is None or not new.usable:
                return None
            fields = _Fields(new)
            note = _build_note(fields, _Without(notes, old_note.slug))
            if note is None:
                return None
            if "[[" in note.title:
                note.title = _title_without_links(note.title, note.private, old_vault.resolver,
                                                  old_vault.contacts)
            if (note.slug, note.title, note.private) != (old_note.slug, old_note.title, old_note.private):
                return None
            _resolve_note(note, fields, old_vault.resolver)
            notes[note.slug] = note
            notes_by_path[path] = note
            # No contact changed, so the private names are those of the last load.
            file_problems[path] = [*new.problems, *fields.problems,
                                   *_plain_names(previous.private_names, note, fields)]
        problems = _all_problems(file_problems, self._folder_problems)
        vault = Vault(self.root, old_vault.contacts, notes, problems, old_vault.resolver)
        self._previous = _Loaded(contact_files, note_files, vault, file_problems, notes_by_path,
                                 previous.private_names)
        return vault

    def _read_dir(self, name: str) -> list[RawFile]:
        """Every Markdown file under a vault folder, in a stable order. Linked folders are read
        once each: a second link to a folder already read, or a link back up (a loop), is a
        problem, never read again nor silently skipped."""
        base = self.root / name
        files: list[RawFile] = []
        self._folder_problems[name] = folder_problems = []
        if not base.is_dir():
            return files
        seen: set[str] = set()
        visited: dict[str, str] = {os.path.realpath(base): name}  # real folder -> as first reached
        for dirpath, dirnames, filenames in os.walk(base, followlinks=True):
            folder = Path(dirpath).relative_to(self.root).as_posix()  # relative to the root
            kept = []
            for directory in sorted(d for d in dirnames if not d.startswith(".")):
                real = os.path.realpath(os.path.join(dirpath, directory))
                if real in visited:
                    shown_path = f"{folder}/{directory}"
                    folder_problems.append(Problem(
                        shown_path, None,
                        f"is a link to {visited[real]}, which is read already "
                        f"({'a loop' if _is_within(real, dirpath) else 'a second link to it'}); "
                        "its files are read once, from there: remove the link"))
                    continue
                visited[real] = f"{folder}/{directory}"
                kept.append(directory)
            dirnames[:] = kept
            for filename in sorted(filenames):
                if not filename.lower().endswith(".md") or filename.startswith("."):
                    continue
                path = os.path.join(dirpath, filename)
                seen.add(path)
                files.append(self._read_cached(path, filename if folder == "." else f"{folder}/{filename}"))
        inside = os.path.join(base, "")  # `contacts/`, so `contacts-old/` is not inside
        for stale in [path for path in self._cache if path.startswith(inside) and path not in seen]:
            del self._cache[stale]
        return files

    def _read_cached(self, path: str, relative: str) -> RawFile:
        cached = self._cache.get(path)
        if cached is not None:
            try:
                stat = os.stat(path)
                key = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                key = (0, 0)
            if cached[0] == key:
                return cached[1]
        raw = read_file(path, relative)  # its Source has the size and time the file was read at
        self._cache[path] = ((raw.source.mtime_ns, raw.source.size), raw)
        return raw


# More saved notes than this at once (a `git pull`, a bulk edit): load everything again.
_MOST_NOTES_PATCHED = 50


@dataclass
class _Loaded:
    """One load's inputs and result, kept for the next: `_patched` redoes only what changed."""

    contact_files: list[RawFile]
    note_files: list[RawFile]
    vault: Vault
    file_problems: dict[str, list[Problem]]  # by file path, every problem of that file
    notes_by_path: dict[str, Note]
    private_names: PrivateNames


class _Without(Mapping[str, Note]):
    """The notes taken so far, without one: the slug a saved note had is free for it again."""

    def __init__(self, notes: dict[str, Note], left_out: str) -> None:
        self._notes = notes
        self._left_out = left_out

    def __getitem__(self, slug: str) -> Note:
        if slug == self._left_out:
            raise KeyError(slug)
        return self._notes[slug]

    def __contains__(self, slug: object) -> bool:
        return slug != self._left_out and slug in self._notes

    def __iter__(self) -> Iterator[str]:
        return (slug for slug in self._notes if slug != self._left_out)

    def __len__(self) -> int:
        return len(self._notes) - (self._left_out in self._notes)


def _is_within(folder: str, parent: str) -> bool:
    """Whether `parent` (a real or linked path) lies inside `folder` (a real path)."""
    real_parent = os.path.realpath(parent)
    return real_parent == folder or real_parent.startswith(os.path.join(folder, ""))


def _all_problems(file_problems: dict[str, list[Problem]],
                  folder_problems: dict[str, list[Problem]]) -> list[Problem]:
    problems = [problem for listed in (*file_problems.values(), *folder_problems.values())
                for problem in listed]
    problems.sort(key=lambda p: (p.path, p.line or 0))
    return _dedupe(problems)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector paused while the block runs, for work that makes many objects
    that all stay alive. Reading a vault makes a few hundred thousand: the collector would walk
    them again and again while they pile up (a fifth of the load time at 2,500 contacts), and
    there is nothing for it to free. It runs again afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
    stem = _stem(raw.source.path)
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
    contact.tags, contact.tag_sources = _tags(fields.text_list("tags"))
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
        if circle is None:  # DESIGN: no circle, not tracked; the cadence only overrides a circle's
            fields.problem("cadence", f"cadence '{shown(meta['cadence'])}' is ignored without a circle: "
                                      "only people in a circle are tracked; add 'circle: close' (or regular, "
                                      "loose), or remove the cadence")
    if meta.get("birthday") not in (None, ""):
        try:
            contact.birthday = parse_birthday(meta["birthday"])
        except DateError as error:
            fields.problem("birthday", str(error))
    return contact


def _stem(relative: str) -> str:
    """`notes/2026-11-20-coffee.md` -> `2026-11-20-coffee`, as `Path.stem` (without making a Path)."""
    name = relative.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _tags(values: list[str]) -> tuple[list[str], dict[str, str]]:
    """Tag keys, and the text of those written with a `[[link]]` (see `Contact.tag_sources`)."""
    keys = list(dict.fromkeys(tag_key(value) for value in values if value.strip("# ")))
    sources = {tag_key(value): value for value in values if "[[" in value}
    return keys, sources


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


# The front-matter fields a profile publishes as text.
_PUBLISHED_CONTACT_FIELDS = ("company", "role", "location", "met_at", "expertise", "interests", "tags")


def _plain_names(names: PrivateNames, record: Contact | Note, fields: _Fields) -> list[Problem]:
    """Warnings for a public record whose published text names a private contact as plain words."""
    if names.automaton is None or record.private:
        return []
    texts: list[tuple[int, str]] = [(record.body_line, record.body)]
    if isinstance(record, Note):
        texts.append((fields.line("title") or 1, record.title))
    else:
        for key in _PUBLISHED_CONTACT_FIELDS:
            texts += [(fields.line(key) or 1, value) for value in fields.text_list(key)]
    problems = plain_name_problems(names, fields.path, texts)
    stem = _stem(record.source.path)
    for _, name in names.scan([(1, stem.replace("-", " ").replace("_", " "))])[:1]:
        problems.append(Problem(fields.path, 1, f"the file name names the private contact '{name}', and "
                                "it becomes the page's address; rename the file"))
    return problems


def _build_note(fields: _Fields, taken: Mapping[str, Note]) -> Note | None:
    raw = fields.raw
    stem = _stem(raw.source.path)
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
    note.tags, note.tag_sources = _tags(fields.text_list("tags"))
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
    if _CHECKBOX.search(note.body) is None:
        return tasks  # no `[ ]`/`[x]` anywhere (most notes): no line can be a task
    links_by_line: dict[int, list[Link]] = {}
    for link in note.body_links:
        if link.line is not None:
            links_by_line.setdefault(link.line, []).append(link)
    for number, line in iter_prose_lines(note.body, note.body_line):
        match = _TASK.match(line) if "[" in line else None
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

