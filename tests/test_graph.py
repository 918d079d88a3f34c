"""The network graph: who is connected to whom, the layout, `/graph/`, and each profile's own graph."""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import pytest
from html_sections import content, headings, parse
from kith.core.graph import INTRODUCTION, MET, Connections, Graph, label_width
from kith.core.loader import load_vault
from kith.core.network import Network

REPO = Path(__file__).resolve().parent.parent


def small_network(vault) -> None:  # type: ignore[no-untyped-def]
    """Ana and Ben met twice; I introduced Ben and Cleo; Ana introduced Dev; Eve knows nobody;
    Pat is private and met Ana."""
    vault.contact("ana", name="Ana Lima", circle="close")
    vault.contact("ben", name="Ben Ode", circle="regular")
    vault.contact("cleo", name="Cleo Park")
    vault.contact("dev", name="Dev Rao", circle="loose", introduced_by="[[Ana Lima]]")
    vault.contact("eve", name="Eve Stone")
    vault.contact("pat", name="Pat Secret", private=True)
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
    everyone = connections_of(vault.root).overview(150)
    assert not everyone.limited and everyone.shown == 10
    # People connected to nobody shown sit in a row of their own under the picture.
    assert everyone.isolated_from is not None
    assert all(n.y > everyone.isolated_from for n in everyone.nodes if n.slug.startswith("alone"))


def overlapping(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def label_box(graph: Graph, node) -> tuple[float, float, float, float]:  # type: ignore[no-untyped-def]
    width = label_width(node.name, graph.font_size)
    starts = {"middle": node.label_x - width / 2, "start": node.label_x, "end": node.label_x - width}
    left = starts[node.anchor]
    return (left, node.label_y - graph.font_size * 0.8, left + width, node.label_y + graph.font_size * 0.25)


def check_layout(graph: Graph) -> None:
    for node in graph.nodes:
        assert node.x - node.radius >= 0 and node.x + node.radius <= graph.width, node
        assert node.y - node.radius >= 0 and node.y + node.radius <= graph.height, node
    labelled = [n for n in graph.nodes if n.labelled]
    boxes = [label_box(graph, n) for n in labelled]
    for box in boxes:
        assert box[0] >= 0 and box[2] <= graph.width and box[1] >= 0 and box[3] <= graph.height, box
    for (a, box_a), (b, box_b) in itertools.combinations(zip(labelled, boxes, strict=True), 2):
        assert not overlapping(box_a, box_b), f"labels of {a.name} and {b.name} overlap"
    for a, b in itertools.combinations(graph.nodes, 2):
        assert math.hypot(a.x - b.x, a.y - b.y) > 0.5 * (a.radius + b.radius), f"{a.name} on top of {b.name}"


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


def test_large_network_layout_stays_inside_its_frame(vault) -> None:  # type: ignore[no-untyped-def]
    """300 people in chains: the top 150 are placed; labels never overlap (some wait for hover)."""
    for index in range(300):
        vault.contact(f"p{index:03d}", name=f"Person Number {index}")
    for index in range(0, 299):
        if index % 7:
            vault.note(f"2025-01-01-n{index}", date="2025-01-01", title=f"N{index}",
                       **{"with": [f"p{index:03d}", f"p{index + 1:03d}", f"p{(index * 13) % 300:03d}"]})
    graph = connections_of(vault.root).overview(150)
    assert graph.shown == 150 and graph.limited
    check_layout(graph)
    assert sum(n.labelled for n in graph.nodes) >= 40


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


def test_profile_graph_shows_the_closest_when_there_are_many(vault) -> None:  # type: ignore[no-untyped-def]
    vault.contact("me-hub", name="Hub")
    for index in range(30):
        vault.contact(f"friend-{index:02d}", name=f"Friend {index:02d}")
        vault.note(f"2026-01-01-f{index}", date="2026-01-01", title=f"F{index}",
                   **{"with": ["me-hub", f"friend-{index:02d}"]})
    graph = connections_of(vault.root).ego("me-hub", limit=16)
    assert graph is not None and graph.shown == 17 and graph.total == 31 and graph.limited
    check_layout(graph)


def test_graph_page_and_profile_sections_in_the_built_site(vault) -> None:  # type: ignore[no-untyped-def]
    small_network(vault)
    vault.contact("loner", name="Lone Ranger")
    vault.contact("odd", name="<b>Odd</b> & Co", circle="close")
    vault.note("2026-05-01-odd", date="2026-05-01", title="Odd", **{"with": ["odd", "eve"]})
    result = vault.build(strict=True)
    assert result.returncode == 0, result.log
    html = result.page("graph/")
    page = content(html)
    assert page.find("h1").text() == "Network graph"
    wide = page.find("svg", "kith-graph--wide")
    narrow = page.find("svg", "kith-graph--narrow")
    assert wide is not None and narrow is not None
    for svg in (wide, narrow):
        nodes = svg.find_all("a", "kith-node")
        assert sorted(a.attrs["href"] for a in nodes) == sorted(
            f"../contacts/{slug}/" for slug in ("ana", "ben", "cleo", "dev", "eve", "loner", "odd"))
        titles = [a.find("title").text() for a in nodes]
        assert any(t.startswith("Ana Lima · 3 conversations") for t in titles), titles
        assert "Pat Secret" not in svg.text()
    legend = page.find("ul", "kith-legend").text()
    assert "Close circle" in legend and "Introduction" in legend and "Met together" in legend
    assert "<b>Odd</b>" not in html and "&lt;b&gt;Odd&lt;/b&gt; &amp; Co" in html
    assert "most connected of" not in html
    navigation = parse(result.page("")).find("nav", "md-nav--primary")
    assert any(a.text() == "Network graph" for a in navigation.find_all("a"))
    ana = result.page("contacts/ana/")
    assert "Connections" in headings(ana).values()
    ego = content(ana).find("svg", "kith-graph--ego")
    assert {a.attrs["href"] for a in ego.find_all("a", "kith-node")} == {
        "../../contacts/ana/", "../../contacts/ben/", "../../contacts/dev/"}
    assert "Pat Secret" not in ana
    loner = result.page("contacts/loner/")
    assert "Connections" not in headings(loner).values() and "kith-graph" not in loner


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
