"""`kith done`, `kith snooze`, `kith pause` and `kith resume`: acting on what `kith due` shows.

Each changes one line (or one field) of one of the user's files, in place: a task's `[ ]` becomes
`[x]`, with its done date where the Obsidian Tasks plugin would write one (core/tasks.py
`DoneDates`); `snooze_until:`, `paused:` are set or taken out. Every other byte stays as it was (line
ends, a byte-order mark, comments, quoting); the change is checked by reading the file back as the
loader would before it is written, written atomically and only if the file still holds what kith
read (`core/writer.py` `replace_unchanged`), then read again. `--dry-run` shows the change as a
diff and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click

from ..core.dates import DateError, parse_when
from ..core.fields import FieldReader, field_of
from ..core.files import read_regular_file
from ..core.frontmatter import RawFile, read_data
from ..core.loader import VaultLoader, records_and_others
from ..core.model import Contact, Source
from ..core.reading import body_finds
from ..core.records import build_note
from ..core.tasks import (
    ID_LENGTH,
    ID_PATTERN,
    PATH_PART,
    TASK_LINE,
    DoneDates,
    TaskLine,
    follow_up_id,
    path_code,
)
from ..core.writer import FileChangedError, replace_unchanged
from .common import CommandError, Settings, cannot_write, pass_settings, today
from .edit import FileEdit
from .frontmatter import dump_fields
from .merge import MergeError, reread
from .people import People, PersonError, person_error
from .terminal import dim, echo, shown
from .vault import VaultContext

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@dataclass
class Change:
    """One file's new content, and what it says about it."""

    path: Path
    relative: str
    original: bytes
    data: bytes
    done: str  # what was done, for the message


def _read(path: Path, relative: str) -> bytes:
    try:
        return read_regular_file(path)[1]
    except OSError as error:
        raise CommandError(f"{relative}: cannot be read ({error.strerror})") from None


def apply(change: Change, dry_run: bool, check: Callable[[RawFile], bool]) -> None:
    """Show the change (`--dry-run`), or write it: atomically, only over the bytes kith read, then
    read back; `check` says whether the file as read back holds the change."""
    if dry_run:
        for line in _diff(change):
            echo(line)
        echo(dim(f"Dry run: {change.relative} would change as above; nothing was written."))
        return
    try:
        replace_unchanged(change.path, change.original, change.data)
    except FileChangedError:
        raise CommandError(f"{change.relative} changed while kith was reading it; nothing was written, "
                           "run the command again") from None
    except OSError as error:
        raise cannot_write(change.relative, error) from None
    written = _read(change.path, change.relative)
    if written != change.data or not check(reread(written, change.relative)):
        raise CommandError(f"{change.relative} does not read back as written; look at the file "
                           "(git diff shows what changed)")
    echo(change.done)


def _diff(change: Change) -> list[str]:
    before = change.original.decode("utf-8", "replace")
    after = change.data.decode("utf-8", "replace")
    return [line.rstrip("\r\n") for line in difflib.unified_diff(
        _LINE.findall(before), _LINE.findall(after), f"a/{change.relative}", f"b/{change.relative}", n=2)]


# kith done.

@dataclass
class FoundTask:
    path: Path
    relative: str
    raw: RawFile
    line: int | None  # the task's line in the file; None for a follow-up date (a field)
    field_name: str | None  # `follow_up` (a note's) or `next_follow_up` (a contact's)
    text: str


