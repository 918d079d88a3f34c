"""Task lines as people write them: Markdown checkboxes with Obsidian Tasks and Dataview markup.

`- [ ] Send Aisha the report 📅 2026-11-27 #waiting` is a follow-up. The statuses are those of the
Obsidian Tasks plugin (`[ ]` to do, `[/]` in progress, `[x]` done, `[-]` cancelled; any other
symbol counts as to do, as Tasks treats it). Dates come from Tasks' emoji (📅 due, ⏳ scheduled,
🛫 start, ✅ done, ➕ created, ❌ cancelled), kith's `due:2026-11-27`, and Dataview fields
(`[due:: 2026-11-27]`, `(due:: ...)`, `due:: ...`). Every such marker, the recurrence (🔁), the
priority signs and block ids are taken out of the text a reader sees.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .dates import DateError, parse_date
from .files import read_settings_json
from .links import iter_prose_lines
from .model import Pickled

# `- [ ] text`, `* [x] text`, `1. [/] text`: a list item whose first thing is one status symbol.
TASK_LINE = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+\[)([^\]\n])(\]\s+)(.*)$")
DONE, CANCELLED, IN_PROGRESS, TODO = "done", "cancelled", "in progress", "to do"
_STATUSES = {"x": DONE, "X": DONE, "-": CANCELLED, "/": IN_PROGRESS}

_V = "\ufe0f?"  # emoji are often followed by the variation selector
# Tasks' emoji: name -> the sign (each takes a date).
_EMOJI_DATES = {"due": "📅🗓", "scheduled": "⏳⌛", "start": "🛫", "done": "✅", "created": "➕",
                "cancelled": "❌"}
_DATAVIEW_NAMES = {"due": "due", "scheduled": "scheduled", "start": "start", "completion": "done",
                   "created": "created", "cancelled": "cancelled"}
_EMOJI_DATE = re.compile(
    "|".join(rf"(?P<{name}>[{signs}]){_V}\s*(?P<{name}_date>\d{{4}}-\d{{1,2}}-\d{{1,2}}|\S+)?"
             for name, signs in _EMOJI_DATES.items()))
_DATAVIEW = re.compile(r"[\[(]\s*([A-Za-z]+)::\s*([^\])]*?)\s*[\])]|(?<!\S)([A-Za-z]+)::\s*(\S+)")
_KITH_DUE = re.compile(r"(?<!\S)due:\s*(\S+)")
_RECURRENCE = re.compile(rf"🔁{_V}[^📅🗓⏳⌛🛫✅➕❌⏫🔼🔽🔺⏬🆔⛔#\[(]*")
_PRIORITY = re.compile(rf"[⏫🔼🔽🔺⏬]{_V}")
_ID = re.compile(rf"(?:🆔|⛔){_V}\s*[\w,-]*")
_BLOCK_ID = re.compile(r"\s\^[\w-]+\s*$")
WAITING = re.compile(r"(?<!\S)#waiting\b", re.IGNORECASE)
# A quick test for a text with no task line at all (most notes).
HAS_CHECKBOX = re.compile(r"\[[^\]\n]\]\s")


@dataclass
class TaskLine(Pickled):
    """One task line, read: its status, its dates, and its text as a reader should see it."""

    status: str
    text: str  # without any marker, still with its [[links]]
    dates: dict[str, dt.date] = field(default_factory=dict)  # due, scheduled, start, done, ...
    waiting: bool = False
    recurring: bool = False
    bad_dates: list[str] = field(default_factory=list)  # messages for dates that are not dates

    @property
    def done(self) -> bool:
        return self.status in (DONE, CANCELLED)


def status_of(symbol: str) -> str:
    return _STATUSES.get(symbol, TODO)


def parse_task_line(line: str) -> TaskLine | None:
    """The task on a line, or None if the line is not a task."""
    match = TASK_LINE.match(line)
    if match is None:
        return None
    task = TaskLine(status_of(match.group(2)), "")
    task.text = read_markers(match.group(4), task)
    return task


def read_markers(text: str, task: TaskLine) -> str:
    """Takes every date, flag and sign out of a task's text into `task`; returns the text left."""

    def date(name: str, value: str | None) -> None:
        if not value:
            return
        try:
            task.dates.setdefault(name, parse_date(value.strip()))
        except DateError as error:
            task.bad_dates.append(f"task {name} date: {error}")

    def emoji(match: re.Match[str]) -> str:
        name = next(key for key in _EMOJI_DATES if match.group(key))
        date(name, match.group(f"{name}_date"))
        return " "

    def dataview(match: re.Match[str]) -> str:
        key = (match.group(1) or match.group(3) or "").lower()
        value = match.group(2) if match.group(1) else match.group(4)
        if key in _DATAVIEW_NAMES:
            date(_DATAVIEW_NAMES[key], value)
            return " "
        if key in ("priority", "repeat", "id", "dependson", "oncompletion"):
            task.recurring = task.recurring or key == "repeat"
            return " "
        return match.group(0)  # another inline field: the user's own text

    if "::" in text:
        text = _DATAVIEW.sub(dataview, text)
    if "due:" in text:
        text = _KITH_DUE.sub(lambda m: date("due", m.group(1)) or " ", text)
    if not text.isascii():
        text = _EMOJI_DATE.sub(emoji, text)
        if "🔁" in text:
            task.recurring = True
            text = _RECURRENCE.sub(" ", text)
        text = _ID.sub(" ", _PRIORITY.sub(" ", text))
    if "#" in text and WAITING.search(text):
        task.waiting = True
        text = WAITING.sub(" ", text)
    if "^" in text:
        text = _BLOCK_ID.sub("", text)
    return " ".join(text.split())


