"""The network as a picture: people as nodes; who met whom and who introduced whom as edges.

Computed at build time in plain Python, and deterministic: the same vault gives the same picture.

The overview (`/graph/`) is a cloud of names by circle: close in the middle, then regular, loose,
and people with no circle outermost, every person with their name beside them. A force layout of
a few hundred people whose meetings fall into no clear groups is a hairball however it is tuned,
and leaves no room for names; here each circle is ordered round the middle so people sit near the
people they know (a few sweeps of barycentres, O(n log n + edges) each), then packed outwards on
spirals as a word cloud is, against a grid of buckets (each check looks at a few neighbours, never
at every name). The lines bend towards the middle. The page's script (kith-graph.js) reads
`explorer_data` to focus on one person, filter and zoom.

A profile's own graph is the person and their closest connections on an ellipse, names placed
where they overlap nothing (`place_labels`): no iterations, cheap enough for thousands of profiles.
"""

from __future__ import annotations

import bisect
import copy
import itertools
import math
import operator
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .network import Network
from .slugs import name_key

MET = "met"
INTRODUCTION = "introduction"

FONT_SIZE = 13.0  # label size in SVG units; the templates and kith-graph.css use the same
_CHAR_WIDTH = 0.56  # average glyph width of a sans-serif face, as a share of the font size
LABEL_GAP = 3.0

CIRCLES: tuple[str | None, ...] = ("close", "regular", "loose", None)  # inside out
# The overview's cloud of names, in the SVG's units.
ROW = 22.0  # a spiral moves out by one row of names a turn
PACK_STEP = 6.0  # how far along the spiral the next place to try is
MAX_STEPS = 20_000  # a bound no real picture reaches: a spiral that long has passed every free place
MAX_TURN = 0.5  # the most a spiral turns (radians) in one step
PILL_GAP = 4.0  # around a person and their name
MAX_AIR = 36.0  # more room around each name, when there are few
OVERVIEW_LARGEST = 12.0  # the largest dot on the overview (a profile's: 22)
EGO_FONT = 14.0  # names on a profile's graph
EGO_NARROWEST = 70.0  # the narrowest a profile's ellipse gets (half its width)
NAMED = 200  # beyond this many people, the overview shows the rest as dots, named on hover and focus
SWEEPS = 12  # barycentre sweeps; each is O(n log n + edges)
WIDE_ASPECT = 0.75  # a spiral's height over its width: landscape in a wide column
NARROW_ASPECT = 1.9  # upright on a phone
CURVE = 0.45  # how far a line across the picture bends towards its middle
ARC_SAMPLES = 720  # points an ellipse's length is measured at, to space people evenly along it


@dataclass(frozen=True)
class Connection:
    """One relation between two people: met together, or an introduction."""

    source: str  # the smaller slug of the pair, for a stable order
    target: str
    kind: str  # MET or INTRODUCTION
    weight: int  # conversations together, or introductions made
    introducer: str | None = None  # an introduction from `introduced_by`: who made it; None: I did

    def other(self, slug: str) -> str:
        return self.target if slug == self.source else self.source


@dataclass
class GraphNode:
    slug: str
    name: str
    circle: str | None
    conversations: int
    degree: int  # distinct people this person is connected to, in the whole network
    x: float = 0.0
    y: float = 0.0
    radius: float = 0.0
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "middle"  # the label's text-anchor
    labelled: bool = True  # False: no room for the label; it shows on hover and focus only
    centre: bool = False  # the person whose profile the graph is on
    company: str = ""


@dataclass(frozen=True)
class GraphEdge:
    connection: Connection
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    source_name: str = ""  # names of the two people, for the line's tooltip
    target_name: str = ""
    cx: float | None = None  # the control point of a curved line; None: straight
    cy: float | None = None

    @property
    def introducer_name(self) -> str:
        return self.source_name if self.connection.introducer == self.connection.source else self.target_name

    @property
    def introduced_name(self) -> str:
        return self.target_name if self.connection.introducer == self.connection.source else self.source_name

    @property
    def path(self) -> str:
        """The line as an SVG path: a quadratic curve, or a straight segment."""
        if self.cx is None or self.cy is None:
            return f"M{self.x1} {self.y1}L{self.x2} {self.y2}"
        return f"M{self.x1} {self.y1}Q{self.cx} {self.cy} {self.x2} {self.y2}"


