"""The follow-up page's pieces: sections grouped by person, the week's plan in words, and the data
the page script needs to sort everything again on the reader's own date.

The page is right on the day it was built without JavaScript. Opened later, the script
(assets/kith.js, `Followups`) puts every item where it belongs on the reader's date by the rules of
core/followups.py, from what the page holds: every open follow-up as a row (those in no section
yet in a `<template>`), and, in one data attribute, the public facts about each person it needs
(`people_data`): name, page, circle, topics, cadence, last contact, snooze, pause, birthday, last
conversation. Nothing private: the site's network has no private contact or note in it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..core.followups import FollowUps, TaskItem, item_order, name_order, tracked
from ..core.model import Note
from ..core.network import Network

# Sections fold after this many rows (people); the rest open with "Show all N".
FOLD = 10


@dataclass
class Group:
    """One person's follow-ups in a section: the rows under their name."""

    slug: str  # "" for follow-ups linked to nobody
    items: list[TaskItem]


def grouped(items: Iterable[TaskItem]) -> list[Group]:
    """Follow-ups by person (the first they are with), each person where their first one comes,
    in the order of `item_order` (the script groups the same way)."""
    groups: dict[str, Group] = {}
    for item in sorted(items, key=item_order):
        slug = item.people[0] if item.people else ""
        group = groups.get(slug)
        if group is None:
            group = groups[slug] = Group(slug, [])
        group.items.append(item)
    return list(groups.values())


def page_data(network: Network, followups: FollowUps, url: Callable[[str, str], str],
              excerpt: Callable[[Note], str], birthdays: bool) -> dict[str, object]:
    """What the page script needs: `order`, the ids of every open follow-up in `item_order` (the
    order of every list), and `people`."""
    items = sorted(followups.overdue + followups.upcoming + followups.undated + followups.waiting,
                   key=item_order)
    return {"order": [item.task.id for item in items],
            "people": people_data(network, followups, url, excerpt, birthdays)}


def people_data(network: Network, followups: FollowUps, url: Callable[[str, str], str],
                excerpt: Callable[[Note], str], birthdays: bool) -> dict[str, dict]:
    """What the page script needs of each person who may be on the page on some later day: the
    people of every open follow-up, everyone kept in touch with, everyone with a birthday. Keys:
    n name, u page, c circle, t topics, o place in name order, k cadence in days (None: not kept
    in touch with, or paused), s last contact (else met), x whether `s` is a contact, z snoozed
    until, b birthday [month, day, year], l last conversation [title, page, date, excerpt]."""
    slugs: dict[str, None] = {}
    dated: set[str] = set()  # people of a dated follow-up: who may be in the plan on some day
    for item in followups.overdue + followups.upcoming + followups.undated + followups.waiting:
        slugs.update(dict.fromkeys(item.people))
        if item.date is not None:
            dated.update(item.people)
    for contact in network.contacts.values():
        if network.cadence_for(contact) is not None or (birthdays and contact.birthday is not None):
            slugs.setdefault(contact.slug)
    ranked = sorted(network.contacts.values(), key=name_order)
    order = {contact.slug: index for index, contact in enumerate(ranked)}
    data: dict[str, dict] = {}
    for slug in slugs:
        contact = network.contacts[slug]
        last = network.last_contact.get(slug)
        since = last or contact.met
        timeline = network.timeline.get(slug)
        # The last conversation is shown only in the plan: left out for whoever is never in it.
        note = timeline[0] if timeline and (slug in dated or tracked(network, contact)) else None
        birthday = contact.birthday if birthdays else None
        data[slug] = {
            "n": contact.name, "u": url("contact", slug), "c": contact.circle, "t": contact.tags,
            "o": order[slug], "k": tracked(network, contact), "s": since.isoformat() if since else None,
            "x": last is not None, "z": contact.snooze_until.isoformat() if contact.snooze_until else None,
            "b": [birthday.month, birthday.day, birthday.year] if birthday else None,
            "l": None if note is None else [note.title, url("note", note.slug), note.date.isoformat(),
                                            card_excerpt(excerpt(note))],
        }
    return data


CARD_EXCERPT = 120


def card_excerpt(text: str) -> str:
    """A conversation's excerpt as the week's plan shows it: shorter than in lists."""
    if len(text) <= CARD_EXCERPT:
        return text
    cut = text.rfind(" ", 0, CARD_EXCERPT)
    return text[: cut if cut > CARD_EXCERPT // 2 else CARD_EXCERPT].rstrip(" ,.;:…") + "…"


def filter_tags(people: dict[str, dict]) -> list[str]:
    """The topics the page can be filtered by: those of its people."""
    tags = {tag for person in people.values() for tag in person["t"]}
    # A nested topic's parents too: `ai` shows everyone on `ai/llm` (the script matches so).
    parts = [tag.split("/") for tag in tags]
    return sorted({"/".join(part[:depth]) for part in parts for depth in range(1, len(part) + 1)})
