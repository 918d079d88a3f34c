"""`kith import vcard|linkedin` and `kith export vcard`.

Imports never overwrite. A person already in the vault (same e-mail, else same name, alias or
slug) is skipped, or with --merge given only the fields their file lacks: the new fields are
added after the existing ones, so every byte the user wrote stays as it was. The conversion
itself lives in `kith.core.interchange`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import yaml

from ..core.fields import field_of
from ..core.frontmatter import FrontMatterLoader
from ..core.interchange import ContactRecord
from ..core.loader import Vault
from ..core.model import Contact
from ..core.slugs import name_key, slugify
from ..core.writer import FileChangedError, UnsafeTarget, replace_file, write_new
from .common import CommandError, Settings, pass_settings
from .frontmatter import document, dump_fields, listed_where_needed
from .vault import VaultContext

Reader = Callable[[bytes, str], tuple[list[ContactRecord], list[tuple[int | None, str]]]]

# Record field -> every front-matter key the loader reads for it: any of them present means the
# contact has that field, even when it is spelt the way another tool spells it.
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "company": field_of("contact", "company").keys,
    "role": field_of("contact", "role").keys,
    "email": field_of("contact", "email").keys,
    "phone": field_of("contact", "phone").keys,
    "location": field_of("contact", "location").keys,
    "tags": ("tags",),
    "met": ("met",),
    "birthday": field_of("contact", "birthday").keys,
}
# Profile links the loader also reads as top-level fields: addable beside an existing `links:`.
TOP_LEVEL_LINKS = ("linkedin", "website", "twitter", "github")


@dataclass
class Existing:
    """A contact file already in the vault, as the import sees it."""

    contact: Contact
    path: Path
    added: set[str] = field(default_factory=set)  # fields this run added (or, dry run, would add)
    body_added: bool = False


@dataclass
class Created:
    """A contact this import created (or, dry run, would create)."""

    record: ContactRecord
    path: Path
    origin: str  # file:line it came from


@dataclass
class Outcome:
    """What happened to each record read: every one is counted once."""

    created: int = 0
    skipped: int = 0
    merged: int = 0
    failed: int = 0


class Importer:
    """Decides, record by record and in input order, what happens: create, skip, or merge."""

    def __init__(self, context: VaultContext, vault: Vault, merge: bool, dry_run: bool) -> None:
        self.context = context
        self.merge = merge
        self.dry_run = dry_run
        self.outcome = Outcome()
        self.by_email: dict[str, Existing | Created] = {}
        self.by_name: dict[str, Existing | Created] = {}
        for contact in vault.contacts.values():
            existing = Existing(contact, context.root / contact.source.path)
            for email in contact.emails:
                self.by_email.setdefault(email.casefold(), existing)
            for value in (contact.slug, contact.name, *contact.aliases):
                self.by_name.setdefault(name_key(value), existing)
                self.by_name.setdefault(name_key(slugify(value)), existing)

    def _match(self, record: ContactRecord) -> tuple[Existing | Created | None, str]:
        for email in record.emails:
            found = self.by_email.get(email.casefold())
            if found is not None:
                return found, f"same e-mail {email}"
        for key in (name_key(record.name), name_key(slugify(record.name))):
            found = self.by_name.get(key)
            if found is not None:
                return found, "same name"
        return None, ""

    def _say(self, origin: str, text: str, err: bool = False) -> None:
        click.echo(f"{origin}: {text}", err=err)

    def add(self, record: ContactRecord, origin: str) -> None:
        record.name = " ".join(record.name.split())
        found, why = self._match(record)
        if found is None:
            self._create(record, origin)
            return
        where = self.context.relative(found.path)
        if not self.merge:
            self._say(origin, f"skipped {record.name}: already in {where} ({why})")
            self.outcome.skipped += 1
        elif isinstance(found, Created):
            self._merge_created(found, record, origin, why)
        else:
            self._merge_existing(found, record, origin, why)

    def _create(self, record: ContactRecord, origin: str) -> None:
        slug = slugify(record.name)
        folder = self.context.contacts
        name = f"{slug}.md"
        where = self.context.relative(folder / name)
        if os.path.lexists(folder / name):
            self._say(origin, f"skipped {record.name}: {where} exists but could not be read as a "
                              "contact; fix it (kith check) and import again")
            self.outcome.skipped += 1
            return
        if not self.dry_run:
            folder.mkdir(parents=True, exist_ok=True)
            try:
                write_new(folder, name, document(record.front_matter(), record.note or ""))
            except FileExistsError:
                self._say(origin, f"skipped {record.name}: {where} appeared while importing")
                self.outcome.skipped += 1
                return
            except (OSError, UnsafeTarget) as error:
                self._say(origin, f"could not write {where}: {error}", err=True)
                self.outcome.failed += 1
                return
        created = Created(record, folder / name, origin)
        for email in record.emails:
            self.by_email.setdefault(email.casefold(), created)
        for key in (name_key(record.name), name_key(slug)):
            self.by_name.setdefault(key, created)
        self._say(origin, f"{'would create' if self.dry_run else 'created'} {where} ({record.name})")
        self.outcome.created += 1

    def _merge_created(self, created: Created, record: ContactRecord, origin: str, why: str) -> None:
        """A second record for someone this import created: the file is ours, and only grows."""
        where = self.context.relative(created.path)
        added = _fill_record(created.record, record)
        if not added:
            self._say(origin, f"skipped {record.name}: same person as {created.origin} ({why}), "
                              "nothing new")
            self.outcome.skipped += 1
            return
        if not self.dry_run:
            text = document(created.record.front_matter(), created.record.note or "")
            try:
                replace_file(created.path, text.encode("utf-8"))
            except (OSError, UnsafeTarget) as error:
                self._say(origin, f"could not merge into {where}: {error}", err=True)
                self.outcome.failed += 1
                return
        verb = "would merge" if self.dry_run else "merged"
        self._say(origin, f"{verb} {record.name} into {where} ({why}): {', '.join(added)}")
        self.outcome.merged += 1

    def _merge_existing(self, existing: Existing, record: ContactRecord, origin: str, why: str) -> None:
        where = self.context.relative(existing.path)
        try:
            stat = existing.path.stat()
            original = existing.path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            self._say(origin, f"skipped {record.name}: cannot merge into {where}, it cannot be read as "
                              f"UTF-8 text ({error})")
            self.outcome.skipped += 1
            return
        try:
            fields, body = missing_fields(original, record, existing.added, existing.body_added)
            if not fields and not body:
                self._say(origin, f"skipped {record.name}: {where} already has every field ({why})")
                self.outcome.skipped += 1
                return
            text = merged_text(original, fields, body)
        except MergeError as error:
            self._say(origin, f"skipped {record.name}: cannot merge into {where}: {error}")
            self.outcome.skipped += 1
            return
        if not self.dry_run:
            try:
                replace_file(existing.path, text.encode("utf-8"), expected=stat)
            except (FileChangedError, OSError, UnsafeTarget) as error:
                self._say(origin, f"could not merge into {where}: {error}", err=True)
                self.outcome.failed += 1
                return
        existing.added.update(fields)
        existing.body_added = existing.body_added or bool(body)
        added = [*fields] + (["notes (as the text)"] if body else [])
        verb = "would merge" if self.dry_run else "merged"
        self._say(origin, f"{verb} {record.name} into {where} ({why}): {', '.join(added)}")
        self.outcome.merged += 1


def _fill_record(target: ContactRecord, other: ContactRecord) -> list[str]:
    """Copy into a record being created the fields it lacks; the names of those copied."""
    added: list[str] = []
    for name in ("company", "role", "birthday", "location", "met", "note"):
        if not getattr(target, name) and getattr(other, name):
            setattr(target, name, getattr(other, name))
            added.append(name)
    for name in ("emails", "phones", "tags"):
        values: list[str] = getattr(target, name)
        new = [value for value in getattr(other, name) if value not in values]
        if new:
            values.extend(new)
            added.append(name)
    for label, url in other.links.items():
        if label not in target.links and url not in target.links.values():
            target.links[label] = url
            added.append(f"links.{label}")
    return added


class MergeError(Exception):
    """The contact's file is not laid out so that fields can be added safely."""


