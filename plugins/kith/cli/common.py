"""What every command shares: the vault it works on, errors and dates."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import click

from ..core.dates import DateError, parse_date, resolve_today
from ..core.loader import Vault
from ..core.model import Contact
from ..core.slugs import slugify
from ..core.writer import UnsafeTarget
from .terminal import echo, show_error
from .vault import VaultContext, VaultError, open_vault

# An interrupted `kith merge`'s journal, in the vault's folder (`combine.py`); `kith check` looks
# for it.
JOURNAL = ".kith-merge.json"


class CommandError(click.ClickException):
    """A failure the user can act on: printed as `kith: message` on stderr (control characters
    made visible), exit status 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        show_error(self.format_message())


class WriteError(CommandError):
    """A file could not be written (a full or read-only disk, no permission, a file in the way of
    a folder): whatever comes next in the same place would fail the same way. kith's writes are
    whole or not at all, so the message ends in "nothing was written"; `what` is the rest."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what}; nothing was written")
        self.what = what


# Why a write failed, in words, with what to do where there is something to do.
_WRITE_REASONS = {
    errno.ENOSPC: "the disk is full; free some space and run the command again",
    errno.EDQUOT: "your disk quota is used up; free some space and run the command again",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied; you may not write in that folder",
    errno.EPERM: "operation not permitted",
    errno.EFBIG: "the file is larger than this system lets kith write",
}


def write_reason(error: OSError) -> str:
    return _WRITE_REASONS.get(error.errno or 0) or error.strerror or str(error)


def cannot_write(shown_path: str, error: OSError) -> WriteError:
    """The one-line message for a write that failed: the file and the reason."""
    return WriteError(f"{shown_path}: cannot be written ({write_reason(error)})")


def in_the_way(path: Path) -> str | None:
    """What stops `path` from being used as a folder, in words; None when it is one (or absent)."""
    if path.is_dir():
        return None
    if path.is_symlink() and not path.exists():
        return f"is a link to {os.readlink(path)}, which does not exist"
    if os.path.lexists(path):
        return "is a file, not a folder"
    return None


def make_folders(folder: Path, shown_path: str) -> list[Path]:
    """Create `folder` and its missing parents; the folders created, outermost first, so that a
    failed command can remove them again (`remove_folders`). A one-line CommandError if a file
    is in the way or the folder cannot be made."""
    missing: list[Path] = []
    current = folder
    while not current.is_dir():
        reason = in_the_way(current)
        if reason is not None:
            raise WriteError(f"{current} {reason}; kith needs a folder there to write {shown_path}")
        missing.append(current)
        current = current.parent
    created: list[Path] = []
    for path in reversed(missing):
        try:
            os.mkdir(path)
        except OSError as error:
            remove_folders(created)
            raise cannot_write(shown_path, error) from None
        created.append(path)
    return created


def create_file(folder: Path, shown_file: str, write: Callable[[], Path]) -> Path:
    """Run `write` (a `kith.core.writer` call making a new file in `folder`) after creating the
    folder if needed; every failure but FileExistsError (which the caller words) becomes one line
    naming the file, and a folder made for it is removed again."""
    created = make_folders(folder, shown_file)
    try:
        return write()
    except FileExistsError:
        remove_folders(created)
        raise
    except UnsafeTarget as error:
        remove_folders(created)
        raise CommandError(f"{shown_file}: {error}") from None
    except OSError as error:
        remove_folders(created)
        raise cannot_write(shown_file, error) from None


def remove_folders(created: list[Path]) -> None:
    """Remove the folders a command created, innermost first; one still holding files stays."""
    for path in reversed(created):
        with contextlib.suppress(OSError):
            os.rmdir(path)


@dataclass
class Settings:
    vault_dir: str | None = None
    _context: VaultContext | None = None

    def vault(self) -> VaultContext:
        if self._context is None:
            try:
                self._context = open_vault(self.vault_dir)
            except VaultError as error:
                raise CommandError(str(error)) from None
        return self._context


pass_settings = click.make_pass_decorator(Settings, ensure=True)


def today() -> dt.date:
    """Today, or the KITH_TODAY the builds use, so commands and site agree."""
    try:
        return resolve_today()
    except DateError as error:
        raise CommandError(str(error)) from None


def date_option(value: str | None, what: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except DateError as error:
        raise CommandError(f"{what}: {error}") from None


def reserved_remark(slug: str, name: str) -> str:
    """Why a contact's file is `index-2.md` and not the `index.md` its name would make."""
    wanted = slugify(name)
    return "" if slug == wanted else f" (not {wanted}.md: that name is the page listing everyone)"


def hint_problems(vault: Vault) -> None:
    """One line on stderr when the vault has problems: what is shown may be missing something.
    (No count: a command that shows the vault leaves out the checks only a published site needs.)"""
    if vault.problems:
        echo("(the vault's files have problems; see them with: kith check)", err=True)


def private_mark(contact: Contact) -> str:
    return " (private)" if contact.private else ""


def stdio_is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()
