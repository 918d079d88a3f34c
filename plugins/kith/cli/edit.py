"""Changing a user's file in place, touching only the text that must change.

`kith merge` and `kith import linkedin --merge` change values a person wrote: a list gains
items, a company is replaced, a `[[link]]` names someone else. Each change is made on the exact
characters of the value, found through YAML's own parser (`yaml.compose` marks where each value
starts and ends), so every other byte stays: the byte-order mark, CRLF or CR line ends, comments,
quoting, spacing, the order of fields. A list gains items in the style it is written in (`[a, b]`
or one `- item` a line); a field the file lacks goes after its last field.

The result is then read back by the vault loader's own reader (`merge.reread`) and used only if
every field reads as before except the ones meant to change, which read as intended.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..core.fields import field_of
from ..core.files import read_regular_file
from ..core.frontmatter import RawFile
from ..core.interchange import ContactRecord
from ..core.model import Contact
from .frontmatter import FrontMatterDumper, dump_fields, listed_where_needed
from .merge import (
    MergeError,
    MergePlan,
    _field_indent,
    _same,
    missing_fields,
    refuse_alias_bombs,
    reread,
    split_contact,
)

_REMOVED = object()


def render(value: Any) -> str:
    """A value as YAML on one line, quoted where YAML needs it (and `[[links]]`, phone numbers
    and URLs double-quoted, as kith writes them)."""
    dumper = type("_Dumper", (FrontMatterDumper,), {"nesting_depth": 1})
    text = yaml.dump([value], Dumper=dumper, default_flow_style=True, allow_unicode=True, width=10_000)
    text = text.strip()
    return text[1:-1]  # the value inside `[...]`


def items_of(value: Any) -> list[str]:
    """A list field's items as the loader reads them: a list, or one text split at commas."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(item).strip() for item in value if item is not None and str(item).strip()]
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [str(value)]


@dataclass
class _Edit:
    start: int
    end: int
    text: str