def display_text(text: str) -> str:
    """A task's text with its markers taken out, for excerpts and search."""
    return read_markers(text, TaskLine(TODO, ""))


def task_lines(body: str, first_line: int = 1) -> Iterator[tuple[int, TaskLine]]:
    """Every task of a body with its line in the file (fenced code left out), in order."""
    if HAS_CHECKBOX.search(body) is None:
        return  # no checkbox anywhere (most notes): no line can be a task
    for number, line in iter_prose_lines(body, first_line):
        task = parse_task_line(line) if "[" in line else None
        if task is not None:
            yield number, task


# Task ids: what `kith due` prints and `kith done` takes. Made from the file's path and the task's
# text (without its dates and signs), never its line or place in the file, so an id stays the same
# from run to run while lines come and go around it, and a changed due date keeps it. The first
# three characters come from the path alone: `kith done` reads only the files whose path gives
# those. Crockford's base 32: no i, l, o or u to misread.
_ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
ID_LENGTH = 6
PATH_PART = 3
ID_PATTERN = re.compile(rf"[{_ID_ALPHABET}]{{{ID_LENGTH}}}")


def _code(text: str, length: int) -> str:
    number = int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest())
    characters = []
    for _ in range(length):
        number, rest = divmod(number, 32)
        characters.append(_ID_ALPHABET[rest])
    return "".join(characters)


def path_code(path: str) -> str:
    """The part of a task id that says which file it is in (the path relative to the vault)."""
    return _code(path, PATH_PART)


def task_id(path: str, text: str, occurrence: int = 0) -> str:
    """A task's id: its file, its text, and which of the tasks with that same text in the file it
    is (0 for the first: two identical tasks in one note have two ids)."""
    return path_code(path) + _code(f"{text}\0{occurrence}", ID_LENGTH - PATH_PART)


def follow_up_id(path: str) -> str:
    """The id of a file's follow-up date (a note's `follow_up:`, a contact's `next_follow_up:`)."""
    return task_id(path, "\0follow_up")


class TaskIds:
    """The ids of one file's tasks, given their texts in the order they are written."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._file = path_code(path)
        self._seen: Counter[str] = Counter()

    def next(self, text: str) -> str:
        occurrence = self._seen[text]
        self._seen[text] += 1
        return self._file + _code(f"{text}\0{occurrence}", ID_LENGTH - PATH_PART)


# Ticking a task off as Obsidian's Tasks plugin does: with the day it was done.

# Where the Tasks plugin keeps its settings in a vault (its id is `obsidian-tasks-plugin`).
TASKS_SETTINGS = ".obsidian/plugins/obsidian-tasks-plugin/data.json"
_DONE_ALREADY = re.compile(r"✅|[\[(]\s*completion::", re.IGNORECASE)
_TRAILING_BLOCK_ID = re.compile(r"\s\^[\w-]+$")


@dataclass(frozen=True)
class DoneDates:
    """Whether and how a task ticked off records the day it was done: as the vault's Tasks plugin
    is set (`setDoneDate`, on unless turned off; `taskFormat`, its emoji or Dataview's fields), or,
    with no Tasks settings in the vault, as the line itself is written: a line with Tasks' emoji
    gets `✅ DATE`, one with Dataview's `[due:: ...]` gets `[completion:: DATE]`, and any other
    line (a plain checkbox, kith's `due:`) only its `[x]`."""

    set_by_tasks: bool | None = None  # None: no Tasks settings found
    dataview: bool = False

    @classmethod
    def of_vault(cls, root: Path) -> DoneDates:
        settings = read_settings_json(root / TASKS_SETTINGS)
        if not isinstance(settings, dict):
            return cls()
        return cls(settings.get("setDoneDate", True) is not False, settings.get("taskFormat") == "dataview")

    def marked(self, content: str, day: dt.date) -> str:
        """A task line (without its line end) with its done date put where Tasks puts it: after
        everything else, before a block id (`^abc`); trailing spaces stay at the end."""
        if self.set_by_tasks is False or _DONE_ALREADY.search(content):
            return content
        if self.set_by_tasks:
            dataview = self.dataview
        elif not content.isascii() and (_EMOJI_DATE.search(content) or _PRIORITY.search(content)
                                        or "🔁" in content):
            dataview = False  # written with Tasks' emoji
        elif any((match.group(1) or match.group(3) or "").lower() in _DATAVIEW_NAMES
                 for match in _DATAVIEW.finditer(content)):
            dataview = True  # written with Dataview's fields
        else:
            return content
        text = content.rstrip()
        block = _TRAILING_BLOCK_ID.search(text)
        end = block.start() if block else len(text)
        sign = f"[completion:: {day.isoformat()}]" if dataview else f"✅ {day.isoformat()}"
        return f"{text[:end]} {sign}{text[end:]}{content[len(text):]}"
