"""Time the network graph alone on a vault: who is connected to whom, the /graph/ overview at its
two widths for each limit, the data the page's script reads, and every profile's own graph.

    python bench/graph_layout.py VAULT [--limits 150,500,2500] [--repeat 3]

Prints the best of `--repeat` runs of each, in seconds, with what was made (people named, the
picture's height, the data's size), so growth with the number of people can be read off.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kith.core.graph import Connections
from kith.core.loader import load_vault
from kith.core.network import Network


def best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("vault", type=Path)
    parser.add_argument("--limits", default="150,500,2500", help="graph_limit values to lay out")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    network = Network(load_vault(args.vault))
    print(f"{len(network.contacts)} public people, {len(network.notes)} public notes")
    seconds, connections = best(args.repeat, lambda: Connections(network))
    connections.ranked()
    print(f"connections: {seconds:.3f} s ({len(connections.all)} ties)")
    for limit in (int(value) for value in args.limits.split(",")):
        for width in (760.0, 400.0):
            seconds, graph = best(args.repeat,
                                  lambda limit=limit, width=width: connections.overview(limit, width=width))
            named = sum(node.labelled for node in graph.nodes)
            print(f"overview limit {limit}, width {width:g}: {seconds:.3f} s "
                  f"({graph.shown} people, {named} named, {len(graph.edges)} lines, {graph.height:g} tall)")
    seconds, data = best(args.repeat, lambda: connections.explorer_data([], "../contacts/__slug__/"))
    size = len(json.dumps(data, separators=(",", ":")))
    print(f"the script's data: {seconds:.3f} s ({len(data['people'])} people, {size / 1000:.0f} kB)")
    seconds, egos = best(1, lambda: [connections.ego(slug) for slug in network.contacts])
    drawn = [graph for graph in egos if graph is not None]
    print(f"every profile's graph: {seconds:.3f} s ({len(drawn)} graphs, "
          f"{seconds / max(len(drawn), 1) * 1000:.2f} ms each)")


if __name__ == "__main__":
    main()