@dataclass
class FileEdit:
    """One file being changed: read, edited in place, checked, turned back into bytes."""

    relative: str
    original: bytes
    text: str = ""
    has_front_matter: bool = True
    opening: str = ""
    front: str = ""
    closing: str = ""
    body: str = ""
    newline: str = "\n"
    root: yaml.MappingNode | None = None
    before: RawFile | None = None
    edits: list[_Edit] = field(default_factory=list)
    appended: dict[str, Any] = field(default_factory=dict)
    expected: dict[str, Any] = field(default_factory=dict)  # key -> value it must read as after
    new_body: str | None = None

    @classmethod
    def read(cls, data: bytes, relative: str, *, front_matter_required: bool = True) -> FileEdit:
        """The file's parts; MergeError (nothing changed) when it cannot be edited safely."""
        edit = cls(relative, data)
        try:
            edit.text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise MergeError("it is not UTF-8 text; save it as UTF-8 in your editor first") from None
        edit.before = reread(data, relative)
        if not edit.before.has_front_matter and not front_matter_required:
            edit.has_front_matter = False
            edit.body = edit.text
            return edit
        if not edit.before.usable:
            raise MergeError("its front matter cannot be read; fix it (kith check) first")
        edit.opening, edit.front, edit.closing, edit.body = split_contact(edit.text)
        refuse_alias_bombs(edit.front)
        newline = re.search(r"\r\n|\r|\n", edit.opening)
        edit.newline = newline.group() if newline else "\n"
        try:
            root = yaml.compose(edit.front, Loader=yaml.SafeLoader) if edit.front.strip() else None
        except yaml.YAMLError:
            raise MergeError("its front matter cannot be read; fix it (kith check) first") from None
        if root is not None and not isinstance(root, yaml.MappingNode):
            raise MergeError("its front matter is not 'field: value' lines")
        edit.root = root
        return edit

    # Finding values.

    @property
    def meta(self) -> dict[str, Any]:
        return self.before.meta if self.before is not None else {}

    def pair(self, key: str) -> tuple[yaml.Node, yaml.Node] | None:
        """The key and value nodes of a top-level field (the loader reads keys in lower case;
        the last of a repeated key counts, as for the loader)."""
        found = None
        if self.root is not None:
            for key_node, value_node in self.root.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value.strip().lower() == key:
                    found = (key_node, value_node)
        return found

    def node(self, key: str) -> yaml.Node | None:
        pair = self.pair(key)
        return pair[1] if pair else None

    # Changing values.

    def replace(self, node: yaml.Node, text: str) -> None:
        """Put `text` where a value is written; a block value keeps the line end after it."""
        start, end = node.start_mark.index, node.end_mark.index
        written = self.front[start:end]
        tail = written[len(written.rstrip("\r\n")):]
        self.edits.append(_Edit(start, end, text + tail))

    def _insert(self, position: int, text: str) -> None:
        self.edits.append(_Edit(position, position, text))

    def set_value(self, key: str, value: Any) -> None:
        """A text field set to a new value (replacing a text, or added when absent or empty)."""
        node = self.node(key)
        self.expected[key] = value
        if node is None:
            self.appended[key] = value
        elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            self.replace(node, " " + render(value) if node.start_mark.index == node.end_mark.index
                         or self.front[node.start_mark.index - 1:node.start_mark.index] == ":"
                         else render(value))
        else:
            self.replace(node, render(value))

    def add_items(self, key: str, items: list[str], *, first: bool = False) -> None:
        """Items added to a list field, in the style it is written in (at the front with `first`,
        else at the end); a field written as one text becomes a list of it and the new items."""
        if not items:
            return
        node = self.node(key)
        current = items_of(self.meta.get(key))
        self.expected[key] = [*items, *current] if first else [*current, *items]
        if node is None:
            # One item is written as a text (`phone: "+44 ..."`), as a person would.
            one = len(items) == 1 and "," not in items[0] and key not in ("aliases", "tags")
            self.appended[key] = items[0] if one else list(items)
            return
        rendered = [render(item) for item in items]
        if isinstance(node, yaml.ScalarNode):
            if node.tag.endswith(":null"):
                self.set_value(key, list(items))
                return
            written = self.front[node.start_mark.index:node.end_mark.index]
            if node.style is None and re.search(r"[\[\]{}#]|, ", written) is None and "\n" not in written:
                old = [written]  # a plain text keeps its spelling
            else:
                old = [render(value) for value in current]
            values = [*rendered, *old] if first else [*old, *rendered]
            self.replace(node, "[" + ", ".join(values) + "]")
        elif isinstance(node, yaml.SequenceNode) and node.flow_style:
            close = node.end_mark.index - 1
            if not node.value:
                self._insert(close, ", ".join(rendered))
            elif first:
                self._insert(node.value[0].start_mark.index, ", ".join(rendered) + ", ")
            else:
                self._insert(node.value[-1].end_mark.index, "".join(", " + text for text in rendered))
        elif isinstance(node, yaml.SequenceNode):
            indent = " " * node.start_mark.column
            if first:
                line_start = self.front.rfind("\n", 0, node.value[0].start_mark.index) + 1
                self._insert(line_start, "".join(f"{indent}- {text}{self.newline}" for text in rendered))
            else:
                end = self._line_end(node.value[-1].end_mark.index)
                self._insert(end, "".join(f"{self.newline}{indent}- {text}" for text in rendered))
        else:
            raise MergeError(f"'{key}' is not a list kith can add to; add {', '.join(items)} by hand")

    def add_entries(self, key: str, entries: Mapping[str, str]) -> None:
        """`label: url` entries added to a mapping field such as `links`."""
        if not entries:
            return
        node = self.node(key)
        current = self.meta.get(key)
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
            self.expected[key] = dict(entries)
            if node is None:
                self.appended[key] = dict(entries)
            else:
                self.replace(node, " {" + ", ".join(f"{render(k)}: {render(v)}" for k, v in entries.items())
                             + "}")
            return
        if not isinstance(node, yaml.MappingNode) or not isinstance(current, dict):
            self.expected.pop(key, None)
            self.add_items(key, list(entries.values()))  # `links:` written as URLs: add URLs
            return
        self.expected[key] = {**current, **entries}
        pairs = [f"{render(label)}: {render(url)}" for label, url in entries.items()]
        if node.flow_style:
            if not node.value:
                self._insert(node.end_mark.index - 1, ", ".join(pairs))
            else:
                self._insert(node.value[-1][1].end_mark.index, "".join(", " + pair for pair in pairs))
        else:
            indent = " " * node.start_mark.column
            end = self._line_end(node.value[-1][1].end_mark.index)
            self._insert(end, "".join(f"{self.newline}{indent}{pair}" for pair in pairs))

    def remove_field(self, key: str) -> None:
        """A field taken out: its line (its lines, for a value over several), with a comment after
        it on the same line; every other line stays as it is."""
        pair = self.pair(key)
        if pair is None:
            return
        key_node, value_node = pair
        front = self.front
        start = max(front.rfind("\n", 0, key_node.start_mark.index),
                    front.rfind("\r", 0, key_node.start_mark.index)) + 1
        end = value_node.end_mark.index
        if end == 0 or front[end - 1] not in "\r\n":  # the rest of the value's line, and its end
            end = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?").match(front, end).end()  # type: ignore[union-attr]
        self.edits.append(_Edit(start, end, ""))
        self.expected[key] = _REMOVED

    def add_field(self, key: str, value: Any) -> None:
        """A field the file lacks, after its last field."""
        self.appended[key] = value
        self.expected[key] = value

    def _line_end(self, position: int) -> str | int:
        match = re.compile(r"\r\n|\r|\n").search(self.front, position)
        return match.start() if match else len(self.front)

    # The result.

    def changed(self) -> bool:
        return bool(self.edits or self.appended or self.new_body is not None)

    def result(self) -> bytes:
        """The edited file, checked: MergeError if it would not read back as intended."""
        if not self.has_front_matter:
            return (self.new_body if self.new_body is not None else self.body).encode("utf-8")
        front = self.front
        for edit in sorted(self.edits, key=lambda e: (e.start, e.end), reverse=True):
            front = front[:edit.start] + edit.text + front[edit.end:]
        if self.appended:
            if front and not front.endswith(("\n", "\r")):
                front += self.newline
            indent = _field_indent(self.front)
            dumped = dump_fields(listed_where_needed(self.appended))
            front += "".join(indent + line + self.newline for line in dumped.removesuffix("\n").split("\n"))
        body = self.body if self.new_body is None else self.new_body
        closing = self.closing
        if body and not closing.endswith(("\n", "\r")):
            closing += self.newline
        data = (self.opening + front + closing + body).encode("utf-8")
        self._check(data)
        return data

    def _check(self, data: bytes) -> None:
        assert self.before is not None
        after = reread(data, self.relative)
        if not after.usable:
            raise MergeError("the change would make its front matter unreadable; the file is left as it "
                             "was, change it by hand")
        for key, value in self.before.meta.items():
            if key not in self.expected and (key not in after.meta or not _same(after.meta[key], value)):
                raise MergeError(f"'{key}' would no longer read as it does; the file is left as it was")
        for key, value in self.expected.items():
            if value is _REMOVED:
                if key in after.meta:
                    raise MergeError(f"'{key}' would still be there; the file is left as it was")
                continue
            if key not in after.meta or not _equivalent(after.meta[key], value):
                raise MergeError(f"'{key}' would not read back as intended; the file is left as it was, "
                                 "change it by hand")
        extra = set(after.meta) - set(self.before.meta) - set(self.expected)
        if extra:
            raise MergeError(f"'{sorted(extra)[0]}' would appear; the file is left as it was")
        if self.new_body is not None and _lines(after.body).strip() != _lines(self.new_body).strip():
            raise MergeError("its text would not read back as intended; the file is left as it was")


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _equivalent(read: Any, wanted: Any) -> bool:
    """Whether a value read back is the one meant: compared as text, a list item by item (a
    text read where a list of one was meant counts), a mapping entry by entry."""
    if isinstance(wanted, dict):
        return isinstance(read, dict) and {str(k): _plain(v) for k, v in read.items()} == \
            {str(k): _plain(v) for k, v in wanted.items()}
    if isinstance(wanted, list | tuple):
        return items_of(read) == [str(item) for item in wanted]
    return _plain(read) == _plain(wanted)


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return None if value is None else str(value)


