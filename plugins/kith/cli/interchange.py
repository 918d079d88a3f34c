"""`kith import vcard|linkedin` and `kith export vcard`.

Imports never overwrite. A person already in the vault (same e-mail, else same name, alias or
slug) is skipped, or with --merge given only the fields their file lacks: the new fields are
added after the existing ones, so every byte the user wrote stays as it was (`merge.py`). The
conversion itself lives in `kith.core.interchange`. Input files are read only if they are regular
files of a sensible size, and control characters are taken out of every value read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from ..core.duplicates import email_key, linkedin_key, linkedin_of, phone_key, same_company, url_key
from ..core.files import FileTooLarge, NotRegularFile, read_regular_file
from ..core.interchange import ContactRecord
from ..core.loader import Vault
from ..core.model import Contact
from ..core.slugs import name_key, slugify, unreserved
from ..core.writer import FileChangedError, UnsafeTarget, replace_file, write_new
from .common import (
    CommandError,
    Settings,
    WriteError,
    cannot_write,
    create_file,
    pass_settings,
    reserved_remark,
)
from .edit import plan_job_change
from .frontmatter import document
from .merge import MergeError, plan_merge
from .terminal import echo, echo_data, show_error
from .vault import VaultContext

Reader = Callable[[bytes, str], tuple[list[ContactRecord], list[tuple[int | None, str]]]]


@dataclass
class Existing:
    """A contact file already in the vault, as the import sees it."""

    contact: Contact
    path: Path
    added: set[str] = field(default_factory=set)  # fields this run added (or, dry run, would add)
    body_added: bool = False

    @property
    def name(self) -> str:
        return self.contact.name

    @property
    def companies(self) -> list[str]:
        return [c for c in (self.contact.company, *self.contact.past_companies) if c]

    @property
    def linkedin(self) -> str | None:
        return linkedin_of(self.contact.links)


@dataclass
class Created:
    """A contact this import created (or, dry run, would create)."""

    record: ContactRecord
    path: Path
    origin: str  # file:line it came from

    @property
    def name(self) -> str:
        return self.record.name

    @property
    def companies(self) -> list[str]:
        return [self.record.company] if self.record.company else []

    @property
    def linkedin(self) -> str | None:
        return linkedin_of(self.record.links)


@dataclass
class Outcome:
    """What happened to each record read: every one is counted once."""

    created: int = 0
    skipped: int = 0
    merged: int = 0
    failed: int = 0
    not_tried: int = 0  # after a write failure, which the rest would meet too
    job_changes: int = 0  # people whose company or role the import says has changed


Entry = Existing | Created


@dataclass
class JobChange:
    """A person's company or role, as the vault has it and as the import says it is now."""

    company: tuple[str | None, str | None]
    role: tuple[str | None, str | None]

    def shown(self) -> str:
        parts = []
        if self.company[0] != self.company[1]:
            parts.append(f"company {self.company[0] or '(none)'} -> {self.company[1]}")
        if self.role[0] != self.role[1]:
            parts.append(f"role {self.role[0] or '(none)'} -> {self.role[1]}")
        return "; ".join(parts)


def job_change(contact: Contact, record: ContactRecord) -> JobChange | None:
    """How the record's company or role differs from the contact's. A blank in the record is no
    change (LinkedIn leaves them out for people who hide them), and neither is a value the
    contact lacks (that is only added, by --merge)."""
    company = record.company if record.company and contact.company \
        and not same_company(record.company, contact.company) else contact.company
    role = record.role if record.role and contact.role and name_key(record.role) != name_key(contact.role) \
        else contact.role
    if company == contact.company and role == contact.role:
        return None
    return JobChange((contact.company, company), (contact.role, role))


