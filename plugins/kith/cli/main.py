"""The `kith` command: the chores of a network kept as Markdown, on the same core as the site."""

from __future__ import annotations

import click

from .act import done, pause, resume, snooze
from .calendar import import_ics
from .capture import add, log
from .combine import merge
from .common import Settings
from .init import init
from .interchange import export_group, import_group
from .path import path
from .report import check, due, show
from .serve import serve
from .terminal import KithGroup


@click.group(cls=KithGroup,
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


for command in (init, add, log, due, done, snooze, pause, resume, show, check, path, merge, import_group,
                export_group, serve):
    cli.add_command(command)
import_group.add_command(import_ics)


if __name__ == "__main__":  # pragma: no cover - `python -m kith.cli.main`
    cli()