_BOUNDARY = re.compile(r"-{3,}\s*")


def _split(text: str) -> tuple[str, str, str, str]:
    """(opening, front matter, closing line, body) of a contact file, line ends kept."""
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    if not lines or not _BOUNDARY.fullmatch(lines[0].rstrip("\r\n")):
        raise MergeError("it does not start with a '---' front-matter line")
    for index in range(1, len(lines)):
        if _BOUNDARY.fullmatch(lines[index].rstrip("\r\n")):
            bom = "\ufeff" if text.startswith("\ufeff") else ""
            return (bom + lines[0], "".join(lines[1:index]), lines[index], "".join(lines[index + 1:]))
    raise MergeError("its front matter has no closing '---' line")


def missing_fields(text: str, record: ContactRecord, added: Iterable[str] = (),
                   body_added: bool = False) -> tuple[dict[str, Any], str]:
    """The record's fields a contact file lacks, as front matter to add, and a text for its body
    if the body is empty. `added`: fields already added by this run (a dry run did not write them).
    """
    _, front, _, body = _split(text)
    meta = _load(front)
    if meta is None:
        raise MergeError("its front matter cannot be read; fix it (kith check) first")
    keys = {str(key).strip().lower() for key in meta} | set(added)
    try:
        known_links = ContactRecord.from_front_matter(meta, body).links
    except ValueError:
        known_links = {}
    offered = record.front_matter()
    fields: dict[str, Any] = {}
    for name, synonyms in FIELD_KEYS.items():
        if name in offered and not keys.intersection(synonyms):
            fields[name] = offered[name]
    links = {label: url for label, url in record.links.items()
             if label not in known_links and url not in known_links.values()}
    if links:
        if not keys.intersection(("links", "url", *TOP_LEVEL_LINKS)):
            fields["links"] = links
        else:
            # `links:` is the user's; a profile the loader also reads at the top level can go beside it.
            for label, url in links.items():
                if label in TOP_LEVEL_LINKS and label not in keys:
                    fields[label] = url
    note = (record.note or "").strip()
    return fields, note if note and not body.strip() and not body_added else ""


