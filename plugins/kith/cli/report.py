"""`kith due`, `kith show` and `kith check`: what the site shows, in a terminal."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Mapping
from typing import Any

import click

from ..core.duplicates import Duplicate, find_duplicates
from ..core.fields import near_field
from ..core.followups import (
    FollowUps,
    OutOfTouch,
    PlanEntry,
    TaskItem,
    compute_followups,
    item_order,
    relative_label,
    task_item,
    why,
)
from ..core.loader import Vault
from ..core.model import Contact, Severity, Task
from ..core.network import Network
from .common import JOURNAL, CommandError, Settings, hint_problems, pass_settings, private_mark, today
from .people import People, PersonError, person_error
from .terminal import Shown, dim, echo, heading, json_text, lines, shown

JSON_VERSION = 1


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def _long_date(date: dt.date) -> str:
    return f"{date:%A} {date.day} {date:%B %Y}"


def _names(network: Network, slugs: list[str]) -> str:
    return ", ".join(network.contacts[slug].name for slug in slugs if slug in network.contacts)


def _task_summary(task: Task, names: str, network: Network) -> str:
    """A task as text. A note's `follow_up:` date has no text of its own: it reads
    "Follow up with <its participants>", as on the site and in the calendar feed."""
    if task.synthetic:
        return f"Follow up with {names}" if names else "Follow up"
    return network.plain(task.text)  # `[[Kim Osei|Kim]]` reads "Kim"


def _when(item: TaskItem, today_date: dt.date) -> str:
    """`2026-11-10 (overdue by 12 days)`; a task put off with ⏳ says so: `2026-12-01 (in 9 days;
    put off from 2026-11-10)`."""
    if item.date is None:
        return ""
    deferred = f"; put off from {item.due.isoformat()}" if item.deferred and item.due else ""
    return f"{item.date.isoformat()} ({relative_label(item.date, today_date)}{deferred})  "


def _task_line(item: TaskItem, network: Network, today_date: dt.date, people: bool = True,
               indent: str = "  ") -> Shown:
    names = _names(network, item.people)
    summary = _task_summary(item.task, names, network)
    # A follow-up's people are already in its summary.
    who = names if people and not item.task.synthetic else ""
    place = f"{item.source.path}:{item.task.line}"
    return shown(f"{indent}[{item.task.id}] {_when(item, today_date)}{summary or '(no text)'}"
                 + (f" — {who}" if who else "") + "  ", dim(place))


def _task_json(item: TaskItem, network: Network, today_date: dt.date) -> dict[str, Any]:
    return {
        "id": item.task.id,
        "text": network.plain(item.task.text),
        "summary": _task_summary(item.task, _names(network, item.people), network),
        "follow_up": item.task.synthetic,
        "due": _iso(item.due),
        "scheduled": _iso(item.task.scheduled),
        "date": _iso(item.date),
        "days": (item.date - today_date).days if item.date else None,
        "waiting": item.task.waiting,
        "people": [{"slug": slug, "name": network.contacts[slug].name} for slug in item.people],
        "note": None if item.note is None else {
            "slug": item.note.slug, "title": item.note.title, "date": item.note.date.isoformat()},
        "contact": None if item.contact is None else {"slug": item.contact.slug, "name": item.contact.name},
        "file": item.source.path,
        "line": item.task.line,
    }


def followups_json(fu: FollowUps, network: Network) -> dict[str, Any]:
    def tasks(items: list[TaskItem]) -> list[dict[str, Any]]:
        return [_task_json(item, network, fu.today) for item in items]

    return {
        "version": JSON_VERSION,
        "today": fu.today.isoformat(),
        "due_soon_days": fu.due_soon_days,
        "birthday_days": fu.birthday_days,
        "plan_size": fu.plan_size,
        "plan": [_plan_json(entry, network, fu.today) for entry in fu.plan],
        "overdue": tasks(fu.overdue),
        "due_soon": tasks(fu.due_soon),
        "waiting": tasks(fu.waiting),
        "undated": tasks(fu.undated),
        "out_of_touch": [_out_of_touch_json(item) for item in fu.out_of_touch],
        "birthdays": [{
            "slug": item.contact.slug, "name": item.contact.name, "file": item.contact.source.path,
            "date": item.date.isoformat(), "days_until": item.days_until, "age": item.age,
        } for item in fu.birthdays],
    }


def _out_of_touch_json(item: OutOfTouch) -> dict[str, Any]:
    return {"slug": item.contact.slug, "name": item.contact.name, "file": item.contact.source.path,
            "circle": item.contact.circle, "since": _iso(item.since), "contacted": item.contacted,
            "due": _iso(item.due), "days_since": item.days_since, "days_overdue": item.days_overdue}


def _plan_json(entry: PlanEntry, network: Network, today_date: dt.date) -> dict[str, Any]:
    contact, note = entry.contact, entry.last_note
    return {
        "slug": contact.slug, "name": contact.name, "file": contact.source.path, "circle": contact.circle,
        "why": why(entry, today_date),
        "owed": [item.task.id for item in entry.owed],
        "owing": [item.task.id for item in entry.owing],
        "out_of_touch": _out_of_touch_json(entry.out_of_touch) if entry.out_of_touch else None,
        "last_note": None if note is None else {
            "slug": note.slug, "title": note.title, "date": note.date.isoformat(), "file": note.source.path},
        "mine": [_task_json(item, network, today_date) for item in entry.mine],
        "theirs": [_task_json(item, network, today_date) for item in entry.theirs],
    }


DUE_JSON_HELP = """\b
JSON (--json), version 1; dates are YYYY-MM-DD:
  {"version": 1, "today": DATE, "due_soon_days": N, "birthday_days": N,
   "plan_size": N, "plan": [PERSON],
   "overdue": [TASK], "due_soon": [TASK], "waiting": [TASK], "undated": [TASK],
   "out_of_touch": [{"slug", "name", "file", "circle", "since": DATE|null,
                     "contacted": BOOL, "due": DATE|null, "days_since": N|null,
                     "days_overdue": N|null}],
   "birthdays": [{"slug", "name", "file", "date": DATE, "days_until": N,
                  "age": N|null}]}
  PERSON (This week, best first): {"slug", "name", "file", "circle",
         "why": TEXT, "owed": [ID], "owing": [ID], "out_of_touch": {...}|null,
         "last_note": {"slug", "title", "date", "file"}|null,
         "mine": [TASK], "theirs": [TASK]}
  TASK: {"id", "text", "summary", "follow_up": BOOL, "due": DATE|null,
         "scheduled": DATE|null, "date": DATE|null (the date it is listed under:
         the due date, or a later scheduled one),
         "days": N|null (to "date"; negative: overdue), "waiting": BOOL,
         "people": [{"slug", "name"}], "note": {"slug", "title", "date"}|null,
         "contact": {"slug", "name"}|null, "file", "line"}
  "id": what kith done takes; "owed"/"owing": ids of the overdue promises
  to them and from them; "summary": the task as the text output words it;
  "follow_up": true for a note's follow_up: date, whose "text" is "Follow up"
  and "summary" "Follow up with <its people>", and for a contact's own
  next_follow_up: (then "note" is null and "contact" is the person).
