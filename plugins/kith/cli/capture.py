"""`kith add` and `kith log`: new contacts and notes, written as a person would write them."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from ..core.dates import DateError, parse_birthday, parse_cadence, parse_when
from ..core.fields import field_of
from ..core.model import CIRCLES, Contact
from ..core.slugs import name_key, slugify, tag_key, unreserved
from ..core.tasks import parse_task_line
from ..core.url_safety import external_link
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
from .people import People, PersonError, broken_file_message, person_error
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


def _link(value: str) -> tuple[str, str]:
    """`--link URL` or `--link LABEL=URL`: the label of a profile link, and where it goes."""
    label, separator, url = value.partition("=")
    if not separator or ":" in label or "/" in label or not label.strip():
        label, url = "", value
    target = external_link(url.strip())
    if target is None:
        raise click.BadParameter(f"'{value}' is not a web address (https://...) or a mail or phone link",
                                 param_hint="--link")
    if not label:
        host = urlsplit(target).hostname or ""
        known = (name for name in KNOWN_SITES if host == f"{name}.com" or host.endswith(f".{name}.com"))
        label = next(known, "email" if target.startswith("mailto:") else "website")
    return " ".join(label.split()), url.strip()


# A link to one of these sites is labelled with its name (`--link https://github.com/aisha`: github).
KNOWN_SITES = ("linkedin", "github", "twitter", "x", "gitlab", "medium", "substack", "youtube", "instagram",
               "facebook")


# `kith add`'s options: (option, field in core/fields.py, how many, metavar). The help of each is
# the field's own description there; the order is the order fields are written in.
_ADD_OPTIONS: tuple[tuple[str, str, bool, str | None], ...] = (
    ("--alias", "aliases", True, "NAME"),
    ("--company", "company", False, "TEXT"),
    ("--past-company", "past_companies", True, "TEXT"),
    ("--role", "role", False, "TEXT"),
    ("--email", "email", True, "ADDRESS"),
    ("--phone", "phone", True, "NUMBER"),
    ("--link", "links", True, "[LABEL=]URL"),
    ("--location", "location", False, "TEXT"),
    ("--tag", "tags", True, "TAG"),
    ("--expertise", "expertise", True, "TEXT"),
    ("--interest", "interests", True, "TEXT"),
    ("--circle", "circle", False, None),
    ("--cadence", "cadence", False, "DURATION"),
    ("--met", "met", False, "YYYY-MM-DD"),
    ("--met-at", "met_at", False, "EVENT"),
    ("--introduced-by", "introduced_by", True, "NAME"),
    ("--birthday", "birthday", False, "MM-DD"),
)
# Lists given once per value or comma-separated (`--tag a,b`); aliases and phone numbers are never
# split (`Smith, Jo`, `+44 20 7946 0000, ext. 12`), nor people, whose names may hold commas.
_SPLIT_AT_COMMAS = ("email", "tags", "expertise", "interests", "past_companies")


def _contact_options(command: Any) -> Any:
    """The options of `kith add`, one per field of a contact, described as core/fields.py does."""
    for option, name, many, metavar in reversed(_ADD_OPTIONS):
        doc = field_of("contact", name).doc
        help_text = doc[:1].upper() + doc[1:] + ("." if not doc.endswith(".") else "")
        if many:
            help_text += " Repeatable" + (", or comma-separated." if name in _SPLIT_AT_COMMAS else ".")
        if name == "circle":
            command = click.option(option, name, type=click.Choice(CIRCLES, case_sensitive=False),
                                   help=help_text)(command)
        else:
            command = click.option(option, name, multiple=many, metavar=metavar, help=help_text)(command)
    return click.option("--private", "private", is_flag=True,
                        help=field_of("contact", "private").doc.capitalize() + ".")(command)


@click.command("add", short_help="Add a contact.")
@click.argument("name")
@_contact_options
@pass_settings
def add(settings: Settings, name: str, **options: Any) -> None:
    """Add a contact: a new file contacts/<slug>.md with every field given.

    Refuses, and names the existing file, when the name, an alias or the slug is already taken.
    --introduced-by finds the person as every command does (a first name is enough when it is
    unique) and writes a [[link]] to them.

    \b
    Examples:
      kith add "Aisha Rahman" --company "Northwind Health" --role "Head of Digital" \\
          --email aisha@example.org --tag digital-health --circle close --alias Aisha
      kith add "Kim Osei" --phone "+44 20 7946 0000" --met 2024-03-12 --met-at "NHS Expo 2024" \\
          --introduced-by Aisha --link https://www.linkedin.com/in/kim-osei --birthday 04-17
    """
    name = _one_line(name, "NAME")
    values = _contact_values(name, options)
    context = settings.vault()
    vault = context.load(notes=False)  # names are all it needs: notes are not read
    people = People(vault)
    alias_list = values.get("aliases", [])
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
    if "introduced_by" in values:
        introducers: list[Contact] = []
        errors: list[PersonError] = []
        for reference in values["introduced_by"]:
            try:
                introducers.append(people.resolve(reference))
            except PersonError as error:
                errors.append(error)
        if errors:
            raise person_error(errors)
        links = list(dict.fromkeys(people.link_for(contact) for contact in introducers))
        values["introduced_by"] = _one_or_list(links)

    fields: dict[str, Any] = {"name": name}
    fields.update((key, values[key]) for _, key, _, _ in _ADD_OPTIONS if key in values)
    if options.get("private"):
        fields["private"] = True

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


def _contact_values(name: str, options: dict[str, Any]) -> dict[str, Any]:
    """The fields as they will be written, each checked as the loader would read it: a bad value
    is refused before anything is written."""
    values: dict[str, Any] = {}
    for option, key, many, _ in _ADD_OPTIONS:
        given = options.get(key)
        if not given:
            continue
        if many:
            items = _split_values(given, "," if key in _SPLIT_AT_COMMAS else None)
            if key == "aliases":
                items = [a for a in (_one_line(a, option) for a in items) if name_key(a) != name_key(name)]
            if key == "tags":
                items = _tags(items)
            if key == "email":
                for email in items:
                    if "@" not in email or any(char.isspace() for char in email):
                        raise click.BadParameter(f"'{email}' is not an e-mail address", param_hint=option)
            if key == "links":
                values[key] = dict(_link(item) for item in items)
                continue
            if items:
                values[key] = items if key in ("aliases", "tags", "expertise", "interests", "past_companies",
                                               "introduced_by") else _one_or_list(items)
            continue
        text = _one_line(given, option)
        if key == "circle":
            values[key] = text.lower()
        elif key == "cadence":
            try:
                parse_cadence(text)
            except DateError as error:
                raise click.BadParameter(str(error), param_hint=option) from None
            values[key] = text
        elif key == "met":
            values[key] = date_option(text, option)
        elif key == "birthday":
            try:
                birthday = parse_birthday(text)
            except DateError as error:
                raise click.BadParameter(str(error), param_hint=option) from None
            values[key] = (dt.date(birthday.year, birthday.month, birthday.day) if birthday.year
                           else birthday.iso())
        else:
            values[key] = text
    if "cadence" in values and "circle" not in values:
        raise click.UsageError("--cadence needs --circle: only people in a circle are kept in touch with "
                               "(the cadence overrides the circle's)")
    return values


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


class _TaskOptions(click.Command):
    """`--due` belongs to the `--task` or `--waiting` just before it. Click gives each option's
    values apart, so the order they were typed in is read from click's own parser (the same
    parse, done first to see the order) and kept for the command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        parser = self.make_parser(ctx)
        _, _, order = parser.parse_args(args=list(args))
        ctx.meta[_ORDER] = [param.name for param in order if param.name in ("tasks", "waiting", "dues")]
        return super().parse_args(ctx, args)


