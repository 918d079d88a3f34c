"""`kith import --merge` into a contact file someone wrote by hand: only additions, proven safe.

The new fields go after the last field of the front matter (and a note into an empty body);
every byte before them stays as it was: the byte-order mark, CRLF or CR line ends, comments,
odd spacing, a missing final newline. The result is then read back by the vault loader's own
reader, and used only if it reads as the same contact plus exactly the new fields.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.fields import FieldReader, field_of
from ..core.files import read_regular_file
from ..core.frontmatter import RawFile, alias_problem, read_data
from ..core.interchange import ContactRecord
from ..core.model import Source
from ..core.records import profile_links
from .frontmatter import dump_fields, listed_where_needed

# Record field -> every front-matter key the loader reads for it: any of them present means the
# contact has that field, even when it is spelt the way another tool spells it.
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "aliases": field_of("contact", "aliases").keys,
    "name_parts": field_of("contact", "name_parts").keys,
    "company": field_of("contact", "company").keys,
    "role": field_of("contact", "role").keys,
    "email": field_of("contact", "email").keys,
    "phone": field_of("contact", "phone").keys,
    "location": field_of("contact", "location").keys,
    "tags": ("tags",),
    "met": ("met",),
    "birthday": field_of("contact", "birthday").keys,
}
# Profile links the loader also reads as top-level fields: addable beside an existing `links:`.
TOP_LEVEL_LINKS = ("linkedin", "website", "twitter", "github")

class MergeError(Exception):
    """The contact's file cannot be given the new fields safely; the message says why."""


@dataclass
class MergePlan:
    """The new content of a contact file, and what it adds."""

    status: os.stat_result  # of the file as read: replace_file refuses if it changed since
    data: bytes
    fields: dict[str, Any]
    body: str


def plan_merge(path: Path, relative: str, record: ContactRecord, added: Iterable[str] = (),
               body_added: bool = False) -> MergePlan | None:
    """The file at `path` with the record's fields it lacks, or None if it lacks none.

    `added`: fields this run already added (a dry run did not write them), `body_added`: whether
    it already gave the file a note. Raises MergeError, the file untouched, when it cannot be done.
    """
    try:
        status, data = read_regular_file(path)
    except OSError as error:
        raise MergeError(f"it cannot be read ({error.strerror})") from None
    try:
        original = data.decode("utf-8")
    except UnicodeDecodeError:
        raise MergeError("it is not UTF-8 text; save it as UTF-8 in your editor first") from None
    opening, front, closing, body = split_contact(original)
    refuse_alias_bombs(front)
    before = reread(data, relative)
    if not before.usable:
        raise MergeError("its front matter cannot be read; fix it (kith check) first")
    fields, note = missing_fields(before, record, added, body_added)
    if not fields and not note:
        return None
    merged = merged_text(opening, front, closing, body, fields, note).encode("utf-8")
    try:
        difference = _difference(before, reread(merged, relative),
                                 _as_read(fields, relative), note)
    except RecursionError:  # values nested deeper than Python compares
        difference = "its values are nested too deeply to check"
    if difference is not None:
        raise MergeError(f"with the new fields added, {difference}; the file is left as it was, "
                         "add the fields by hand")
    return MergePlan(status, merged, fields, note)


# A line and its end: only CRLF, CR and LF end lines, as for the loader (`str.splitlines` would
# also split at form feeds and U+2028, which YAML keeps inside values).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_BOUNDARY = re.compile(r"-{3,}\s*")


def split_contact(text: str) -> tuple[str, str, str, str]:
    """(opening line, front matter, closing line, body) of a contact file, line ends kept;
    the opening line keeps the byte-order mark, if any."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = _LINE.findall(text.removeprefix("\ufeff"))
    if not lines or not _BOUNDARY.fullmatch(lines[0].rstrip("\r\n")):
        raise MergeError("it does not start with a '---' front-matter line")
    for index in range(1, len(lines)):
        if _BOUNDARY.fullmatch(lines[index].rstrip("\r\n")):
            return bom + lines[0], "".join(lines[1:index]), lines[index], "".join(lines[index + 1:])
    raise MergeError("its front matter has no closing '---' line")


def refuse_alias_bombs(front: str) -> None:
    """MergeError if the front matter's aliases would expand too far (see frontmatter.alias_problem)."""
    problem = alias_problem("", front, 1)
    if problem is not None:
        raise MergeError(f"its front matter {problem.message.removeprefix('front matter ')}")


