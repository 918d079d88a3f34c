"""What needs doing: the week's plan, promises due and overdue, what others owe, who is out of
touch, birthdays.

The one follow-up logic behind the site's follow-up page, the home page, the calendar
feed and `kith due`. The page script (assets/kith.js) sorts the same items again on the reader's
own date, by the same rules: a change here is a change there.

The rules, for a day D:

- A task's date is its due date (📅), or its scheduled date (⏳, "not before") when it has no due
  date or a later scheduled one: a task put off with ⏳ is not overdue before then.
- My open task is overdue when its date is before D, due soon up to `due_soon_days` after D;
  a `#waiting` task is what someone owes me, whatever its date; a task without a date is undated.
- Someone in a circle is out of touch when their last contact (else `met`) plus their cadence is
  before D (never in touch and no `met`: always), unless `paused: true`, or `snooze_until:` is
  after D.
- This week's plan: the people not snoozed who are owed an overdue promise of mine, are out of
  touch, or owe me something overdue; first those I owe, then by circle (close, regular, loose,
  none), then the longest past their cadence, then the longest overdue promise, then by name.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from .model import Contact, Note, Source, Task
from .network import Network
from .slugs import name_key

DUE_SOON_DAYS = 14
BIRTHDAY_DAYS = 30
PLAN_SIZE = 10
# The order of circles in the week's plan; no circle comes last.
CIRCLE_ORDER = {"close": 0, "regular": 1, "loose": 2}
NO_CIRCLE = 3


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
    def date(self) -> dt.date | None:
        """The date it is listed under: its due date, or its scheduled date (⏳, "not before") when
        that is later: put off until then, it is not overdue before."""
        due, scheduled = self.task.due, self.task.scheduled
        if scheduled is not None and (due is None or scheduled > due):
            return scheduled
        return due

    @property
    def deferred(self) -> bool:
        """Put off (⏳) past a due date of its own."""
        return self.task.due is not None and self.date != self.task.due

    @property
    def mine(self) -> bool:
        return not self.task.waiting

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
class PlanEntry:
    """Someone to get in touch with this week, and why."""

    contact: Contact
    owed: list[TaskItem]  # my overdue promises to them, the most overdue first
    owing: list[TaskItem]  # their overdue promises to me (#waiting), the most overdue first
    out_of_touch: OutOfTouch | None
    mine: list[TaskItem]  # every open promise of mine to them, by date
    theirs: list[TaskItem]  # every open promise of theirs to me, by date
    last_note: Note | None  # the newest conversation with them

    def owed_days(self, today: dt.date) -> int:
        """How long the oldest promise I owe them is overdue (0 when none is)."""
        return max((today - item.date).days for item in self.owed if item.date) if self.owed else 0


@dataclass
class FollowUps:
    today: dt.date
    plan: list[PlanEntry] = field(default_factory=list)  # this week's, best first
    overdue: list[TaskItem] = field(default_factory=list)
    due_soon: list[TaskItem] = field(default_factory=list)  # upcoming, up to due_soon_days ahead
    upcoming: list[TaskItem] = field(default_factory=list)  # my dated tasks due today or later, all
    waiting: list[TaskItem] = field(default_factory=list)
    undated: list[TaskItem] = field(default_factory=list)
    out_of_touch: list[OutOfTouch] = field(default_factory=list)
    birthdays: list[BirthdayItem] = field(default_factory=list)
    due_soon_days: int = DUE_SOON_DAYS
    birthday_days: int = BIRTHDAY_DAYS
    plan_size: int = PLAN_SIZE

    def due_within(self, days: int) -> list[TaskItem]:
        """My open tasks due from today to `days` ahead, both included."""
        limit = self.today + dt.timedelta(days=days)
        return [item for item in self.upcoming if item.date is not None and item.date <= limit]

    @property
    def later(self) -> list[TaskItem]:
        """My dated open tasks beyond "due soon": in no section today, in one on a later day."""
        horizon = self.today + dt.timedelta(days=self.due_soon_days)
        return [item for item in self.upcoming if item.date is not None and item.date > horizon]


def item_order(item: TaskItem) -> tuple:
    """The order of follow-ups in every list: by date (undated last), then where they come from."""
    return (item.date or dt.date.max, *item.order, item.task.line)


def compute_followups(network: Network, today: dt.date, *, due_soon_days: int = DUE_SOON_DAYS,
                      birthday_days: int = BIRTHDAY_DAYS, plan_size: int = PLAN_SIZE) -> FollowUps:
    result = FollowUps(today=today, due_soon_days=due_soon_days, birthday_days=birthday_days,
                       plan_size=plan_size)
    horizon = today + dt.timedelta(days=due_soon_days)
    for task in network.tasks:
        if task.done:
            continue
        item = task_item(task, network)
        date = item.date
        if task.waiting:
            result.waiting.append(item)
        elif date is None:
            result.undated.append(item)
        elif date < today:
            result.overdue.append(item)
        else:
            result.upcoming.append(item)

    result.overdue.sort(key=item_order)
    result.upcoming.sort(key=item_order)
    result.due_soon = [item for item in result.upcoming if item.date is not None and item.date <= horizon]
    result.waiting.sort(key=item_order)
    result.undated.sort(key=item_order)
    result.out_of_touch = out_of_touch(network, today)
    result.birthdays = upcoming_birthdays(network, today, birthday_days)
    result.plan = week_plan(network, result, plan_size)
    return result


def snoozed(contact: Contact, today: dt.date) -> bool:
    """Put off with `snooze_until:` a date after today."""
    return contact.snooze_until is not None and contact.snooze_until > today


def tracked(network: Network, contact: Contact) -> int | None:
    """The cadence someone is kept in touch with, or None: not in a circle, or paused."""
    return None if contact.paused else network.cadence_for(contact)


def out_of_touch(network: Network, today: dt.date) -> list[OutOfTouch]:
    """People in a circle whose last contact (else `met`) plus cadence has passed, most overdue
    first; not those paused, nor those snoozed until after today."""
    items: list[OutOfTouch] = []
    for contact in network.contacts.values():
        cadence = tracked(network, contact)
        if cadence is None or snoozed(contact, today):
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
                              *name_order(i.contact)))
    return items


def week_plan(network: Network, followups: FollowUps, size: int = PLAN_SIZE) -> list[PlanEntry]:
    """The people to get in touch with first this week, best first (the rules are in the module's
    docstring)."""
    today = followups.today
    mine: dict[str, list[TaskItem]] = defaultdict(list)
    theirs: dict[str, list[TaskItem]] = defaultdict(list)
    for item in sorted(followups.overdue + followups.upcoming + followups.undated, key=item_order):
        for slug in dict.fromkeys(item.people):
            mine[slug].append(item)
    for item in followups.waiting:
        for slug in dict.fromkeys(item.people):
            theirs[slug].append(item)
    distant = {item.contact.slug: item for item in followups.out_of_touch}
    entries: list[PlanEntry] = []
    for slug in dict.fromkeys([*mine, *theirs, *distant]):
        contact = network.contacts.get(slug)
        if contact is None or snoozed(contact, today):
            continue
        owed = [item for item in mine.get(slug, []) if item.date is not None and item.date < today]
        owing = [item for item in theirs.get(slug, []) if item.date is not None and item.date < today]
        if not owed and not owing and slug not in distant:
            continue
        timeline = network.timeline.get(slug)
        entries.append(PlanEntry(contact, owed, owing, distant.get(slug), mine.get(slug, []),
                                 theirs.get(slug, []), timeline[0] if timeline else None))
    entries.sort(key=lambda entry: plan_rank(entry, today))
    return entries[:size]


def plan_rank(entry: PlanEntry, today: dt.date) -> tuple:
    """Those I owe a promise first, then the closer circle, then the longer past their cadence
    (never in touch: longest of all), then the longer overdue promise, then the name."""
    distant = entry.out_of_touch
    if distant is None:
        past = -math.inf
    else:
        past = math.inf if distant.days_overdue is None else distant.days_overdue
    return (0 if entry.owed else 1, CIRCLE_ORDER.get(entry.contact.circle or "", NO_CIRCLE), -past,
            -entry.owed_days(today), *name_order(entry.contact))


def name_order(contact: Contact) -> tuple[str, str]:
    """People in name order (two of one name by their slug): how every list of people is sorted."""
    return name_key(contact.name), contact.slug


def why(entry: PlanEntry, today_date: dt.date) -> str:
    """Why someone is in the week's plan, as the site and `kith due` say it (kith.js `why` says the
    same on the reader's day)."""
    reasons: list[str] = []
    if entry.owed:
        count = len(entry.owed)
        if count == 1:
            reasons.append(f"you owe them a promise, overdue by {_days(entry.owed_days(today_date))}")
        else:
            reasons.append(f"you owe them {count} promises, the oldest overdue by "
                           f"{_days(entry.owed_days(today_date))}")
    if entry.owing:
        days = max((today_date - item.date).days for item in entry.owing if item.date)
        count = len(entry.owing)
        what = "a promise" if count == 1 else f"{count} promises"
        reasons.append(f"they owe you {what}, overdue by {_days(days)}")
    distant = entry.out_of_touch
    if distant is not None:
        if distant.days_since is None:
            reasons.append("never in touch")
        elif distant.contacted:
            reasons.append(f"out of touch for {_days(distant.days_since)}")
        else:
            reasons.append(f"not in touch since you met, {_days(distant.days_since)} ago")
    text = " · ".join(reasons)
    return text[:1].upper() + text[1:]


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


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
    items.sort(key=lambda i: (i.date, *name_order(i.contact)))
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
