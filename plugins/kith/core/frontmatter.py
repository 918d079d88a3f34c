"""Reading one file: its front matter (YAML between `---` lines) and its body, with every
problem as a record.

Most front matter is plain `field: value` lines, read by a small exact subset of YAML (below); the
rest goes to PyYAML's C loader. A file with no front matter is a body on its own (an Obsidian note
whose title is its file name). Dataview fields at the top of a body (`date:: 2024-05-21`) count as
front matter. Nothing here raises on a user's file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .dates import shown
from .files import FileTooLarge, NotRegularFile, read_regular_file
from .model import Pickled, Problem, Severity, Source

if TYPE_CHECKING:
    from .reading import BodyFinds

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
# breaks, byte-order marks, and whatever else YAML does not allow unescaped. Written as the few
# ranges left out (every character but a newline, printable ASCII, U+00A0-U+2027,
# U+202A-U+D7FF, U+E000-U+FEFE, U+FF00-U+FFFD and beyond U+FFFF): the same set, compiled in a
# tenth of the time, which every command pays as it starts.
_NOT_SIMPLE_CHAR = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
# Plain (unquoted) text may not start with an indicator (`- ? : , [ ] { } # & * ! | > ' " % @` and
# the backtick); in a flow list or map it also stops at `,`, brackets, `#`, `:` and quotes.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_VALUE = r"""(?:"([^"\\]*)"|'([^']*)'|([^\s\-?:,\[\]{}#&*!|>'"%@`][^,\[\]{}#:'"]*?)) *(?:,|$)"""
_FLOW_ITEM = re.compile(" *" + _FLOW_VALUE)  # `a` or `"b c"` in `[a, "b c"]`
_FLOW_PAIR = re.compile(r" *([A-Za-z_][\w-]{0,99}): +" + _FLOW_VALUE)  # `k: v` in `{k: v}`


def _simple_front_matter(front: str, key_lines: dict[str, list[int]] | None = None) -> dict[str, Any] | None:
    """The fields of front matter in the simple subset above, exactly as PyYAML reads them; None
    when the front matter is anything else (PyYAML then reads it, and reports what is wrong).
    `key_lines`, if given, gets the lines (counted from 0) each field is written on, by its name
    in lower case, as `_key_lines` finds them: read in the same pass."""
    if _NOT_SIMPLE_CHAR.search(front) is not None:
        return None
    meta: dict[str, Any] = {}
    lines_of: dict[str, list[int]] = {}
    open_key: str | None = None  # a `field:` with no value yet: block-list items may follow
    items: list[str | bool] | None = None
    indent = ""
    for number, line in enumerate(front.split("\n")):
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
        lines_of.setdefault(key.lower(), []).append(number)
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
    if key_lines is not None:
        key_lines.update(lines_of)
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


@lru_cache(maxsize=1 << 14)  # field names and most values recur from file to file
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
@dataclass
class RawFile(Pickled):
    """A file split into front matter and body, before any field is interpreted."""

    source: Source
    meta: dict[str, Any]
    key_lines: dict[str, int]  # the line of each field, for messages
    body: str
    body_line: int
    problems: list[Problem] = field(default_factory=list)
    usable: bool = True
    # A file whose front matter could not be read still names someone: the value of a plain
    # `name:` line, if there is one (see `Vault.broken`).
    name_line: str | None = None
    has_front_matter: bool = True
    finds: BodyFinds | None = None  # the body's links and tasks (`reading.body_finds`)


def read_file(path: Path | str, relative: str) -> RawFile:
    """Read and split one file; problems for encoding and YAML, never an exception."""
    try:
        stat, data = read_regular_file(path)
    except (NotRegularFile, FileTooLarge) as error:
        problem = Problem(relative, None, f"{error.strerror}; kith reads only Markdown files you "
                          "write: move it out of the folder", Severity.ERROR)
        return RawFile(Source(relative), {}, {}, "", 1, [problem], usable=False)
    except OSError as error:
        problem = Problem(relative, None, f"cannot be read ({error.strerror}); check that the file "
                          "exists (a link may point nowhere) and that you may read it", Severity.ERROR)
        return RawFile(Source(relative), {}, {}, "", 1, [problem], usable=False)
    return read_data(data, Source(relative, stat.st_mtime_ns, stat.st_size))


def read_data(data: bytes, source: Source) -> RawFile:
    """A file's bytes read as `read_file` reads the file (e.g. a file about to be written)."""
    problems: list[Problem] = []
    text = _decode(data, source.path, problems)
    return split_text(text, source, problems)


def split_text(text: str, source: Source, problems: list[Problem] | None = None) -> RawFile:
    """A file's text split into its fields and its body (see `read_file`)."""
    problems = [] if problems is None else problems
    relative = source.path
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    opening = _FM_BOUNDARY.match(text)
    if opening is None:
        start = text.lstrip()
        if start.startswith(("---", "+++")):
            problems.append(Problem(relative, 1, _no_front_matter(text), Severity.ERROR))
            return RawFile(source, {}, {}, text, 1, problems, usable=False, name_line=_name_line(text))
        # No front matter: a body on its own, as Obsidian allows.
        return _with_inline_fields(RawFile(source, {}, {}, text, 1, problems, has_front_matter=False))
    closing = _FM_BOUNDARY.search(text, opening.end())
    if closing is None:
        problems.append(Problem(
            relative, 1, "front matter is not closed; add a '---' line after the last field",
            Severity.ERROR,
        ))
        return RawFile(source, {}, {}, text, 1, problems, usable=False, name_line=_name_line(text))
    front, body = text[opening.end():closing.start()], text[closing.end():]
    body_stripped = body.lstrip("\n")
    body_line = text.count("\n", 0, closing.end()) + 1 + len(body) - len(body_stripped)
    # `front` starts right after the opening '---' (which may swallow blank lines): the
    # file line of its first character, so YAML marks and field lines point at the right line.
    first_line = text.count("\n", 0, opening.end()) + 1
    simple_lines: dict[str, list[int]] = {}
    meta, problem = parse_front_matter(relative, front, first_line, simple_lines)
    if problem is not None:
        problems.append(problem)
        return RawFile(source, {}, {}, body_stripped, body_line, problems, usable=False,
                       name_line=_name_line(front))
    assert meta is not None
    if simple_lines:
        key_lines = {key: first_line + numbers[0] for key, numbers in simple_lines.items()}
        repeated = {key: [first_line + number for number in numbers]
                    for key, numbers in simple_lines.items() if len(numbers) > 1}
    else:
        key_lines, repeated = _key_lines(front, first_line)
    for key, lines in repeated.items():
        problems.append(Problem(
            relative, lines[-1],
            f"'{key}' is given more than once (lines {', '.join(map(str, lines))}); only the last "
            "one counts, so remove the others",
        ))
    return _with_inline_fields(RawFile(source, meta, key_lines, body_stripped, body_line, problems))


def parse_front_matter(relative: str, front: str, first_line: int = 2,
                       key_lines: dict[str, list[int]] | None = None) -> tuple[dict[str, Any] | None,
                                                                               Problem | None]:
    """The fields of a front matter (keys in lower case), or the problem that makes it unreadable.
    `first_line`: the file line `front` starts on, for the problem's line. `key_lines`: as
    `_simple_front_matter` fills it, when that reads the front matter."""
    too_deep = _nesting_problem(relative, front, first_line) or alias_problem(relative, front, first_line)
    if too_deep is not None:
        return None, too_deep
    try:
        meta = _simple_front_matter(front, key_lines)
        if meta is not None:  # plain text and lists of it: no unquoted [[link]] in there
            return {key.lower(): value for key, value in meta.items()}, None
        meta = yaml.load(front, Loader=FrontMatterLoader) if front.strip() else {}
    except yaml.YAMLError as error:
        return None, _yaml_problem(relative, front, error, first_line)
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
        return None, Problem(relative, line, message, Severity.ERROR)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return None, Problem(
            relative, _first_content_line(front, first_line),
            f"front matter must be 'field: value' lines, but it is {_described(meta)}; "
            "write e.g. 'name: Aisha Rahman' (a contact) or 'date: 2026-11-20' (a note)",
            Severity.ERROR,
        )
    return {str(key).strip().lower(): _unquoted_links(value) for key, value in meta.items()}, None


# A plain `name:` line, read from a file whose front matter is broken elsewhere.
_NAME_LINE = re.compile(r"^name:[ \t]*(['\"]?)([^'\"\n#]+?)\1[ \t]*$", re.MULTILINE)


def _name_line(front: str) -> str | None:
    match = _NAME_LINE.search(front[:5000])
    return match.group(2).strip() or None if match else None


# Dataview's inline fields, `key:: value`, on lines of their own at the top of a body.
_INLINE_FIELD = re.compile(r"([A-Za-z][\w -]{0,60}?)::[ \t]*(.*?)[ \t]*$")


def _with_inline_fields(raw: RawFile) -> RawFile:
    """Dataview fields at the top of the body (before any other text; blank lines and a first
    `# heading` may come between) count as front matter; a field in the front matter wins. Their
    lines are blanked in the body (kept as lines, so line numbers stay right): like front matter,
    they are not part of the text shown."""
    body = raw.body
    if "::" not in body[:2000]:
        return raw
    lines = body.split("\n")
    number = raw.body_line
    read = 0  # lines of fields at the top
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped and not stripped.startswith("# "):
            match = _INLINE_FIELD.fullmatch(stripped)
            if match is None:
                break
            key = "_".join(match.group(1).lower().split())
            if key not in raw.meta:
                raw.meta[key] = _inline_value(match.group(2))
                raw.key_lines[key] = number
            lines[index] = ""
            read = index + 1
        number += 1
    if read:
        raw.body = "\n".join(lines)
    return raw


def _inline_value(text: str) -> str | list[str] | None:
    """`[[A]], [[B]]` or `a, b` is a list, as Dataview reads it; anything else is one text."""
    if not text:
        return None
    parts = [part.strip() for part in text.split(",")]
    if len(parts) > 1 and all(parts):
        return parts
    return text


# YAML anchors and aliases (`&a [x, x]`, `*a`) let a few lines stand for billions of values (the
# "billion laughs"). Loading shares them, but comparing or printing them walks every copy, so a
# front matter that would expand past this many values is refused before anything reads it.
# A hand-written contact has a few dozen.
MAX_EXPANDED_VALUES = 100_000


def alias_problem(relative: str, front: str, first_line: int) -> Problem | None:
    """A problem if the front matter's aliases expand to more than MAX_EXPANDED_VALUES values, or
    refer to themselves. Counted on YAML's node graph, where an alias is one shared node, so the
    count takes time in proportion to the text, not to the expansion."""
    if "&" not in front or "*" not in front:  # no anchor or no alias
        return None
    try:
        root = yaml.compose(front, Loader=FrontMatterLoader)
    except yaml.YAMLError:
        return None  # not YAML: the loader says so, in its own words
    if root is None:
        return None
    size = _expanded_size(root, MAX_EXPANDED_VALUES)
    line = _first_content_line(front, first_line)
    if size is None:
        return Problem(relative, line, "front matter has a YAML alias (*name) inside the value it names; "
                       "write the values out plainly", Severity.ERROR)
    if size > MAX_EXPANDED_VALUES:
        return Problem(relative, line, f"front matter's YAML aliases (*name) expand to more than "
                       f"{MAX_EXPANDED_VALUES:,} values; write the values out plainly", Severity.ERROR)
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _expanded_size(root: yaml.Node, limit: int) -> int | None:
    """How many values `root` stands for with every alias expanded (capped just above `limit`),
    or None when a node contains itself. Each shared node is counted once and its size reused."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # started and not finished: the path from the root
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        if finished:
            sizes[id(node)] = min(limit + 1, 1 + sum(sizes[id(child)] for child in _children(node)))
            open_nodes.discard(id(node))
            continue
        if id(node) in sizes:
            continue
        if id(node) in open_nodes:
            return None
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
    return sizes[id(root)]




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