_ORDER = "kith.task_options"


def _paired_tasks(order: list[str], tasks: tuple[str, ...], waiting: tuple[str, ...],
                  dues: tuple[str, ...]) -> list[tuple[str, bool, str | None]]:
    """(text, waiting, the --due given after it) for each --task and --waiting, in the order typed."""
    given = {"tasks": iter(tasks), "waiting": iter(waiting), "dues": iter(dues)}
    paired: list[list[Any]] = []
    for name in order:
        value = next(given[name])
        if name == "dues":
            if not paired:
                raise click.UsageError(f"--due {value} comes before any --task or --waiting; write it "
                                       "after the one it is for: --task \"Send the deck\" --due 2026-12-01")
            if paired[-1][2] is not None:
                raise click.UsageError(f"two --due dates for '{paired[-1][0]}'; give one after each --task "
                                       "or --waiting")
            paired[-1][2] = value
        else:
            paired.append([value, name == "waiting", None])
    return [(text, is_waiting, due) for text, is_waiting, due in paired]


def _task_line(text: str, waiting: bool, due: dt.date | None, option: str) -> str:
    """A task line as kith writes one: `- [ ] Send the deck 📅 2026-12-01`, `#waiting` for what
    someone owes you. A date written in the text (`📅 ...`, `due:...`) is read as kith reads it."""
    text = _one_line(text, option)
    parsed = parse_task_line(f"- [ ] {text}")
    assert parsed is not None
    if parsed.bad_dates:
        raise click.BadParameter(f"'{text}': {parsed.bad_dates[0]}", param_hint=option)
    if due is not None and "due" in parsed.dates:
        raise click.BadParameter(f"'{text}' has a due date already; give it once", param_hint="--due")
    if not parsed.text:
        raise click.BadParameter(f"'{text}' says nothing to do", param_hint=option)
    marks = " #waiting" if waiting and not parsed.waiting else ""
    if due is not None:
        marks += f" 📅 {due.isoformat()}"
    return f"- [ ] {text}{marks}"


