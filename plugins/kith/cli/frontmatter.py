"""Front matter as a person would write it (DESIGN.md), produced by a YAML dumper.

Never assembled from strings: a name like `O'Brien: "Ace" #1` is quoted by the dumper, so the
file always reads back to the same values. The style follows the examples in DESIGN.md:
`[[links]]` in double quotes, dates as plain YYYY-MM-DD, short lists and maps inline.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import yaml

_BaseDumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

INLINE_WIDTH = 100  # a list or map longer than this, written on one line, goes one item a line
_DOUBLE_QUOTED = re.compile(r"^(\[\[.*\]\]|\+.*|https?://.*)$", re.DOTALL)


class FrontMatterDumper(yaml.SafeDumper):
    """Safe dumping with kith's house style; unicode kept as is."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Links, phone numbers and URLs are double-quoted, as DESIGN.md writes them; anything else
    # is left to the dumper, which quotes exactly when YAML needs it.
    style = '"' if _DOUBLE_QUOTED.match(value) and "\n" not in value else None
    if "\n" in value:
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_date(dumper: yaml.SafeDumper, value: dt.date) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


def _short(items: list[Any]) -> bool:
    if not all(isinstance(item, (str, int, float, bool, dt.date)) for item in items):
        return False
    if any("\n" in str(item) for item in items):
        return False
    return sum(len(str(item)) + 4 for item in items) <= INLINE_WIDTH


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=_short(value))


def _represent_dict(dumper: yaml.SafeDumper, value: dict[Any, Any]) -> yaml.Node:
    # Nested maps (like `links`) inline when short; the top level is always one field a line.
    flow = dumper.nesting_depth > 0 and _short([*value.keys(), *value.values()])  # type: ignore[attr-defined]
    dumper.nesting_depth += 1  # type: ignore[attr-defined]
    try:
        return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=flow)
    finally:
        dumper.nesting_depth -= 1  # type: ignore[attr-defined]


FrontMatterDumper.add_representer(str, _represent_str)
FrontMatterDumper.add_representer(dt.date, _represent_date)
FrontMatterDumper.add_representer(list, _represent_list)
FrontMatterDumper.add_representer(tuple, _represent_list)
FrontMatterDumper.add_representer(dict, _represent_dict)


def dump_fields(fields: Mapping[str, Any]) -> str:
    """`key: value` lines for the fields, in the order given, each ending in a newline."""
    dumper_class = type("_Dumper", (FrontMatterDumper,), {"nesting_depth": 0})
    text = yaml.dump(dict(fields), Dumper=dumper_class, sort_keys=False, allow_unicode=True,
                     width=10_000, default_flow_style=False)
    return text if text.endswith("\n") else text + "\n"


# Fields the loader reads as a list, splitting a plain string at commas (`tags: a, b`).
LIST_FIELDS = ("aliases", "email", "phone", "tags", "expertise", "interests", "with")


def listed_where_needed(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A single value with a comma in a list field, written as a one-item list so it stays one."""
    return {key: [value] if key in LIST_FIELDS and isinstance(value, str) and "," in value else value
            for key, value in fields.items()}


def document(fields: Mapping[str, Any], body: str = "") -> str:
    """A whole Markdown file: front matter between `---` lines, then the body."""
    body = body.strip("\n")
    return f"---\n{dump_fields(listed_where_needed(fields))}---\n" + (f"{body}\n" if body else "")


def link(name: str) -> str:
    return f"[[{name}]]"