@dataclass
class Graph:
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    width: float
    height: float
    total: int  # people who could be in the picture (public contacts, or a profile's connections)
    font_size: float = FONT_SIZE
    middle: tuple[float, float] = (0.0, 0.0)  # what the picture is arranged round

    @property
    def shown(self) -> int:
        return len(self.nodes)

    @property
    def limited(self) -> bool:
        return self.shown < self.total

    @property
    def connections(self) -> int:
        return len({(e.connection.source, e.connection.target) for e in self.edges})

    def kinds(self) -> set[str]:
        return {edge.connection.kind for edge in self.edges}

    def circles(self) -> list[str | None]:
        """The circles present, in the legend's order (close, regular, loose, none)."""
        return sorted({node.circle for node in self.nodes}, key=circle_rank)

    def by_circle(self) -> list[tuple[str | None, list[GraphNode]]]:
        """The people in the picture by circle, each circle's by name: the picture as a list."""
        groups: dict[str | None, list[GraphNode]] = defaultdict(list)
        for node in self.nodes:
            groups[node.circle].append(node)
        return [(circle, sorted(groups[circle], key=lambda n: (name_key(n.name), n.slug)))
                for circle in self.circles()]


# Overview layouts by everything they are made from (`Connections.overview`); the Graph given out
# is never changed by its readers.
_OVERVIEWS: dict[tuple, Graph] = {}


def circle_rank(circle: str | None) -> int:
    return CIRCLES.index(circle) if circle in CIRCLES else len(CIRCLES)


