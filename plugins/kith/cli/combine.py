"""`kith merge KEEP OTHER`: two files for one person become one.

OTHER's fields go into KEEP (lists unioned; where both have a different value KEEP's stays and the
difference is listed, and written into KEEP's text so nothing is lost), OTHER's names become
KEEP's aliases, every reference to OTHER (`with`, `introduced_by`, any `[[link]]`) in every contact
and note names KEEP instead, and OTHER's file goes last. Each file is changed in place, only where
it must (cli/edit.py), so `git diff` shows exactly what the merge did.

A merge that stops midway (a full disk, a killed process) is finished by running it again. Before
changing anything kith writes a journal, `.kith-merge.json` beside mkdocs.yml, holding the plan
and OTHER's whole file; every step is then done in an order that a rerun can pick up:

1. KEEP is written (a rerun sees it already holds the merged content);
2. references are rewritten (rewriting a file that names OTHER no more changes nothing);
3. OTHER is removed (only if it still holds what the journal saved);
4. the journal is removed.
"""

from __future__ import annotations

import base64
import datetime as dt
import difflib
import hashlib
import json
import os
import re
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from ..core.fields import BIRTHDAY, CONTACT_FIELDS, DATE, LINK_FIELDS, PEOPLE, TEXTS, Field
from ..core.files import read_regular_file
from ..core.frontmatter import IntAsWritten
from ..core.links import WIKILINK, code_fence_mask, reference_key, strip_link_syntax
from ..core.loader import Vault
from ..core.model import Contact
from ..core.slugs import name_key, slugify, tag_key
from ..core.writer import FileChangedError, UnsafeTarget, remove_unchanged, replace_unchanged, write_new
from .common import JOURNAL, CommandError, Settings, cannot_write, pass_settings, today
from .edit import FileEdit, items_of
from .merge import MergeError
from .people import People, PersonError, person_error
from .terminal import echo, show_error
from .vault import VaultContext

JOURNAL_VERSION = 1
# Test hook: the process kills itself (SIGKILL, as a power cut would stop it) after this many
# writes, so that the tests can interrupt a merge for real between two of its steps.
STOP_AFTER = "KITH_MERGE_STOP_AFTER"

PEOPLE_KEYS = frozenset(key for f in CONTACT_FIELDS if f.type == PEOPLE for key in f.keys) | {
    "with", "participants", "people", "attendees", "contacts"}
NAME_KEYS = frozenset({"name", "full_name", "fullname", "first_name", "firstname", "given_name",
                       "last_name", "lastname", "surname", "family_name"})
_KEYS_OF = {key: f for f in CONTACT_FIELDS for key in f.keys}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---- references ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rename:
    """Which references mean OTHER, and how KEEP is written instead."""

    keys: frozenset[str]  # OTHER's names, aliases, slug and file name, compared as links compare
    target: str  # KEEP as a link target and a plain reference: its name, or its slug

    def means_other(self, reference: str) -> bool:
        normal = reference_key(reference)
        return bool(normal) and (normal in self.keys or name_key(slugify(normal)) in self.keys)

    def links(self, text: str) -> str:
        """`[[Other]]` -> `[[Keep]]`, `[[Other|label]]` -> `[[Keep|label]]`, a heading kept."""
        if "[[" not in text:
            return text

        def replace(match: re.Match[str]) -> str:
            if not self.means_other(match.group(1)):
                return match.group(0)
            start, end = match.span(1)
            whole = match.group(0)
            return whole[:start - match.start()] + self.target + whole[end - match.start():]

        return WIKILINK.sub(replace, text)

    def value(self, text: str, people: bool) -> str:
        """A front-matter text: its links, and in a people field a plain name, slug or alias."""
        if "[[" in text:
            return self.links(text)
        if not people:
            return text
        # `with: Jon, Aisha` is read as two people: each part is a reference of its own.
        parts = re.split(r"(,\s*)", text)
        return "".join(part if index % 2 or not self.means_other(part.strip())
                       else part.replace(part.strip(), self.target) for index, part in enumerate(parts))

    def body(self, text: str) -> str:
        """A Markdown text with its links to OTHER renamed, except in code (as the loader reads)."""
        if "[[" not in text:
            return text
        lines = _LINE.findall(text)
        mask = code_fence_mask([line.rstrip("\r\n") for line in lines])
        out = []
        for line, in_code in zip(lines, mask, strict=True):
            if in_code or "[[" not in line:
                out.append(line)
                continue
            pieces, position = [], 0
            for code in _CODE_SPAN.finditer(line):
                pieces.append(self.links(line[position:code.start()]))
                pieces.append(code.group(0))
                position = code.end()
            pieces.append(self.links(line[position:]))
            out.append("".join(pieces))
        return "".join(out)

    def file_pattern(self) -> re.Pattern[str]:
        """Text that may name OTHER: a quick test before a file is read in full."""
        words = set()
        for key in self.keys:
            parts = [re.escape(part) for part in re.split(r"[\s\-_]+", key) if part]
            if parts:
                words.add(r"[\s\-_]+".join(parts))
        return re.compile("|".join(sorted(words, key=len, reverse=True)) or r"(?!)", re.IGNORECASE)