@click.command("done", short_help="Tick off an open follow-up by the id kith due shows.")
@click.argument("task_ids", nargs=-1, required=True, metavar="ID...")
@click.option("--dry-run", is_flag=True, help="Show the change as a diff; write nothing.")
@pass_settings
def done(settings: Settings, task_ids: tuple[str, ...], dry_run: bool) -> None:
    """Tick off open follow-ups: each ID is one `kith due` shows (`[7kq2xm]`).

    A task line's `[ ]` (or `[/]`, in progress) becomes `[x]`, with the day it was done as the
    Obsidian Tasks plugin writes it (`✅ 2026-12-05`, or `[completion:: 2026-12-05]` in its
    Dataview format; as the vault's Tasks settings say, else where the line uses Tasks' emoji or
    Dataview's fields); nothing else in the file changes.
    A follow-up date (a note's `follow_up:`, a contact's `next_follow_up:`) is done by taking
    that line out. An id is made from the file's path and the task's text, so it stays the same
    from run to run, however the lines around it move; editing a task's text gives it a new one.
    A recurring task (🔁) is refused: tick it off in Obsidian, whose Tasks plugin writes the next.

    \b
    Examples:
      kith done 7kq2xm
      kith done 7kq2xm ab3c9d --dry-run
    """
    context = settings.vault()
    wanted = []
    for typed in task_ids:
        task_id = typed.strip().strip("[](),").lower()  # as copied from kith due: `[7kq2xm]`
        if not ID_PATTERN.fullmatch(task_id):
            raise click.BadParameter(f"'{typed}' is not a task id: ids are {ID_LENGTH} letters and digits, "
                                     "as kith due shows them in brackets", param_hint="ID")
        wanted.append(task_id)
    found = _find_tasks(context, set(wanted))
    done_dates = DoneDates.of_vault(context.root)
    for task_id in dict.fromkeys(wanted):
        matches = found.get(task_id, [])
        if not matches:
            raise CommandError(f"no open or done task has the id {task_id}: run kith due for the ids of "
                               "open follow-ups (a task whose text changed has a new id)")
        if len(matches) > 1:
            listed = "\n".join(f"  {m.relative}:{m.line or ''} {m.text}" for m in matches)
            raise CommandError(f"two tasks have the id {task_id}; tick the one you mean off by hand:\n"
                               f"{listed}")
        _tick(matches[0], task_id, done_dates, dry_run)


def _find_tasks(context: VaultContext, wanted: set[str]) -> dict[str, list[FoundTask]]:
    """The tasks with those ids: only the files whose path gives an id's first characters are read."""
    loader = VaultLoader(context.root, context.options.contacts_dir, context.options.notes_dir,
                         exclude=(context.site_dir,))
    contact_files, note_files = loader.record_files()
    prefixes = {task_id[:PATH_PART] for task_id in wanted}
    found: dict[str, list[FoundTask]] = {}
    for record, files in (("contact", contact_files), ("note", note_files)):
        for full, relative in files:
            if path_code(relative) not in prefixes:
                continue
            path = Path(full)
            raw = read_data(_read(path, relative), Source(relative))
            records, _ = records_and_others([raw])
            if not records or not raw.usable:
                continue  # a drawing or a board among the notes, or a file kith cannot read
            reader = FieldReader(raw, record)
            if record == "note":
                if build_note(reader, {}) is None:
                    continue  # no date: not a note kith shows
                for number, task_id, task in _ids_and_tasks(raw):
                    if task_id in wanted:
                        found.setdefault(task_id, []).append(FoundTask(path, relative, raw, number, None,
                                                                       task.text))
            name = "follow_up" if record == "note" else "next_follow_up"
            if reader.key(name) is not None and follow_up_id(relative) in wanted:
                found.setdefault(follow_up_id(relative), []).append(
                    FoundTask(path, relative, raw, None, name, "Follow up"))
    return found


def _tick(found: FoundTask, task_id: str, done_dates: DoneDates, dry_run: bool) -> None:
    original = _read(found.path, found.relative)
    if found.line is None:
        change = _without_follow_up(found, original)
        record = "note" if found.field_name == "follow_up" else "contact"

        def check(raw: RawFile) -> bool:
            return FieldReader(raw, record).key(found.field_name or "") is None
    else:
        change = _ticked(found, original, task_id, done_dates)

        def check(raw: RawFile) -> bool:
            return any(task.done for _, task_id_read, task in _ids_and_tasks(raw)
                       if task_id_read == task_id)
    apply(change, dry_run, check)


