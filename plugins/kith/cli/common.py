"""What every command shares: the vault it works on, errors, dates and plain-text names."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from typing import IO, Any

import click

from ..core.dates import DateError, parse_date, resolve_today
from ..core.links import WIKILINK
from ..core.loader import Vault
from ..core.model import Contact
from .vault import VaultContext, VaultError, open_vault


class CommandError(click.ClickException):
    """A failure the user can act on: printed as `kith: message` on stderr, exit status 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"kith: {self.format_message()}", err=True, file=file)


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


def plain(text: str) -> str:
    """Task text for a terminal: `[[Kim Osei|Kim]]` becomes `Kim`."""
    return WIKILINK.sub(lambda m: (m.group(2) or m.group(1)).strip(), text)


def hint_problems(vault: Vault) -> None:
    """One line on stderr when the vault has problems: what is shown may be missing something."""
    if vault.problems:
        count = len(vault.problems)
        click.echo(f"({count} problem{'s' if count != 1 else ''} in the vault's files; "
                   "see them with: kith check)", err=True)


def heading(text: str) -> str:
    return click.style(text, bold=True)


def dim(text: str) -> str:
    return click.style(text, dim=True)


def private_mark(contact: Contact) -> str:
    return " (private)" if contact.private else ""


def stdio_is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()