def rewrite_references(edit: FileEdit, rename: Rename) -> None:
    """Every reference to OTHER in a file, front matter and text, renamed to KEEP."""
    if edit.root is not None:
        for key_node, value_node in edit.root.value:
            key = str(key_node.value).strip().lower()
            if key in ("name", "aliases", "alias", "nicknames", "nickname"):
                continue
            people = key in PEOPLE_KEYS
            changed = False
            for node in _scalars(value_node):
                new = rename.value(node.value, people)
                if new != node.value:
                    edit.replace(node, _restyled(node, new))
                    changed = True
            if changed:
                edit.expected[key] = _renamed(edit.meta.get(key), rename, people)
    new_body = rename.body(edit.body)
    if new_body != edit.body:
        edit.new_body = new_body


def _scalars(node: Any) -> Iterator[Any]:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        if node.tag.endswith(":str"):
            yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, yaml.MappingNode):
        for _, item in node.value:
            yield from _scalars(item)


def _restyled(node: Any, value: str) -> str:
    """A new text for a value, quoted as the old one was where that still reads right."""
    from .edit import render

    if node.style == "'":
        return "'" + value.replace("'", "''") + "'"
    if node.style is None and re.fullmatch(r"[A-Za-z0-9À-ɏ][\w .'\-À-ɏ]*", value) and not value.endswith(" "):
        return value
    return render(value)


def _renamed(value: Any, rename: Rename, people: bool) -> Any:
    """A front-matter value as it reads after the renaming (for checking the file)."""
    if isinstance(value, str):
        return rename.value(value, people)
    if isinstance(value, list):
        return [_renamed(item, rename, people) for item in value]
    if isinstance(value, dict):
        return {key: _renamed(item, rename, people) for key, item in value.items()}
    return value


# ---- merging the two contacts ------------------------------------------------------------------


@dataclass
class Conflict:
    field: str
    kept: str
    other: str


@dataclass
class KeepPlan:
    data: bytes
    added: list[str] = field(default_factory=list)  # what KEEP gained, in words
    conflicts: list[Conflict] = field(default_factory=list)
    made_private: bool = False


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value)


def _portable(value: Any, field_type: str | None) -> Any:
    """A value read from OTHER, as it is written into KEEP: dates as dates, numbers as written."""
    if isinstance(value, IntAsWritten):
        text = str(value)
        return int(value) if text.isdigit() and not text.startswith("0") else text
    if isinstance(value, str) and field_type in (DATE, BIRTHDAY) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return [_portable(item, None) for item in value]
    if isinstance(value, dict):
        return {key: _portable(item, None) for key, item in value.items()}
    return value


def _same_item(field_name: str) -> Callable[[str], str]:
    if field_name == "email":
        return lambda value: value.strip().casefold()
    if field_name == "phone":
        from ..core.duplicates import phone_key

        return lambda value: phone_key(value, None) or re.sub(r"\D", "", value)
    if field_name == "tags":
        return tag_key
    return lambda value: name_key(strip_link_syntax(value))