def body_template(date: dt.date) -> str:
    """What a new note's body starts with: how to write a task and a waiting item, in a comment the
    site never shows (and with no line that reads as a task or a link)."""
    example = (date + dt.timedelta(days=7)).isoformat()
    return ("<!-- What was said, in your words. This comment is never shown on the site.\n"
            f"A promise of yours, one a line:      `- [ ] Send the deck 📅 {example}`\n"
            f"What they promised you (#waiting):  `- [ ] Slides from them #waiting 📅 {example}`\n"
            "A task is with the people it links (`[[Their Name]]`), else with everyone in the note. -->")


@click.command("log", cls=_TaskOptions, short_help="Log a conversation as a new note.")
@click.argument("names", nargs=-1, required=True, metavar="NAME...")
@click.option("--kind", help="What it was: any word, e.g. coffee, call, meeting, email, message, lunch, "
                             "dinner, drinks, conference, webinar, video, introduction.")
@click.option("--title", help="The note's title (default: e.g. 'Coffee with Aisha Rahman', naming only "
                              "people who are not private).")
@click.option("--date", "date_text", metavar="DATE",
              help="When it happened: YYYY-MM-DD, today, yesterday, a weekday (the last one: tuesday) "
                   "or words ('last friday', '3 dec') (default: today).")
@click.option("--tag", "tags", multiple=True, help="Topic tag (repeatable, or comma-separated).")
@click.option("--task", "tasks", multiple=True, metavar="TEXT",
              help="Something you promised, as a task (repeatable); a --due right after it dates it.")
@click.option("--waiting", "waiting", multiple=True, metavar="TEXT",
              help="Something they promised you (a #waiting task; repeatable); a --due right after it "
                   "dates it.")
@click.option("--due", "dues", multiple=True, metavar="DATE",
              help="The due date of the --task or --waiting just before it: YYYY-MM-DD, tomorrow, a "
                   "weekday (friday), a time from today (3d, 2w, 1m) or words ('next friday', "
                   "'15 dec').")
@click.option("--follow-up", "follow_up", metavar="DATE",
              help="Follow up with them on this date (as --due).")
@click.option("--body", metavar="TEXT", help="The note's text; '-' reads it from standard input.")
@click.option("--edit/--no-edit", default=True,
              help="Open the note in $VISUAL or $EDITOR when on a terminal (default, unless --body).")