class Importer:
    """Decides, record by record and in input order, what happens: create, skip, or merge.

    A person already in the vault is found by e-mail address, then phone number (compared in
    international form), then web address (a LinkedIn profile above all), then name; a name alone
    never matches someone at another company, nor someone with another LinkedIn profile: they are
    two people who share a name, and the message says so.

    A write that fails (a full or read-only disk, a folder kith may not write in) raises a
    WriteError: every later write would fail the same way, so the import stops there."""

    def __init__(self, context: VaultContext, vault: Vault, merge: bool, dry_run: bool,
                 jobs: bool = False, changes_only: bool = False) -> None:
        self.context = context
        self.merge = merge
        self.dry_run = dry_run or changes_only
        self.jobs = jobs or changes_only  # report (and with merge, record) job changes
        self.changes_only = changes_only
        self.outcome = Outcome()
        self.by_email: dict[str, Entry] = {}
        self.by_phone: dict[str, Entry] = {}
        self.by_url: dict[str, Entry] = {}
        self.by_name: dict[str, list[Entry]] = {}
        self.names_taken: set[str] = set()  # file names this run created (or would)
        self.unreadable = {problem.path for problem in vault.problems}  # files there, not contacts
        for contact in vault.contacts.values():
            existing = Existing(contact, context.root / contact.source.path)
            self._index(existing, contact.emails, contact.phones, contact.links.values(),
                        (contact.slug, contact.name, *contact.aliases))

    def _index(self, entry: Entry, emails: Iterable[str], phones: Iterable[str], urls: Iterable[str],
               names: Iterable[str]) -> None:
        for email in emails:
            self.by_email.setdefault(email_key(email), entry)
        for number in phones:
            key = phone_key(number, None)
            if key is not None:
                self.by_phone.setdefault(key, entry)
        for url in urls:
            if url:
                self.by_url.setdefault(url_key(url), entry)
        for value in names:
            for key in {name_key(value), name_key(slugify(value))}:
                holders = self.by_name.setdefault(key, [])
                if all(holder is not entry for holder in holders):
                    holders.append(entry)

    def _match(self, record: ContactRecord) -> tuple[Entry | None, str]:
        """Who the record is, and why; or None and, when someone shares the name, why they are
        someone else."""
        for email in record.emails:
            found = self.by_email.get(email_key(email))
            if found is not None:
                return found, f"same e-mail {email}"
        for number in record.phones:
            key = phone_key(number, None)
            if key is not None and key in self.by_phone:
                return self.by_phone[key], f"same phone number {number}"
        for url in record.links.values():
            found = self.by_url.get(url_key(url)) if url else None
            if found is not None:
                what = "LinkedIn profile" if linkedin_key(url) else "web address"
                return found, f"same {what} {url}"
        namesakes: list[str] = []
        seen: list[Entry] = []
        for key in (name_key(record.name), name_key(slugify(record.name))):
            for found in self.by_name.get(key, []):
                if any(found is known for known in seen):
                    continue
                seen.append(found)
                where = self.context.relative(found.path)
                profile = linkedin_of(record.links)
                if profile and found.linkedin and profile != found.linkedin:
                    namesakes.append(f"not the {found.name} in {where}, whose LinkedIn profile is another "
                                     f"({found.linkedin}, not {profile})")
                elif record.company and found.companies and not any(
                        same_company(record.company, company) for company in found.companies):
                    namesakes.append(f"not the {found.name} in {where}, who works at {found.companies[0]}, "
                                     f"not {record.company}")
                else:
                    return found, "same name"
        return None, "; ".join(namesakes)

    def _say(self, origin: str, text: str, err: bool = False) -> None:
        if not self.changes_only or err:
            echo(f"{origin}: {text}", err=err)

    def add(self, record: ContactRecord, origin: str) -> Entry | None:
        """What the record became: a contact created, one already there, or None (not written)."""
        record.name = " ".join(record.name.split())
        found, why = self._match(record)
        if found is None:
            return self._create(record, origin, why)
        where = self.context.relative(found.path)
        change = job_change(found.contact, record) if self.jobs and isinstance(found, Existing) else None
        if change is not None:
            self.outcome.job_changes += 1
            if self.changes_only:
                echo(f"  {found.name}: {change.shown()}  ({where})")
                return found
            if not self.merge:
                self._say(origin, f"{found.name} changed jobs: {change.shown()} ({where}); "
                                  "record it with --merge")
        if not self.merge:
            self._say(origin, f"skipped {record.name}: already in {where} ({why})")
            self.outcome.skipped += 1
        elif isinstance(found, Created):
            self._merge_created(found, record, origin, why)
        else:
            self._merge_existing(found, record, origin, why, change)
        return found

    def _create(self, record: ContactRecord, origin: str, namesake: str = "") -> Created | None:
        slug = unreserved(slugify(record.name))  # `contacts/index.md` is the page listing everyone
        folder = self.context.contacts
        if namesake:  # someone else has the name: this person gets a file name of their own
            base, number = slug, 2
            while os.path.lexists(folder / f"{slug}.md") or f"{slug}.md" in self.names_taken:
                slug, number = f"{base}-{number}", number + 1
        name = f"{slug}.md"
        where = self.context.relative(folder / name)
        if self.dry_run:
            taken = os.path.lexists(folder / name)
        else:
            text = document(record.front_matter(), record.note or "")
            try:
                create_file(folder, where, lambda: write_new(folder, name, text))
                taken = False
            except FileExistsError:
                taken = True
            except WriteError:
                raise
            except CommandError as error:  # this name only (e.g. a link named like the file)
                self._say(origin, f"could not create {record.name}: {error.format_message()}", err=True)
                self.outcome.failed += 1
                return None
        if taken:
            if where in self.unreadable or self.dry_run:
                self._say(origin, f"skipped {record.name}: {where} exists but could not be read as a "
                                  "contact; fix it (kith check) and import again")
            else:
                self._say(origin, f"skipped {record.name}: {where} was just created by another command")
            self.outcome.skipped += 1
            return None
        created = Created(record, folder / name, origin)
        self.names_taken.add(name)
        self._index(created, record.emails, record.phones, record.links.values(), (record.name, slug))
        verb = "would create" if self.dry_run else "created"
        remark = reserved_remark(slug, record.name) if not namesake else \
            f": {namesake}; if they are one person, merge them with kith merge"
        self._say(origin, f"{verb} {where} ({record.name}){remark}")
        self.outcome.created += 1
        return created

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
            self._replace(created.path, where, text.encode("utf-8"), None, origin)
        verb = "would merge" if self.dry_run else "merged"
        self._say(origin, f"{verb} {record.name} into {where} ({why}): {', '.join(added)}")
        self.outcome.merged += 1

    def _merge_existing(self, existing: Existing, record: ContactRecord, origin: str, why: str,
                        change: JobChange | None = None) -> None:
        where = self.context.relative(existing.path)
        try:
            if change is not None:
                plan = plan_job_change(existing.path, where, existing.contact, record, change,
                                       existing.added, existing.body_added)
            else:
                plan = plan_merge(existing.path, where, record, existing.added, existing.body_added)
        except MergeError as error:
            self._say(origin, f"skipped {record.name}: cannot merge into {where}: {error}")
            self.outcome.skipped += 1
            return
        if plan is None:
            self._say(origin, f"skipped {record.name}: {where} already has every field ({why})")
            self.outcome.skipped += 1
            return
        if not self.dry_run and not self._replace(existing.path, where, plan.data, plan.status, origin):
            return
        existing.added.update(plan.fields)
        existing.body_added = existing.body_added or bool(plan.body)
        added = [*plan.fields] + (["notes (as the text)"] if plan.body else [])
        if change is not None:
            added = [f"job change ({change.shown()})", *[f for f in added if f not in (
                "company", "role", "past_companies")]]
        verb = "would merge" if self.dry_run else "merged"
        self._say(origin, f"{verb} {record.name} into {where} ({why}): {', '.join(added)}")
        self.outcome.merged += 1

    def _replace(self, path: Path, where: str, data: bytes, expected: os.stat_result | None,
                 origin: str) -> bool:
        """Swap in a contact's new content; False (counted as failed) if it changed meanwhile."""
        try:
            replace_file(path, data, expected=expected)
        except (FileChangedError, UnsafeTarget) as error:
            self._say(origin, f"could not merge into {where}: {error}", err=True)
            self.outcome.failed += 1
            return False
        except FileNotFoundError:
            self._say(origin, f"could not merge into {where}: it was deleted meanwhile", err=True)
            self.outcome.failed += 1
            return False
        except OSError as error:
            raise cannot_write(where, error) from None  # the original is untouched
        return True


