"""Reading a vault: its contact and note folders into the model, with every problem as a record.

One loader for the plugin and the CLI. A broken file yields problems, never an exception: the
rest of the vault always loads. The jobs are split by module: `frontmatter` reads one file,
`fields` says what each field is, `records` builds contacts and notes and resolves their links;
this module finds the files, keeps what it read between loads (so a `VaultLoader` kept between
builds re-reads only changed files) and, after a save, redoes only the saved notes (`_patched`).
"""

from __future__ import annotations

import gc
import os
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .fields import FieldReader, ignored_keys
from .files import read_settings_json
from .frontmatter import RawFile
from .links import Resolver
from .model import BrokenContact, Contact, Note, Problem, Severity
from .privacy import PrivateNames, Visibility
from .reading import read_records
from .records import (
    build_contact,
    build_note,
    claim_names,
    person_name,
    plain_name_warnings,
    plain_title,
    resolve_contact,
    resolve_note,
    stem,
)
from .slugs import slugify, unreserved


@dataclass
class Vault:
    """Everything read from one vault: all contacts and notes, private ones included."""

    root: Path
    contacts: dict[str, Contact]
    notes: dict[str, Note]
    problems: list[Problem]
    resolver: Resolver
    # Contact files that could not be read, by the slug they would have: they still hold a name.
    broken: dict[str, BrokenContact] = field(default_factory=dict)
    # Fields kith does not read, by (contact or note, field), with how many files have each
    # (`kith check --fields`).
    ignored_fields: Counter[tuple[str, str]] = field(default_factory=Counter)
    # Every other Markdown page of the vault (a company, a book): its name -> its path relative to
    # the root. Only named here; a company page reads its file when it is built.
    pages: Mapping[str, str] = field(default_factory=dict)
    # A vault made from the last load by putting in the notes saved since (`VaultLoader._patched`):
    # that vault (weakly: each vault would otherwise keep every one before it) and the slugs of
    # the notes put in. What was worked out of the last vault can then be patched the same way.
    patched_from: tuple[weakref.ref[Vault], frozenset[str]] | None = None


