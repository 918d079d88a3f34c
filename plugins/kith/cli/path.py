"""`kith path TARGET`: the best ways in to a person, a company or an expertise, through the people
I know (core/paths.py says what a way is and how ways are ranked)."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any

import click

from ..core.companies import Directory
from ..core.links import strip_link_syntax
from ..core.network import Network
from ..core.paths import MOST_STEPS, WarmPaths, Way
from ..core.slugs import name_key, slugify
from .common import CommandError, Settings, hint_problems, pass_settings, today
from .people import AMBIGUOUS_EXIT, People
from .terminal import dim, echo, heading, json_text, lines

JSON_VERSION = 1
KINDS = ("person", "company", "expertise")


@dataclass(frozen=True)
class Target:
    kind: str  # person, company or expertise
    key: str  # a contact's slug, a company's slug or an expertise's label key
    name: str
    people: tuple[str, ...]  # whom a way may end with

    def described(self) -> str:
        return {"person": "the person", "company": "the company", "expertise": "the expertise"}[self.kind] + \
            f" '{self.name}'"


PATH_JSON_HELP = """\b
JSON (--json), version 1:
  {"version": 1, "today": DATE, "target": {"kind": "person"|"company"|"expertise",
   "key", "name", "people": [{"slug", "name"}]},
   "ways": [{"steps": N, "points": N, "text": "me → ...",
             "people": [{"slug", "name"}],
             "links": [{"kind", "points", "text"}]}]}
  "people" of a way: from the person I would ask to the one it reaches;
  "links": how each knows the next, one fewer than people.
