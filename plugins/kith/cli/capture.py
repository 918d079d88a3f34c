"""`kith add` and `kith log`: new contacts and notes, written as a person would write them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from ..core.model import CIRCLES, NOTE_KINDS, Contact
from ..core.slugs import name_key, slugify, tag_key
from ..core.writer import UnsafeTarget, write_new, write_unique
from .common import CommandError, Settings, date_option, pass_settings, stdio_is_terminal, today
from .frontmatter import document
from .people import People, PersonError


def _split_values(values: Iterable[str], separator: str | None = ",") -> list[str]:
    """Options given once per value or comma-separated: `--tag a --tag b` or `--tag a,b`.

    Phone numbers and aliases are never split (`+44 20 7946 0000, ext. 12`, `Smith, Jo`).
    """
    out: list[str] = []
    for value in values:
        for part in value.split(separator) if separator else [value]:
            part = " ".join(part.split())
            if part and part not in out:
                out.append(part)
    return out


def _tags(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(tag_key(value) for value in _split_values(values) if value.strip("# ")))


def _one_line(value: str, what: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise click.BadParameter(f"{what} cannot be empty")
    return text


def _one_or_list(values: list[str]) -> str | list[str]:
    return values[0] if len(values) == 1 else values


@click.command("add", short_help="Add a contact.")
@click.argument("name")
@click.option("--company", help="Where they work.")
@click.option("--role", help="Their job title.")
@click.option("--email", "emails", multiple=True, metavar="ADDRESS", help="E-mail address (repeatable).")
@click.option("--phone", "phones", multiple=True, metavar="NUMBER", help="Phone number (repeatable).")
@click.option("--tag", "tags", multiple=True, help="Topic tag (repeatable, or comma-separated).")
@click.option("--circle", type=click.Choice(CIRCLES, case_sensitive=False),
              help="Keep-in-touch circle: close (30 days), regular (90) or loose (180).")
@click.option("--alias", "aliases", multiple=True, help="Another name [[links]] may use (repeatable).")
@click.option("--met", metavar="YYYY-MM-DD", help="When you met.")
@pass_settings
def add(settings: Settings, name: str, company: str | None, role: str | None, emails: tuple[str, ...],
        phones: tuple[str, ...], tags: tuple[str, ...], circle: str | None, aliases: tuple[str, ...],
        met: str | None) -> None:
    """Add a contact: a new file contacts/<slug>.md.

    Refuses, and names the existing file, when the name, an alias or the slug is already taken.

    \b
    Examples:
      kith add "Aisha Rahman" --company "Northwind Health" --role "Head of Digital" \\
          --email aisha@example.org --tag digital-health --circle close --alias Aisha
      kith add "Kim Osei" --phone "+44 20 7946 0000" --met 2024-03-12
    """
    name = _one_line(name, "NAME")
    alias_list = [alias for alias in (_one_line(a, "--alias") for a in _split_values(aliases, None))
                  if name_key(alias) != name_key(name)]
    email_list = _split_values(emails)
    for email in email_list:
        if "@" not in email or any(char.isspace() for char in email):
            raise click.BadParameter(f"'{email}' is not an e-mail address", param_hint="--email")
    met_date = date_option(met, "--met")
    context = settings.vault()
    vault = context.load()
    people = People(vault)
    slug = slugify(name)
    for value, what in [(name, "name"), *[(alias, "alias") for alias in alias_list]]:
        owner = people.owner_of(value)
        if owner is not None:
            contact, used_as = owner
            raise CommandError(f"the {what} '{value}' is already {used_as} of {contact.name}: "
                               f"{contact.source.path}")
    if slug in vault.contacts:
        existing = vault.contacts[slug]
        raise CommandError(f"the slug '{slug}' is already taken by {existing.name}: {existing.source.path}")

    fields: dict[str, Any] = {"name": name}
    if alias_list:
        fields["aliases"] = alias_list
    if company:
        fields["company"] = _one_line(company, "--company")
    if role:
        fields["role"] = _one_line(role, "--role")
    if email_list:
        fields["email"] = _one_or_list(email_list)
    if phones:
        fields["phone"] = _one_or_list(_split_values(phones, None))
    tag_list = _tags(tags)
    if tag_list:
        fields["tags"] = tag_list
    if circle:
        fields["circle"] = circle.lower()
    if met_date:
        fields["met"] = met_date

    context.contacts.mkdir(parents=True, exist_ok=True)
    try:
        path = write_new(context.contacts, f"{slug}.md", document(fields))
    except FileExistsError:
        raise CommandError(f"{context.relative(context.contacts / (slug + '.md'))} already exists "
                           "(it could not be read as a contact; run kith check)") from None
    except UnsafeTarget as error:
        raise CommandError(str(error)) from None
    click.echo(f"Created {context.relative(path)}")


def _names_phrase(names: list[str]) -> str:
    if len(names) > 3:
        names = [*names[:2], f"{len(names) - 2} others"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def default_title(kind: str | None, people: list[Contact]) -> str:
    names = _names_phrase([contact.name for contact in people])
    if kind == "introduction":
        return f"Introduced {names}"
    lead = kind.capitalize() if kind else "Conversation"
    return f"{lead} with {names}"


@click.command("log", short_help="Log a conversation as a new note.")
@click.argument("names", nargs=-1, required=True, metavar="NAME...")
@click.option("--kind", type=click.Choice(NOTE_KINDS, case_sensitive=False),
              help="What kind of conversation it was.")
@click.option("--tag", "tags", multiple=True, help="Topic tag (repeatable, or comma-separated).")
@click.option("--title", help="The note's title (default: e.g. 'Coffee with Aisha Rahman').")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="When it happened (default: today).")
@click.option("--follow-up", "follow_up", metavar="YYYY-MM-DD",
              help="Follow up with them on this date.")
@click.option("--edit/--no-edit", default=True,
              help="Open the note in $EDITOR (default when on a terminal).")
@pass_settings
def log(settings: Settings, names: tuple[str, ...], kind: str | None, tags: tuple[str, ...],
        title: str | None, date_text: str | None, follow_up: str | None, edit: bool) -> None:
    """Log a conversation: a new note notes/<date>-<title>.md with the people you met.

    Each NAME is a contact's name, alias or slug (any case). An unknown or ambiguous name is an
    error that lists the closest contacts. The note opens in $EDITOR unless --no-edit is given
    or kith is not on a terminal. A name already used by another note gets a -2, -3... suffix.

    \b
    Examples:
      kith log "Aisha Rahman" kim-osei --kind coffee --tag partnerships
      kith log Aisha --title "Coffee after the book launch" --date 2026-11-20 --no-edit
    """
    date = date_option(date_text, "--date") or today()
    follow_up_date = date_option(follow_up, "--follow-up")
    context = settings.vault()
    vault = context.load()
    people = People(vault)
    found: list[Contact] = []
    errors: list[str] = []
    for reference in names:
        try:
            contact = people.resolve(reference)
        except PersonError as error:
            errors.append(str(error))
            continue
        if all(contact.slug != other.slug for other in found):  # one person named twice
            found.append(contact)
    if errors:
        raise CommandError("\nkith: ".join(errors))

    kind = kind.lower() if kind else None
    title = _one_line(title, "--title") if title is not None else default_title(kind, found)
    fields: dict[str, Any] = {"date": date, "title": title,
                              "with": [people.link_for(contact) for contact in found]}
    if kind:
        fields["kind"] = kind
    tag_list = _tags(tags)
    if tag_list:
        fields["tags"] = tag_list
    if follow_up_date:
        fields["follow_up"] = follow_up_date

    context.notes.mkdir(parents=True, exist_ok=True)
    stem = f"{date.isoformat()}-{slugify(title)}"
    try:
        path = write_unique(context.notes, stem, ".md", document(fields, ""))
    except (UnsafeTarget, FileExistsError) as error:
        raise CommandError(str(error)) from None
    click.echo(f"Created {context.relative(path)}")
    if edit and stdio_is_terminal():
        _edit(path, context.relative(path))


def _edit(path: Path, shown: str) -> None:
    try:
        click.edit(filename=str(path))
    except click.ClickException as error:
        raise CommandError(f"{error.format_message()}; the note is saved as {shown}") from None
    if not path.read_text("utf-8", errors="replace").strip():
        path.unlink()  # saved empty: the user changed their mind, as with an empty commit message
        click.echo(f"Empty note discarded: {shown}")

