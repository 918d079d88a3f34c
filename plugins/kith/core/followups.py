"""What needs doing: promises due and overdue, what others owe, who is out of touch, birthdays.

The one follow-up logic behind the site's follow-up page, the home page, the calendar
feed and `kith due`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .model import Contact, Note, Source, Task
from .network import Network
from .slugs import name_key

DUE_SOON_DAYS = 14
BIRTHDAY_DAYS = 30


@dataclass
class TaskItem:
    """An open follow-up and where it is written: a note, or (a contact's `next_follow_up:`) the
    contact's own file."""

    task: Task
    note: Note | None
    people: list[str]  # contact slugs
    contact: Contact | None = None  # whose file it is in, when it is not in a note

    @property
    def due(self) -> dt.date | None:
        return self.task.due

    @property
    def source(self) -> Source:
        record = self.note or self.contact
        assert record is not None
        return record.source

    @property
    def order(self) -> tuple[dt.date, str]:
        """Where the follow-up comes from, for a stable order: a note by its date; a contact's own
        follow-up before every note (it was written at no date of its own)."""
        if self.note is not None:
            return self.note.date, self.note.slug
        return dt.date.min, self.contact.slug if self.contact else ""


def task_item(task: Task, network: Network) -> TaskItem:
    """A task of the network with its note (or contact) and its visible people."""
    people = [p for p in task.people if p in network.contacts]
    if task.contact is not None:
        return TaskItem(task, None, people, network.contacts[task.contact])
    return TaskItem(task, network.notes[task.note], people)


@dataclass
class OutOfTouch:
    contact: Contact
    since: dt.date | None  # last contact, else met; None: never in touch and no met date
    due: dt.date | None
    days_since: int | None
    days_overdue: int | None
    contacted: bool  # False: counted from `met`, no conversation yet


@dataclass
class BirthdayItem:
    contact: Contact
    date: dt.date  # the next occurrence
    age: int | None  # the age they turn, when the year is known
    days_until: int


@dataclass
class FollowUps:
    today: dt.date
    overdue: list[TaskItem] = field(default_factory=list)
    due_soon: list[TaskItem] = field(default_factory=list)  # upcoming, up to due_soon_days ahead
    upcoming: list[TaskItem] = field(default_factory=list)  # my dated tasks due today or later, all
    waiting: list[TaskItem] = field(default_factory=list)
    undated: list[TaskItem] = field(default_factory=list)
    out_of_touch: list[OutOfTouch] = field(default_factory=list)
    birthdays: list[BirthdayItem] = field(default_factory=list)
    due_soon_days: int = DUE_SOON_DAYS
    birthday_days: int = BIRTHDAY_DAYS

    def due_within(self, days: int) -> list[TaskItem]:
        """My open tasks due from today to `days` ahead, both included."""
        limit = self.today + dt.timedelta(days=days)
        return [item for item in self.upcoming if item.due is not None and item.due <= limit]


def compute_followups(network: Network, today: dt.date, *, due_soon_days: int = DUE_SOON_DAYS,
                      birthday_days: int = BIRTHDAY_DAYS) -> FollowUps:
    result = FollowUps(today=today, due_soon_days=due_soon_days, birthday_days=birthday_days)
    horizon = today + dt.timedelta(days=due_soon_days)
    for task in network.tasks:
        if task.done:
            continue
        item = task_item(task, network)
        if task.waiting:
            result.waiting.append(item)
        elif task.due is None:
            result.undated.append(item)
        elif task.due < today:
            result.overdue.append(item)
        else:
            result.upcoming.append(item)

    def dated(item: TaskItem) -> tuple:
        return (item.task.due or dt.date.max, *item.order, item.task.line)

    def undated(item: TaskItem) -> tuple:
        return (*item.order, item.task.line)

    result.overdue.sort(key=dated)
    result.upcoming.sort(key=dated)
    result.due_soon = [item for item in result.upcoming if item.due is not None and item.due <= horizon]
    result.waiting.sort(key=dated)
    result.undated.sort(key=undated)
    result.out_of_touch = out_of_touch(network, today)
    result.birthdays = upcoming_birthdays(network, today, birthday_days)
    return result


def out_of_touch(network: Network, today: dt.date) -> list[OutOfTouch]:
    """People in a circle whose last contact (else `met`) plus cadence has passed, most overdue first."""
    items: list[OutOfTouch] = []
    for contact in network.contacts.values():
        cadence = network.cadence_for(contact)
        if cadence is None:
            continue
        last = network.last_contact.get(contact.slug)
        since = last or contact.met
        if since is None:
            items.append(OutOfTouch(contact, None, None, None, None, contacted=False))
            continue
        due = since + dt.timedelta(days=cadence)
        if due < today:
            items.append(OutOfTouch(contact, since, due, (today - since).days, (today - due).days,
                                    contacted=last is not None))
    # Never in touch and no date to count from: the most overdue of all.
    items.sort(key=lambda i: (-(i.days_overdue if i.days_overdue is not None else 10**9),
                              name_key(i.contact.name)))
    return items


def upcoming_birthdays(network: Network, today: dt.date, days: int = BIRTHDAY_DAYS) -> list[BirthdayItem]:
    limit = today + dt.timedelta(days=days)
    items: list[BirthdayItem] = []
    for contact in network.contacts.values():
        if contact.birthday is None:
            continue
        next_date = contact.birthday.next_on_or_after(today)
        if next_date <= limit:
            age = next_date.year - contact.birthday.year if contact.birthday.year else None
            if age is not None and age <= 0:  # a birth year in the future is a typo, not an age
                age = None
            items.append(BirthdayItem(contact, next_date, age, (next_date - today).days))
    items.sort(key=lambda i: (i.date, name_key(i.contact.name)))
    return items


def relative_label(date: dt.date, today: dt.date) -> str:
    """`overdue by 3 days`, `today`, `tomorrow`, `in 5 days`: the label the page script recomputes."""
    days = (date - today).days
    if days < 0:
        return f"overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"