"""


@click.command("path", epilog=PATH_JSON_HELP, short_help="Who can introduce me: the best ways in to someone.")
@click.argument("target")
@click.option("--person", "kind", flag_value="person", help="TARGET is a person.")
@click.option("--company", "kind", flag_value="company", help="TARGET is a company.")
@click.option("--expertise", "kind", flag_value="expertise", help="TARGET is an expertise.")
@click.option("--limit", type=click.IntRange(1, 1000), default=5, show_default=True, metavar="N",
              help="How many ways to show.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text (format below).")
@pass_settings
def path(settings: Settings, target: str, kind: str | None, limit: int, as_json: bool) -> None:
    """The best ways in to TARGET through the people you know: a person (name, alias or slug), a
    company (any spelling: "ACME Inc." finds Acme) or an expertise ("procurement").

    Each way is a chain of at most three steps that starts with someone you are in touch with
    (in a circle, or a conversation in the last year) and follows what kith knows: who introduced
    you to whom, introductions you made, people met together, colleagues at the same company.
    Fewer steps first, then the strongest ties. Private people are never on a way.

    \b
    Examples:
      kith path "Dana Whitfield"
      kith path "Acme Inc"
      kith path procurement --expertise
      kith path Acme --company --limit 10 --json
    """
    context = settings.vault()
    vault = context.load()
    hint_problems(vault)
    network = Network(vault, include_private=False, cadences=context.options.cadences)
    directory = Directory(network, vault.pages)
    found = _target(target, kind, vault_people=People(vault), network=network, directory=directory)
    paths = WarmPaths(network, directory, today(), keep=limit + 1)  # one more: are there more?
    ways = paths.ways(found.people)
    more = len(ways) > limit
    ways = ways[:limit]
    if as_json:
        echo(json_text(json.dumps(_json(found, ways, paths), indent=2, ensure_ascii=False)))
        return
    rows = [heading(_title(found, paths))]
    for number, way in enumerate(ways, 1):
        end = network.contacts[way.last]
        role = f"  ({end.role})" if found.kind != "person" and end.role else ""
        rows.append(f"  {number}. {paths.describe(way)}{role}")
    if not ways:
        rows.append(f"  No way in within {MOST_STEPS} steps through the people you are in touch with.")
    if more:
        rows.append(dim(f"  There are more: show them with --limit {min(limit * 2, 1000)}."))
    echo(lines(rows))


def _title(found: Target, paths: WarmPaths) -> str:
    if found.kind == "person":
        state = "you are in touch" if paths.in_touch(found.key) else "not in touch"
        return f"Ways in to {found.name} ({state}):"
    count = len(found.people)
    there = "there" if found.kind == "company" else "who can help"
    return f"Ways in to {found.name} ({count} {'person' if count == 1 else 'people'} you know {there}):"


def _target(text: str, kind: str | None, *, vault_people: People, network: Network,
            directory: Directory) -> Target:
    """What TARGET names, of the kind asked for (or any): exactly one, or a CommandError saying
    which ones it could be, or what comes close."""
    reference = strip_link_syntax(text)
    if not name_key(reference):
        raise CommandError("an empty TARGET names nobody; give a name, a company or an expertise")
    found: list[Target] = []
    private: list[str] = []
    if kind in (None, "person"):
        for slug in _people_named(reference, vault_people):
            contact = vault_people.vault.contacts[slug]
            if contact.private:
                private.append(contact.name)
            else:
                found.append(Target("person", slug, contact.name, (slug,)))
    if kind in (None, "company"):
        company = directory.company_for(reference)
        if company is not None:
            found.append(Target("company", company.slug, company.name, tuple(company.people)))
    if kind in (None, "expertise"):
        key = name_key(reference)
        if key not in network.expertise:
            key = directory.expertise_by_slug.get(slugify(reference), key)
        entry = network.expertise.get(key)
        if entry is not None:
            found.append(Target("expertise", key, entry.label, tuple(entry.contacts)))
    if len(found) == 1:
        return found[0]
    if not found and private:
        raise CommandError(f"{private[0]} is private: private people are never on a way in, and kith path "
                           "does not look for them")
    if found:
        listed = "\n".join(f"  {t.described()}{_where(t, vault_people)}" for t in found)
        how = ("use the slug (the file name) to say which person" if {t.kind for t in found} == {"person"}
               else "say which with --person, --company or --expertise (a person by their slug)")
        ambiguous = CommandError(f"'{reference}' is ambiguous; it could be:\n{listed}\n{how.capitalize()}.")
        ambiguous.exit_code = AMBIGUOUS_EXIT
        raise ambiguous
    raise CommandError(_unknown(reference, kind, vault_people, network, directory))


def _people_named(reference: str, people: People) -> list[str]:
    """The people a name means, found as every command finds them (cli/people.py)."""
    return [slug for slug in people.named(reference) if slug in people.vault.contacts]


def _where(target: Target, people: People) -> str:
    if target.kind == "person":
        contact = people.vault.contacts[target.key]
        return f" ({target.key}, {contact.source.path})"
    count = len(target.people)
    return f" ({count} {'person' if count == 1 else 'people'})"


def _unknown(reference: str, kind: str | None, people: People, network: Network, directory: Directory) -> str:
    kinds = [kind] if kind else list(KINDS)
    what = {"person": "nobody", "company": "no company", "expertise": "no expertise"}[kind] if kind \
        else "no person, company or expertise"
    close: list[str] = []
    if "person" in kinds:
        close += [f"{c.name} (a person)" for c in people.candidates(reference, 3) if not c.private]
    if "company" in kinds:
        names = {c.name: c for c in directory.companies.values()}
        close += [f"{name} (a company)" for name in _close(reference, names)]
    if "expertise" in kinds:
        labels = {e.label: e for e in network.expertise.values()}
        close += [f"{label} (an expertise)" for label in _close(reference, labels)]
    message = f"{what} called '{reference}'"
    if not close:
        return f"{message}. Names, companies and expertise come from your contacts' files."
    return f"{message}. Did you mean:\n" + "\n".join(f"  {name}" for name in close)


def _close(reference: str, names: dict[str, Any]) -> list[str]:
    """Names a few letters away, or whose words start with every word typed."""
    by_key = {name_key(name): name for name in names}
    close = difflib.get_close_matches(name_key(reference), list(by_key), n=3, cutoff=0.6)
    found = [by_key[key] for key in close]
    words = name_key(reference).split()
    for key, name in sorted(by_key.items()):
        if len(found) >= 3:
            break
        if name not in found and all(any(part.startswith(w) for part in key.split()) for w in words):
            found.append(name)
    return found


def _json(target: Target, ways: list[Way], paths: WarmPaths) -> dict[str, Any]:
    contacts = paths.network.contacts

    def person(slug: str) -> dict[str, str]:
        return {"slug": slug, "name": contacts[slug].name}

    return {
        "version": JSON_VERSION,
        "today": paths.today.isoformat(),
        "target": {"kind": target.kind, "key": target.key, "name": target.name,
                   "people": [person(slug) for slug in target.people]},
        "ways": [{
            "steps": way.steps,
            "points": way.points,
            "text": paths.describe(way),
            "people": [person(slug) for slug in way.people],
            "links": [{"kind": relation.kind, "points": relation.points, "text": words}
                      for relation, words in zip(way.relations, paths.steps_in_words(way)[1:], strict=True)],
        } for way in ways],
    }