def _ids_and_tasks(raw: RawFile) -> list[tuple[int, str, TaskLine]]:
    return list(body_finds(raw).numbered_tasks())


def _ticked(found: FoundTask, original: bytes, task_id: str, done_dates: DoneDates) -> Change:
    """The file with the task's status `[x]` (and its done date), found again in the bytes just read."""
    try:
        text = original.decode("utf-8")
    except UnicodeDecodeError:
        raise CommandError(f"{found.relative} is not UTF-8 text; tick the task off in your editor") from None
    raw = reread(original, found.relative)
    number, task = next(((n, t) for n, i, t in _ids_and_tasks(raw) if i == task_id),
                        (0, None))
    where = f"'{found.text}' ({found.relative}:{number or found.line})"
    if task is None:
        raise CommandError(f"{where} is no longer in the file; run kith due again")
    if task.done:
        raise CommandError(f"{where} is done already")
    if task.recurring:
        raise CommandError(f"{where} is a recurring task (🔁): tick it off in Obsidian, whose Tasks plugin "
                           "writes the next one, or take out the 🔁 and run this again")
    lines = _LINE.findall(text)
    line = lines[number - 1]
    content = line.rstrip("\r\n")
    bom = len(content) - len(content.removeprefix("\ufeff"))
    match = TASK_LINE.match(content[bom:])
    assert match is not None, "the loader read a task on this line"
    status = bom + match.start(2)
    ticked = done_dates.marked(content[:status] + "x" + content[status + 1:], today())
    lines[number - 1] = ticked + line[len(content):]
    return Change(found.path, found.relative, original, "".join(lines).encode("utf-8"),
                  shown(f"Done: {found.text}  ", dim(f"{found.relative}:{number}")))


def _without_follow_up(found: FoundTask, original: bytes) -> Change:
    try:
        edit = FileEdit.read(original, found.relative)
        record = "note" if found.field_name == "follow_up" else "contact"
        for key in field_of(record, found.field_name or "").keys:
            edit.remove_field(key)
        data = edit.result()
    except MergeError as error:
        raise CommandError(f"{found.relative}: {error}") from None
    what = "the note's follow_up" if found.field_name == "follow_up" else "the contact's next_follow_up"
    return Change(found.path, found.relative, original, data,
                  shown(f"Done: {what} date is taken out  ", dim(found.relative)))


# kith snooze, pause, resume.

def _contact(settings: Settings, name: str) -> tuple[VaultContext, Contact]:
    context = settings.vault()
    vault = context.load(notes=False)  # a name is all it needs: notes are not read
    try:
        return context, People(vault).resolve(name)
    except PersonError as error:
        raise person_error([error]) from None


def _set_fields(context: VaultContext, contact: Contact, values: dict[str, object],
                remove: tuple[str, ...] = ()) -> Change:
    """The contact's file with fields set (or added after the last) and fields taken out."""
    relative = contact.source.path
    path = context.root / relative
    original = _read(path, relative)
    before = reread(original, relative)
    try:
        if not before.has_front_matter and before.usable:
            data = _with_front_matter(original, values)
        else:
            edit = FileEdit.read(original, relative)
            for name in remove:
                for key in field_of("contact", name).keys:
                    edit.remove_field(key)
            for name, value in values.items():
                keys = [key for key in field_of("contact", name).keys if edit.node(key) is not None]
                for other in keys[1:]:
                    edit.remove_field(other)  # one value left, the one set
                edit.set_value(keys[0] if keys else name, value)
            data = edit.result()
    except MergeError as error:
        raise CommandError(f"{relative}: {error}") from None
    return Change(path, relative, original, data, "")


def _with_front_matter(original: bytes, values: dict[str, object]) -> bytes:
    """A file without front matter given one, before its first line (after a byte-order mark)."""
    text = original.decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    newline = re.search(r"\r\n|\r|\n", text)
    end = newline.group() if newline else "\n"
    front = dump_fields(values).replace("\n", end)
    return (bom + f"---{end}{front}---{end}" + text.removeprefix(bom)).encode("utf-8")