"""


@click.command("due", epilog=DUE_JSON_HELP, short_help="What is due: follow-ups, out of touch, birthdays.")
@click.option("--days", type=click.IntRange(0, 3650), metavar="N",
              help="How far ahead 'due soon' looks, in days (default: the site's, 14).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text (format below).")
@pass_settings
def due(settings: Settings, days: int | None, as_json: bool) -> None:
    """What needs doing: This week's plan (the people to get in touch with first, and why), overdue
    and due-soon follow-ups, what others owe you, who is out of touch, and birthdays. The same
    sections and logic as the site's Follow-ups page, including private contacts and notes (this
    is your own view). KITH_TODAY sets "today", as for builds.

    Each follow-up starts with its id in brackets: `kith done ID` ticks it off.

    \b
    Examples:
      kith due
      kith due --days 7
      kith done 7kq2xm
      kith due --json | jq '.plan[].name'
    """
    context = settings.vault()
    vault = context.load(publishing_checks=False)  # your own view: `kith check` makes those
    options = context.options
    network = Network(vault, include_private=True, cadences=options.cadences)
    fu = compute_followups(network, today(),
                           due_soon_days=options.due_soon_days if days is None else days,
                           birthday_days=options.birthday_days, plan_size=options.plan_size)
    hint_problems(vault)
    if as_json:
        # Indented for a reader at a terminal; for a script or a pipe, on one line: Python's JSON
        # writer is several times faster without indentation (thousands of follow-ups at L).
        indent = 2 if sys.stdout.isatty() else None
        echo(json_text(json.dumps(followups_json(fu, network), indent=indent, ensure_ascii=False)))
        return
    # Thousands of lines in a large network: printed at once, not one write (and flush) each.
    rows: list[str] = []
    add = rows.append
    add(heading(f"Follow-ups as of {_long_date(fu.today)}"))
    add("")
    add(heading(f"This week ({len(fu.plan)})"))
    for number, entry in enumerate(fu.plan, 1):
        rows.extend(_plan_lines(number, entry, network, fu.today))
    if not fu.plan:
        add("  Nobody: no promise overdue, everyone in your circles in touch.")
    sections = [
        ("Overdue", fu.overdue, "Nothing overdue."),
        (f"Due in the next {fu.due_soon_days} days", fu.due_soon,
         f"Nothing due in the next {fu.due_soon_days} days."),
        ("Waiting on others", fu.waiting, "Nobody owes you anything."),
        ("Open without a date", fu.undated, "No open follow-up without a date."),
    ]
    for title, items, empty in sections:
        add("")
        add(heading(f"{title} ({len(items)})"))
        for item in items:
            add(_task_line(item, network, fu.today))
        if not items:
            add(f"  {empty}")
    add("")
    add(heading(f"Out of touch ({len(fu.out_of_touch)})"))
    for person in fu.out_of_touch:
        circle = person.contact.circle or "custom cadence"
        if person.since is None or person.due is None:
            detail = "never in touch, and no 'met' date"
        else:
            since = "last contact" if person.contacted else "we met"
            detail = (f"{person.days_since} days since {since} ({person.since.isoformat()}), "
                      f"due {person.due.isoformat()} ({relative_label(person.due, fu.today)})")
        add(f"  {person.contact.name}{private_mark(person.contact)} [{circle}]: {detail}")
    if not fu.out_of_touch:
        add("  Everyone in your circles is in touch.")
    add("")
    add(heading(f"Birthdays in the next {fu.birthday_days} days ({len(fu.birthdays)})"))
    for birthday in fu.birthdays:
        age = f", turns {birthday.age}" if birthday.age else ""
        add(f"  {birthday.contact.name}{private_mark(birthday.contact)}: "
            f"{birthday.date.isoformat()} ({relative_label(birthday.date, fu.today)}{age})")
    if not fu.birthdays:
        add(f"  No birthdays in the next {fu.birthday_days} days.")
    echo(lines(rows))


def _plan_lines(number: int, entry: PlanEntry, network: Network, today_date: dt.date) -> list[Shown]:
    contact = entry.contact
    circle = f" [{contact.circle}]" if contact.circle else ""
    lines = [shown(f"  {number}. ", heading(contact.name), f"{private_mark(contact)}{circle}: "
                   f"{why(entry, today_date)}")]
    note = entry.last_note
    if note is not None:
        lines.append(shown(f"     last: {note.date.isoformat()} {note.title}  ", dim(note.source.path)))
    else:
        lines.append(shown("     last: no conversation logged"))
    for label, items in (("you owe", entry.mine), ("they owe", entry.theirs)):
        for item in sorted(items, key=item_order):
            lines.append(_task_line(item, network, today_date, people=False, indent=f"     {label}: "))
    return lines


@click.command("show", short_help="A person's summary and recent notes.")
@click.argument("name")
@click.option("--notes", "note_count", type=click.IntRange(0, 10_000), default=5, show_default=True,
              metavar="N", help="How many recent notes to list.")
@pass_settings
def show(settings: Settings, name: str, note_count: int) -> None:
    """A person's summary: details, last contact, when they are next due, open follow-ups
    and recent notes. NAME is a name, alias or slug.

    \b
    Examples:
      kith show "Aisha Rahman"
      kith show aisha --notes 20
    """
    context = settings.vault()
    vault = context.load(publishing_checks=False)  # your own view: `kith check` makes those
    try:
        contact = People(vault).resolve(name)
    except PersonError as error:
        raise person_error([error]) from None
    network = Network(vault, include_private=True, cadences=context.options.cadences)
    today_date = today()
    hint_problems(vault)
    echo(heading(contact.name), private_mark(contact), "  ", dim(contact.source.path))
    for label, value in _details(contact, network):
        echo(f"  {label + ':':<14}{value}")

    echo("")
    timeline = network.timeline.get(contact.slug, [])
    last = network.last_contact.get(contact.slug)
    if last is not None:
        where = timeline[0].title if timeline and timeline[0].date == last else "last_contacted in their file"
        echo(f"{'Last contact:':<16}{last.isoformat()} ({(today_date - last).days} days ago, {where})")
    else:
        echo(f"{'Last contact:':<16}none logged yet")
    next_due = network.next_contact_due(contact.slug)
    if next_due is not None:
        echo(f"{'Next due:':<16}{next_due.isoformat()} ({relative_label(next_due, today_date)})")
    elif contact.circle:
        echo(f"{'Next due:':<16}now (no conversation or 'met' date to count from)")
    else:
        echo(f"{'Next due:':<16}not tracked (no circle)")

    items = [task_item(task, network) for task in network.open_tasks_with(contact.slug)]
    items.sort(key=item_order)
    echo("")
    echo(heading(f"Open follow-ups ({len(items)})"))
    for item in items:
        waiting = "waiting: " if item.task.waiting else ""
        summary = _task_summary(item.task, _names(network, item.people), network)
        echo(f"  [{item.task.id}] {_when(item, today_date)}{waiting}{summary}  ",
             dim(f"{item.source.path}:{item.task.line}"))
    if not items:
        echo("  None.")

    echo("")
    shown_notes = timeline[:note_count]
    echo(heading(f"Recent notes ({len(shown_notes)} of {len(timeline)})"))
    for note in shown_notes:
        others = [slug for slug in note.participants if slug != contact.slug]
        with_others = f" — with {_names(network, others)}" if others else ""
        kind = f"[{note.kind}] " if note.kind else ""
        echo(f"  {note.date.isoformat()}  {kind}{note.title}{with_others}  ", dim(note.source.path))
    if not timeline:
        echo("  None yet. Log one with: kith log " + _quoted(contact.name))


def _quoted(text: str) -> str:
    return f'"{text}"' if any(char in text for char in " '\"$`\\") else text


def _details(contact: Contact, network: Network) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if contact.aliases:
        rows.append(("aka", ", ".join(contact.aliases)))
    work = " at ".join(part for part in (contact.role, contact.company) if part)
    if work:
        rows.append(("works", work))
    rows += [("email", email) for email in contact.emails]
    rows += [("phone", phone) for phone in contact.phones]
    rows += [(label, url) for label, url in contact.links.items()]
    if contact.location:
        rows.append(("location", contact.location))
    if contact.tags:
        rows.append(("tags", ", ".join(contact.tags)))
    if contact.expertise:
        rows.append(("expertise", ", ".join(contact.expertise)))
    if contact.interests:
        rows.append(("interests", ", ".join(contact.interests)))
    cadence = network.cadence_for(contact)
    if contact.circle:
        rows.append(("circle", f"{contact.circle} (every {cadence} days)"))
    if contact.met or contact.met_at:
        met = " at ".join(part for part in (_iso(contact.met), contact.met_at) if part)
        rows.append(("met", met))
    if contact.introduced_by:
        rows.append(("introduced by", _names(network, contact.introduced_by)))
    if contact.birthday:
        rows.append(("birthday", contact.birthday.iso()))
    return rows


@click.command("check", short_help="Report every problem in the contacts and notes.")
@click.option("--strict", is_flag=True,
              help="Also fail (exit 1) on warnings, as `mkdocs build --strict` does.")
@click.option("--region", metavar="CC",
              help="The country phone numbers written without a country code are in (e.g. GB, US), "
                   "so that they can be compared; without it only numbers written with +CC are.")
@click.option("--no-duplicates", "duplicates", flag_value=False, default=True,
              help="Do not look for contacts who may be the same person.")
@click.option("--fields", "list_fields", is_flag=True,
              help="Instead, list the front-matter fields kith does not read, with how many files have each.")
@pass_settings
def check(settings: Settings, strict: bool, region: str | None, duplicates: bool, list_fields: bool) -> None:
    """Check every contact and note: each problem is printed as `path:line: severity: message`.

    Exits 1 when there is an error (a file or field kith could not use), or with --strict any
    problem at all; exits 0, saying so, when the vault is clean. These are the same problems the
    site build reports.

    Then contacts who may be one person are listed, as `path: duplicate: ...`: the same e-mail
    address, phone number (compared in international form) or LinkedIn profile, or the same or
    near-identical names (not when they work at different companies). They are suggestions, not
    problems: they never change the exit status. `kith merge` merges two contacts.

    Fields kith does not read (`categories`, `created`, a plugin's own) are kept in the files and
    shown nowhere, with no warning; --fields lists them, so a field you meant kith to read (a
    misspelt `compnay`) can be found.

    \b
    Examples:
      kith check
      kith check --region GB
      kith check --strict && mkdocs build --strict
      kith check --fields
    """
    context = settings.vault()
    if region is not None and not _known_region(region):
        raise CommandError(f"--region {region}: not a country code kith knows; write two letters, e.g. "
                           "GB, US, DE")
    found: list[Duplicate] = []

    def look_for_duplicates(contacts: Mapping[str, Contact]) -> None:
        found.extend(find_duplicates(contacts.values(), region.upper() if region else None))

    # Duplicates are looked for while the notes are still being read.
    vault = context.load(with_contacts=look_for_duplicates if duplicates and not list_fields else None)
    if list_fields:
        echo(lines(_ignored_fields(vault)))
        return
    errors = warnings = 0
    rows: list[str] = []
    for problem in vault.problems:
        if problem.severity == Severity.ERROR:
            errors += 1
        else:
            warnings += 1
        rows.append(f"{problem.location()}: {problem.severity.value}: {problem.message}")
    pending = None
    if (context.root / JOURNAL).exists():
        from .combine import pending_problem  # the merge command's module, needed only then

        pending = pending_problem(context.root)
    if pending is not None:
        errors += 1
        rows.append(f"{JOURNAL}: error: {pending}")
    if rows:
        echo(lines(rows))
    if found:
        echo(lines([f"{pair.second.source.path}: duplicate: {pair.message()}" for pair in found]))
    counted = f"{_plural(len(vault.contacts), 'contact')} and {_plural(len(vault.notes), 'note')}"
    maybe = f"; {_plural(len(found), 'possible duplicate')}" if found else ""
    if not rows:
        echo(f"No problems in {counted}{maybe}.")
        return
    summary = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {counted}{maybe}."
    echo(summary, err=True)
    if errors or strict:
        raise SystemExit(1)


def _known_region(region: str) -> bool:
    import phonenumbers

    return region.upper() in phonenumbers.SUPPORTED_REGIONS


def _ignored_fields(vault: Vault) -> list[str]:
    """`kith check --fields`: the fields kith does not read, by record, most used first, each with
    the field kith reads that it is one or two letters from, if any."""
    if not vault.ignored_fields:
        return ["kith reads every front-matter field in the contacts and notes."]
    rows = ["Front-matter fields kith does not read (kept in the files, shown nowhere):"]
    for record, plural in (("contact", "contacts"), ("note", "notes")):
        counts = sorted(((key, count) for (kind, key), count in vault.ignored_fields.items()
                         if kind == record and count > 0), key=lambda item: (-item[1], item[0]))
        if not counts:
            continue
        rows += ["", heading(f"In {plural}:")]
        width = max(len(key) for key, _ in counts)
        for key, count in counts:
            near = near_field(record, key)
            hint = f"  (did you mean '{near}'?)" if near else ""
            rows.append(f"  {key:<{width}}  {_plural(count, 'file')}{hint}")
    return rows


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
