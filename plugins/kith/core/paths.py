"""Warm paths: the best ways to reach someone (a person, anyone at a company, anyone with an
expertise) through the people I know.

A way is a chain: me → someone I am in touch with → (at most two more people) → the target, at
most three steps. It starts with someone I am **in touch with** (IN_TOUCH: in a circle, or a
conversation within the last IN_TOUCH_DAYS days) and goes on only through people I am not in
touch with: were one of them in touch with me, the way starting with them is shorter, and it is
a way of its own. Each step is a relation kith already knows:

| relation (from A to B)                                        | points |
| ------------------------------------------------------------- | ------ |
| A introduced me to B, or B introduced me to A (introduced_by) | 4      |
| I introduced A and B to each other (a `kind: introduction` note) | 3   |
| A and B met together (both in a note's `with`), per note, at most 3 | 1-3 |
| A and B work at the same company now                          | 1      |

Between two people the strongest relation counts. The first step, me → A, is worth A's tie points:
circle (close 3, regular 2, loose 1), last contact (within 30 days 3, 90 days 2, a year 1),
conversations (1 each, at most 3), and introductions A made (1 for each person A introduced me
to, at most 2). Ways are ranked by fewer steps first, then by more points (the tie and every
step added up), then by the names along the way. Each way starts with a different person: the
best way through each person I know.

Cost: one pass over the relations, keeping the best `keep` ways for each person (a company's
colleagues pooled, so a large company costs its size, not its square): linear in the network.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .companies import Directory
from .graph import INTRODUCTION, MET, Connections
from .network import Network
from .slugs import name_key

if TYPE_CHECKING:
    import networkx as nx

IN_TOUCH_DAYS = 365
MOST_STEPS = 3

# Relations between two people, from the first to the second.
INTRODUCED_ME_TO = "introduced me to"  # the first introduced me to the second (introduced_by)
INTRODUCED_TO_ME_BY = "introduced to me by"  # the second introduced me to the first
I_INTRODUCED = "I introduced"  # a `kind: introduction` note of mine with both
MET_TOGETHER = "met together"
COLLEAGUES = "colleagues"

RELATION_POINTS = {INTRODUCED_ME_TO: 4, INTRODUCED_TO_ME_BY: 4, I_INTRODUCED: 3, COLLEAGUES: 1}
MOST_MET_POINTS = 3
CIRCLE_POINTS = {"close": 3, "regular": 2, "loose": 1}
RECENCY_POINTS = ((30, 3), (90, 2), (IN_TOUCH_DAYS, 1))  # (within days, points)
MOST_CONVERSATION_POINTS = 3
MOST_INTRODUCTION_POINTS = 2


@dataclass(frozen=True)
class Tie:
    """How well I know someone I am in touch with: the first step of a way."""

    slug: str
    circle: str | None
    last_contact: dt.date | None
    days: int | None  # since the last contact
    conversations: int
    introduced: int  # people they introduced me to
    points: int


@dataclass(frozen=True)
class Relation:
    """How one person on a way knows the next."""

    kind: str
    points: int
    count: int = 1  # notes together, or introductions
    company: str = ""  # COLLEAGUES: the company's key


@dataclass(frozen=True)
class Way:
    """me → people[0] → ... → people[-1]; relations[i] links people[i] to people[i + 1]."""

    people: tuple[str, ...]
    relations: tuple[Relation, ...]
    points: int
    # How it ranks: fewer steps, then more points, then the names along it (smaller is better).
    rank: tuple = field(default=(), compare=False, repr=False)

    @property
    def steps(self) -> int:
        return len(self.people)

    @property
    def first(self) -> str:
        return self.people[0]

    @property
    def last(self) -> str:
        return self.people[-1]

    def then(self, slug: str, relation: Relation, name: str) -> Way:
        """The way one step further, to `slug` (whose name, compared as names are, is `name`)."""
        points = self.points + relation.points
        return Way((*self.people, slug), (*self.relations, relation), points,
                   (len(self.people) + 1, -points, (*self.rank[2], name), (*self.people, slug)))


def tie_points(circle: str | None, days: int | None, conversations: int, introduced: int) -> int:
    recency = next((points for within, points in RECENCY_POINTS if days is not None and days <= within), 0)
    return (CIRCLE_POINTS.get(circle or "", 0) + recency + min(conversations, MOST_CONVERSATION_POINTS)
            + min(introduced, MOST_INTRODUCTION_POINTS))


class WarmPaths:
    """The best ways to each person of a network (private people are not in it, so never on a
    way), found once; `ways` answers for a person, a company's people or an expertise's."""

    def __init__(self, network: Network, directory: Directory, today: dt.date, *, keep: int = 5,
                 connections: Connections | None = None) -> None:
        self.network = network
        self.directory = directory
        self.today = today
        self.keep = max(keep, 1)
        contacts = network.contacts
        self._names = {slug: name_key(contact.name) for slug, contact in contacts.items()}
        self.ties: dict[str, Tie] = {}
        for slug, contact in contacts.items():
            last = network.last_contact.get(slug)
            if contact.last_contacted is not None and (last is None or contact.last_contacted > last):
                last = contact.last_contacted
            days = (today - last).days if last is not None else None
            if contact.circle or (days is not None and days <= IN_TOUCH_DAYS):
                conversations = len(network.timeline.get(slug, ()))
                introduced = len(network.introduced.get(slug, ()))
                self.ties[slug] = Tie(slug, contact.circle, last, days, conversations, introduced,
                                      tie_points(contact.circle, days, conversations, introduced))
        self.graph = self._relations(connections or Connections(network))
        self._ways = self._best_ways()

    def rebound(self, network: Network, directory: Directory) -> WarmPaths:
        """These ways, for a network with the same people and relations as this one's (under
        `kith serve`, the next build after a save that changed neither): none worked out again."""
        twin = copy.copy(self)
        twin.network, twin.directory = network, directory
        return twin

    def in_touch(self, slug: str) -> bool:
        return slug in self.ties

    # The relations, as a graph of people: only pairs a way can use (not two people in touch).

    def _relations(self, connections: Connections) -> nx.DiGraph:
        import networkx as nx  # here, not at the top: every `kith` command imports this module

        graph = nx.DiGraph()
        ties = self.ties
        for connection in connections.all:
            a, b = connection.source, connection.target
            if a in ties and b in ties:
                continue
            if connection.kind == INTRODUCTION and connection.introducer is not None:
                introducer = connection.introducer
                other = connection.other(introducer)
                points = RELATION_POINTS[INTRODUCED_ME_TO]
                self._relate(graph, introducer, other, Relation(INTRODUCED_ME_TO, points, connection.weight))
                back = Relation(INTRODUCED_TO_ME_BY, points, connection.weight)
                self._relate(graph, other, introducer, back)
            elif connection.kind == INTRODUCTION:
                relation = Relation(I_INTRODUCED, RELATION_POINTS[I_INTRODUCED], connection.weight)
                self._relate(graph, a, b, relation)
                self._relate(graph, b, a, relation)
            elif connection.kind == MET:
                relation = Relation(MET_TOGETHER, min(connection.weight, MOST_MET_POINTS), connection.weight)
                self._relate(graph, a, b, relation)
                self._relate(graph, b, a, relation)
        return graph

    @staticmethod
    def _relate(graph: nx.DiGraph, a: str, b: str, relation: Relation) -> None:
        known = graph.get_edge_data(a, b)
        if known is None or _stronger(relation, known["relation"]):
            graph.add_edge(a, b, relation=relation)

    # The best ways to every person not in touch, in two rounds: two steps, then three.

    def _best_ways(self) -> dict[str, list[Way]]:
        ties, graph, keep, names = self.ties, self.graph, self.keep, self._names
        members = self._colleagues()
        second: dict[str, dict[str, Way]] = defaultdict(dict)
        for slug in ties:
            start = self._start(slug)
            if slug in graph:
                for other, data in graph.adj[slug].items():
                    if other not in ties:
                        self._offer(second[other], start.then(other, data["relation"], names[other]))
        for key, people in members.items():
            known = sorted((self._start(s) for s in people if s in ties), key=_rank)[:keep]
            if not known:
                continue
            colleagues = Relation(COLLEAGUES, RELATION_POINTS[COLLEAGUES], company=key)
            for other in people:
                if other not in ties:
                    for start in known:
                        self._offer(second[other], start.then(other, colleagues, names[other]))
        two = {slug: self._best(ways) for slug, ways in second.items()}

        third: dict[str, dict[str, Way]] = defaultdict(dict)
        for slug, ways in two.items():
            if slug in graph:
                for other, data in graph.adj[slug].items():
                    if other not in ties:
                        for way in ways:
                            self._offer(third[other], way.then(other, data["relation"], names[other]))
        for key, people in members.items():
            colleagues = Relation(COLLEAGUES, RELATION_POINTS[COLLEAGUES], company=key)
            pooled = self._pooled(way for slug in people for way in two.get(slug, ()))
            if not pooled:
                continue
            for other in people:
                if other in ties:
                    continue
                for best, runner_up in pooled:
                    way = best if best.last != other else runner_up
                    if way is not None:
                        self._offer(third[other], way.then(other, colleagues, names[other]))
        found: dict[str, list[Way]] = {}
        for slug in set(two) | set(third):
            ways = dict(third.get(slug, {}))
            ways.update({way.first: way for way in two.get(slug, ())})  # two steps beat three
            found[slug] = self._best(ways)
        return found

    def _colleagues(self) -> dict[str, list[str]]:
        """Each company's people now (of two or more), by the company's key."""
        return {key: company.people for key, company in self.directory.companies.items()
                if len(company.people) > 1}

    def _pooled(self, ways: Iterable[Way]) -> list[tuple[Way, Way | None]]:
        """A company's two-step ways, for each first person the best and the best ending with
        someone else, for the 2 × keep + 1 best first people: whoever the way goes on to, at most
        `keep` of them end with that person, so the best `keep` others are among these."""
        best: dict[str, Way] = {}
        runner_up: dict[str, Way] = {}
        for way in ways:
            top = best.get(way.first)
            if top is None or way.rank < top.rank:
                if top is not None and top.last != way.last:
                    runner_up[way.first] = top
                best[way.first] = way
            elif way.last != top.last:
                second = runner_up.get(way.first)
                if second is None or way.rank < second.rank:
                    runner_up[way.first] = way
        chosen = sorted(best.values(), key=_rank)[:2 * self.keep + 1]
        return [(way, runner_up.get(way.first)) for way in chosen]

    def _start(self, slug: str) -> Way:
        """The one-step way to someone in touch."""
        points = self.ties[slug].points
        return Way((slug,), (), points, (1, -points, (self._names[slug],), (slug,)))

    @staticmethod
    def _offer(ways: dict[str, Way], way: Way) -> None:
        """Keeps the way if it is the best yet through its first person."""
        known = ways.get(way.first)
        if known is None or way.rank < known.rank:
            ways[way.first] = way

    def _best(self, ways: dict[str, Way]) -> list[Way]:
        return sorted(ways.values(), key=_rank)[:self.keep]

    # Questions.

    def ways(self, targets: Iterable[str], limit: int | None = None) -> list[Way]:
        """The best ways to any of these people, one for each person I would ask first."""
        found: dict[str, Way] = {}
        for slug in targets:
            if slug not in self.network.contacts:
                continue
            if slug in self.ties:
                self._offer(found, self._start(slug))
                continue
            for way in self._ways.get(slug, ()):
                self._offer(found, way)
        return sorted(found.values(), key=_rank)[:min(limit or self.keep, self.keep)]

    def describe(self, way: Way) -> str:
        """The way in words: `me → Kim Osei (close, ...) → introduced me to Dana Whitfield`."""
        return " → ".join(["me", *self.steps_in_words(way)])

    def steps_in_words(self, way: Way) -> list[str]:
        contacts = self.network.contacts
        steps = [f"{contacts[way.first].name} ({tie_words(self.ties[way.first])})"]
        for slug, relation in zip(way.people[1:], way.relations, strict=True):
            company = self.directory.companies.get(relation.company)
            before, after = relation_words(relation, company.name if company else "")
            steps.append(f"{before} {contacts[slug].name}{after}")
        return steps


def _rank(way: Way) -> tuple:
    return way.rank


def _stronger(relation: Relation, other: Relation) -> bool:
    order = (INTRODUCED_ME_TO, INTRODUCED_TO_ME_BY, I_INTRODUCED, MET_TOGETHER, COLLEAGUES)
    return (relation.points, -order.index(relation.kind)) > (other.points, -order.index(other.kind))


# How a way reads, the same in the terminal and on the site.

def tie_words(tie: Tie) -> str:
    """`close, last contact 12 days ago, 8 conversations, introduced me to 2 people`."""
    parts = [tie.circle] if tie.circle else []
    if tie.days is None:
        parts.append("no conversation yet")
    else:
        parts.append("last contact today" if tie.days == 0 else
                     f"last contact {_count(tie.days, 'day')} ago" if tie.days > 0 else
                     f"last contact in {_count(-tie.days, 'day')}")
    if tie.conversations:
        parts.append(_count(tie.conversations, "conversation"))
    if tie.introduced:
        parts.append(f"introduced me to {_count(tie.introduced, 'person', 'people')}")
    return ", ".join(parts)


def relation_words(relation: Relation, company_name: str = "") -> tuple[str, str]:
    """What goes before and after the next person's name: ("introduced me to", "")."""
    if relation.kind == INTRODUCED_ME_TO:
        return "introduced me to", ""
    if relation.kind == INTRODUCED_TO_ME_BY:
        return "was introduced to me by", ""
    if relation.kind == I_INTRODUCED:
        return "was introduced by me to", ""
    if relation.kind == MET_TOGETHER:
        return "met", " with me" + ("" if relation.count == 1 else f" {relation.count} times")
    return "works with", f" at {company_name}" if company_name else ""


def _count(number: int, word: str, plural: str | None = None) -> str:
    return f"{number} {word if number == 1 else plural or word + 's'}"
