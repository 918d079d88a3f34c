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
import re
from dataclasses import dataclass, field

from .dates import DateError, parse_date

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
class TaskLine:
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
