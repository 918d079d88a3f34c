"""`kith init --existing DIR`: kith added to a folder of notes someone already keeps (an Obsidian
vault, a Foam or Logseq folder), writing only what a build needs, never a note.

What it writes: `mkdocs.yml` beside the notes (beside `.obsidian/` in an Obsidian vault), with the
kith plugin pointed at the folders of people and of conversations, and `site_src/index.md`, the
site's home page (MkDocs needs a folder of its own pages). It finds the folders by their usual
names, or takes them from `--contacts` and `--notes`; it refuses, saying why, when a file it would
write is there already or a folder cannot be found.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path

import yaml

from ..core.loader import VaultLoader
from ..core.writer import UnsafeTarget, ensure_within
from .common import CommandError
from .vault import CONFIG_NAMES, VaultError, uses_kith

# Folders people keep their people notes and their conversations in, by the names vault templates
# and CRM plugins give them (compared in lower case). A folder of all notes (`Notes/`) is not
# guessed: its notes are not all conversations.
CONTACT_FOLDER_NAMES = ("people", "contacts", "persons", "clients")
NOTE_FOLDER_NAMES = ("meetings", "interactions", "conversations", "calls", "journal", "journals",
                     "daily", "daily notes", "dailies")
DOCS_DIR = "site_src"
# The site folder MkDocs empties before each build: the first of these that is not there already.
SITE_DIRS = ("site", "_site", "kith-site")
# How deep folders are looked for (`People/`, `10-Work/People/`).
SEARCH_DEPTH = 2


def found_folders(root: Path, names: Sequence[str]) -> list[str]:
    """The folders under `root` (two levels deep, no dot-folders) whose name is one of `names`, in
    the order of `names` (the first is where `kith add` and `kith log` write: Meetings before Daily)."""
    found: list[str] = []
    for dirpath, dirnames, _ in os.walk(root):
        depth = len(Path(dirpath).relative_to(root).parts)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SITE_DIRS
                             and d != DOCS_DIR) if depth < SEARCH_DEPTH else []
        found += [Path(dirpath, d).relative_to(root).as_posix() for d in dirnames if d.lower() in names]
    return sorted(found, key=lambda folder: (names.index(folder.rsplit("/", 1)[-1].lower()), folder))


def checked_folders(root: Path, given: Sequence[str], option: str) -> list[str]:
    """The folders given with --contacts or --notes: each must be a folder inside DIR."""
    folders: list[str] = []
    for folder in given:
        name = folder.strip().rstrip("/\\")
        try:
            ensure_within(root, Path(name))
        except UnsafeTarget as error:
            raise CommandError(f"{option} {folder}: {error}") from None
        if not (root / name).is_dir():
            raise CommandError(f"{option} {folder}: there is no folder {name} in {root}")
        folders.append(Path(os.path.normpath(name)).as_posix())
    return list(dict.fromkeys(folders))


def plan(root: Path, contacts: Sequence[str], notes: Sequence[str]) -> tuple[list[str], list[str]]:
    """The folders of people and of conversations: as given, else found by their usual names."""
    if not root.is_dir():
        raise CommandError(f"{root} is not a folder; kith init --existing adds kith to a folder of notes "
                           "you already have (for a new vault: kith init DIR)")
    contact_folders = (checked_folders(root, contacts, "--contacts")
                       or found_folders(root, CONTACT_FOLDER_NAMES))
    note_folders = checked_folders(root, notes, "--notes") or found_folders(root, NOTE_FOLDER_NAMES)
    missing = [what for what, folders in (("people notes (--contacts)", contact_folders),
                                           ("conversation notes (--notes)", note_folders)) if not folders]
    if missing:
        raise CommandError(
            f"found no folder of {' and no folder of '.join(missing)} in {root} (looked for "
            f"{', '.join(n.title() for n in CONTACT_FOLDER_NAMES)} and "
            f"{', '.join(n.title() for n in NOTE_FOLDER_NAMES)}); name yours, e.g. "
            "kith init --existing DIR --contacts People --notes Meetings --notes Daily; nothing was written")
    overlap = set(contact_folders) & set(note_folders)
    if overlap:
        raise CommandError(f"{', '.join(sorted(overlap))} cannot hold both people and conversations: "
                           "give the people notes and the conversation notes folders of their own")
    return contact_folders, note_folders


def config_text(root: Path, contacts: list[str], notes: list[str], site_dir: str, template: str) -> str:
    """mkdocs.yml for an existing folder: the new vault's (`template`) named after the folder, with
    kith's folders (a list where there are several) and the site folder."""
    options = yaml.safe_dump({"contacts_dir": contacts[0] if len(contacts) == 1 else contacts,
                              "notes_dir": notes[0] if len(notes) == 1 else notes},
                             default_flow_style=None, allow_unicode=True, sort_keys=False, width=1000)
    kith_block = "  - kith:\n" + "".join(f"      {line}\n" for line in options.splitlines())
    scaffold_block = "  - kith:\n      contacts_dir: contacts\n      notes_dir: notes\n"
    text = _replaced(template, scaffold_block, kith_block)
    name = yaml.safe_dump({"site_name": root.name or "My network"}, allow_unicode=True, width=1000)
    text = _replaced(text, "site_name: My network\n", name)
    if site_dir != "site":
        text = _replaced(text, f"docs_dir: {DOCS_DIR}\n",
                         f"docs_dir: {DOCS_DIR}\nsite_dir: {site_dir}   # site/ is a folder of your notes\n")
    return text