class Connections:
    """Every relation in the public network, found once, and indexed by person."""

    def __init__(self, network: Network) -> None:
        self.network = network
        contacts = network.contacts
        pairs: dict[tuple[str, str, str], Connection] = {}
        introduced_in_notes: Counter[tuple[str, str]] = Counter()
        # A `kind: introduction` note: I introduced its participants to each other.
        for slug, introductions in network.introductions.items():
            for introduction in introductions:
                for other in introduction.people:
                    if slug < other and other in contacts and slug in contacts:
                        introduced_in_notes[(slug, other)] += 1
        for (first, second), count in introduced_in_notes.items():
            pairs[(first, second, INTRODUCTION)] = Connection(first, second, INTRODUCTION, count)
        # `introduced_by`: someone introduced this person to me.
        for slug in sorted(contacts):
            for introducer in contacts[slug].introduced_by:
                if introducer == slug or introducer not in contacts:
                    continue
                first, second = sorted((slug, introducer))
                key = (first, second, INTRODUCTION)
                known = pairs.get(key)
                weight = known.weight + 1 if known else 1
                pairs[key] = Connection(first, second, INTRODUCTION, weight, introducer)
        # Met together: notes shared, less the introduction notes, which record no meeting.
        for slug, counter in network.met_with.items():
            for other, count in counter.items():
                if slug < other and slug in contacts and other in contacts:
                    met = count - introduced_in_notes[(slug, other)]
                    if met > 0:
                        pairs[(slug, other, MET)] = Connection(slug, other, MET, met)
        self.all: list[Connection] = [pairs[key] for key in sorted(pairs)]
        self.by_person: dict[str, list[Connection]] = defaultdict(list)
        for connection in self.all:
            self.by_person[connection.source].append(connection)
            self.by_person[connection.target].append(connection)
        self.degree: dict[str, int] = {
            slug: len({c.other(slug) for c in connections}) for slug, connections in self.by_person.items()}
        self._ranked: list[str] | None = None

    def rebound(self, network: Network) -> Connections:
        """These connections, for a network with the same people and relations as this one's
        (see `WarmPaths.rebound`)."""
        twin = copy.copy(self)
        twin.network = network
        return twin

    def node(self, slug: str) -> GraphNode:
        contact = self.network.contacts[slug]
        return GraphNode(slug, contact.name, contact.circle, len(self.network.timeline.get(slug, ())),
                         self.degree.get(slug, 0), company=contact.company or "")

    def ranked(self) -> list[str]:
        """Everyone, most connected first (then most talked to, then by name)."""
        if self._ranked is None:
            nodes = [self.node(slug) for slug in self.network.contacts]
            nodes.sort(key=lambda n: (-n.degree, -n.conversations, name_key(n.name), n.slug))
            self._ranked = [node.slug for node in nodes]
        return self._ranked

    def overview(self, limit: int, *, width: float = 760.0) -> Graph:
        """The most connected `limit` people by circle, in a frame `width` units wide (upright
        below 600: a phone's)."""
        chosen = self.ranked()[:max(limit, 0)]
        nodes = [self.node(slug) for slug in chosen]
        # Close people first: their names are placed first, and are what a reader looks for.
        nodes.sort(key=lambda n: circle_rank(n.circle))  # stable: most connected first within each
        chosen_set = set(chosen)
        connections = [c for c in self.all if c.source in chosen_set and c.target in chosen_set]
        # The layout depends on nothing else: under `kith serve` most saves leave it as it was.
        inputs = (width, len(self.network.contacts), tuple(connections),
                  tuple((n.slug, n.name, n.circle, n.conversations, n.degree, n.company) for n in nodes))
        laid_out = _OVERVIEWS.get(inputs)
        if laid_out is None:
            laid_out = _OVERVIEWS[inputs] = self._overview(nodes, connections, width)
            while len(_OVERVIEWS) > 4:  # the wide and the upright layout of the last two networks
                del _OVERVIEWS[next(iter(_OVERVIEWS))]
        return laid_out

    def _overview(self, nodes: list[GraphNode], connections: list[Connection], width: float) -> Graph:
        for node in nodes:  # smaller than on a profile: a row of names is as tall as its largest dot
            node.radius = node_radius(node.conversations, OVERVIEW_LARGEST)
        narrow = width < 600
        font_size = FONT_SIZE + (0.0 if narrow else 1.0)
        tracks = _tracks(nodes)
        _arrange(tracks, connections)
        named = {node.slug for node in nodes[:NAMED]}  # close people first, then the most connected
        height, middle = _pack(tracks, named, width, font_size, narrow)
        return Graph(nodes, _edges(connections, nodes, middle), width, height, len(self.network.contacts),
                     font_size=font_size, middle=middle)

    def ego(self, slug: str, *, limit: int = 16, width: float = 420.0) -> Graph | None:
        """One person and the people they are connected to, on an upright ellipse (it reads at a
        phone's width as well as in a column); None if they have nobody."""
        own = self.by_person.get(slug)
        if not own:
            return None
        strength: Counter[str] = Counter()
        for connection in own:
            strength[connection.other(slug)] += connection.weight
        others = sorted(strength, key=lambda s: (-strength[s], name_key(self.network.contacts[s].name), s))
        shown = others[:limit]
        centre = self.node(slug)
        centre.centre = True
        ring = [self.node(s) for s in shown]
        for node in (centre, *ring):
            node.radius = node_radius(node.conversations)
        # Names at the sides read outwards: room for the longest, the ellipse narrower (and taller)
        # for long names, and the frame wider only past that (the picture then drawn a little
        # smaller). A phone shows the frame about 360 px wide: 14 units stay 11 px or more up
        # to 460 units.
        font = EGO_FONT
        largest = max((n.radius for n in ring), default=5.0)
        longest = max((label_width(n.name, font) for n in ring), default=0.0)
        side_room = max(115.0, longest + largest + LABEL_GAP + 6.0)
        # Wide enough for the person's own name under them, clear of the people beside it.
        narrowest = max(EGO_NARROWEST, label_width(centre.name, font) / 2 + largest + 6.0)
        width = min(max(width, 2 * (side_room + narrowest)), 2 * width)
        radius_x = max(narrowest, min(width / 2 - side_room, 48.0 + 8.0 * len(ring)))
        spacing = 2 * largest + 16.0
        # Tall enough for the centre's name between them and whoever is right below.
        room = centre.radius + LABEL_GAP + font * 1.1 + largest + 4.0
        radius_y = max(radius_x * 0.8, room,
                       min(_upright_radius(len(ring) * spacing, radius_x), radius_x * 3.0))
        height = 2 * radius_y + 2 * (22.0 + 2.2 * font)  # two rows of names above and below
        centre.x, centre.y = width / 2, round(height / 2, 1)
        for node, (x, y) in zip(ring, _spaced_on_ellipse(len(ring), radius_x, radius_y), strict=True):
            node.x, node.y = round(centre.x + x, 1), round(centre.y + y, 1)
        shown_set = set(shown)
        connections = [c for c in own if c.other(slug) in shown_set]
        nodes = [centre, *ring]
        graph = Graph(nodes, _edges(connections, nodes), round(width, 1), round(height, 1), len(others) + 1,
                      font_size=font, middle=(centre.x, centre.y))
        place_labels(graph, outward_from=(centre.x, centre.y))
        return graph

    def explorer_data(self, shown: Iterable[str], profile_url: str) -> dict:
        """What the graph page's script reads to find, focus on and filter people: every public
        person with a connection (and everyone in the picture), their circle, company and tags
        (with each tag's parents, so a filter on `health` finds `health/digital`), and every
        connection between them. Built from the public network only: nobody private is in it.

        `people`: [slug, name, circle or "", company or "", conversations, [tag indexes]];
        `links`: flat, four numbers each: person, person, kind (0 met, 1 I introduced them,
        2 the first introduced the second to me, 3 the other way), weight;
        `profile`: a profile's URL with `__slug__` for the slug."""
        shown_set = set(shown)
        people = [slug for slug in self.ranked() if self.degree.get(slug) or slug in shown_set]
        index = {slug: position for position, slug in enumerate(people)}
        tag_people: Counter[str] = Counter()
        tags_of: list[list[str]] = []
        for slug in people:
            tags = sorted({key for tag in self.network.contacts[slug].tags for key in _tag_and_parents(tag)})
            tags_of.append(tags)
            tag_people.update(tags)
        tag_names = sorted(tag_people, key=lambda t: (name_key(t), t))
        tag_index = {tag: position for position, tag in enumerate(tag_names)}
        rows = []
        for slug, tags in zip(people, tags_of, strict=True):
            contact = self.network.contacts[slug]
            rows.append([slug, contact.name, contact.circle or "", contact.company or "",
                         len(self.network.timeline.get(slug, ())), [tag_index[t] for t in tags]])
        links: list[int] = []
        for connection in self.all:
            if connection.kind == MET:
                kind = 0
            elif connection.introducer is None:
                kind = 1
            else:
                kind = 2 if connection.introducer == connection.source else 3
            links += [index[connection.source], index[connection.target], kind, connection.weight]
        return {"people": rows, "tags": [[tag, tag_people[tag]] for tag in tag_names], "links": links,
                "shown": len(shown_set), "profile": profile_url}