def plan_keep(keep: Contact, keep_data: bytes, keep_path: str, other: Contact, other_data: bytes,
              other_path: str, rename: Rename, merge_date: dt.date) -> KeepPlan:
    """KEEP's file with OTHER merged in; MergeError when it cannot be done safely."""
    edit = FileEdit.read(keep_data, keep_path)
    other_edit = FileEdit.read(other_data, other_path)
    plan = KeepPlan(b"")
    keep_meta, other_meta = edit.meta, other_edit.meta

    def keep_key(spec: Field | None, key: str) -> str | None:
        for candidate in (spec.keys if spec is not None else (key,)):
            if keep_meta.get(candidate) not in (None, "", []):
                return candidate
        return None

    # OTHER's names become KEEP's aliases.
    known = {name_key(value) for value in (keep.name, *keep.aliases)}
    aliases = [value for value in dict.fromkeys((other.name, *other.aliases)) if name_key(value) not in known]
    if aliases:
        edit.add_items(keep_key(_KEYS_OF["aliases"], "aliases") or "aliases", aliases)
        plan.added.append(f"aliases + {', '.join(aliases)}")
    # Links, whichever way each file writes them.
    urls = {_url_key(url) for url in keep.links.values()}
    new_links: dict[str, str] = {}
    for label, url in other.links.items():
        if _url_key(url) in urls:
            continue
        urls.add(_url_key(url))
        unique, number = label, 2
        while unique in keep.links or unique in new_links:
            unique, number = f"{label}{number}", number + 1
        new_links[unique] = url
    if new_links:
        edit.add_entries("links", new_links)
        plan.added.append("links + " + ", ".join(f"{label} {url}" for label, url in new_links.items()))
    # Past companies: OTHER's, and OTHER's list of companies beyond the current one.
    held = {name_key(strip_link_syntax(value)) for value in (keep.company or "", *keep.past_companies)}
    past = [value for value in other.past_companies if name_key(strip_link_syntax(value)) not in held]
    if other.company and keep.company and name_key(strip_link_syntax(other.company)) in held:
        pass  # OTHER's company is one KEEP knows
    if past:
        edit.add_items(keep_key(_KEYS_OF["past_companies"], "past_companies") or "past_companies", past)
        plan.added.append(f"past_companies + {', '.join(past)}")

    done: set[str] = set()
    for key, value in other_meta.items():
        spec = _KEYS_OF.get(key)
        canonical = spec.name if spec is not None else key
        if canonical in done or key in NAME_KEYS or canonical in ("aliases", "past_companies", "links") \
                or key in LINK_FIELDS or value in (None, "", []):
            continue
        done.add(canonical)
        if canonical == "company":
            value = other.company
            if value is None:
                continue
        target = keep_key(spec, key)
        if canonical == "private":
            if other.private and not keep.private:
                edit.set_value(target or "private", True)
                plan.made_private = True
            continue
        if spec is not None and (spec.type in (TEXTS, PEOPLE)):
            same = _same_item(canonical)
            have = {same(item) for item in items_of(keep_meta.get(target))} if target else set()
            if canonical == "introduced_by":
                have |= {same(keep.name), same(keep.slug)}
            new = [item for item in items_of(value) if same(item) not in have
                   and not (canonical == "introduced_by" and rename.means_other(item))]
            new = list(dict.fromkeys(new))
            if new:
                edit.add_items(target or key, new)
                plan.added.append(f"{canonical} + {', '.join(new)}")
            continue
        if target is None:
            portable = _portable(value, spec.type if spec else None)
            edit.add_field(key, portable)
            plan.added.append(f"{key}: {_text(value)}")
            continue
        kept = keep_meta[target] if canonical != "company" else keep.company
        if _comparable(kept) != _comparable(value):
            plan.conflicts.append(Conflict(canonical, _text(kept), _text(value)))

    # OTHER's text, and what differed, go into KEEP's text: nothing of OTHER is lost.
    other_body = other_edit.body if other_edit.has_front_matter else other_edit.text
    other_body = other_body.strip("\r\n")
    if other_body.strip() or plan.conflicts:
        newline = edit.newline
        lines = [f"Merged from {other_path} ({other.name}) on {merge_date.isoformat()}."]
        if plan.conflicts:
            lines[0] += " Its values that differ from the ones kept here: " + "; ".join(
                f"{c.field}: {c.other}" for c in plan.conflicts) + "."
        section = newline.join(lines)
        if other_body.strip():
            section += newline + newline + newline.join(other_body.splitlines())
        body = edit.body.rstrip("\r\n")
        edit.new_body = (body + newline + newline if body.strip() else "") + section + newline
    merged_body = edit.new_body if edit.new_body is not None else edit.body
    renamed = rename.body(merged_body)
    if renamed != merged_body:
        edit.new_body = renamed
    plan.data = edit.result()
    return plan


