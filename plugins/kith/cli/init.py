"""`kith init DIR`: a new vault that builds at once, from the files in `kith/scaffold/`."""

from __future__ import annotations

import datetime as dt
import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import click

from ..core.writer import UnsafeTarget, write_new
from . import existing
from .common import CommandError, WriteError, in_the_way, make_folders, today, write_reason
from .terminal import echo

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


@click.command("init", short_help="Create a new vault, or add kith to a folder of notes.")
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--existing", is_flag=True,
              help="Add kith to notes you already keep in DIR (an Obsidian vault): write mkdocs.yml and "
                   "site_src/index.md only, never a note.")
@click.option("--contacts", "contact_folders", multiple=True, metavar="FOLDER",
              help="With --existing: a folder of people notes, inside DIR (repeatable; default: the "
                   "folders named People, Contacts, Clients...).")
@click.option("--notes", "note_folders", multiple=True, metavar="FOLDER",
              help="With --existing: a folder of conversation notes, inside DIR (repeatable; default: the "
                   "folders named Meetings, Interactions, Journal, Daily...).")
def init(directory: Path, existing: bool, contact_folders: tuple[str, ...],
         note_folders: tuple[str, ...]) -> None:
    """Create a new vault in DIR: mkdocs.yml with the kith plugin, contacts/, notes/,
    site_src/index.md, a .gitignore, and a sample contact and note, so `mkdocs serve` works at once.

    DIR may exist (e.g. a git repository). Before writing anything, kith checks every file and
    folder it would create: if one is there already (even a link pointing nowhere), a file stands
    where a folder goes, or DIR cannot be written, it says so and writes nothing. Should a write
    still fail (a full disk), it removes what it had created.

    With --existing, DIR is a folder of notes you already keep (an Obsidian vault: mkdocs.yml goes
    beside .obsidian/). kith writes mkdocs.yml, pointed at the folders of people notes and of
    conversations, and site_src/index.md, the site's home page; no note, no sample, and never a file
    that is there already (a mkdocs.yml there already is left alone: kith says what to add to it).

    \b
    Examples:
      kith init ~/network
      cd ~/network && mkdocs serve
      kith init --existing ~/Obsidian/Vault
      kith init --existing . --contacts People --contacts Clients --notes Meetings --notes Daily
    """
    root = directory.expanduser().absolute()
    if not existing and (root / ".obsidian").is_dir():
        raise CommandError(f"{root} is an Obsidian vault: to use its notes with kith, run "
                           f"kith init --existing {_shell_quoted(str(directory))} (it writes mkdocs.yml and "
                           "the site's home page, no note); nothing was written")
    if existing:
        _init_existing(root, list(contact_folders), list(note_folders))
        return
    if contact_folders or note_folders:
        raise click.UsageError("--contacts and --notes go with --existing "
                               "(a new vault has contacts/ and notes/)")
    files = scaffold_files(today())
    blockers = _in_the_way(root, files)
    if blockers:
        raise CommandError(f"cannot create a vault in {root}: {'; '.join(blockers)}. kith init writes "
                           "new files only, and wrote nothing: choose another folder, or move those away")
    written = _create(root, files)
    echo(f"Created a kith vault in {directory}:")
    for relative in written:
        echo(f"  {relative}")
    echo("\nNext:\n"
         f"  cd {_shell_quoted(str(directory))}\n"
         "  mkdocs serve                # browse it on http://127.0.0.1:8000\n"
         "  kith add \"Full Name\" --company \"Company\" --circle regular\n"
         "  kith log \"Full Name\" --kind coffee")