def _tag_and_parents(tag: str) -> list[str]:
    parts = tag.split("/")
    return ["/".join(parts[:end]) for end in range(1, len(parts) + 1)]


def node_radius(conversations: int, largest: float = 22.0) -> float:
    """Area grows with the number of conversations, within limits that keep small people visible."""
    scale = largest / 22.0
    return round(min(scale * (5.0 + 2.2 * math.sqrt(conversations)), largest), 1)


def edge_width(connection: Connection) -> float:
    if connection.kind == INTRODUCTION:
        return 1.6
    return round(min(1.2 + 1.3 * math.log2(connection.weight), 6.0), 1)


def label_width(text: str, font_size: float = FONT_SIZE) -> float:
    """A generous estimate of a name's width: a wide character (CJK, emoji) counts nearly twice."""
    if text.isascii():
        return len(text) * font_size * _CHAR_WIDTH
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")
    return (len(text) + 0.8 * wide) * font_size * _CHAR_WIDTH


# The overview's cloud.

@dataclass
class _Track:
    """One circle's people in their order round the picture, each at a share of a turn."""

    circle: str | None
    members: list[GraphNode]
    turns: list[float] = field(default_factory=list)  # 0..1, clockwise from the top


def _tracks(nodes: list[GraphNode]) -> list[_Track]:
    by_circle: dict[str | None, list[GraphNode]] = defaultdict(list)
    for node in nodes:
        by_circle[node.circle if node.circle in CIRCLES else None].append(node)
    return [_Track(circle, by_circle[circle]) for circle in CIRCLES if by_circle.get(circle)]


