"""`kith init DIR`: a new vault that builds at once, from the files in `kith/scaffold/`."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import click

from ..core.writer import write_new
from .common import CommandError, today

# Dotfiles are stored without their dot: package data globs skip hidden files.
RENAMED = {"gitignore": ".gitignore"}
SAMPLE_MET_DAYS_AGO = 30
SAMPLE_DUE_IN_DAYS = 7


def scaffold_files(date: dt.date) -> dict[str, bytes]:
    """Relative path -> content of every file a new vault gets, dates filled in."""
    tokens = {
        "@TODAY@": date.isoformat(),
        "@DUE@": (date + dt.timedelta(days=SAMPLE_DUE_IN_DAYS)).isoformat(),
        "@MET@": (date - dt.timedelta(days=SAMPLE_MET_DAYS_AGO)).isoformat(),
    }
    files: dict[str, bytes] = {}

    def walk(folder: Traversable, prefix: str) -> None:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.startswith((".", "__")):
                continue
            relative = f"{prefix}{RENAMED.get(entry.name, entry.name)}"
            if entry.is_dir():
                walk(entry, relative + "/")
                continue
            text = entry.read_text("utf-8")
            for token, value in tokens.items():
                text = text.replace(token, value)
                relative = relative.replace(token, value)
            files[relative] = text.encode("utf-8")

    walk(resources.files("kith").joinpath("scaffold"), "")
    return files


@click.command("init", short_help="Create a new vault that builds at once.")
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new vault in DIR: mkdocs.yml with the kith plugin, contacts/, notes/,
    site_src/index.md, a .gitignore, and a sample contact and note, so `mkdocs serve` works at once.

    DIR may exist (e.g. a git repository); kith refuses, writing nothing, if any file it would
    create is there already.

    \b
    Examples:
      kith init ~/network
      cd ~/network && mkdocs serve
    """
    root = directory.expanduser().absolute()
    files = scaffold_files(today())
    taken = [relative for relative in files if (root / relative).exists()]
    if taken:
        raise CommandError(f"{root} already has {', '.join(taken)}; kith init writes new files only. "
                           "Choose another folder, or move those files away")
    written: list[str] = []
    try:
        for relative, data in files.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            write_new(target.parent, target.name, data)
            written.append(relative)
    except FileExistsError as error:
        raise CommandError(f"{error.filename or error} appeared while creating the vault; "
                           f"created so far: {', '.join(written) or 'nothing'}") from None
    except OSError as error:
        raise CommandError(f"cannot create the vault in {root}: {error}") from None
    click.echo(f"Created a kith vault in {directory}:")
    for relative in written:
        click.echo(f"  {relative}")
    click.echo("\nNext:\n"
               f"  cd {_shell_quoted(str(directory))}\n"
               "  mkdocs serve                # browse it on http://127.0.0.1:8000\n"
               "  kith add \"Full Name\" --company \"Company\" --circle regular\n"
               "  kith log \"Full Name\" --kind coffee")


def _shell_quoted(text: str) -> str:
    if text and all(char.isalnum() or char in "/._-~" for char in text):
        return text
    return "'" + text.replace("'", "'\\''") + "'"