def _folders(value: str | Sequence[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


class VaultLoader:
    """Loads a vault, keeping parsed files between loads so only changed files are re-read.

    `contacts_dir` and `notes_dir` are a folder or a list of folders, relative to the root;
    `exclude`: folders (the site folder) whose Markdown files are not pages of the vault.
    """

    def __init__(self, root: Path | str, contacts_dir: str | Sequence[str] = "contacts",
                 notes_dir: str | Sequence[str] = "notes", exclude: Iterable[str | Path] = ()) -> None:
        self.root = Path(root)
        self.contacts_dirs = _folders(contacts_dir)
        self.notes_dirs = _folders(notes_dir)
        self.exclude = tuple(os.path.realpath(self.root / folder) for folder in exclude)
        # Full path -> ((mtime_ns, size), parsed file); plain strings, not Paths: thousands of
        # files, and pathlib costs microseconds per object.
        self._cache: dict[str, tuple[tuple[int, int], RawFile]] = {}
        self._previous: _Loaded | None = None  # the last load, for `_patched`
        self._folder_problems: dict[str, list[Problem]] = {}  # linked folders read once, by folder
        self._templates: frozenset[str] = frozenset()  # real paths of the vault's template folders
        self.publishing_checks = True
        self.workers = True  # whether reading many files may take a worker process (`read_records`)

    @property
    def folders(self) -> tuple[str, ...]:
        return (*self.contacts_dirs, *self.notes_dirs)

    def load(self, *, notes: bool = True, publishing_checks: bool = True,
             with_contacts: Callable[[Mapping[str, Contact]], object] | None = None) -> Vault:
        """The vault; with `notes=False` its contacts alone (no notes read: what a command that only
        finds people by name needs, at a fraction of the time). `publishing_checks=False` leaves out
        the warnings that only matter to a published site (a private person's name typed as words
        in public text: `plain_name_warnings`), for commands that show the vault in your own
        terminal; `kith check` and builds make them. `with_contacts` is called with the contacts
        as soon as every one is built (their links not yet resolved), while the notes are still
        being read: work on the contacts alone (`kith check`'s duplicates) is done meanwhile. A
        load that only puts the notes saved since into the last one (`_patched`) builds no
        contact, and does not call it."""
        self.publishing_checks = publishing_checks
        with gc_paused():
            return self._load(notes, with_contacts)

    def _load(self, notes: bool = True,
              with_contacts: Callable[[Mapping[str, Contact]], object] | None = None) -> Vault:
        self._templates = template_folders(self.root)
        kinds: dict[str, list[str]] = {}  # folder -> what its files are
        for folder in self.contacts_dirs:
            kinds.setdefault(folder, []).append("contact")
        for folder in self.notes_dirs if notes else ():
            kinds.setdefault(folder, []).append("note")
        # A first load builds each contact and note as its file comes in, while the workers read
        # on; a later one may only need the saved notes put in (`_patched`), so it builds after.
        built = _Built(build_as_read=self._previous is None, publishing_checks=self.publishing_checks,
                       with_contacts=with_contacts)

        def take(folder: str, raws: list[RawFile]) -> None:
            if built.build_as_read and "contact" not in kinds[folder]:
                built.contacts_built()  # the contacts' folders come first: they are all in
            for kind in kinds[folder]:
                built.add(raws, kind)

        self._read_folders(list(kinds), take)
        pages = self._other_pages()
        for raw in built.others:
            pages.setdefault(stem(raw.source.path), raw.source.path)
        previous = self._previous
        if previous is not None and previous.pages == pages:
            vault = self._patched(previous, built.contact_files, built.note_files)
            if vault is not None:
                return vault
        built.build()
        return self._resolved(built, pages)

    def _resolved(self, built: _Built, pages: dict[str, str]) -> Vault:
        """The vault of the contacts and notes built: every name and title known first, then
        each link resolved, the titles written with links checked for private names (the rest
        were as they were built), and every problem gathered."""
        contacts, notes, broken = built.contacts, built.notes, built.broken
        contact_readers, note_readers = built.contact_readers, built.note_readers
        resolver = Resolver()
        for page in pages:
            resolver.add_page(page)
        for contact, reader in contact_readers:
            claim_names(contact, reader, resolver, contacts)
        for entry in broken.values():
            for key in (entry.slug, entry.name, stem(entry.path)):
                resolver.claim_broken(key, entry.slug, entry.reason)

        titles = _TitleNames(contacts, notes)
        visibility = Visibility.of(resolver, contacts, notes, include_private=False)
        everyone = Visibility.of(resolver, contacts, notes, include_private=True)  # a private note's title
        for note, _ in note_readers:
            resolver.add_note(note.slug, note.title, stem(note.source.path))
        linked_titles = [(note, reader) for note, reader in note_readers if "[[" in note.title]
        for note, _ in linked_titles:
            # A public note's title names no private record (titles are shown everywhere).
            note.title = plain_title(note, everyone if note.private else visibility, titles)
            resolver.add_note(note.slug, note.title)

        # Links resolve only once every name and note is known.
        for contact, reader in contact_readers:
            resolve_contact(contact, reader, resolver)
        for note, reader in note_readers:
            resolve_note(note, reader, resolver)
        names = built.names
        assert names is not None  # every contact is built
        if self.publishing_checks:  # the titles written with links, as the site shows them now
            _warn_of_private_names(names, linked_titles)
        file_problems = built.file_problems
        for reader in built.readers:
            file_problems[reader.path].extend(reader.problems)
        problems = _all_problems(file_problems, self._folder_problems)
        vault = Vault(self.root, contacts, notes, problems, resolver, broken, built.ignored, pages)
        self._previous = _Loaded(built.contact_files, built.note_files, vault, file_problems,
                                 {reader.path: note for note, reader in note_readers}, names, pages)
        return vault

    def _patched(self, previous: _Loaded, contact_files: list[RawFile],
                 note_files: list[RawFile]) -> Vault | None:
        """The last load with the few notes saved since put in, or None to load everything.

        Only while no contact changed and each changed note keeps its slug, title and privacy:
        then every name and note title resolves as before, so the other notes, resolved against
        the same names, would come out the same (resolving every note again is a good part of a
        rebuild under serve).
        """
        old_contacts, old_notes = previous.contact_files, previous.note_files
        if self.publishing_checks and previous.private_names.automaton is None and any(
                contact.private for contact in previous.vault.contacts.values()):
            return None  # the last load left the checks out: they are made on the whole vault
        if (len(contact_files) != len(old_contacts) or len(note_files) != len(old_notes)
                or any(new is not old for new, old in zip(contact_files, old_contacts, strict=True))):
            return None
        changed = [(new, old) for new, old in zip(note_files, old_notes, strict=True) if new is not old]
        if len(changed) > _MOST_NOTES_PATCHED:
            return None
        old_vault = previous.vault
        notes = dict(old_vault.notes)
        file_problems = dict(previous.file_problems)
        notes_by_path = dict(previous.notes_by_path)
        ignored = Counter(old_vault.ignored_fields)
        for new, old in changed:
            path = new.source.path
            old_note = previous.notes_by_path.get(path)
            if path != old.source.path or old_note is None or not new.usable or "[[" in old_note.title:
                return None
            reader = FieldReader(new, "note")
            note = build_note(reader, _Without(notes, old_note.slug))
            if note is None or "[[" in note.title:
                return None
            if (note.slug, note.title, note.private) != (old_note.slug, old_note.title, old_note.private):
                return None
            resolve_note(note, reader, old_vault.resolver)
            notes[note.slug] = note
            notes_by_path[path] = note
            ignored.subtract(ignored_keys(old, "note"))
            ignored.update(ignored_keys(new, "note"))
            # No contact changed, so the private names are those of the last load.
            file_problems[path] = [*new.problems, *reader.problems,
                                   *plain_name_warnings(previous.private_names, [(note, reader)])[0]]
        problems = _all_problems(file_problems, self._folder_problems)
        vault = Vault(self.root, old_vault.contacts, notes, problems, old_vault.resolver, old_vault.broken,
                      +ignored, old_vault.pages,
                      patched_from=(weakref.ref(old_vault), frozenset(notes_by_path[new.source.path].slug
                                                                      for new, _ in changed)))
        self._previous = _Loaded(contact_files, note_files, vault, file_problems, notes_by_path,
                                 previous.private_names, previous.pages)
        return vault

    def _read_folders(self, folders: Sequence[str], take: Callable[[str, list[RawFile]], None]) -> None:
        """Every Markdown file under each vault folder, given to `take` with its folder, in a
        stable order, as soon as it and every file before it are in: read again only where it
        changed since the last load (all of them at the first), on other cores too where many are
        (`reading.read_records`)."""
        listed = {folder: self.files(folder) for folder in folders}
        kept: dict[str, RawFile] = {}
        to_read: dict[str, str] = {}  # full path -> relative path
        for files in listed.values():
            for path, relative in files:
                raw = self._cached(path)
                if raw is None:
                    to_read[path] = relative
                else:
                    kept[path] = raw
        in_order = [(folder, path) for folder, files in listed.items() for path, _ in files]
        handed = 0  # how many of `in_order` went to `take`

        def hand_on() -> None:
            """The files in, up to the first one still to come, to `take`: a folder's at a time."""
            nonlocal handed
            while handed < len(in_order) and in_order[handed][1] in kept:
                folder, run = in_order[handed][0], []
                while (handed < len(in_order) and in_order[handed][0] == folder
                       and in_order[handed][1] in kept):
                    run.append(kept[in_order[handed][1]])
                    handed += 1
                take(folder, run)

        paths, arrived_count = list(to_read), 0

        def arrived(raws: list[RawFile]) -> None:
            nonlocal arrived_count
            for path, raw in zip(paths[arrived_count:arrived_count + len(raws)], raws, strict=True):
                self._cache[path] = ((raw.source.mtime_ns, raw.source.size), raw)  # as it was when read
                kept[path] = raw
            arrived_count += len(raws)
            hand_on()

        hand_on()  # those kept from the last load, up to the first to read
        read_records(list(to_read.items()), workers=self.workers, take=arrived)
        for folder, files in listed.items():
            inside = os.path.join(self.root / folder, "")  # `contacts/`, so `contacts-old/` is not inside
            seen = {path for path, _ in files}
            for stale in [path for path in self._cache if path.startswith(inside) and path not in seen]:
                del self._cache[stale]

    def record_files(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """The files of the contacts folders and of the notes folders, as `files` lists them."""
        self._templates = template_folders(self.root)
        return ([file for folder in self.contacts_dirs for file in self.files(folder)],
                [file for folder in self.notes_dirs for file in self.files(folder)])

    def files(self, name: str) -> list[tuple[str, str]]:
        """Every Markdown file under a vault folder, as (full path, path relative to the root), in a
        stable order, without reading any. Linked folders are read once each: a second link to a
        folder already read, or a link back up (a loop), is a problem, never read again nor
        silently skipped."""
        base = self.root / name
        files: list[tuple[str, str]] = []
        self._folder_problems[name] = folder_problems = []
        if not base.is_dir():
            return files
        visited: dict[str, str] = {os.path.realpath(base): name}  # real folder -> as first reached
        for dirpath, dirnames, filenames in os.walk(base, followlinks=True):
            folder = Path(dirpath).relative_to(self.root).as_posix()  # relative to the root
            kept = []
            for directory in sorted(d for d in dirnames if not d.startswith(".")
                                    and d.lower() not in TEMPLATE_FOLDER_NAMES):
                real = os.path.realpath(os.path.join(dirpath, directory))
                if real in self._templates:
                    continue  # the folder Obsidian's Templates or Templater takes templates from
                if real in visited:
                    folder_problems.append(Problem(
                        f"{folder}/{directory}", None,
                        f"is a link to {visited[real]}, which is read already "
                        f"({'a loop' if _is_within(real, dirpath) else 'a second link to it'}); "
                        "its files are read once, from there: remove the link"))
                    continue
                if real in self.exclude:
                    continue
                visited[real] = f"{folder}/{directory}"
                kept.append(directory)
            dirnames[:] = kept
            for filename in sorted(filenames):
                if not filename.lower().endswith(".md") or filename.startswith("."):
                    continue
                files.append((os.path.join(dirpath, filename),
                              filename if folder == "." else f"{folder}/{filename}"))
        return files

    def _other_pages(self) -> dict[str, str]:
        """Every other Markdown file of the vault (the folder of mkdocs.yml and its subfolders,
        without the vault folders, the site folder and dot-folders): companies, categories, books,
        by name, with its path relative to the root (the first in folder order where two share a
        name). A link to one is normal; only names are read here, never the files."""
        skip = {os.path.realpath(self.root / folder) for folder in self.folders} | set(self.exclude)
        names: dict[str, str] = {}
        root = str(self.root)
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                                 and os.path.realpath(os.path.join(dirpath, d)) not in skip
                                 and not _built_site(os.path.join(dirpath, d)))
            folder = os.path.relpath(dirpath, root).replace(os.sep, "/")
            for filename in sorted(filenames):
                if filename.lower().endswith(".md") and not filename.startswith("."):
                    names.setdefault(stem(filename), filename if folder == "." else f"{folder}/{filename}")
        return names

    def _cached(self, path: str) -> RawFile | None:
        """The file as last read, if it has not changed since (same time and size)."""
        cached = self._cache.get(path)
        if cached is None:
            return None
        try:
            status = os.stat(path)
        except OSError:
            return None
        return cached[1] if cached[0] == (status.st_mtime_ns, status.st_size) else None


def _built_site(folder: str) -> bool:
    """A site MkDocs built earlier (`site/` after `make build`, while `kith serve` builds into a
    folder of its own): thousands of folders and no note in them, so not walked for page names."""
    return all(os.path.isfile(os.path.join(folder, name)) for name in ("sitemap.xml", "404.html"))


# A folder of templates inside the contacts or notes folder: notes to copy, not people or talks.
TEMPLATE_FOLDER_NAMES = frozenset({"templates", "_templates", "template", "_template"})
# Front-matter fields that mark a file an Obsidian plugin owns (a drawing, a board), not a note.
_EXCALIDRAW, _KANBAN = "excalidraw-plugin", "kanban-plugin"


def template_folders(root: Path) -> frozenset[str]:
    """The real paths of the folders the vault's Obsidian settings take templates from (the core
    Templates plugin's and Templater's), if it has those settings."""
    folders: set[str] = set()
    for settings, key in ((".obsidian/templates.json", "folder"),
                          (".obsidian/plugins/templater-obsidian/data.json", "templates_folder")):
        found = read_settings_json(root / settings)
        value = found.get(key) if isinstance(found, dict) else None
        if isinstance(value, str) and value.strip("/ "):
            folders.add(os.path.realpath(root / value.strip("/ ")))
    return frozenset(folders)


def records_and_others(files: list[RawFile]) -> tuple[list[RawFile], list[RawFile]]:
    """The files that are contacts or notes, and those that are not though they sit among them:
    an Excalidraw drawing, a Kanban board (files a plugin owns), a folder note (`People/People.md`,
    the Folder Notes plugin's page of the folder). Those are pages of the vault: links to them read
    as text."""
    records: list[RawFile] = []
    others: list[RawFile] = []
    for raw in files:
        path = raw.source.path  # `folder/.../parent/name.md`: every file read ends in `.md`
        slash = path.rfind("/")
        parent = path[path.rfind("/", 0, slash) + 1:slash]
        name = path[slash + 1:-3]
        meta = raw.meta
        if ((meta and (_EXCALIDRAW in meta or _KANBAN in meta)) or path.endswith(".excalidraw.md")
                or (len(name) == len(parent) and slash > 0 and name.casefold() == parent.casefold())):
            others.append(raw)
        else:
            records.append(raw)
    return records, others


def _unreadable_front_matter(raw: RawFile) -> bool:
    """A Markdown file that is there but whose front matter could not be read."""
    return raw.source.mtime_ns != 0 and any(p.severity == Severity.ERROR for p in raw.problems)


class _TitleNames:
    """How a link in a note's title reads: a person's name, or another note's title."""

    def __init__(self, contacts: Mapping[str, Contact], notes: Mapping[str, Note]) -> None:
        self.contacts, self.notes = contacts, notes

    def __call__(self, kind: str, slug: str) -> str:
        if kind == "contact":
            return self.contacts[slug].name
        if kind == "note":
            return self.notes[slug].title
        return slug


# More saved notes than this at once (a `git pull`, a bulk edit): load everything again.
_MOST_NOTES_PATCHED = 50


class _Built:
    """Contacts and notes built from their files, each kind in file order (a clashing slug is the
    later file's to change): all of a record that needs no other file. The files come in a run at
    a time (`add`); each is built as it comes (`build_as_read`) or all at once (`build`)."""

    def __init__(self, *, build_as_read: bool, publishing_checks: bool,
                 with_contacts: Callable[[Mapping[str, Contact]], object] | None = None) -> None:
        self.build_as_read = build_as_read
        self.publishing_checks = publishing_checks
        self.with_contacts = with_contacts
        # The private contacts' names, once every contact is built (`contacts_built`).
        self.names: PrivateNames | None = None
        self.contact_files: list[RawFile] = []
        self.note_files: list[RawFile] = []
        self.others: list[RawFile] = []  # files among them that are pages, not records
        self.contacts: dict[str, Contact] = {}
        self.notes: dict[str, Note] = {}
        self.broken: dict[str, BrokenContact] = {}
        self.contact_readers: list[tuple[Contact, FieldReader]] = []
        self.note_readers: list[tuple[Note, FieldReader]] = []
        self.readers: list[FieldReader] = []  # every usable file's, built into a record or not
        self.ignored: Counter[tuple[str, str]] = Counter()
        self.file_problems: dict[str, list[Problem]] = {}  # by file: every problem of the file
        self._built = {"contact": 0, "note": 0}  # how many files of each kind are built

    def add(self, raws: list[RawFile], kind: str) -> None:
        records, others = records_and_others(raws)
        self.others += others
        (self.contact_files if kind == "contact" else self.note_files).extend(records)
        if self.build_as_read:
            self._build(kind)

    def build(self) -> None:
        self._build("contact")
        self.contacts_built()
        self._build("note")

    def contacts_built(self) -> None:
        """Every contact is built: the private names are known, so the records built so far are
        checked for them (and each note from now on as it is built), and `with_contacts` called.
        Once."""
        if self.names is not None:
            return
        self._build("contact")
        self.names = PrivateNames.of(self.contacts.values() if self.publishing_checks else ())
        if self.publishing_checks:
            _warn_of_private_names(self.names, [*self.contact_readers, *_titled(self.note_readers)])
        if self.with_contacts is not None:
            self.with_contacts(self.contacts)

    def _build(self, kind: str) -> None:
        files = self.contact_files if kind == "contact" else self.note_files
        start, self._built[kind] = self._built[kind], len(files)
        contacts_before, notes_before = len(self.contact_readers), len(self.note_readers)
        for raw in files[start:]:
            self.file_problems.setdefault(raw.source.path, []).extend(raw.problems)
            if raw.usable:
                reader = FieldReader(raw, kind)
                self.readers.append(reader)
                self.ignored.update(ignored_keys(raw, kind))
                if kind == "contact":
                    contact = build_contact(reader, self.contacts)
                    self.contacts[contact.slug] = contact
                    self.contact_readers.append((contact, reader))
                elif (note := build_note(reader, self.notes)) is not None:
                    self.notes[note.slug] = note
                    self.note_readers.append((note, reader))
            elif kind == "contact" and _unreadable_front_matter(raw):
                slug = unreserved(slugify(stem(raw.source.path)))
                self.broken.setdefault(slug, BrokenContact(slug, person_name(raw), raw.source.path,
                                                           raw.problems[0]))
        if self.names is not None and self.publishing_checks:  # checked as built from now on
            _warn_of_private_names(self.names, [*self.contact_readers[contacts_before:],
                                                *_titled(self.note_readers[notes_before:])])


def _titled(notes: list[tuple[Note, FieldReader]]) -> list[tuple[Note, FieldReader]]:
    """The notes whose titles are as the site shows them: a title with links is checked for
    private names once they read as text (`plain_title`), after every link is resolved."""
    return [(note, reader) for note, reader in notes if "[[" not in note.title]


def _warn_of_private_names(names: PrivateNames,
                           records: Sequence[tuple[Contact | Note, FieldReader]]) -> None:
    """Each public record's warnings for a private contact's name typed as words
    (`plain_name_warnings`), added to its problems."""
    for (_, reader), warnings in zip(records, plain_name_warnings(names, records), strict=True):
        reader.problems.extend(warnings)


@dataclass
class _Loaded:
    """One load's inputs and result, kept for the next: `_patched` redoes only what changed."""

    contact_files: list[RawFile]
    note_files: list[RawFile]
    vault: Vault
    file_problems: dict[str, list[Problem]]  # by file path, every problem of that file
    notes_by_path: dict[str, Note]
    private_names: PrivateNames
    pages: dict[str, str]


class _Without(Mapping[str, Note]):
    """The notes taken so far, without one: the slug a saved note had is free for it again."""

    def __init__(self, notes: dict[str, Note], left_out: str) -> None:
        self._notes = notes
        self._left_out = left_out

    def __getitem__(self, slug: str) -> Note:
        if slug == self._left_out:
            raise KeyError(slug)
        return self._notes[slug]

    def __contains__(self, slug: object) -> bool:
        return slug != self._left_out and slug in self._notes

    def __iter__(self) -> Iterator[str]:
        return (slug for slug in self._notes if slug != self._left_out)

    def __len__(self) -> int:
        return len(self._notes) - (self._left_out in self._notes)


def _is_within(folder: str, parent: str) -> bool:
    """Whether `parent` (a real or linked path) lies inside `folder` (a real path)."""
    real_parent = os.path.realpath(parent)
    return real_parent == folder or real_parent.startswith(os.path.join(folder, ""))


def _all_problems(file_problems: dict[str, list[Problem]],
                  folder_problems: dict[str, list[Problem]]) -> list[Problem]:
    problems = [problem for listed in (*file_problems.values(), *folder_problems.values())
                for problem in listed]
    problems.sort(key=lambda p: (p.path, p.line or 0))
    return list(dict.fromkeys(problems))


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector paused while the block runs, for work that makes many objects
    that all stay alive. Reading a vault makes a few hundred thousand: the collector would walk
    them again and again while they pile up, and there is nothing for it to free. It runs again
    afterwards, as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class KeptFromCollector:
    """What a piece of work loads and keeps to its end (a build, a command: the vault, its
    indexes, the pages), kept out of the cycle collector's sight, which would otherwise walk those
    few hundred thousand objects at each full collection, freeing nothing.

    `loading()` collects the garbage there is first (so that none is kept), pauses the collector
    while its block runs (`gc_paused`), then freezes everything alive (`gc.freeze`) before the
    collector runs again (switched back on, it would walk them all at the next allocation).
    `release()` hands them back (`gc.unfreeze`), leaving the collector as it was found. Where the
    process has frozen objects itself, nothing is frozen: they are the process's to manage. A
    rebuild that keeps most of what came before pauses the collector instead (`pause`)."""

    def __init__(self) -> None:
        self.frozen = False
        self.paused = False

    @contextmanager
    def loading(self, *, rebuild: bool = False) -> Iterator[None]:
        """`rebuild`: a save's rebuild under `kith serve` (see `pause`)."""
        if rebuild:
            self.pause()
            yield
            return
        self.release()
        gc.collect()
        with gc_paused():
            yield
            if not gc.get_freeze_count():
                gc.freeze()
                self.frozen = True

    def pause(self) -> None:
        """For a rebuild that makes few new objects but keeps many from the builds before (a save
        under `kith serve`): the young generations collected (what the last build left in
        cycles, a few thousand objects), then the collector paused until `release()`. Neither a
        full collection nor a freeze: each would walk every object kept, for the few made."""
        self.release()
        gc.collect(1)
        if gc.isenabled():
            gc.disable()
            self.paused = True

    def release(self) -> None:
        if self.frozen:
            gc.unfreeze()
            self.frozen = False
        if self.paused:
            gc.enable()
            self.paused = False


def load_vault(root: Path | str, contacts_dir: str | Sequence[str] = "contacts",
               notes_dir: str | Sequence[str] = "notes") -> Vault:
    return VaultLoader(root, contacts_dir, notes_dir).load()
