"""kith's options, declared once: what `plugins: - kith:` in mkdocs.yml may set.

The MkDocs plugin builds its config schema from `OPTIONS` (plugin/config.py) and the `kith`
command reads the same options from mkdocs.yml (cli/vault.py); both validate a value with the
same `read` function, so a wrong value gets the same message from `mkdocs build` and from `kith`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from .dates import DateError, parse_cadence, parse_date
from .model import CIRCLES
from .slugs import tag_key

REDACTABLE = ("email", "phone", "birthday", "location", "links")
DEFAULT_CADENCES = {"close": 30, "regular": 90, "loose": 180}


class SettingsError(ValueError):
    """An option with a value kith cannot use; the message says what to write instead."""


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise SettingsError(f"'{value}' is not true or false; write true or false")


def _count(lowest: int, highest: int) -> Callable[[Any], int]:
    def read(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not lowest <= value <= highest:
            raise SettingsError(f"'{value}' is not a whole number from {lowest} to {highest}")
        return value
    return read


def _folders(value: Any) -> tuple[str, ...]:
    """One folder or a list of folders, relative to mkdocs.yml."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not items:
        raise SettingsError(f"'{value}' is not a folder name or a list of folder names")
    folders: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item.strip() or "\0" in item:
            raise SettingsError(f"'{item}' is not a folder name; write e.g. contacts, or [People, Clients]")
        folder = item.strip().rstrip("/\\") or item.strip()
        if folder not in folders:
            folders.append(folder)
    return tuple(folders)


def _today(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return parse_date(value)
    except DateError as error:
        raise SettingsError(str(error)) from None


def _cadences(value: Any) -> dict[str, int]:
    """Days between contacts per circle, as numbers of days or durations (`6w`, `3m`)."""
    if value in (None, {}):
        return dict(DEFAULT_CADENCES)
    if not isinstance(value, Mapping):
        raise SettingsError("write one circle a line, e.g. {close: 30, regular: 90, loose: 180}")
    cadences = dict(DEFAULT_CADENCES)
    for circle, days in value.items():
        if circle not in CIRCLES:
            raise SettingsError(f"'{circle}' is not a circle; the circles are {', '.join(CIRCLES)}")
        try:
            cadences[circle] = parse_cadence(days)
        except DateError as error:
            raise SettingsError(f"{circle}: {error}") from None
    return cadences


def _redact(value: Any) -> tuple[str, ...]:
    items = [] if value is None else [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)):
        raise SettingsError(f"write a list of fields, e.g. [email, phone]; any of {', '.join(REDACTABLE)}")
    for item in items:
        if item not in REDACTABLE:
            raise SettingsError(f"'{item}' cannot be redacted; write any of {', '.join(REDACTABLE)}")
    return tuple(dict.fromkeys(items))


def _titles(value: Any) -> dict[str, str]:
    """Topics' titles by tag: `{contact-centres: Contact centres, ai: AI}`."""
    if value in (None, {}):
        return {}
    if not isinstance(value, Mapping):
        raise SettingsError("write one tag a line with its title, e.g. {ai: Artificial intelligence}")
    titles: dict[str, str] = {}
    for tag, title in value.items():
        if not isinstance(title, (str, int, float)) or isinstance(title, bool) or not str(title).strip():
            raise SettingsError(f"'{tag}': write the title as text, e.g. {tag}: My title")
        titles[tag_key(str(tag))] = str(title).strip()
    return titles


@dataclass(frozen=True)
class Option:
    name: str
    default: Any
    read: Callable[[Any], Any]
    help: str


OPTIONS: tuple[Option, ...] = (
    Option("enabled", True, _boolean, "false turns kith off"),
    Option("contacts_dir", "contacts", _folders,
           "the folder of contact files, or a list of folders, relative to mkdocs.yml"),
    Option("notes_dir", "notes", _folders,
           "the folder of conversation notes, or a list of folders, relative to mkdocs.yml"),
    Option("today", None, _today,
           "'today' for the build, YYYY-MM-DD (the KITH_TODAY environment variable wins); default: the date"),
    Option("cadences", {}, _cadences,
           "days between contacts per circle, e.g. {close: 30, regular: 6w, loose: 6m}"),
    Option("due_soon_days", 14, _count(0, 3650), "how many days ahead 'due soon' looks"),
    Option("birthday_days", 30, _count(0, 366), "how many days ahead birthdays are listed"),
    Option("plan_size", 10, _count(0, 1000),
           "how many people 'This week' lists, on the follow-up page and in kith due"),
    Option("redact", [], _redact, f"fields kept out of the published site: any of {', '.join(REDACTABLE)}"),
    Option("topic_titles", {}, _titles,
           "titles of topics by tag, e.g. {ai: Artificial intelligence}; the others read as their tag"),
    Option("graph_limit", 150, _count(1, 100_000), "the graph shows at most this many people"),
    Option("navigation", True, _boolean, "add kith's index pages to an automatic navigation"),
    Option("parallel", True, _boolean,
           "render kith's pages on the machine's other cores too (where it has several and can fork)"),
)
OPTIONS_BY_NAME = {option.name: option for option in OPTIONS}


@dataclass(frozen=True)
class Settings:
    """Every option with its value read; the defaults are those of OPTIONS."""

    enabled: bool = True
    contacts_dir: tuple[str, ...] = ("contacts",)
    notes_dir: tuple[str, ...] = ("notes",)
    today: dt.date | None = None
    cadences: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_CADENCES))
    due_soon_days: int = 14
    birthday_days: int = 30
    plan_size: int = 10
    redact: tuple[str, ...] = ()
    topic_titles: dict[str, str] = field(default_factory=dict)
    graph_limit: int = 150
    navigation: bool = True
    parallel: bool = True

    @classmethod
    def read(cls, values: Mapping[str, Any], *, unknown: Callable[[str], None] | None = None) -> Settings:
        """Settings from the options as written; SettingsError("option 'x': ...") for a bad value.
        Names that are not options go to `unknown` (MkDocs warns about them itself)."""
        read: dict[str, Any] = {}
        for name, value in values.items():
            option = OPTIONS_BY_NAME.get(name)
            if option is None:
                if unknown is not None:
                    unknown(name)
                continue
            read[name] = read_option(option, value)
        return cls.of_read(read)

    @classmethod
    def of_read(cls, values: Mapping[str, Any]) -> Settings:
        """Settings from values already read by each option's `read` (the plugin's config)."""
        names = {f.name for f in fields(cls)}
        return cls(**{name: value for name, value in values.items() if name in names})

    def key(self) -> str:
        """The settings as text: a build with other settings renders every page anew."""
        return repr(sorted((f.name, getattr(self, f.name)) for f in fields(self)))


def read_option(option: Option, value: Any) -> Any:
    """An option's value read and checked; SettingsError naming the option when it is wrong."""
    try:
        return option.read(option.default if value is None and option.default is not None else value)
    except SettingsError as error:
        raise SettingsError(f"kith option '{option.name}': {error}") from None


for _option in OPTIONS:  # every default must read without error, and the dataclass agree with it
    assert read_option(_option, _option.default) == getattr(Settings(), _option.name), _option.name
