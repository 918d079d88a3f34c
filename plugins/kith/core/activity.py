"""How busy the network has been: conversations and new contacts per month, and the busiest topics.

Each count is one pass over the notes or the contacts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .network import Network


@dataclass(frozen=True)
class MonthCount:
    month: dt.date  # the first day of the month
    count: int


@dataclass(frozen=True)
class TopicCount:
    key: str
    count: int


def recent_months(today: dt.date, count: int) -> list[dt.date]:
    """The first days of the `count` months up to and including today's, oldest first."""
    index = today.year * 12 + today.month - 1
    return [dt.date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def _per_month(dates: Iterable[dt.date | None], today: dt.date, months: int) -> list[MonthCount]:
    firsts = recent_months(today, months)
    counts: Counter[dt.date] = Counter()
    start = firsts[0]
    for date in dates:
        if date is not None and start <= date <= today:
            counts[date.replace(day=1)] += 1
    return [MonthCount(first, counts[first]) for first in firsts]


def conversations_per_month(network: Network, today: dt.date, months: int = 24) -> list[MonthCount]:
    """Notes per month over the last `months` months (notes dated after today are not counted)."""
    return _per_month((note.date for note in network.notes.values()), today, months)


def new_contacts_per_month(network: Network, today: dt.date, months: int = 24) -> list[MonthCount]:
    """People first met (their `met` date) per month over the last `months` months."""
    return _per_month((contact.met for contact in network.contacts.values()), today, months)


def busiest_topics(network: Network, today: dt.date, *, limit: int = 10, days: int = 365) -> list[TopicCount]:
    """Tags by the number of conversations in the last `days` days, busiest first."""
    since = today - dt.timedelta(days=days)
    counts: Counter[str] = Counter()
    for note in network.notes.values():
        if since < note.date <= today:
            counts.update(set(note.tags))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [TopicCount(key, count) for key, count in ranked[:limit]]