def _fill_record(target: ContactRecord, other: ContactRecord) -> list[str]:
    """Copy into a record being created the fields it lacks; the names of those copied."""
    added: list[str] = []
    for name in ("company", "role", "birthday", "location", "met", "note"):
        if not getattr(target, name) and getattr(other, name):
            setattr(target, name, getattr(other, name))
            added.append(name)
    if not target.name_parts and other.name_parts:
        target.name_parts = dict(other.name_parts)
        added.append("name_parts")
    for name in ("aliases", "emails", "phones", "tags"):
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


def _read_inputs(files: Iterable[str], reader: Reader) -> tuple[list[tuple[ContactRecord, str]], bool]:
    """Every record from every file, with where it came from; whether a file gave nothing usable.

    Control characters (terminal escapes, bidirectional overrides) are taken out of every value,
    with a warning: they would act on the terminal of whoever prints the contact."""
    records: list[tuple[ContactRecord, str]] = []
    failed = False
    for name in files:
        try:
            _, data = read_regular_file(name)  # never a FIFO, a device or a huge file
        except OSError as error:
            refused = isinstance(error, (NotRegularFile, FileTooLarge))
            show_error(f"{name}: {error.strerror if refused else f'cannot be read ({error.strerror})'}")
            failed = True
            continue
        found, problems = reader(data, "")  # messages get the file name in front, below
        for line, message in problems:
            echo(f"{name}:{line}: {message}" if line else f"{name}: {message}", err=True)
        if not found:
            show_error(f"{name}: no contacts found")
            failed = True
        for record in found:
            origin = f"{name}:{record.source_line}" if record.source_line else name
            removed = record.remove_controls()
            if removed:
                echo(f"{origin}: warning: control characters removed from {', '.join(removed)} "
                     "(they could act on a terminal)", err=True)
            records.append((record, origin))
    return records, failed