def missing_fields(contact: RawFile, record: ContactRecord, added: Iterable[str] = (),
                   body_added: bool = False) -> tuple[dict[str, Any], str]:
    """The record's fields a contact (its file as the loader reads it) lacks, as front matter to
    add, and a text for its body if the body is empty."""
    keys = set(contact.meta) | set(added)
    body = contact.body
    known_links = profile_links(FieldReader(contact, "contact"))
    offered = record.front_matter()
    fields: dict[str, Any] = {}
    for name, synonyms in FIELD_KEYS.items():
        if name in offered and not keys.intersection(synonyms):
            fields[name] = offered[name]
    links = {label: url for label, url in record.links.items()
             if label not in known_links and url not in known_links.values()}
    if links:
        if not keys.intersection(("links", "url", *TOP_LEVEL_LINKS)):
            fields["links"] = links
        else:
            # `links:` is the user's; a profile the loader also reads at the top level can go beside it.
            for label, url in links.items():
                if label in TOP_LEVEL_LINKS and label not in keys:
                    fields[label] = url
    note = (record.note or "").strip()
    return fields, note if note and not body.strip() and not body_added else ""


def merged_text(opening: str, front: str, closing: str, body: str, additions: Mapping[str, Any],
                note: str) -> str:
    """The file with `additions` after its last field and `note` after its (blank) body.

    The additions take the file's line ends and the indentation of its fields."""
    newline = re.search(r"\r\n|\r|\n", opening)
    line_end = newline.group() if newline else "\n"
    indent = _field_indent(front)
    added = ""
    if additions:
        dumped = dump_fields(listed_where_needed(additions))
        added = "".join(indent + line + line_end for line in dumped.removesuffix("\n").split("\n"))
    if front and not front.endswith(("\n", "\r")):
        front += line_end
    if note:  # only when the user's body is blank
        if not closing.endswith(("\n", "\r")):
            closing += line_end  # else the note would be glued to the closing '---'
        if body and not body.endswith(("\n", "\r")):
            body += line_end
        body += note.replace("\n", line_end) + line_end
    return opening + front + added + closing + body


def _field_indent(front: str) -> str:
    """The spaces before the first field: YAML lets a whole front matter be indented."""
    for line in front.splitlines():
        stripped = line.lstrip(" ")
        if stripped and not stripped.startswith("#"):
            return line[: len(line) - len(stripped)]
    return ""


def reread(data: bytes, relative: str) -> RawFile:
    """`data` as the vault loader reads the file `relative`, through its own reader."""
    return read_data(data, Source(relative))


def _as_read(fields: Mapping[str, Any], relative: str) -> dict[str, Any]:
    """The new fields as the loader reads them (dates as text, numbers as written)."""
    return reread(f"---\n{dump_fields(listed_where_needed(fields))}---\n".encode(), relative).meta


def _difference(before: RawFile, after: RawFile, new: Mapping[str, Any], note: str) -> str | None:
    """How `after` is not `before` plus exactly the `new` fields (and the note), in words."""
    if not after.usable:
        reason = next((problem.message for problem in after.problems), "it could not be read")
        return f"the file would not read back ({reason})"
    for key, value in before.meta.items():
        if key not in after.meta or not _same(after.meta[key], value):
            return f"'{key}' would no longer read as it does"
    if set(after.meta) - set(before.meta) != set(new) or \
            not all(_same(after.meta[key], value) for key, value in new.items()):
        return "the new fields would not read back as written"
    if (after.body.strip() != note) if note else (after.body != before.body):
        return "the text after the front matter would change"
    return None


def _same(first: Any, second: Any) -> bool:
    """Equal values, where a NaN (`.nan`) equals a NaN."""
    if isinstance(first, dict) and isinstance(second, dict):
        return first.keys() == second.keys() and all(_same(first[k], second[k]) for k in first)
    if isinstance(first, list) and isinstance(second, list):
        return len(first) == len(second) and all(map(_same, first, second))
    if isinstance(first, float) and isinstance(second, float) and math.isnan(first):
        return math.isnan(second)
    return bool(type(first) is type(second) and first == second)