def _arrange(tracks: list[_Track], connections: Sequence[Connection]) -> None:
    """Each circle's order round the picture, so people sit near the people they know.

    Start: by company, then name (colleagues side by side), inner circles staggered against outer
    ones. Then sweeps: each person's wished-for place is the mean direction of the people they
    know (and their own, to keep some of the order); a circle is sorted by wish, spaced evenly and
    turned to fit the wishes best. Each sweep is O(n log n + edges)."""
    neighbours: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for c in connections:
        strength = 1.0 + math.log2(c.weight)
        neighbours[c.source].append((c.target, strength))
        neighbours[c.target].append((c.source, strength))
    turn: dict[str, float] = {}
    for number, track in enumerate(tracks):
        track.members.sort(key=lambda n: (name_key(n.company), name_key(n.name), n.slug))
        count = len(track.members)
        stagger = (number % 2) * 0.5 / count
        track.turns = [index / count + stagger for index in range(count)]
        for node, share in zip(track.members, track.turns, strict=True):
            turn[node.slug] = share
    for _ in range(SWEEPS):
        for track in tracks:
            count = len(track.members)
            if count < 2:
                continue
            wishes = []
            for node in track.members:
                own = 2 * math.pi * turn[node.slug]
                x, y = 0.7 * math.sin(own), -0.7 * math.cos(own)
                for other, strength in neighbours.get(node.slug, ()):
                    angle = 2 * math.pi * turn[other]
                    x += strength * math.sin(angle)
                    y -= strength * math.cos(angle)
                wishes.append((math.atan2(x, -y) / (2 * math.pi)) % 1.0)
            order = sorted(range(count), key=lambda i: (wishes[i], track.members[i].slug))
            # Turn the evenly spaced circle so that, on the whole, people are where they wished.
            sin_sum = cos_sum = 0.0
            for slot, i in enumerate(order):
                offset = 2 * math.pi * (wishes[i] - slot / count)
                sin_sum += math.sin(offset)
                cos_sum += math.cos(offset)
            shift = (math.atan2(sin_sum, cos_sum) / (2 * math.pi)) % 1.0
            track.members = [track.members[i] for i in order]
            track.turns = [(slot / count + shift) % 1.0 for slot in range(count)]
            for node, share in zip(track.members, track.turns, strict=True):
                turn[node.slug] = share


