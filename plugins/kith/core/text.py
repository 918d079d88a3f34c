"""Text from users' files made safe to show in a terminal or to store.

A name in an imported address book can carry terminal escapes (`ESC[2J` clears the screen, OSC 52
writes the clipboard) or bidirectional overrides that make text read backwards. Printed raw, they
act on the user's terminal. `visible` shows each such character as an escape (`\\x1b`), and
`without_controls` removes them from a value before kith stores it.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# In a single value (a name, a field), line breaks and tabs are controls too.
_CONTROL_IN_VALUE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """The text with every control character shown as an escape; line breaks and tabs kept."""
    return _CONTROL.sub(_escaped, text) if _CONTROL.search(text) else text


def without_controls(value: str) -> tuple[str, bool]:
    """A one-line value with control characters removed (line breaks and tabs become spaces);
    and whether anything was removed."""
    if _CONTROL_IN_VALUE.search(value) is None:
        return value, False
    cleaned = _CONTROL_IN_VALUE.sub(lambda m: " " if m.group() in "\t\n\r\u2028\u2029" else "", value)
    return cleaned, True