def _comparable(value: Any) -> Any:
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _comparable(v) for k, v in value.items()}
    return name_key(strip_link_syntax(str(value))) if value is not None else None


def _url_key(url: str) -> str:
    from ..core.duplicates import url_key

    return url_key(url)


# ---- the journal and the steps -----------------------------------------------------------------


@dataclass
class Journal:
    """The plan of a merge, on disk until the merge is complete."""

    keep: str  # paths relative to the vault root
    other: str
    keep_slug: str
    other_slug: str
    keep_name: str
    other_name: str
    keys: list[str]
    target: str
    keep_before: str  # digest of KEEP as read
    keep_after: bytes  # KEEP as the merge writes it
    other_data: bytes  # OTHER's whole file: the merge never loses it
    keep_done: bool = False

    def to_json(self) -> str:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["keep_after"] = base64.b64encode(self.keep_after).decode()
        data["other_data"] = base64.b64encode(self.other_data).decode()
        return json.dumps({"version": JOURNAL_VERSION, **data}, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Journal:
        data = json.loads(text)
        data.pop("version", None)
        data["keep_after"] = base64.b64decode(data["keep_after"])
        data["other_data"] = base64.b64decode(data["other_data"])
        return cls(**data)

    @property
    def rename(self) -> Rename:
        return Rename(frozenset(self.keys), self.target)


class Steps:
    """Writes, counted (see STOP_AFTER); every failure becomes one line naming the file."""

    def __init__(self) -> None:
        self.count = 0
        limit = os.environ.get(STOP_AFTER, "")
        self.stop_after = int(limit) if limit.isdigit() else None

    def done(self) -> None:
        self.count += 1
        if self.stop_after is not None and self.count >= self.stop_after:
            os.kill(os.getpid(), signal.SIGKILL)


def read_journal(root: Path) -> Journal | None:
    path = root / JOURNAL
    if not path.exists():
        return None
    try:
        _, data = read_regular_file(path)
        return Journal.from_json(data.decode("utf-8"))
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise CommandError(f"{JOURNAL}: an interrupted merge's journal cannot be read ({error}); "
                           "look at it, then delete it to start again") from None


def pending_message(journal: Journal) -> str:
    return (f"a merge of {journal.other} into {journal.keep} was interrupted; finish it with: "
            f"kith merge {journal.keep_slug} {journal.other_slug}")


# ---- the command -------------------------------------------------------------------------------


@click.command("merge", short_help="Merge two contacts who are the same person.")
@click.argument("keep_name", metavar="KEEP")
@click.argument("other_name", metavar="OTHER")
@click.option("--dry-run", is_flag=True, help="Print every change as a diff; write nothing.")
@pass_settings
def merge(settings: Settings, keep_name: str, other_name: str, dry_run: bool) -> None:
    """Merge OTHER into KEEP: one person, one file.

    \b
    - KEEP gains OTHER's fields: lists (e-mails, phones, tags, links...) are joined; where both
      have a different value, KEEP's stays, and the difference is listed and written into
      KEEP's text with OTHER's own text, so nothing is lost.
    - OTHER's name and aliases become KEEP's aliases.
    - Every `with`, `introduced_by` and [[link]] naming OTHER, in every note and contact, names
      KEEP instead ([[Other|label]] keeps its label).
    - OTHER's file is removed last.
    Files are changed only where they must, so `git diff` shows the merge. An interrupted merge
    (full disk, killed process) is finished by running the same command again.

    \b
    Examples:
      kith merge "Aisha Rahman" "A. Rahman" --dry-run
      kith merge aisha-rahman aisha-rahman-2
    """
    context = settings.vault()
    journal = read_journal(context.root)
    if journal is not None:
        if _names_journal(journal, keep_name, other_name):
            echo(f"Finishing the interrupted merge of {journal.other} into {journal.keep}.")
            if dry_run:
                echo("Dry run: nothing written.")
                return
            _run(context, journal, Steps(), resumed=True)
            return
        raise CommandError(pending_message(journal))
    vault = context.load()
    people = People(vault)
    try:
        keep = people.resolve(keep_name)
        other = people.resolve(other_name)
    except PersonError as error:
        raise person_error([error]) from None
    if keep.slug == other.slug:
        raise CommandError(f"'{keep_name}' and '{other_name}' are the same contact ({keep.source.path})")
    journal, files = _plan(context, vault, people, keep, other)
    if dry_run:
        _show_diffs(context, journal, files)
        echo(f"Dry run, nothing written: {len(files) + 2} files would change.")
        return
    _run(context, journal, Steps(), resumed=False)


def _names_journal(journal: Journal, keep_name: str, other_name: str) -> bool:
    keep_keys = {name_key(journal.keep_slug), name_key(journal.keep_name), name_key(journal.target)}
    rename = journal.rename
    return name_key(strip_link_syntax(keep_name)) in keep_keys and (
        rename.means_other(other_name) or name_key(other_name) == name_key(journal.other_slug))


def _plan(context: VaultContext, vault: Vault, people: People, keep: Contact,
          other: Contact) -> tuple[Journal, list[tuple[Path, bytes, bytes]]]:
    """The journal of the merge and every other file it changes (path, bytes now, bytes after)."""
    root = context.root
    keep_path, other_path = root / keep.source.path, root / other.source.path
    try:
        _, keep_data = read_regular_file(keep_path)
        _, other_data = read_regular_file(other_path)
    except OSError as error:
        raise CommandError(f"{error.filename}: cannot be read ({error.strerror})") from None
    # Everything that names OTHER now (and only OTHER): its names, aliases, slug and file name.
    candidates = {other.name, *other.aliases, other.slug, Path(other.source.path).stem}
    keys = frozenset(name_key(value) for value in candidates
                     if vault.resolver.contact(value) == other.slug)
    holders = [slug for slug in people.holders.get(name_key(keep.name), []) if slug != other.slug]
    by_name = holders == [keep.slug] and not re.search(r"[|#\[\]]", keep.name) \
        and name_key(keep.name) not in keys
    rename = Rename(keys, keep.name if by_name else keep.slug)
    try:
        plan = plan_keep(keep, keep_data, keep.source.path, other, other_data, other.source.path, rename,
                         today())
    except MergeError as error:
        raise CommandError(f"cannot merge into {keep.source.path}: {error}") from None
    journal = Journal(keep=keep.source.path, other=other.source.path, keep_slug=keep.slug,
                      other_slug=other.slug, keep_name=keep.name, other_name=other.name,
                      keys=sorted(keys), target=rename.target, keep_before=_digest(keep_data),
                      keep_after=plan.data, other_data=other_data)
    _describe(keep, other, plan)
    files = list(_referencing(context, journal, warn=True))
    return journal, files


def _describe(keep: Contact, other: Contact, plan: KeepPlan) -> None:
    echo(f"Merging {other.name} ({other.source.path}) into {keep.name} ({keep.source.path})")
    for line in plan.added:
        echo(f"  {keep.source.path}: {line}")
    if plan.made_private:
        echo(f"  {keep.source.path}: private: true ({other.name} was private, so the merged contact is too)")
    if plan.conflicts:
        echo(f"  Conflicts, {keep.name}'s values kept ({other.name}'s are written into the text):")
        for conflict in plan.conflicts:
            echo(f"    {conflict.field}: {conflict.kept} (not {conflict.other})")


def _vault_files(context: VaultContext) -> Iterator[Path]:
    seen: set[Path] = set()
    for folder in (context.contacts, context.notes):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.md")):
            relative = path.relative_to(folder).parts
            if any(part.startswith(".") for part in relative) or path in seen or not path.is_file():
                continue
            seen.add(path)
            yield path


def _referencing(context: VaultContext, journal: Journal,
                 warn: bool) -> Iterator[tuple[Path, bytes, bytes]]:
    """Each file other than KEEP and OTHER that names OTHER: (path, its bytes, the bytes after)."""
    rename = journal.rename
    pattern = rename.file_pattern()
    skip = {context.root / journal.keep, context.root / journal.other}
    for path in _vault_files(context):
        if path in skip:
            continue
        try:
            _, data = read_regular_file(path)
        except OSError:
            continue
        text = data.decode("utf-8", errors="replace")
        if not pattern.search(text):
            continue
        relative = context.relative(path)
        try:
            edit = FileEdit.read(data, relative, front_matter_required=False)
            rewrite_references(edit, rename)
            if not edit.changed():
                continue
            new = edit.result()
        except MergeError as error:
            if warn:
                show_error(f"{relative}: its references to {journal.other_name} cannot be rewritten: "
                           f"{error}; they still reach {journal.keep_name} by name (an alias now)")
            continue
        if new != data:
            yield path, data, new


def _show_diffs(context: VaultContext, journal: Journal, files: list[tuple[Path, bytes, bytes]]) -> None:
    keep_path = context.root / journal.keep
    _, keep_now = read_regular_file(keep_path)
    changes = [(journal.keep, keep_now, journal.keep_after)]
    changes += [(context.relative(path), before, after) for path, before, after in files]
    changes.append((journal.other, journal.other_data, None))
    for relative, before, after in changes:
        old = before.decode("utf-8", errors="replace").splitlines()
        new = after.decode("utf-8", errors="replace").splitlines() if after is not None else []
        target = f"b/{relative}" if after is not None else "/dev/null"
        echo(f"diff --git a/{relative} b/{relative}")
        if after is None:
            echo("deleted file")
        for line in difflib.unified_diff(old, new, f"a/{relative}", target, lineterm=""):
            echo(line)


def _run(context: VaultContext, journal: Journal, steps: Steps, resumed: bool) -> None:
    root = context.root
    journal_path = root / JOURNAL
    try:
        if not resumed:
            write_new(root, JOURNAL, journal.to_json())
            steps.done()
        rewritten = _keep_step(context, journal, steps)
        count = 0
        for path, before, after in _referencing(context, journal, warn=True):
            _replace(context, path, before, after)
            echo(f"  rewrote {context.relative(path)}")
            count += 1
            steps.done()
        removed = _remove_other(context, journal)
        steps.done()
        journal_path.unlink(missing_ok=True)
    except FileExistsError:
        raise CommandError(f"{JOURNAL} appeared meanwhile: another merge is running; "
                           "nothing was written") from None
    except OSError as error:
        raise CommandError(f"{cannot_write(str(error.filename or JOURNAL), error).what}; the merge "
                           f"stopped midway, nothing is lost: run the same command again to finish it "
                           f"(kith merge {journal.keep_slug} {journal.other_slug})") from None
    except FileChangedError as error:
        raise CommandError(f"{error}; the merge stopped midway, nothing is lost: run the same "
                           f"command again to finish it (kith merge {journal.keep_slug} "
                           f"{journal.other_slug})") from None
    what = [f"{journal.keep} {'updated' if rewritten else 'already merged'}",
            f"{count} other file{'s' if count != 1 else ''} rewritten"]
    if removed:
        what.append(f"{journal.other} removed")
    echo(f"Merged {journal.other_name} into {journal.keep_name}: {', '.join(what)}.")


def _keep_step(context: VaultContext, journal: Journal, steps: Steps) -> bool:
    path = context.root / journal.keep
    if journal.keep_done:
        return False
    _, current = read_regular_file(path)
    if current == journal.keep_after:
        return False
    if _digest(current) != journal.keep_before:
        raise CommandError(f"{journal.keep} changed since the merge began, so kith will not write the "
                           f"merged contact over it. The merged content is in {JOURNAL}; merge by hand, "
                           f"or delete {JOURNAL} and run kith merge again")
    _replace(context, path, current, journal.keep_after)
    echo(f"  wrote {journal.keep}")
    steps.done()
    # Said in the journal too, so an edit of KEEP before a rerun is not taken for a changed start.
    _, journal_now = read_regular_file(context.root / JOURNAL)
    journal.keep_done = True
    _replace(context, context.root / JOURNAL, journal_now, journal.to_json().encode("utf-8"))
    steps.done()
    return True


def _replace(context: VaultContext, path: Path, before: bytes, after: bytes) -> None:
    try:
        replace_unchanged(path, before, after)
    except UnsafeTarget as error:
        raise CommandError(f"{context.relative(path)}: {error}") from None


def _remove_other(context: VaultContext, journal: Journal) -> bool:
    path = context.root / journal.other
    try:
        remove_unchanged(path, journal.other_data)
    except FileNotFoundError:
        return False
    except FileChangedError:
        raise CommandError(f"{journal.other} changed since the merge began, so kith did not remove it: "
                           f"look at it, move what is new into {journal.keep}, delete it, then run "
                           "the same command again") from None
    echo(f"  removed {journal.other}")
    return True


def pending_problem(root: Path) -> str | None:
    """What `kith check` says about an interrupted merge, if there is one."""
    try:
        journal = read_journal(root)
    except CommandError as error:
        return error.format_message()
    return pending_message(journal) if journal is not None else None
