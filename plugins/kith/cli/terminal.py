"""The one way `kith` commands print: every character a terminal would act on is shown, not sent.

A name or title from a user's file, an imported address book or the command line can hold
terminal escapes (`ESC[2J` clears the screen, OSC 52 writes the clipboard) or bidirectional
overrides. Every line a command prints goes through `echo`, which shows them as escapes
(`\\x1b`) with `kith.core.text.visible`; kith's own styling (bold headings, dim paths) is made by
`heading` and `dim` around text already made visible, and marked `Shown` so it is kept.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import IO, Any

import click

from ..core.text import visible


class Shown(str):
    """Text safe for a terminal as it is: user text already made visible, and kith's styling."""


def shown(*parts: str) -> Shown:
    """The parts joined, each plain one made visible and each `Shown` one kept as it is."""
    return Shown("".join(part if isinstance(part, Shown) else visible(part) for part in parts))


def lines(rows: Iterable[str]) -> Shown:
    """Many rows as one text, printed at once (thousands of lines are one write, not one each)."""
    return Shown("\n".join(shown(row) for row in rows))


def heading(text: str) -> Shown:
    return Shown(click.style(shown(text), bold=True))


def dim(text: str) -> Shown:
    return Shown(click.style(shown(text), dim=True))


def echo(*parts: str, err: bool = False, nl: bool = True) -> None:
    """Print the parts as one line on stdout (or stderr), control characters made visible."""
    _write(shown(*parts), err=err, nl=nl)


def echo_data(data: str, line_end: str) -> None:
    """Print a file's content (an export) on stdout: each line made visible, its line ends as
    they are (vCard's CRLF), and no other newline translation."""
    text = line_end.join(visible(line) for line in data.split(line_end))
    _write(text.encode("utf-8"), err=False, nl=False)


def json_text(text: str) -> Shown:
    """JSON (from `json.dumps(..., ensure_ascii=False)`) with every control character that JSON
    leaves raw (C1 controls, bidirectional overrides) written as a `\\uXXXX` escape: the same
    value to a JSON reader, nothing for a terminal to act on."""
    if visible(text) == text:
        return Shown(text)
    return Shown("".join(f"\\u{ord(char):04x}" if visible(char) != char else char for char in text))


class OutputError(click.ClickException):
    """Standard output could not be written (e.g. `kith due > /dev/full`)."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        show_error(self.format_message())


def show_error(message: str) -> None:
    """`kith: message` on stderr; nothing more to do if stderr itself cannot be written."""
    with suppress(OSError):
        click.echo(shown("kith: ", message), err=True)


def exit_status(code: object) -> int:
    """The status a `SystemExit` ends the process with, as Python's own exit takes it (a text
    is printed and ends with 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    with suppress(OSError):
        click.echo(shown(str(code)), err=True)
    return 1


def flushed(status: int) -> int:
    """The exit status once standard output and error are written out, as Python's own exit
    would write them: output that cannot be written is said, as `_write` says it (a closed pipe
    is left quiet)."""
    try:
        sys.stdout.flush()
    except OSError as error:
        if error.errno != errno.EPIPE:
            show_error(_cannot_write(error))
        status = status or 1
    with suppress(OSError):
        sys.stderr.flush()
    return status


def _write(message: str | bytes, err: bool, nl: bool) -> None:
    try:
        click.echo(message, err=err, nl=nl)
    except OSError as error:
        if error.errno == errno.EPIPE or err:
            raise  # a closed pipe (`kith due | head`) is click's to handle quietly
        _discard_stdout()
        raise OutputError(_cannot_write(error)) from None


def _cannot_write(error: OSError) -> str:
    return f"cannot write to standard output ({error.strerror or error})"


def _discard_stdout() -> None:
    """Point standard output at /dev/null, so that Python's last flush at exit, of what could not
    be written, does not fail again with a second message and exit status 120."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test runner's buffer): nothing will flush at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, descriptor)
    finally:
        os.close(devnull)


@contextmanager
def visible_click_errors() -> Iterator[None]:
    """Click's own messages (a bad option value, an unknown option) quote what was typed: their
    text is made visible before click prints them."""
    try:
        yield
    except click.ClickException as error:
        error.message = visible(error.message)
        if isinstance(error, click.FileError):
            error.ui_filename = visible(error.ui_filename)  # type: ignore[misc]
        raise


class KithGroup(click.Group):
    """The `kith` group: parsing and every command run with click's messages made visible."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with visible_click_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with visible_click_errors():
            return super().invoke(ctx)