def _long(date: dt.date) -> str:
    return f"{date:%a} {date.day} {date:%b %Y}"


@click.command("snooze", short_help="Put someone off until a date.")
@click.argument("name")
@click.argument("until", metavar="DATE")
@click.option("--dry-run", is_flag=True, help="Show the change as a diff; write nothing.")
@pass_settings
def snooze(settings: Settings, name: str, until: str, dry_run: bool) -> None:
    """Put someone off until DATE: `snooze_until: DATE` in their file keeps them out of "out of
    touch" and This week's plan until then (their follow-ups stay listed). `kith resume` ends it
    early.

    NAME is found as in every command; DATE is YYYY-MM-DD, a weekday (monday), a time from
    today (3d, 2w, 1m) or words ("next month", "15 jan").

    \b
    Examples:
      kith snooze Aisha 2w
      kith snooze "Kim Osei" 2027-01-10 --dry-run
    """
    now = today()
    try:
        date = parse_when(until, now)
    except DateError as error:
        raise CommandError(f"DATE: {error}") from None
    if date <= now:
        raise CommandError(f"DATE: {date.isoformat()} is not after today ({now.isoformat()}); to end a "
                           f"snooze, kith resume {_quoted(name)}")
    context, contact = _contact(settings, name)
    change = _set_fields(context, contact, {"snooze_until": date})
    change.done = shown(f"Snoozed {contact.name} until {_long(date)}: not out of touch, nor in This "
                        "week's plan, before then  ", dim(change.relative))
    apply(change, dry_run, lambda raw: FieldReader(raw, "contact").date("snooze_until") == date)


@click.command("pause", short_help="Stop keeping in touch with someone, for now.")
@click.argument("name")
@click.option("--dry-run", is_flag=True, help="Show the change as a diff; write nothing.")
@pass_settings
def pause(settings: Settings, name: str, dry_run: bool) -> None:
    """Stop tracking someone: `paused: true` in their file, so they are never out of touch and
    never in This week's plan for being out of touch (their circle stays). `kith resume` undoes it.

    \b
    Examples:
      kith pause "Kim Osei"
    """
    context, contact = _contact(settings, name)
    if contact.paused:
        echo(f"{contact.name} is paused already  ", dim(contact.source.path))
        return
    change = _set_fields(context, contact, {"paused": True})
    change.done = shown(f"Paused {contact.name}: no longer kept in touch with; kith resume "
                        f"{_quoted(name)} to start again  ", dim(change.relative))
    apply(change, dry_run, lambda raw: FieldReader(raw, "contact").yes_no("paused") is True)


@click.command("resume", short_help="Keep in touch with someone again (undo pause and snooze).")
@click.argument("name")
@click.option("--dry-run", is_flag=True, help="Show the change as a diff; write nothing.")
@pass_settings
def resume(settings: Settings, name: str, dry_run: bool) -> None:
    """Undo `kith pause` and `kith snooze`: `paused:` and `snooze_until:` are taken out of their
    file, so they are tracked again from today.

    \b
    Examples:
      kith resume "Kim Osei"
    """
    context, contact = _contact(settings, name)
    if not contact.paused and contact.snooze_until is None:
        echo(f"{contact.name} is neither paused nor snoozed; nothing to change  ", dim(contact.source.path))
        return
    change = _set_fields(context, contact, {}, remove=("paused", "snooze_until"))
    change.done = shown(f"Resumed {contact.name}: kept in touch with again  ", dim(change.relative))

    def check(raw: RawFile) -> bool:
        reader = FieldReader(raw, "contact")
        return reader.key("paused") is None and reader.key("snooze_until") is None

    apply(change, dry_run, check)


def _quoted(text: str) -> str:
    return f'"{text}"' if any(char in text for char in " '\"$`\\") else text