# Errors YAML reports where it gave up, though the problem began where the context opened.
_STARTS_WHERE_IT_OPENED = ("while scanning a simple key", "while parsing a flow sequence",
                           "while parsing a flow mapping")


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
    if context_mark is not None and context in _STARTS_WHERE_IT_OPENED and (
            mark is None or context_mark.line < mark.line):
        # YAML notices a missing ':' or an unclosed bracket on a later line; the line to fix is
        # where the field or the bracket began.
        mark = context_mark
        if "simple key" in context:
            line = mark.line + first_line
            return Problem(relative, line, "front matter is not valid YAML (this line has no ':' after "
                           "its field name); write 'field: value', or put the text in quotes", Severity.ERROR)
    lines = front.split("\n")
    if mark is not None and reason.startswith("mapping values") and 0 < mark.line < len(lines):
        before = lines[mark.line - 1]
        if before.strip() and ":" not in before and not before[0].isspace() and not before.startswith("-"):
            # `company Acme` then `role: CTO`: YAML reads the two lines as one key, and notices
            # only on the second; the line to fix is the first.
            return Problem(relative, mark.line - 1 + first_line,
                           "front matter is not valid YAML (this line has no ':' after its field name); "
                           "write 'field: value', or put the text in quotes", Severity.ERROR)
    line = mark.line + first_line if mark is not None else None
    hint = "check the quotes, colons and indentation on that line"
    offending = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    value = offending.split(":", 1)[-1].strip()
    if "\t" in offending or "'\\t'" in reason:
        hint = "YAML does not allow tabs; indent with spaces"
    elif "{{" in offending:
        hint = ("'{{...}}' is a template's placeholder: put the value in quotes, or keep templates out "
                "of the contacts and notes folders")
    elif value[:1] in ("@", "`", "%"):
        hint = f"a value starting with '{value[0]}' must be in quotes, e.g. \"{shown(value, 40)}\""
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