class _Boxes:
    """Rectangles already taken, in a grid of buckets: a check looks at a few neighbours only."""

    def __init__(self, cell: float = 60.0) -> None:
        self.cell = cell
        self.grid: dict[tuple[int, int], list[tuple[float, float, float, float]]] = defaultdict(list)

    def _cells(self, box: tuple[float, float, float, float]) -> Iterable[tuple[int, int]]:
        cell = self.cell
        for cx in range(int(box[0] // cell), int(box[2] // cell) + 1):
            for cy in range(int(box[1] // cell), int(box[3] // cell) + 1):
                yield cx, cy

    def blocker(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float] | None:
        """A box already taken that overlaps `box`, or None."""
        for key in self._cells(box):
            for other in self.grid.get(key, ()):
                if box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]:
                    return other
        return None

    def take(self, box: tuple[float, float, float, float]) -> None:
        for key in self._cells(box):
            self.grid[key].append(box)


def _pack(tracks: list[_Track], named: set[str], width: float, font: float, narrow: bool
          ) -> tuple[float, tuple[float, float]]:
    """Each person with their name beside them (right of the middle: name on the right; left of
    it: on the left), closest circle first, each at the first free place on a spiral that starts
    where they wish to be (`_arrange`) and winds outwards, one row a turn, as a word cloud is
    packed. Every name is shown and none overlaps another name or a person.

    A spiral starts at its direction's frontier (how far out that direction is already full,
    in 48 sectors), not at the middle, so the work for each person is about one turn of the
    frontier, not the whole area inside it. People not in `named` take the room of their dot only
    and are named on hover and focus. Returns the frame's height and the middle."""
    if not tracks:
        return 0.0, (width / 2, 0.0)
    aspect = NARROW_ASPECT if narrow else WIDE_ASPECT
    margin = 4.0
    middle_x = width / 2
    boxes = _Boxes()
    sectors = 48
    frontier = [0.0] * sectors

    texts = {node.slug: label_width(node.name, font) if node.slug in named else -LABEL_GAP
             for track in tracks for node in track.members}
    usable = width / 2 - margin
    air = _air(len(texts), sum(texts.values()) / len(texts), width, font, aspect)

    def pill(node: GraphNode, x: float, y: float) -> tuple[tuple[float, float, float, float], str, float]:
        text = texts[node.slug]
        half = max(node.radius, font * 0.6) + PILL_GAP / 2 + air / 2
        gap = node.radius + LABEL_GAP
        side = PILL_GAP + air / 4
        if x >= middle_x - 0.5:
            right = (x - node.radius - side, y - half, x + gap + text + side, y + half)
            return right, "start", x + gap
        left = (x - gap - text - side, y - half, x + node.radius + side, y + half)
        return left, "end", x - gap

    def spot(node: GraphNode, radius: float, angle: float) -> tuple[float, float] | None:
        """Walk the spiral from (radius, angle) to the first free place; None past MAX_STEPS.
        Past a name in the way, the next try is where this one would clear it, not a step on."""
        for _ in range(MAX_STEPS):
            sine, cosine = math.sin(angle), math.cos(angle)
            x = middle_x + radius * sine
            y = -radius * aspect * cosine
            box, anchor, label_x = pill(node, x, y)
            speed = math.hypot(radius * cosine, radius * aspect * sine) or 1.0  # units per radian
            distance = PACK_STEP
            if box[0] >= margin and box[2] <= width - margin:
                blocker = boxes.blocker(box)
                if blocker is None:
                    boxes.take(box)
                    node.x, node.y = round(x, 1), round(y, 1)
                    node.anchor, node.label_x, node.label_y = anchor, label_x, y + font * 0.35
                    node.labelled = node.slug in named
                    return radius, angle
                across = min(box[2], blocker[2]) - max(box[0], blocker[0])
                down = min(box[3], blocker[3]) - max(box[1], blocker[1])
                move_x, move_y = abs(radius * cosine) / speed, abs(radius * aspect * sine) / speed
                distance = max(distance, 0.5 * min(across / move_x if move_x > 0.05 else math.inf,
                                             down / move_y if move_y > 0.05 else math.inf, 4 * ROW))
            step = min(distance / speed, MAX_TURN)  # near the middle a step is a small turn, not a leap
            if radius > usable:  # wider than the frame: skip the sides, where nothing fits
                edge = math.asin(usable / radius)
                turn = angle % (2 * math.pi)
                if edge < turn < math.pi - edge:
                    step = max(step, math.pi - edge - turn)
                elif math.pi + edge < turn < 2 * math.pi - edge:
                    step = max(step, 2 * math.pi - edge - turn)
            angle += step
            radius += ROW * step / (2 * math.pi) / aspect
        return None

    outer = 0.0  # how far out the circles so far reach
    for track in tracks:
        reach = outer
        wished = sorted(zip(track.turns, track.members, strict=True), key=lambda item: item[0])
        for share, node in wished:
            if node.slug not in named:
                continue
            sector = int(share * sectors) % sectors
            found = spot(node, max(frontier[sector] - ROW, outer * 0.85, 0.0), 2 * math.pi * share)
            if found is None:
                continue
            radius, angle = found
            where = int(((angle / (2 * math.pi)) % 1.0) * sectors) % sectors
            frontier[where] = max(frontier[where], radius)
            reach = max(reach, radius)
        # The unnamed (only beyond NAMED people): one spiral for the whole circle, walked once,
        # each person from where the last was put or where they wish to be, whichever is further.
        radius, angle = outer * 0.85, None
        for share, node in wished:
            if node.slug in named:
                continue
            wish = 2 * math.pi * share
            if angle is None:
                angle = wish
            else:
                base = angle - (angle % (2 * math.pi))
                angle = max(angle, base + wish)
            found = spot(node, radius, angle)
            if found is None:
                continue
            radius, angle = found
            reach = max(reach, radius)
        outer = reach
    nodes = [node for track in tracks for node in track.members]
    top = min(node.y - max(node.radius, font) for node in nodes) - 14.0
    bottom = max(node.y + max(node.radius, font) for node in nodes) + 14.0
    for node in nodes:
        node.y = round(node.y - top, 1)
        node.label_y = round(node.label_y - top, 1)
        node.label_x = round(node.label_x, 1)
    return round(bottom - top, 1), (round(middle_x, 1), round(-top, 1))


def _air(count: int, mean_text: float, width: float, font: float, aspect: float) -> float:
    """Room to leave around each name when there are few: a small network spreads over about a
    frame as tall as the spiral's shape, rather than huddling in the middle of it."""
    per_person = width * width * min(aspect, 1.0) / max(count, 1)
    return max(0.0, min(MAX_AIR, per_person / (mean_text + 3 * font) - 1.8 * font))


_ARC_ANGLES = [2 * math.pi * step / ARC_SAMPLES for step in range(ARC_SAMPLES + 1)]
_ARC_SINES = [math.sin(angle) for angle in _ARC_ANGLES]
_ARC_COSINES = [math.cos(angle) for angle in _ARC_ANGLES]


class _ArcTable:
    """Where a share of an ellipse's length falls, as an angle from the top (clockwise)."""

    def __init__(self, rx: float, ry: float) -> None:
        # The same sums as a loop over the points would make (`math.hypot` of the steps is
        # `math.dist` of the points), each step in C: every profile's picture makes a table.
        xs = [rx * sine for sine in _ARC_SINES]
        ys = [-ry * cosine for cosine in _ARC_COSINES]
        steps = map(math.hypot, map(operator.sub, xs[1:], xs), map(operator.sub, ys[1:], ys))
        self.lengths = list(itertools.accumulate(steps, initial=0.0))

    def angle(self, share: float) -> float:
        target = (share % 1.0) * self.lengths[-1]
        step = max(1, bisect.bisect_left(self.lengths, target))
        before, after = self.lengths[step - 1], self.lengths[step]
        part = (target - before) / (after - before) if after > before else 0.0
        return 2 * math.pi * (step - 1 + part) / ARC_SAMPLES


def _spaced_on_ellipse(count: int, rx: float, ry: float) -> list[tuple[float, float]]:
    """`count` points evenly spaced along an ellipse, the first at the top, clockwise."""
    if count == 0:
        return []
    arcs = _ArcTable(rx, ry)
    points = []
    for index in range(count):
        angle = arcs.angle(index / count)
        points.append((rx * math.sin(angle), -ry * math.cos(angle)))
    return points


def _upright_radius(length: float, radius_x: float) -> float:
    """The vertical radius of an ellipse `length` long whose horizontal radius is `radius_x`
    (Ramanujan's approximation of the length, solved by bisection)."""
    low, high = radius_x * 0.5, radius_x * 10
    for _ in range(40):
        middle = (low + high) / 2
        a, b = radius_x, middle
        h = ((a - b) / (a + b)) ** 2
        perimeter = math.pi * (a + b) * (1 + 3 * h / (10 + math.sqrt(4 - 3 * h)))
        low, high = (middle, high) if perimeter < length else (low, middle)
    return (low + high) / 2


def _edges(connections: Iterable[Connection], nodes: list[GraphNode],
           middle: tuple[float, float] | None = None) -> list[GraphEdge]:
    """The lines, straight, or with `middle` bent towards it the further apart their ends are
    round it: lines across the picture gather in its middle rather than crossing everything."""
    where = {node.slug: node for node in nodes}
    ordered = sorted(connections, key=lambda c: (c.kind != MET, c.source, c.target))
    kinds_per_pair = Counter((c.source, c.target) for c in ordered)
    edges = []
    for connection in ordered:
        start, end = where[connection.source], where[connection.target]
        shift_x = shift_y = 0.0
        if kinds_per_pair[(connection.source, connection.target)] > 1:
            # Met and introduced: two parallel lines, a little apart, so both show.
            length = math.hypot(end.x - start.x, end.y - start.y) or 1.0
            side = -1.0 if connection.kind == MET else 1.0
            shift_x = round(-(end.y - start.y) / length * 2.2 * side, 1)
            shift_y = round((end.x - start.x) / length * 2.2 * side, 1)
        control_x = control_y = None
        if middle is not None:
            apart = _angle_between(start, end, middle)
            if apart > 0.05:
                pull = CURVE * apart / math.pi
                control_x = round((start.x + end.x) / 2 * (1 - pull) + middle[0] * pull + shift_x, 1)
                control_y = round((start.y + end.y) / 2 * (1 - pull) + middle[1] * pull + shift_y, 1)
        edges.append(GraphEdge(connection, round(start.x + shift_x, 1), round(start.y + shift_y, 1),
                               round(end.x + shift_x, 1), round(end.y + shift_y, 1), edge_width(connection),
                               start.name, end.name, control_x, control_y))
    return edges


def _angle_between(a: GraphNode, b: GraphNode, middle: tuple[float, float]) -> float:
    """The angle a and b are apart, seen from the middle (0 when either is in it)."""
    ax, ay, bx, by = a.x - middle[0], a.y - middle[1], b.x - middle[0], b.y - middle[1]
    if math.hypot(ax, ay) < 1.0 or math.hypot(bx, by) < 1.0:
        return 0.0
    return abs(math.atan2(ax * by - ay * bx, ax * bx + ay * by))


# Labels.

_DIRECTIONS = {  # where a label goes, as a direction from its node, for ordering by outwardness
    "below": (0.0, 1.0), "right": (1.0, 0.0), "left": (-1.0, 0.0), "above": (0.0, -1.0),
    "below right": (0.7, 0.7), "below left": (-0.7, 0.7),
    "above right": (0.7, -0.7), "above left": (-0.7, -0.7),
    "further below": (0.0, 0.9), "further above": (0.0, -0.9),
}


def place_labels(graph: Graph, *, outward_from: tuple[float, float] | None = None) -> None:
    """Put each label where it overlaps no other label or node, in the order of `graph.nodes`
    (most important first); a label with no free place is shown on hover and focus only.

    With `outward_from`, the places facing away from that point are tried first (the names of a
    ring read outside it); otherwise below, right, left, above, then the diagonals.
    Boxes are kept in a grid of buckets, so each check looks at a few neighbours, not at every label.
    """
    cell = 60.0
    occupied: dict[tuple[int, int], list[tuple[float, float, float, float]]] = defaultdict(list)

    def cells(box: tuple[float, float, float, float]) -> Iterable[tuple[int, int]]:
        for cx in range(int(box[0] // cell), int(box[2] // cell) + 1):
            for cy in range(int(box[1] // cell), int(box[3] // cell) + 1):
                yield cx, cy

    def free(box: tuple[float, float, float, float], own: tuple[float, float, float, float]) -> bool:
        if box[0] < 1 or box[2] > graph.width - 1 or box[1] < 1 or box[3] > graph.height - 1:
            return False
        for key in cells(box):
            for other in occupied.get(key, ()):
                if other is own:
                    continue
                if box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]:
                    return False
        return True

    def take(box: tuple[float, float, float, float]) -> None:
        for key in cells(box):
            occupied[key].append(box)

    node_boxes = {}
    for node in graph.nodes:
        box = (node.x - node.radius, node.y - node.radius, node.x + node.radius, node.y + node.radius)
        node_boxes[node.slug] = box
        take(box)
    font = graph.font_size
    for node in graph.nodes:
        text_width = label_width(node.name, font)
        gap = node.radius + LABEL_GAP
        diagonal = node.radius * 0.7
        options = {
            "below": ("middle", node.x, node.y + gap + font * 0.8),
            "right": ("start", node.x + gap, node.y + font * 0.35),
            "left": ("end", node.x - gap, node.y + font * 0.35),
            "above": ("middle", node.x, node.y - gap - 2.0),
            "below right": ("start", node.x + diagonal, node.y + gap + font * 0.8),
            "below left": ("end", node.x - diagonal, node.y + gap + font * 0.8),
            "above right": ("start", node.x + diagonal, node.y - gap - 2.0),
            "above left": ("end", node.x - diagonal, node.y - gap - 2.0),
            # Past a neighbour's name: one line further out.
            "further below": ("middle", node.x, node.y + gap + font * 1.95),
            "further above": ("middle", node.x, node.y - gap - 2.0 - font * 1.15),
        }
        order = list(options)
        if outward_from is not None:
            out_x, out_y = node.x - outward_from[0], node.y - outward_from[1]
            length = math.hypot(out_x, out_y)
            if length > 1.0:
                out_x, out_y = out_x / length, out_y / length
                order.sort(key=lambda name: -(_DIRECTIONS[name][0] * out_x + _DIRECTIONS[name][1] * out_y))
        node.labelled = False
        for name in order:
            anchor, x, y = options[name]
            if anchor == "middle":  # near a side, slide a centred label inwards rather than lose it
                x = min(max(x, 2 + text_width / 2), graph.width - 2 - text_width / 2)
            left = x - text_width / 2 if anchor == "middle" else x if anchor == "start" else x - text_width
            box = (left, y - font * 0.8, left + text_width, y + font * 0.25)
            if free(box, node_boxes[node.slug]):
                node.anchor, node.label_x, node.label_y = anchor, round(x, 1), round(y, 1)
                node.labelled = True
                take(box)
                break
        if not node.labelled:
            anchor, x, y = options[order[0]]
            if anchor == "middle":
                x = min(max(x, 2 + text_width / 2), graph.width - 2 - text_width / 2)
            node.anchor, node.label_x, node.label_y = anchor, round(x, 1), round(y, 1)
