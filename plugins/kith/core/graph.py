"""The network as a picture: people as nodes; who met whom and who introduced whom as edges.

Computed at build time in plain Python, and deterministic: the same vault gives the same picture.
The overview uses a Fruchterman-Reingold layout whose repulsion only looks at nearby nodes (a grid
of buckets one interaction range wide), so an iteration costs O(n), not O(n²). A profile's own
graph is a radial layout with no iterations, cheap enough for thousands of profiles.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .network import Network
from .slugs import name_key

MET = "met"
INTRODUCTION = "introduction"

FONT_SIZE = 13.0  # label size in SVG units; the templates and kith.css use the same
_CHAR_WIDTH = 0.56  # average glyph width of a sans-serif face, as a share of the font size
LABEL_GAP = 3.0
GRAVITY = 0.1
LAYOUT_ATTEMPTS = 6  # seeded starts tried on a small graph


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

    @property
    def introducer_name(self) -> str:
        return self.source_name if self.connection.introducer == self.connection.source else self.target_name

    @property
    def introduced_name(self) -> str:
        return self.target_name if self.connection.introducer == self.connection.source else self.source_name


@dataclass
class Graph:
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    width: float
    height: float
    total: int  # people who could be in the picture (public contacts, or a profile's connections)
    font_size: float = FONT_SIZE
    isolated_from: float | None = None  # y where the row of unconnected people starts, if any

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
        order = {"close": 0, "regular": 1, "loose": 2}
        return sorted({node.circle for node in self.nodes}, key=lambda c: order.get(c or "", 3))


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

    def node(self, slug: str) -> GraphNode:
        contact = self.network.contacts[slug]
        return GraphNode(slug, contact.name, contact.circle, len(self.network.timeline.get(slug, ())),
                         self.degree.get(slug, 0))

    def ranked(self) -> list[str]:
        """Everyone, most connected first (then most talked to, then by name)."""
        nodes = [self.node(slug) for slug in self.network.contacts]
        nodes.sort(key=lambda n: (-n.degree, -n.conversations, name_key(n.name), n.slug))
        return [node.slug for node in nodes]

    def overview(self, limit: int, *, width: float = 760.0, seed: int = 7) -> Graph:
        """The most connected `limit` people, laid out by force in a frame `width` units wide."""
        chosen = self.ranked()[:max(limit, 0)]
        nodes = [self.node(slug) for slug in chosen]
        chosen_set = set(chosen)
        connections = [c for c in self.all if c.source in chosen_set and c.target in chosen_set]
        linked = {slug for c in connections for slug in (c.source, c.target)}
        for node in nodes:
            node.radius = node_radius(node.conversations)
        connected = [node for node in nodes if node.slug in linked]
        loners = [node for node in nodes if node.slug not in linked]
        height = _frame_height(len(connected), width)
        _force_layout(connected, connections, width, height, seed)
        bottom = height if connected else 0.0
        isolated_from = None
        if loners:
            isolated_from = bottom + 8.0
            bottom = _grid_below(loners, width, isolated_from + 22.0)
        graph = Graph(nodes, _edges(connections, nodes), width, round(bottom + 6.0, 1),
                      len(self.network.contacts), font_size=FONT_SIZE + (1.0 if width >= 600 else 0.0),
                      isolated_from=isolated_from)
        place_labels(graph)
        return graph

    def ego(self, slug: str, *, limit: int = 16, width: float = 420.0) -> Graph | None:
        """One person and the people they are connected to, on a ring; None if they have nobody."""
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
        # An ellipse fills a landscape frame; side labels need room, top and bottom ones less.
        radius_x = width / 2 - 120.0
        radius_y = 62.0 if len(ring) <= 4 else 82.0
        height = 2 * radius_y + 92.0
        centre.x, centre.y = width / 2, height / 2
        for index, node in enumerate(ring):
            angle = -math.pi / 2 + 2 * math.pi * index / len(ring)
            node.x = round(centre.x + radius_x * math.cos(angle), 1)
            node.y = round(centre.y + radius_y * math.sin(angle), 1)
            cosine = math.cos(angle)
            gap = node.radius + LABEL_GAP
            if cosine > 0.35:
                node.anchor, node.label_x, node.label_y = "start", node.x + gap, node.y + FONT_SIZE * 0.35
            elif cosine < -0.35:
                node.anchor, node.label_x, node.label_y = "end", node.x - gap, node.y + FONT_SIZE * 0.35
            elif math.sin(angle) < 0:
                node.label_x, node.label_y = node.x, node.y - gap - 2.0
            else:
                node.label_x, node.label_y = node.x, node.y + gap + FONT_SIZE * 0.85
            node.label_x, node.label_y = round(node.label_x, 1), round(node.label_y, 1)
        centre.label_x = centre.x
        centre.label_y = round(centre.y + centre.radius + LABEL_GAP + FONT_SIZE * 0.85, 1)
        shown_set = set(shown)
        connections = [c for c in own if c.other(slug) in shown_set]
        nodes = [centre, *ring]
        graph = Graph(nodes, _edges(connections, nodes), width, round(height, 1), len(others) + 1)
        place_labels(graph, prefer_own=True)
        return graph


def node_radius(conversations: int) -> float:
    """Area grows with the number of conversations, within limits that keep small people visible."""
    return round(min(5.0 + 2.2 * math.sqrt(conversations), 22.0), 1)


def edge_width(connection: Connection) -> float:
    if connection.kind == INTRODUCTION:
        return 1.6
    return round(min(1.2 + 1.3 * math.log2(connection.weight), 6.0), 1)


def label_width(text: str, font_size: float = FONT_SIZE) -> float:
    return len(text) * font_size * _CHAR_WIDTH


def _frame_height(count: int, width: float) -> float:
    """Enough area for each person's label; a portrait frame for a narrow (phone) layout."""
    if count == 0:
        return 0.0
    spacing = 96.0 if width < 600 else 124.0
    return round(min(max(count * spacing * spacing / width, 300.0), 3 * width), 1)