def _run_import(settings: Settings, files: Iterable[str], reader: Reader, merge: bool,
                dry_run: bool, jobs: bool = False, changes_only: bool = False) -> None:
    context = settings.vault()
    records, failed = _read_inputs(files, reader)
    if not records:  # each file has said why
        raise SystemExit(1)
    vault = context.load()
    importer = Importer(context, vault, merge, dry_run, jobs=jobs, changes_only=changes_only)
    if changes_only:
        echo("Job changes (company or role) of people in your network:")
    for number, (record, origin) in enumerate(records):
        try:
            importer.add(record, origin)
        except WriteError as error:  # the rest would fail the same way
            show_error(error.format_message())
            importer.outcome.failed += 1
            importer.outcome.not_tried = len(records) - number - 1
            break
    outcome = importer.outcome
    if changes_only:
        people = f"{outcome.job_changes} {'person' if outcome.job_changes == 1 else 'people'}"
        echo(f"{people} changed jobs; nothing written (record them with --merge)." if outcome.job_changes
             else "  Nobody changed jobs.")
        return
    counts = f"{outcome.created} created, {outcome.skipped} skipped, {outcome.merged} merged"
    if jobs and outcome.job_changes:
        people = f"{outcome.job_changes} {'person' if outcome.job_changes == 1 else 'people'}"
        echo(f"{people} changed jobs (above)" + ("; recorded." if merge and not dry_run
                                                  else "; record it with --merge."))
    if outcome.failed:
        counts += f", {outcome.failed} failed"
    if outcome.not_tried:
        echo(f"Stopped: {counts}; {outcome.not_tried} not tried.")
    else:
        echo(f"Dry run, nothing written; would be: {counts}." if dry_run else f"Done: {counts}.")
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


@click.group("import", short_help="Import contacts (vCard, LinkedIn) or meetings (a calendar).")
def import_group() -> None:
    """Bring people in from an address book or LinkedIn, and conversations from a calendar.

    New people become new contact files. Someone already in the vault (same e-mail, phone or
    profile, else same name, alias or slug) is reported and skipped, or with --merge gets only
    the fields their file lacks; nothing is ever overwritten. A calendar's meetings with people
    in the vault become notes, each once. A summary counts what was created, skipped and merged.

    \b
    Examples:
      kith import vcard contacts.vcf --dry-run
      kith import linkedin Connections.csv --merge
      kith import ics calendar.ics --dry-run
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
@click.option("--changes", is_flag=True,
              help="Only list who changed jobs (company or role) since your contacts were last "
                   "updated; write nothing.")
@pass_settings
def import_linkedin(settings: Settings, file: str, merge: bool, dry_run: bool, changes: bool) -> None:
    """Import LinkedIn's Connections.csv (Settings > Data privacy > Get a copy of your data).
    Name, company, position and e-mail come across; 'Connected On' becomes `met` and the profile
    URL a LinkedIn link.

    The profile URL is who someone is: a connection with the same name as a contact but another
    profile is another person, and gets a file of their own (the message says so). Someone whose
    company or role differs from their contact file changed jobs: the import says so, and with
    --merge records it (the new company and role; the old company goes into past_companies).
    --changes lists only the job changes.

    \b
    Examples:
      kith import linkedin ~/Downloads/Connections.csv --dry-run
      kith import linkedin Connections.csv --merge
      kith import linkedin Connections.csv --changes
    """
    from ..core.interchange.linkedin import read_linkedin_csv

    _run_import(settings, [file], read_linkedin_csv, merge, dry_run, jobs=True, changes_only=changes)


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
        aliases=list(contact.aliases),
        name_parts={part: list(texts) for part, texts in contact.name_parts.items()},
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


def _exported(contact: Contact) -> ContactRecord:
    """The contact as a vCard record, without the control characters a hand-written file may
    hold (a YAML `"\\e"`): address books would keep them and terminals act on them."""
    record = record_from_contact(contact)
    removed = record.remove_controls()
    if removed:
        echo(f"{contact.source.path}: warning: control characters left out of {', '.join(removed)}",
             err=True)
    return record


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
    text = write_vcards(_exported(contact) for contact in contacts)
    if out is None or out == "-":
        echo_data(text, "\r\n")  # as bytes: the CRLFs vCard requires stay single
        return
    path = Path(out).expanduser().absolute()
    if not path.parent.is_dir():
        raise CommandError(f"--out {out}: the folder {path.parent} does not exist")
    try:
        create_file(path.parent, out, lambda: write_new(path.parent, path.name, text.encode("utf-8")))
    except FileExistsError:
        raise CommandError(f"--out {out} already exists; kith writes new files only: "
                           "choose another name or delete it first") from None
    echo(f"Exported {len(contacts)} contacts to {out}", err=True)