def _replaced(text: str, old: str, new: str) -> str:
    assert old in text, f"the scaffold's mkdocs.yml no longer has {old!r}"
    return text.replace(old, new, 1)


def site_dir_for(root: Path) -> str:
    """The site folder: `site`, unless the folder already has one (MkDocs would empty it)."""
    for name in SITE_DIRS:
        if not os.path.lexists(root / name):
            return name
    raise CommandError(f"{root} already has folders named {', '.join(SITE_DIRS)}; kith needs a site "
                       "folder MkDocs may empty before each build. Move one of them, then try again")


def refuse_a_kith_vault(root: Path) -> None:
    """Nothing to add to a folder whose mkdocs.yml has kith already."""
    for name in CONFIG_NAMES:
        with contextlib.suppress(VaultError):
            if (root / name).is_file() and uses_kith(root / name):
                raise CommandError(f"{root / name} uses kith already (kith check shows what it reads); "
                                   "nothing was written")


def already_configured(root: Path, contacts: list[str], notes: list[str]) -> str | None:
    """What to say when the folder has a mkdocs.yml already: kith never rewrites it, so the lines
    to add by hand."""
    config = next((name for name in CONFIG_NAMES if os.path.lexists(root / name)), None)
    if config is None:
        return None
    options = yaml.safe_dump({"contacts_dir": contacts, "notes_dir": notes}, default_flow_style=None,
                             allow_unicode=True, sort_keys=False, width=1000)
    lines = "".join(f"\n          {line}" for line in options.splitlines())
    return (f"{root / config} exists already, and kith never rewrites it. To use kith with it, add under "
            f"'plugins:' (beside '- search'):\n      - kith:{lines}\nnothing was written")


def summary(root: Path, contacts: list[str], notes: list[str], site_dir: str) -> str:
    """What kith reads in the folder now: counts, and where to look next."""
    vault = VaultLoader(root, contacts, notes, exclude=(site_dir,)).load()
    problems = len(vault.problems)
    found = (f"kith reads {len(vault.contacts)} contact{'s' if len(vault.contacts) != 1 else ''} in "
             f"{', '.join(contacts)} and {len(vault.notes)} note{'s' if len(vault.notes) != 1 else ''} in "
             f"{', '.join(notes)}")
    if problems:
        found += f"; {problems} problem{'s' if problems != 1 else ''} to look at: kith check"
    return found


def home_page(root: Path, contacts: list[str], notes: list[str]) -> str:
    """The site's home page (`site_src/index.md`): kith puts what is due under it."""
    def listed(folders: list[str]) -> str:
        return ", ".join(f"`{folder}/`" for folder in folders)

    return (f"# {root.name or 'My network'}\n\n"
            f"People I know, what we talked about, and what I promised: the notes in {listed(contacts)} "
            f"(people) and {listed(notes)} (conversations), as a site.\n\n"
            "Edit the notes as before; `mkdocs serve` follows every save. `kith check` says what kith "
            "could not read, `kith check --fields` which fields it leaves alone, `kith due` what is due.\n")
