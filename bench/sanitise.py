"""How long making rendered bodies safe takes: `safe_html` over every body of a generated vault.

    .venv/bin/python bench/generate.py /tmp/v1000 --contacts 1000
    .venv/bin/python bench/sanitise.py /tmp/v1000 --repeat 5

Each contact's and note's body is prepared and rendered once, as a build does, with the Markdown
extensions of the example network; then only `safe_html` is timed, over all of them, `--repeat`
times. Prints the best run: seconds in all and microseconds per body.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from kith.core.loader import VaultLoader
from kith.site.build import BODY_KINDS, SiteBuild, SiteOptions
from kith.site.markdown import BodyMarkdown, safe_html

EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc", "pymdownx.tasklist", "pymdownx.superfences"]
CONFIGS = {"toc": {"permalink": True}, "pymdownx.tasklist": {"custom_checkbox": True}}


def rendered_bodies(vault: Path) -> list[str]:
    site = SiteBuild(VaultLoader(vault, "contacts", "notes").load(), SiteOptions(today=dt.date(2026, 11, 22)))
    markdown = BodyMarkdown(EXTENSIONS, CONFIGS)
    return [markdown.render(site.markdown(spec, site.urls.url_of_source(source)))
            for source, spec in site.pages.items() if spec.kind in BODY_KINDS]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", type=Path, help="a vault written by bench/generate.py")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bodies = rendered_bodies(args.vault)
    size = sum(map(len, bodies))
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        for body in bodies:
            safe_html(body)
        best = min(best, time.perf_counter() - start)
    print(f"{len(bodies)} bodies, {size / 1e6:.1f} MB of HTML: safe_html {best:.3f} s "
          f"({best / len(bodies) * 1e6:.0f} µs a body), best of {args.repeat}")


if __name__ == "__main__":
    main()
