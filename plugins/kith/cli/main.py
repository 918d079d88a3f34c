"""The `kith` command: the chores of a network kept as Markdown, on the same core as the site."""

from __future__ import annotations

import importlib
import os
from typing import Any, NoReturn

import click

from .common import Settings
from .terminal import KithGroup, exit_status, flushed
from .vault import keep_loaded_until_exit

# Each command by name: its module and the name in it. A command's module is imported when that
# command runs (or `kith --help` lists them all): `kith due` does not load the calendar reader,
# the importers or the server.
COMMANDS = {
    "init": ("init", "init"), "add": ("capture", "add"), "log": ("capture", "log"),
    "due": ("report", "due"), "done": ("act", "done"), "snooze": ("act", "snooze"),
    "pause": ("act", "pause"), "resume": ("act", "resume"), "show": ("report", "show"),
    "check": ("report", "check"), "path": ("path", "path"), "merge": ("combine", "merge"),
    "import": ("interchange", "import_group"), "export": ("interchange", "export_group"),
    "serve": ("serve", "serve"),
}


class LazyKithGroup(KithGroup):
    """The `kith` group, loading each command's module on first use (Click's lazy subcommands)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            module_name, attribute = COMMANDS[name]
            command: Any = getattr(importlib.import_module(f"{__package__}.{module_name}"), attribute)
            if name == "import":
                from .calendar import import_ics  # kept apart from interchange: it imports that module

                command.add_command(import_ics)
            self.add_command(command, name)
        return super().get_command(ctx, name)


@click.group(cls=LazyKithGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--vault", "vault_dir", metavar="DIR", envvar="KITH_VAULT",
              help="The vault to work on (default: the folder with mkdocs.yml above the current one; "
                   "or $KITH_VAULT).")
@click.version_option(package_name="mkdocs-kith", prog_name="kith")
@click.pass_context
def cli(ctx: click.Context, vault_dir: str | None) -> None:
    """kith: your professional network as Markdown, built into a site with MkDocs.

    Commands work on the vault containing the current folder (found by walking up to its
    mkdocs.yml), or the one given with --vault DIR.

    \b
    Examples:
      kith init ~/network && cd ~/network
      kith add "Aisha Rahman" --company "Northwind Health" --circle close
      kith log Aisha --kind coffee --tag partnerships
      kith due
      kith path "Acme Inc"
      kith check
    """
    ctx.obj = Settings(vault_dir)


def main() -> NoReturn:
    """The `kith` command as installed: `cli`, then an end without Python's shutdown.

    Once the command is done and its output written out, the process ends at once (`os._exit`):
    Python's own shutdown would first free, one by one, the vault the command loaded (kept until
    then: `keep_loaded_until_exit`), which the system takes back at once anyway. Nothing of kith's
    waits on that shutdown: no `atexit` work, and every file written is complete, checked and
    closed before the command returns."""
    keep_loaded_until_exit()
    try:
        cli()
        status = 0
    except SystemExit as done:
        status = exit_status(done.code)
    os._exit(flushed(status))


if __name__ == "__main__":  # pragma: no cover - `python -m kith.cli.main`
    main()