def merged_text(original: str, additions: dict[str, Any], body: str) -> str:
    """The file with `additions` appended to its front matter and `body` as its (empty) body.

    What the user wrote is kept byte for byte; the result is re-read to prove that every old
    field still has its old value and every new one is there.
    """
    opening, front, closing, old_body = _split(original)
    newline = "\r\n" if closing.endswith("\r\n") else "\n"
    added = dump_fields(listed_where_needed(additions)).replace("\n", newline) if additions else ""
    if front and not front.endswith(("\n", "\r")):
        front += newline
    if body:  # only when the user's body is empty (blank lines at most)
        old_body = body.replace("\n", newline) + newline
    text = opening + front + added + closing + old_body
    before = _load(front)
    after = _load(front + added)
    if after is None or before is None or any(after.get(k, object()) != v for k, v in before.items()) \
            or set(after) != set(before) | set(additions):
        raise MergeError("its front matter could not be extended without changing it; "
                         "add the fields by hand")
    return text


def _load(front: str) -> dict[str, Any] | None:
    try:
        meta = yaml.load(front, Loader=FrontMatterLoader) if front.strip() else {}
    except yaml.YAMLError:
        return None
    return meta if isinstance(meta, dict) else None


def _read_inputs(files: Iterable[str], reader: Reader) -> tuple[list[tuple[ContactRecord, str]], bool]:
    """Every record from every file, with where it came from; whether a file gave nothing usable."""
    records: list[tuple[ContactRecord, str]] = []
    failed = False
    for name in files:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as error:
            click.echo(f"kith: {name}: cannot be read ({error.strerror})", err=True)
            failed = True
            continue
        found, problems = reader(data, "")  # messages get the file name in front, below
        for line, message in problems:
            click.echo(f"{name}:{line}: {message}" if line else f"{name}: {message}", err=True)
        if not found:
            click.echo(f"kith: {name}: no contacts found", err=True)
            failed = True
        records += [(record, f"{name}:{record.source_line}" if record.source_line else name)
                    for record in found]
    return records, failed


def _run_import(settings: Settings, files: Iterable[str], reader: Reader, merge: bool,
                dry_run: bool) -> None:
    context = settings.vault()
    records, failed = _read_inputs(files, reader)
    vault = context.load()
    importer = Importer(context, vault, merge, dry_run)
    for record, origin in records:
        importer.add(record, origin)
    outcome = importer.outcome
    counts = f"{outcome.created} created, {outcome.skipped} skipped, {outcome.merged} merged"
    if outcome.failed:
        counts += f", {outcome.failed} failed"
    click.echo(f"Dry run, nothing written; would be: {counts}." if dry_run else f"Done: {counts}.")
    if failed or outcome.failed:
        raise SystemExit(1)


