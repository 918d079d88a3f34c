"""`kith add` and `kith log`: new contacts and notes, written as a person would write them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from ..core.model import CIRCLES, NOTE_KINDS, Contact
from ..core.slugs import name_key, slugify, tag_key, unreserved
from ..core.writer import write_new, write_unique
from .common import (
    CommandError,
    Settings,
    create_file,
    date_option,
    pass_settings,
    reserved_remark,
    stdio_is_terminal,
    today,
)
from .frontmatter import document
from .people import People, PersonError, broken_file_message
from .terminal import echo


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
    slug = unreserved(slugify(name))  # `contacts/index.md` is the page listing everyone
    for value in (name, *alias_list):
        broken = people.broken(value)
        if broken is not None:
            raise CommandError(broken_file_message(broken))
    if slug in vault.broken:  # `Kim Osei.md` unreadable, and `kith add "K. Osei"` would write kim-osei.md
        raise CommandError(broken_file_message(vault.broken[slug]))
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

    target = context.contacts / f"{slug}.md"
    shown = context.relative(target)
    try:
        path = create_file(context.contacts, shown, lambda: write_new(context.contacts, target.name,
                                                                      document(fields)))
    except FileExistsError:
        if any(problem.path == shown for problem in vault.problems):  # there, unreadable, all along
            raise CommandError(f"{shown} already exists but could not be read as a contact; "
                               "fix it (see kith check) or move it away, then add again") from None
        raise CommandError(f"{shown} was just created by another command (another kith add for the "
                           f"same person at the same moment?); nothing was written. See it with: "
                           f"kith show {slug}") from None
    echo(f"Created {context.relative(path)}{reserved_remark(slug, name)}")


def _names_phrase(names: list[str]) -> str:
    if len(names) > 3:
        names = [*names[:2], f"{len(names) - 2} others"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def default_title(kind: str | None, people: list[Contact]) -> str:
    """`Coffee with Aisha Rahman`, naming only the public people: the title becomes the note's
    file name, URL and headings. With nobody public, no names: `Coffee`, `Conversation`."""
    public = [contact.name for contact in people if not contact.private]
    if not public:
        return "Introduction" if kind == "introduction" else kind.capitalize() if kind else "Conversation"
    names = _names_phrase(public)
    if kind == "introduction":
        return f"Introduced {names}"
    lead = kind.capitalize() if kind else "Conversation"
    return f"{lead} with {names}"


def _private_names_in(title: str, people: list[Contact]) -> list[str]:
    """The private people whose name or alias a title has as plain words."""
    words = f" {' '.join(slugify(title).split('-'))} "
    return [contact.name for contact in people if contact.private
            and any(f" {' '.join(slugify(value).split('-'))} " in words
                    for value in (contact.name, *contact.aliases))]


@click.command("log", short_help="Log a conversation as a new note.")
@click.argument("names", nargs=-1, required=True, metavar="NAME...")
@click.option("--kind", type=click.Choice(NOTE_KINDS, case_sensitive=False),
              help="What kind of conversation it was.")
@click.option("--tag", "tags", multiple=True, help="Topic tag (repeatable, or comma-separated).")
@click.option("--title", help="The note's title (default: e.g. 'Coffee with Aisha Rahman', naming only "
                              "people who are not private).")
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
    The default title names only the people who are not private; a note with only private people
    in it is titled by its kind alone ("Coffee") and written as private.

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
    # A note with only private people in it is about them alone: private too.
    only_private = all(contact.private for contact in found)
    fields: dict[str, Any] = {"date": date, "title": title,
                              "with": [people.link_for(contact) for contact in found]}
    if kind:
        fields["kind"] = kind
    tag_list = _tags(tags)
    if tag_list:
        fields["tags"] = tag_list
    if follow_up_date:
        fields["follow_up"] = follow_up_date
    if only_private:
        fields["private"] = True

    stem = f"{date.isoformat()}-{slugify(title)}"
    shown = context.relative(context.notes / f"{stem}.md")
    try:
        path = create_file(context.notes, shown,
                           lambda: write_unique(context.notes, stem, ".md", document(fields, "")))
    except FileExistsError as error:  # a thousand notes of that name on that day
        raise CommandError(f"{shown}: {error.strerror}") from None
    if only_private:
        everyone = "they are" if len(found) == 1 else "everyone in it is"
        echo(f"Created {context.relative(path)} as a private note ({everyone} private; "
             "remove 'private: true' to publish it)")
    else:
        echo(f"Created {context.relative(path)}")
        named = _private_names_in(title, found)
        if named:
            echo(f"Note: the title names {', '.join(named)}, who {'is' if len(named) == 1 else 'are'} "
                 "private; the site shows the title as written", err=True)
    if edit and stdio_is_terminal():
        _edit(path, context.relative(path))


def _edit(path: Path, shown: str) -> None:
    try:
        click.edit(filename=str(path))
    except click.ClickException as error:
        raise CommandError(f"{error.format_message()}; the note is saved as {shown}") from None
    if not path.read_text("utf-8", errors="replace").strip():
        path.unlink()  # saved empty: the user changed their mind, as with an empty commit message
        echo(f"Empty note discarded: {shown}")