def _edges(connections: Iterable[Connection], nodes: list[GraphNode]) -> list[GraphEdge]:
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
        edges.append(GraphEdge(connection, round(start.x + shift_x, 1), round(start.y + shift_y, 1),
                               round(end.x + shift_x, 1), round(end.y + shift_y, 1), edge_width(connection),
                               start.name, end.name))
    return edges


def _force_layout(nodes: list[GraphNode], connections: list[Connection], width: float, height: float,
                  seed: int) -> None:
    """Fruchterman-Reingold from a few seeded starts; the start whose result crosses fewest lines wins.

    Extra starts are tried only on small graphs, where counting crossings (pairs of lines) is cheap.
    """
    count = len(nodes)
    if count == 0:
        return
    if count == 1:
        nodes[0].x, nodes[0].y = round(width / 2, 1), round(height / 2, 1)
        return
    index = {node.slug: i for i, node in enumerate(nodes)}
    springs = [(index[c.source], index[c.target], 1.0 + 0.4 * math.log2(c.weight)) for c in connections]
    key = (count, tuple(springs), width, height, seed)
    best = _LAYOUTS.get(key)
    if best is None:
        lines = sorted({(min(a, b), max(a, b)) for a, b, _ in springs})
        attempts = LAYOUT_ATTEMPTS if len(lines) <= 120 else 1
        for attempt in range(attempts):
            xs, ys = _force_positions(count, springs, width, height, random.Random(seed + attempt),
                                      attempt > 0)
            crossings = _crossings(lines, xs, ys) if attempts > 1 else 0
            if best is None or crossings < best[0]:
                best = (crossings, xs, ys)
        assert best is not None
        if len(_LAYOUTS) >= 8:
            _LAYOUTS.pop(next(iter(_LAYOUTS)))
        _LAYOUTS[key] = best
    _fit(nodes, best[1], best[2], width, height)


# The layout is a pure function of its inputs; under `kith serve` most saves leave them unchanged,
# so the last few layouts are kept instead of being recomputed on every rebuild.
_LAYOUTS: dict[tuple, tuple[int, list[float], list[float]]] = {}


def _crossings(lines: list[tuple[int, int]], xs: list[float], ys: list[float]) -> int:
    """How many pairs of lines cross (lines sharing an end do not count)."""
    def side(a: int, b: int, c: int) -> float:
        return (xs[b] - xs[a]) * (ys[c] - ys[a]) - (ys[b] - ys[a]) * (xs[c] - xs[a])

    total = 0
    for position, (a, b) in enumerate(lines):
        for c, d in lines[position + 1:]:
            if len({a, b, c, d}) < 4:
                continue
            if side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0:
                total += 1
    return total