@pass_settings
@click.pass_context
def log(ctx: click.Context, settings: Settings, names: tuple[str, ...], kind: str | None, title: str | None,
        date_text: str | None, tags: tuple[str, ...], tasks: tuple[str, ...], waiting: tuple[str, ...],
        dues: tuple[str, ...], follow_up: str | None, body: str | None, edit: bool) -> None:
    """Log a conversation: a new note notes/<date>-<title>.md with the people you met, and what
    was promised either way.

    Each NAME is a contact's name, alias or slug, or a first or last name that only one person
    has, in any case and without accents ("jose" finds José Núñez). An unknown name is an error
    that suggests the closest contacts; a name several people answer to lists them (exit 2).
    A name already used by another note gets a -2, -3... suffix. The default title names only
    the people who are not private; a note with only private people in it is titled by its kind
    alone ("Coffee") and written as private.

    --task and --waiting add task lines (`- [ ] Send the deck 📅 2026-12-01`); a --due belongs to
    the --task or --waiting just before it, or write the date in the text ("Send the deck due:friday"
    is not read: dates in the text are YYYY-MM-DD).

    The note opens in $VISUAL or $EDITOR (when kith is on a terminal and neither --no-edit nor
    --body is given); with neither set, kith says where the note is, to open it yourself. A new
    note starts with a short comment on how to write tasks, which the site never shows.

    \b
    Examples:
      kith log Aisha "Kim Osei" --kind coffee --tag partnerships
      kith log Priya --kind lunch --task "Send Priya the deck" --due friday \\
          --waiting "Priya to intro me to her CTO" --follow-up 3w --body "Talked about the pilot."
      kith log jose --title "Call about the review" --date yesterday --no-edit
      pbpaste | kith log Aisha --kind email --body -
    """
    now = today()
    date = _date_typed(date_text, "--date", now, past=True) or now
    follow_up_date = _date_typed(follow_up, "--follow-up", now)
    task_lines = [_task_line(text, is_waiting, _date_typed(due, "--due", now),
                             "--waiting" if is_waiting else "--task")
                  for text, is_waiting, due in _paired_tasks(ctx.meta.get(_ORDER, []), tasks, waiting, dues)]
    if body == "-":
        body = sys.stdin.read()
    context = settings.vault()
    vault = context.load(notes=False)  # names are all it needs: notes are not read
    people = People(vault)
    found: list[Contact] = []
    errors: list[PersonError] = []
    for reference in names:
        try:
            contact = people.resolve(reference)
        except PersonError as error:
            errors.append(error)
            continue
        if all(contact.slug != other.slug for other in found):  # one person named twice
            found.append(contact)
    if errors:
        raise person_error(errors)

    kind = " ".join(kind.lower().split()) if kind and kind.strip() else None
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
    parts = [body.strip("\n") if body is not None else body_template(date)]
    if task_lines:
        parts.append("\n".join(task_lines))
    text = "\n\n".join(part for part in parts if part.strip())

    stem = f"{date.isoformat()}-{slugify(title)}"
    shown = context.relative(context.notes / f"{stem}.md")
    try:
        path = create_file(context.notes, shown,
                           lambda: write_unique(context.notes, stem, ".md", document(fields, text)))
    except FileExistsError as error:  # a thousand notes of that name on that day
        raise CommandError(f"{shown}: {error.strerror}") from None
    written = context.relative(path)
    if only_private:
        everyone = "they are" if len(found) == 1 else "everyone in it is"
        echo(f"Created {written} as a private note ({everyone} private; "
             "remove 'private: true' to publish it)")
    else:
        echo(f"Created {written}")
        named = _private_names_in(title, found)
        if named:
            echo(f"Note: the title names {', '.join(named)}, who {'is' if len(named) == 1 else 'are'} "
                 "private; the site shows the title as written", err=True)
    if not edit or body is not None:
        return
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        echo(f"No editor is set ($VISUAL or $EDITOR): open {written} in yours to write the note "
             "(with `export EDITOR=nano`, or your editor's command, kith log opens it for you)", err=True)
    elif stdio_is_terminal():
        _edit(path, written, editor)


def _date_typed(value: str | None, what: str, now: dt.date, *, past: bool = False) -> dt.date | None:
    """A date option as typed (core/dates.py `parse_when`); `past`: words and weekdays read as
    the last such day (`--date tuesday`, `--date "last friday"`), as for a talk that happened."""
    if value is None:
        return None
    try:
        return parse_when(value, now, past=past)
    except DateError as error:
        raise CommandError(f"{what}: {error}") from None


def _edit(path: Path, shown: str, editor: str) -> None:
    try:
        click.edit(filename=str(path), editor=editor)
    except click.ClickException as error:
        raise CommandError(f"{error.format_message()}; the note is saved as {shown}") from None
    if not path.read_text("utf-8", errors="replace").strip():
        path.unlink()  # saved empty: the user changed their mind, as with an empty commit message
        echo(f"Empty note discarded: {shown}")