def _init_existing(root: Path, contact_folders: list[str], note_folders: list[str]) -> None:
    """kith added to a folder of notes: mkdocs.yml and the home page, checked before any write."""
    existing.refuse_a_kith_vault(root)
    contacts, notes = existing.plan(root, contact_folders, note_folders)
    configured = existing.already_configured(root, contacts, notes)
    if configured is not None:
        raise CommandError(configured)
    site_dir = existing.site_dir_for(root)
    template = scaffold_files(today())["mkdocs.yml"].decode("utf-8")
    files = {"mkdocs.yml": existing.config_text(root, contacts, notes, site_dir, template).encode("utf-8"),
             f"{existing.DOCS_DIR}/index.md": existing.home_page(root, contacts, notes).encode("utf-8")}
    if os.path.lexists(root / existing.DOCS_DIR):
        raise CommandError(f"{root / existing.DOCS_DIR} exists already: kith would publish what is in it as "
                           "the site's own pages. Move it, then try again; nothing was written")
    blockers = _in_the_way(root, files)
    if blockers:
        raise CommandError(f"cannot add kith to {root}: {'; '.join(blockers)}; nothing was written")
    written = _create(root, files)
    echo(f"Added kith to {root}:")
    for relative in written:
        echo(f"  {relative}")
    echo(existing.summary(root, contacts, notes, site_dir) + ".")
    echo("\nNext:\n"
         f"  cd {_shell_quoted(str(root))}\n"
         "  kith check                  # what kith could not read, file and line\n"
         "  kith check --fields         # the fields kith leaves alone\n"
         "  mkdocs serve                # browse it on http://127.0.0.1:8000\n"
         f"Leave {site_dir}/ (the built site) out of git (.gitignore) and out of Obsidian "
         "(Settings, Files and links, Excluded files).")


def _in_the_way(root: Path, files: dict[str, bytes]) -> list[str]:
    """Everything that would stop a file from being written, found before writing any: a file or
    a link (even one pointing nowhere) where a file or folder goes, a folder kith may not write."""
    reason = in_the_way(root)
    if reason is not None:
        return [f"{root} {reason}"]
    taken: list[str] = []
    found: dict[str, None] = {}  # in order, once each
    for relative in files:
        target = root / relative
        for folder in reversed(Path(relative).parents[:-1]):  # `contacts`, then deeper ones
            reason = in_the_way(root / folder)
            if reason is not None:
                found.setdefault(f"{folder.as_posix()} {reason}")
        if target.is_symlink() and not target.exists():
            found.setdefault(f"{relative} is a link to {os.readlink(target)}, which does not exist")
        elif os.path.lexists(target):
            taken.append(relative)
        unwritable = _unwritable(target.parent)
        if unwritable is not None:
            found.setdefault(unwritable)
    return ([f"it already has {', '.join(taken)}"] if taken else []) + list(found)


def _unwritable(folder: Path) -> str | None:
    """Why nothing can be created in `folder` (or in the nearest existing folder above it)."""
    existing = folder
    while not existing.is_dir():
        if existing.parent == existing:
            return None
        existing = existing.parent
    if os.access(existing, os.W_OK | os.X_OK):
        return None
    read_only = bool(os.statvfs(existing).f_flag & os.ST_RDONLY)
    return f"{existing} is on a read-only file system" if read_only else \
        f"{existing} is a folder you may not write in (permission denied)"


def _create(root: Path, files: dict[str, bytes]) -> list[str]:
    """Write every file; if one fails, remove everything this run created and say so."""
    made: list[Path] = []  # files and folders created, in order
    written: list[str] = []
    try:
        for relative, data in files.items():
            target = root / relative
            made += make_folders(target.parent, relative)
            made.append(write_new(target.parent, target.name, data))
            written.append(relative)
    except (WriteError, OSError, UnsafeTarget) as error:
        undone, left = _undo(made)
        if isinstance(error, WriteError):
            what = error.what
        elif isinstance(error, FileExistsError):
            what = f"{relative} appeared while the vault was being created"
        elif isinstance(error, OSError):
            what = f"{relative}: cannot be written ({write_reason(error)})"
        else:
            what = f"{relative}: {error}"
        outcome = f"could not remove {', '.join(left)}" if left else f"so {root} is as it was"
        raise CommandError(f"{what}; removed what this run had created ({undone}), {outcome}") from None
    return written


def _undo(made: list[Path]) -> tuple[str, list[str]]:
    """Remove what a failed init created, newest first: how much that was, in words, and what
    could not be removed."""
    files = folders = 0
    left: list[str] = []
    for path in reversed(made):
        try:
            if path.is_dir() and not path.is_symlink():
                os.rmdir(path)
                folders += 1
            else:
                path.unlink()
                files += 1
        except OSError as error:
            left.append(f"{path} ({error.strerror})")
    return f"{files} file{'s' if files != 1 else ''} and {folders} folder{'s' if folders != 1 else ''}", left


def _shell_quoted(text: str) -> str:
    if text and all(char.isalnum() or char in "/._-~" for char in text):
        return text
    return "'" + text.replace("'", "'\\''") + "'"