def _force_positions(count: int, springs: list[tuple[int, int, float]], width: float, height: float,
                     rng: random.Random, scatter: bool) -> tuple[list[float], list[float]]:
    """Fruchterman-Reingold, with repulsion limited to 2k and found through a bucket grid."""
    centre_x, centre_y = width / 2, height / 2
    k = math.sqrt(width * height / count) * 0.75
    reach = 2 * k
    # Start on a sunflower spiral, most connected in the middle, with seeded jitter
    # (a little on the first start, a lot on the others).
    jitter = k * 0.8 if scatter else 1.0
    golden = math.pi * (3 - math.sqrt(5))
    xs = [0.0] * count
    ys = [0.0] * count
    for i in range(count):
        r = k * 0.6 * math.sqrt(i + 0.5)
        xs[i] = centre_x + r * math.cos(i * golden) * (width / height) ** 0.5 + rng.uniform(-jitter, jitter)
        ys[i] = centre_y + r * math.sin(i * golden) * (height / width) ** 0.5 + rng.uniform(-jitter, jitter)
    # Gravity keeps separate groups in one picture; weaker along the frame's long side.
    gravity_x = GRAVITY * min(1.0, height / width)
    gravity_y = GRAVITY * min(1.0, width / height)
    iterations = max(60, min(300, 45000 // count))
    temperature = max(width, height) / 8
    cooling = temperature / (iterations + 1)
    neighbour_cells = ((0, 0), (1, 0), (-1, 1), (0, 1), (1, 1))  # each pair of cells once
    for _ in range(iterations):
        push_x = [0.0] * count
        push_y = [0.0] * count
        buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in range(count):
            buckets[(int(xs[i] // reach), int(ys[i] // reach))].append(i)
        for (cell_x, cell_y), members in buckets.items():
            for offset_x, offset_y in neighbour_cells:
                same = offset_x == 0 and offset_y == 0
                others = members if same else buckets.get((cell_x + offset_x, cell_y + offset_y))
                if not others:
                    continue
                for a_position, a in enumerate(members):
                    for b in (members[a_position + 1:] if same else others):
                        dx, dy = xs[a] - xs[b], ys[a] - ys[b]
                        distance_sq = dx * dx + dy * dy
                        if distance_sq >= reach * reach:
                            continue
                        if distance_sq < 1e-4:  # on top of each other: part them in a fixed direction
                            dx, dy, distance_sq = 0.01 * (a - b), 0.01, 1e-4 * (1 + (a - b) ** 2)
                        distance = math.sqrt(distance_sq)
                        force = k * k / distance_sq  # (k²/d) along the unit vector (dx/d, dy/d)
                        push_x[a] += dx * force
                        push_y[a] += dy * force
                        push_x[b] -= dx * force
                        push_y[b] -= dy * force
        for a, b, strength in springs:
            dx, dy = xs[a] - xs[b], ys[a] - ys[b]
            distance = math.sqrt(dx * dx + dy * dy) or 0.01
            force = distance * strength / k  # (d²/k) along the unit vector
            push_x[a] -= dx * force
            push_y[a] -= dy * force
            push_x[b] += dx * force
            push_y[b] += dy * force
        for i in range(count):
            push_x[i] -= (xs[i] - centre_x) * gravity_x
            push_y[i] -= (ys[i] - centre_y) * gravity_y
            length = math.sqrt(push_x[i] ** 2 + push_y[i] ** 2)
            if length > 0:
                step = min(length, temperature)
                xs[i] += push_x[i] / length * step
                ys[i] += push_y[i] / length * step
        temperature -= cooling
    return xs, ys


def _fit(nodes: list[GraphNode], xs: list[float], ys: list[float], width: float, height: float) -> None:
    """Scale the layout into the frame, leaving room at the sides for labels."""
    margin_x = min(70.0, width * 0.12)
    margin_top, margin_bottom = 24.0, 30.0
    low_x, high_x, low_y, high_y = min(xs), max(xs), min(ys), max(ys)
    span_x = (high_x - low_x) or 1.0
    span_y = (high_y - low_y) or 1.0
    for i, node in enumerate(nodes):
        node.x = round(margin_x + (xs[i] - low_x) / span_x * (width - 2 * margin_x), 1)
        node.y = round(margin_top + (ys[i] - low_y) / span_y * (height - margin_top - margin_bottom), 1)


def _grid_below(nodes: list[GraphNode], width: float, top: float) -> float:
    """People connected to no one shown, in rows under the picture; returns the new bottom."""
    column = 118.0
    columns = max(1, int((width - 20) // column))
    used = min(columns, len(nodes))
    left = (width - used * column) / 2 + column / 2
    y = top
    for i, node in enumerate(nodes):
        row, col = divmod(i, columns)
        y = top + row * 44.0
        node.x, node.y = round(left + col * column, 1), round(y, 1)
    return y + 30.0


def place_labels(graph: Graph, *, prefer_own: bool = False) -> None:
    """Put each label where it overlaps no other label or node, most connected people first.

    Tries the place already set (with `prefer_own`), then below, right, left and above the node;
    a label with no free place is shown on hover and focus only.
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
            for other in occupied[key]:
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
    for node in graph.nodes:  # already most connected first
        text_width = label_width(node.name, font)
        gap = node.radius + LABEL_GAP
        diagonal = node.radius * 0.7
        options = [
            ("middle", node.x, node.y + gap + font * 0.8),
            ("start", node.x + gap, node.y + font * 0.35),
            ("end", node.x - gap, node.y + font * 0.35),
            ("middle", node.x, node.y - gap - 2.0),
            ("start", node.x + diagonal, node.y + gap + font * 0.8),
            ("end", node.x - diagonal, node.y + gap + font * 0.8),
            ("start", node.x + diagonal, node.y - gap - 2.0),
            ("end", node.x - diagonal, node.y - gap - 2.0),
        ]
        if prefer_own:
            options.insert(0, (node.anchor, node.label_x, node.label_y))
        node.labelled = False
        for anchor, x, y in options:
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
            anchor, x, y = options[0]
            node.anchor, node.label_x, node.label_y = anchor, round(x, 1), round(y, 1)
