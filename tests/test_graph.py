"""The network graph: who is connected to whom, the layout, `/graph/`, and each profile's own graph."""

from __future__ import annotations

import json
import math
import re
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from html_sections import Element, content, headings, parse
from kith.core.graph import INTRODUCTION, MET, NAMED, Connections, Graph, GraphNode, label_width
from kith.core.loader import load_vault
from kith.core.network import Network
from kith_vault import REPO, TODAY

sys.path.insert(0, str(REPO / "bench"))
import generate  # noqa: E402


def small_network(vault) -> None:  # type: ignore[no-untyped-def]
    """Ana and Ben met twice; I introduced Ben and Cleo; Ana introduced Dev; Eve knows nobody;
    Pat is private and met Ana."""
    vault.contact("ana", name="Ana Lima", circle="close", tags=["health/digital"], company="Northwind")
    vault.contact("ben", name="Ben Ode", circle="regular", tags=["health"])
    vault.contact("cleo", name="Cleo Park")
    vault.contact("dev", name="Dev Rao", circle="loose", introduced_by="[[Ana Lima]]")
    vault.contact("eve", name="Eve Stone")
    vault.contact("pat", name="Pat Secret", private=True, tags=["pat-only-topic"], company="Secretive Ltd")
    vault.note("2026-01-05-lunch", date="2026-01-05", title="Lunch", **{"with": ["ana", "ben"]})
    vault.note("2026-02-05-call", date="2026-02-05", title="Call", **{"with": ["Ana Lima", "Ben Ode"]})
    vault.note("2026-03-01-intro", date="2026-03-01", title="Intro", kind="introduction",
               **{"with": ["ben", "cleo"]})
    vault.note("2026-04-01-secret", date="2026-04-01", title="Secret lunch", **{"with": ["ana", "pat"]})


def connections_of(root: Path) -> Connections:
    return Connections(Network(load_vault(root)))


def test_meetings_and_introductions_become_edges(vault) -> None:  # type: ignore[no-untyped-def]
    small_network(vault)
    connections = connections_of(vault.root)
    found = {(c.source, c.target, c.kind): c for c in connections.all}
    assert found[("ana", "ben", MET)].weight == 2
    # The introduction note records no meeting: one introduction edge, no "met" edge.
    assert found[("ben", "cleo", INTRODUCTION)].introducer is None
    assert ("ben", "cleo", MET) not in found
    assert found[("ana", "dev", INTRODUCTION)].introducer == "ana"
    # A private person is in no edge; nobody's edges mention them.
    assert all("pat" not in (c.source, c.target) for c in connections.all)
    assert len(found) == 3
    assert connections.degree == {"ana": 2, "ben": 2, "cleo": 1, "dev": 1}


def test_overview_follows_every_change_to_what_it_shows(vault) -> None:  # type: ignore[no-untyped-def]
    """Layouts are kept between builds (`kith serve`): one of a changed network is never reused."""
    small_network(vault)
    first = connections_of(vault.root).overview(150)
    assert connections_of(vault.root).overview(150) is first  # nothing changed: kept
    vault.contact("ben", name="Ben Ode", circle="close", tags=["health"])
    moved = connections_of(vault.root).overview(150)
    assert moved is not first
    assert next(n.circle for n in moved.nodes if n.slug == "ben") == "close"
    vault.note("2026-05-01-coffee", date="2026-05-01", title="Coffee", **{"with": ["cleo", "eve"]})
    joined = connections_of(vault.root).overview(150)
    assert "eve" in {n.slug for n in joined.nodes}
    assert connections_of(vault.root).overview(150, width=400.0).width == 400.0


def test_overview_keeps_the_most_connected_and_says_how_many(vault) -> None:  # type: ignore[no-untyped-def]
    vault.contact("hub", name="Hub Person")
    for index in range(6):
        vault.contact(f"spoke-{index}", name=f"Spoke {index}")
        for day in range(index + 1):  # spoke-5 met most often
            vault.note(f"2026-01-{day + 1:02d}-s{index}", date=f"2026-01-{day + 1:02d}", title=f"S{index}",
                       **{"with": ["hub", f"spoke-{index}"]})
    for index in range(3):
        vault.contact(f"alone-{index}", name=f"Alone {index}")
    graph = connections_of(vault.root).overview(4)
    assert graph.total == 10 and graph.shown == 4 and graph.limited
    assert [n.slug for n in graph.nodes] == ["hub", "spoke-5", "spoke-4", "spoke-3"]
    assert {(e.connection.source, e.connection.target) for e in graph.edges} == {
        ("hub", "spoke-5"), ("hub", "spoke-4"), ("hub", "spoke-3")}
    check_layout(graph)
    everyone = connections_of(vault.root).overview(150)
    assert not everyone.limited and everyone.shown == 10
    # People connected to nobody are in the picture too, named, and clear of everyone else.
    check_layout(everyone)
    assert all(n.labelled for n in everyone.nodes)