def plan_job_change(path: Path, relative: str, contact: Contact, record: ContactRecord, change: Any,
                    added: Iterable[str] = (), body_added: bool = False) -> MergePlan:
    """A contact's file with a new job recorded (`kith import linkedin --merge`): the new company
    replaces the old, which goes into `past_companies` (or, in a `company: [New, Old]` list,
    the new one goes first), the new role replaces the old; then the record's fields the file
    lacks are added, as `plan_merge` adds them. MergeError when it cannot be done safely."""
    try:
        status, data = read_regular_file(path)
    except OSError as error:
        raise MergeError(f"it cannot be read ({error.strerror})") from None
    edit = FileEdit.read(data, relative)
    fields: dict[str, Any] = {}
    (old_company, new_company), (old_role, new_role) = change.company, change.role
    if new_company and new_company != old_company:
        key = _key_of(edit, "company")
        if key is None:
            edit.add_field("company", new_company)
        elif isinstance(edit.meta[key], list):
            edit.add_items(key, [new_company], first=True)  # the first is current, the rest past
        else:
            edit.set_value(key, new_company)
            past_key = _key_of(edit, "past_companies") or "past_companies"
            if old_company and old_company not in items_of(edit.meta.get(past_key)):
                edit.add_items(past_key, [old_company])
                fields["past_companies"] = old_company
        fields["company"] = new_company
    if new_role and new_role != old_role:
        key = _key_of(edit, "role")
        if key is None:
            edit.add_field("role", new_role)
        else:
            edit.set_value(key, new_role)
        fields["role"] = new_role
    assert edit.before is not None
    missing, note = missing_fields(edit.before, record, [*added, *fields], body_added)
    for key, value in missing.items():
        edit.add_field(key, value)
        fields[key] = value
    if note:
        edit.new_body = (edit.body.rstrip("\r\n") + edit.newline if edit.body.strip() else "") + \
            note.replace("\n", edit.newline) + edit.newline
    return MergePlan(status, edit.result(), fields, note)


def _key_of(edit: FileEdit, name: str) -> str | None:
    for key in field_of("contact", name).keys:
        if edit.meta.get(key) not in (None, "", []):
            return key
    return None