_IMPORT_OPTIONS = [
    click.option("--merge", is_flag=True,
                 help="Give people already in the vault the fields their file lacks (nothing is replaced)."),
    click.option("--dry-run", is_flag=True, help="Show what would happen; write nothing."),
]


def _import_options(function: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_IMPORT_OPTIONS):
        function = option(function)
    return function


@click.group("import", short_help="Import contacts from vCard or LinkedIn.")
def import_group() -> None:
    """Bring contacts in from an address book or LinkedIn.

    New people become new contact files. Someone already in the vault (same e-mail, else same
    name, alias or slug) is reported and skipped, or with --merge gets only the fields their
    file lacks; nothing is ever overwritten. A summary counts created, skipped and merged.

    \b
    Examples:
      kith import vcard contacts.vcf --dry-run
      kith import linkedin Connections.csv --merge
    """


@import_group.command("vcard")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@_import_options
@pass_settings
def import_vcard(settings: Settings, files: tuple[str, ...], merge: bool, dry_run: bool) -> None:
    """Import vCard files (.vcf) as Apple Contacts, Google Contacts, Outlook and Android export them
    (vCard 2.1, 3.0 and 4.0). Name, company, role, e-mails, phones, web links, birthday, notes and
    categories (as tags) come across.

    \b
    Examples:
      kith import vcard ~/Downloads/contacts.vcf --dry-run
      kith import vcard phone.vcf work.vcf --merge
    """
    from ..core.interchange.vcard import read_vcards

    _run_import(settings, files, read_vcards, merge, dry_run)


@import_group.command("linkedin")
@click.argument("file", metavar="FILE")
@_import_options
@pass_settings
def import_linkedin(settings: Settings, file: str, merge: bool, dry_run: bool) -> None:
    """Import LinkedIn's Connections.csv (Settings > Data privacy > Get a copy of your data).
    Name, company, position and e-mail come across; 'Connected On' becomes `met` and the profile
    URL a LinkedIn link.

    \b
    Examples:
      kith import linkedin ~/Downloads/Connections.csv --dry-run
      kith import linkedin Connections.csv --merge
    """
    from ..core.interchange.linkedin import read_linkedin_csv

    _run_import(settings, [file], read_linkedin_csv, merge, dry_run)


@click.group("export", short_help="Export contacts as vCard.")
def export_group() -> None:
    """Export contacts for other address books.

    \b
    Example:
      kith export vcard --out network.vcf
    """


def record_from_contact(contact: Contact) -> ContactRecord:
    return ContactRecord(
        name=contact.name,
        company=contact.company,
        role=contact.role,
        emails=list(contact.emails),
        phones=list(contact.phones),
        links=dict(contact.links),
        birthday=contact.birthday.iso() if contact.birthday else None,
        location=contact.location,
        met=contact.met.isoformat() if contact.met else None,
        tags=list(contact.tags),
        note=contact.body.strip() or None,
    )


@export_group.command("vcard")
@click.option("--out", type=click.Path(dir_okay=False, allow_dash=True), metavar="FILE",
              help="Write to FILE (a new file; default: standard output).")
@pass_settings
def export_vcard(settings: Settings, out: str | None) -> None:
    """Every contact that is not private, as vCard 3.0, which Apple Contacts, Google Contacts,
    Outlook and phones import. Name, company, role, e-mails, phones, links, birthday (with or
    without a year), location, tags and the contact's text come across.

    \b
    Examples:
      kith export vcard --out network.vcf
      kith export vcard > network.vcf
    """
    from ..core.interchange.vcard import write_vcards

    context = settings.vault()
    vault = context.load()
    contacts = sorted((c for c in vault.contacts.values() if not c.private),
                      key=lambda c: (name_key(c.name), c.slug))
    data = write_vcards(record_from_contact(contact) for contact in contacts).encode("utf-8")
    if out is None or out == "-":
        click.echo(data, nl=False)  # bytes go out unchanged: the CRLFs vCard requires stay single
        return
    path = Path(out).expanduser().absolute()
    if not path.parent.is_dir():
        raise CommandError(f"--out {out}: the folder {path.parent} does not exist")
    try:
        write_new(path.parent, path.name, data)
    except FileExistsError:
        raise CommandError(f"--out {out} already exists; kith writes new files only: "
                           "choose another name or delete it first") from None
    except (OSError, UnsafeTarget) as error:
        raise CommandError(f"--out {out}: {error}") from None
    click.echo(f"Exported {len(contacts)} contacts to {out}", err=True)