def overlapping(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def label_box(graph: Graph, node: GraphNode) -> tuple[float, float, float, float]:
    width = label_width(node.name, graph.font_size)
    starts = {"middle": node.label_x - width / 2, "start": node.label_x, "end": node.label_x - width}
    left = starts[node.anchor]
    return (left, node.label_y - graph.font_size * 0.8, left + width, node.label_y + graph.font_size * 0.25)


def dot_box(node: GraphNode) -> tuple[float, float, float, float]:
    return (node.x - node.radius, node.y - node.radius, node.x + node.radius, node.y + node.radius)


def check_layout(graph: Graph) -> None:
    """Everything inside the frame; no name over another name or over a person; no person over
    another. Pairs are found through a grid, so a picture of hundreds is checked as fast."""
    for node in graph.nodes:
        assert node.x - node.radius >= 0 and node.x + node.radius <= graph.width, node
        assert node.y - node.radius >= 0 and node.y + node.radius <= graph.height, node
    boxes: list[tuple[str, tuple[float, float, float, float]]] = []
    for node in graph.nodes:
        boxes.append((f"{node.name}'s dot", dot_box(node)))
        if node.labelled:
            box = label_box(graph, node)
            assert box[0] >= 0 and box[2] <= graph.width and box[1] >= 0 and box[3] <= graph.height, box
            boxes.append((f"{node.name}'s name", box))
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, (_, box) in enumerate(boxes):
        for cx in range(int(box[0] // 50), int(box[2] // 50) + 1):
            for cy in range(int(box[1] // 50), int(box[3] // 50) + 1):
                cells[(cx, cy)].append(index)
    owner = [what.rsplit("'s ", 1)[0] for what, _ in boxes]
    for members in cells.values():
        for position, a in enumerate(members):
            for b in members[position + 1:]:
                if owner[a] != owner[b] and overlapping(boxes[a][1], boxes[b][1]):
                    raise AssertionError(f"{boxes[a][0]} overlaps {boxes[b][0]}")


@pytest.mark.parametrize("width", [760.0, 400.0])
def test_example_network_layout_is_legible_and_deterministic(width: float) -> None:
    network = Network(load_vault(REPO))
    graph = Connections(network).overview(150, width=width)
    again = Connections(Network(load_vault(REPO))).overview(150, width=width)
    assert [(n.slug, n.x, n.y, n.label_x, n.label_y) for n in graph.nodes] == [
        (n.slug, n.x, n.y, n.label_x, n.label_y) for n in again.nodes]
    assert graph.shown == len(network.contacts)
    check_layout(graph)
    # On the example network every name is written out, not left to a tooltip.
    assert all(n.labelled for n in graph.nodes)


def distance_out(graph: Graph, node: GraphNode) -> float:
    """How far from the middle, with the picture's stretch taken out (landscape or upright)."""
    aspect = 0.75 if graph.width >= 600 else 1.9
    return math.hypot(node.x - graph.middle[0], (node.y - graph.middle[1]) / aspect)


@pytest.fixture(scope="module")
def generated_network(tmp_path_factory: pytest.TempPathFactory) -> Network:
    """A vault as bench/generate.py makes them: 250 people with circles, companies and tags."""
    root = tmp_path_factory.mktemp("generated") / "vault"
    generate.write_vault(generate.plan_vault(250, seed=5, today=generate.parse_date(TODAY)), root)
    return Network(load_vault(root))


@pytest.mark.parametrize("width", [760.0, 400.0])
def test_a_few_hundred_people_are_named_and_sit_by_circle(generated_network: Network, width: float) -> None:
    connections = Connections(generated_network)
    graph = connections.overview(150, width=width)
    assert graph.shown == 150 and graph.limited
    check_layout(graph)
    assert all(n.labelled for n in graph.nodes), "up to 200 people, every one is named"
    # Close people in the middle, then regular, loose, and no circle furthest out.
    by_circle: dict[str | None, list[float]] = defaultdict(list)
    for node in graph.nodes:
        by_circle[node.circle].append(distance_out(graph, node))
    means = [sum(by_circle[c]) / len(by_circle[c])
             for c in ("close", "regular", "loose", None) if by_circle[c]]
    assert len(means) == 4 and means == sorted(means), means
    # Ties bend towards the middle instead of cutting straight across the names.
    assert any(e.cx is not None for e in graph.edges)
    assert all(e.path.startswith("M") for e in graph.edges)


def test_beyond_two_hundred_people_the_rest_are_dots_named_on_focus(vault) -> None:  # type: ignore[no-untyped-def]
    """300 people in chains: the first 200 (by circle, then most connected) are named; the rest
    are dots whose names show on hover and focus; nothing overlaps."""
    for index in range(300):
        vault.contact(f"p{index:03d}", name=f"Person Number {index}",
                      circle="close" if index % 50 == 0 else None)
    for index in range(0, 299):
        if index % 7:
            vault.note(f"2025-01-01-n{index}", date="2025-01-01", title=f"N{index}",
                       **{"with": [f"p{index:03d}", f"p{index + 1:03d}", f"p{(index * 13) % 300:03d}"]})
    graph = connections_of(vault.root).overview(300)
    assert graph.shown == 300
    check_layout(graph)
    named = [n for n in graph.nodes if n.labelled]
    assert len(named) == NAMED
    assert all(n.labelled for n in graph.nodes if n.circle == "close")


def test_profile_graph_is_the_person_and_their_connections(vault) -> None:  # type: ignore[no-untyped-def]
    small_network(vault)
    connections = connections_of(vault.root)
    ana = connections.ego("ana")
    assert ana is not None
    assert ana.nodes[0].slug == "ana" and ana.nodes[0].centre
    assert [n.slug for n in ana.nodes[1:]] == ["ben", "dev"]  # strongest first: two meetings, then one
    assert {e.connection.kind for e in ana.edges} == {MET, INTRODUCTION}
    assert connections.ego("eve") is None
    check_layout(ana)


@pytest.mark.parametrize("friends", [3, 9, 30])
def test_profile_graph_with_long_names_stays_clear(vault, friends: int) -> None:  # type: ignore[no-untyped-def]
    """Names of 29 characters all round: the frame widens for them, nothing overlaps, the person
    whose profile it is is always named, and so are most of the others."""
    vault.contact("me-hub", name="Hub")
    for index in range(friends):
        vault.contact(f"friend-{index:02d}", name=f"Friend with a longish name {index:02d}")
        for day in range(1 + index % 4):
            vault.note(f"2026-01-0{day + 1}-f{index}", date=f"2026-01-0{day + 1}", title=f"F{index}",
                       **{"with": ["me-hub", f"friend-{index:02d}"]})
    graph = connections_of(vault.root).ego("me-hub", limit=16)
    assert graph is not None and graph.shown == min(friends, 16) + 1 and graph.total == friends + 1
    assert graph.limited == (friends > 16)
    check_layout(graph)
    assert graph.nodes[0].centre and graph.nodes[0].labelled
    assert sum(n.labelled for n in graph.nodes) >= 0.75 * graph.shown


def test_every_profile_graph_of_a_few_hundred_names_everyone(generated_network: Network) -> None:
    connections = Connections(generated_network)
    profiles = 0
    for slug in generated_network.contacts:
        graph = connections.ego(slug)
        if graph is None:
            continue
        profiles += 1
        check_layout(graph)
        assert all(n.labelled for n in graph.nodes), slug
    assert profiles > 150


def test_explorer_data_is_the_public_network_only(vault) -> None:  # type: ignore[no-untyped-def]
    small_network(vault)
    connections = connections_of(vault.root)
    data = connections.explorer_data(["ana", "ben", "eve"], "../contacts/__slug__/")
    text = json.dumps(data)
    for secret in ("pat", "Pat Secret", "pat-only-topic", "Secretive"):
        assert secret not in text
    people = {row[0]: row for row in data["people"]}
    # Everyone with a connection, and everyone in the picture (Eve, who knows nobody).
    assert set(people) == {"ana", "ben", "cleo", "dev", "eve"}
    tags = [tag for tag, _ in data["tags"]]
    # A tag's parents count too: a filter on `health` finds Ana, tagged `health/digital`.
    assert sorted(tags[i] for i in people["ana"][5]) == ["health", "health/digital"]
    assert dict(data["tags"]) == {"health": 2, "health/digital": 1}
    assert people["ana"][1:5] == ["Ana Lima", "close", "Northwind", 3]
    links = data["links"]
    slugs = [row[0] for row in data["people"]]
    ties = {(slugs[links[i]], slugs[links[i + 1]], links[i + 2], links[i + 3])
            for i in range(0, len(links), 4)}
    assert ties == {("ana", "ben", 0, 2), ("ben", "cleo", 1, 1), ("ana", "dev", 2, 1)}
    assert data["profile"] == "../contacts/__slug__/"


def svg_links(element: Element) -> list[Element]:
    return [a for svg in element.find_all("svg") for a in svg.find_all("a")]


def test_graph_page_and_profile_sections_in_the_built_site(vault) -> None:  # type: ignore[no-untyped-def]
    small_network(vault)
    vault.contact("loner", name="Lone Ranger")
    vault.contact("odd", name="<b>Odd</b> & Co", circle="close")
    vault.contact("zoe", name="Zoë Ōkubo 🎉", circle="regular")
    vault.note("2026-05-01-odd", date="2026-05-01", title="Odd", **{"with": ["odd", "eve", "zoe"]})
    result = vault.build(strict=True)
    assert result.returncode == 0, result.log
    html = result.page("graph/")
    page = content(html)
    assert page.find("h1").text() == "Network graph"
    wide = page.find("svg", "kith-graph--wide")
    narrow = page.find("svg", "kith-graph--narrow")
    assert wide is not None and narrow is not None
    everyone = ("ana", "ben", "cleo", "dev", "eve", "loner", "odd", "zoe")
    for svg in (wide, narrow):
        nodes = svg.find_all("a", "kith-node")
        # Links in an SVG are xlink:href, which Material's instant navigation leaves alone.
        assert sorted(a.attrs["xlink:href"] for a in nodes) == sorted(
            f"../contacts/{slug}/" for slug in everyone)
        assert all("href" not in a.attrs for a in nodes)
        titles = [a.find("title").text() for a in nodes]
        assert any(t.startswith("Ana Lima · 3 conversations") for t in titles), titles
        assert "Pat Secret" not in svg.text()
    legend = page.find("ul", "kith-legend").text()
    assert "Close circle" in legend and "Introduction" in legend and "Met together" in legend
    assert "<b>Odd</b>" not in html and "&lt;b&gt;Odd&lt;/b&gt; &amp; Co" in html
    assert "most connected of" not in html
    # The text alternative: everyone in the picture, by circle, each a link.
    listing = page.find("details", "kith-graph-list")
    assert listing is not None
    listed = {a.attrs["href"] for a in listing.find_all("a")}
    assert listed == {f"../contacts/{slug}/" for slug in everyone}
    assert [h.text().rsplit(" ", 1)[0] for h in listing.find_all("h2")] == [
        "Close circle", "Regular circle", "Loose circle", "No circle"]
    # The script's data: what the page shows, nothing private, every name as written.
    data = json.loads(page.find("template", id="kith-graph-data").text())
    assert {row[1] for row in data["people"]} >= {"Ana Lima", "<b>Odd</b> & Co", "Zoë Ōkubo 🎉"}
    assert "Pat Secret" not in html and "pat-only-topic" not in html
    # Without the script, the controls that need it are not shown.
    assert page.find("div", "kith-graph-controls").attrs.get("hidden") is not None
    navigation = parse(result.page("")).find("nav", "md-nav--primary")
    assert any(a.text() == "Network graph" for a in navigation.find_all("a"))
    ana = result.page("contacts/ana/")
    assert "Connections" in headings(ana).values()
    ego = content(ana).find("svg", "kith-graph--ego")
    assert {a.attrs["xlink:href"] for a in ego.find_all("a", "kith-node")} == {
        "../../contacts/ana/", "../../contacts/ben/", "../../contacts/dev/"}
    assert "Pat Secret" not in ana
    loner = result.page("contacts/loner/")
    assert "Connections" not in headings(loner).values() and content(loner).find("svg", "kith-graph") is None


def test_no_page_has_an_svg_link_the_theme_would_break(example_site) -> None:  # type: ignore[no-untyped-def]
    """Material's instant navigation assigns `href` to every element that has one; an SVG link's
    cannot be assigned, and the theme's script stops. Every SVG link kith writes (the graph, a
    profile's connections, the charts on home and /stats/) uses xlink:href."""
    assert example_site.returncode == 0, example_site.log
    pages = sorted(example_site.site.rglob("*.html"))
    with_svg_links = 0
    for path in pages:
        links = svg_links(parse(path.read_text("utf-8")))
        assert all("href" not in a.attrs for a in links), path
        with_svg_links += bool(links)
    assert with_svg_links > 10  # the graph, the profiles, home, /stats/


def test_graph_limit_option_is_said_on_the_page(vault) -> None:  # type: ignore[no-untyped-def]
    small_network(vault)
    config = (vault.root / "mkdocs.yml").read_text("utf-8")
    config = config.replace("  - kith\n", "  - kith:\n      graph_limit: 2\n")
    vault.write("mkdocs.yml", config)
    result = vault.build(strict=True)
    assert result.returncode == 0, result.log
    page = content(result.page("graph/"))
    assert re.search(r"Showing the 2 most connected of 5 people", page.text())
    assert "graph_limit" in page.text()
    assert len(page.find("svg", "kith-graph--wide").find_all("a", "kith-node")) == 2
    # The script can still find and focus on everyone connected, beyond the picture.
    data = json.loads(page.find("template", id="kith-graph-data").text())
    assert {row[0] for row in data["people"]} == {"ana", "ben", "cleo", "dev"}
