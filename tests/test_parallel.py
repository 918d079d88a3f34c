"""kith's part of the pages rendered by worker processes: the same site as one process makes, with
any other plugins, and nothing lost when a worker fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from kith.core.workers import can_fork, usable_cores
from kith.site.parallel import CHUNK, MIN_PAGES, WORKER_NICENESS, PageWork
from kith_vault import REPO, TODAY

sys.path.insert(0, str(REPO / "bench"))
import generate  # noqa: E402

# Workers are made with the constructor: `start` declines to fork while another thread runs, and
# earlier tests in this process (the browser's) may leave one.
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def _page(key: str) -> str:
    return f"<p>page {key} ü</p>" * 50


def _run(keys: list[str], render=_page, *, head_start: float = 0.0, own_work: float = 0.0
         ) -> tuple[dict[str, str], int]:
    """Starts workers for `keys`, then takes every key in order as the plugin does, rendering what
    they have not (after `own_work` seconds of the caller's own work on each); returns the pages
    and how many came from the workers, each of which was given once."""
    work = PageWork(keys, render, workers=1)
    pages, from_workers = {}, 0
    try:
        time.sleep(head_start)
        for key in keys:
            page = work.take(key)
            if page is None:
                page = _page(key)
            else:
                from_workers += 1
            pages[key] = page
            time.sleep(own_work)
        assert work.take(keys[0]) is None and work.take("not a key") is None  # given once
        assert work.delivered == from_workers
    finally:
        work.close()
    return pages, from_workers


@needs_fork
def test_a_caller_that_comes_later_finds_every_piece_ready() -> None:
    keys = [f"k{number}" for number in range(MIN_PAGES)]
    pages, from_workers = _run(keys, head_start=2)
    assert pages == {key: _page(key) for key in keys}
    assert from_workers == len(keys)


def _page_taking(seconds: float) -> Callable[[str], str]:
    def render(key: str) -> str:
        time.sleep(seconds)
        return _page(key)
    return render


@needs_fork
def test_workers_run_ahead_of_a_caller_with_work_of_its_own() -> None:
    """As in a build: the caller (MkDocs) has more to do for each page than a worker, so the
    workers soon run ahead and the caller renders only what a worker was on when it arrived."""
    keys = [f"k{number}" for number in range(400)]
    pages, from_workers = _run(keys, _page_taking(0.0005), own_work=0.002)
    assert pages == {key: _page(key) for key in keys}
    assert from_workers >= len(keys) - 2 * CHUNK


@needs_fork
def test_a_caller_quicker_than_the_workers_shares_the_pages_with_them() -> None:
    """Where the caller catches the workers up, it renders the pages of chunks no worker has
    begun, and the workers take the rest from the far end (following the caller, they would only
    render what it had): each page once, the same whoever rendered it."""
    keys = [f"k{number}" for number in range(400)]
    pages, from_workers = _run(keys, _page_taking(0.002), own_work=0.001)
    assert pages == {key: _page(key) for key in keys}
    assert CHUNK <= from_workers < len(keys) - CHUNK


def _priority(key: str) -> int:
    return os.getpriority(os.PRIO_PROCESS, 0)


@needs_fork
def test_workers_give_way_to_the_build_they_help() -> None:
    """A worker runs at a lower priority (a higher niceness) than the process it renders for: where
    the cores are short, the build's own process gets them first."""
    keys = [f"k{number}" for number in range(MIN_PAGES)]
    work = PageWork(keys, _priority, workers=1)
    try:
        time.sleep(2)
        seen = {work.take(key) for key in keys}
    finally:
        work.close()
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    assert None not in seen
    assert seen == {min(ours + WORKER_NICENESS, 19)}


@needs_fork
def test_a_failing_worker_leaves_its_chunk_to_the_caller() -> None:
    keys = [f"k{number}" for number in range(MIN_PAGES)]

    def render(key: str) -> str:
        if key == "k120":
            raise ValueError("a template error")
        return _page(key)

    pages, from_workers = _run(keys, render, head_start=2)
    assert pages == {key: _page(key) for key in keys}
    assert from_workers == len(keys) - CHUNK  # all but the chunk that failed


def test_no_workers_for_few_pages_or_beside_another_thread() -> None:
    assert PageWork.start(["a", "b"], _page) is None
    keys = [f"k{number}" for number in range(MIN_PAGES)]
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        assert PageWork.start(keys, _page) is None
    finally:
        stop.set()
        thread.join()


# A plugin kith does not know, through MkDocs' `hooks:`: it edits every page's HTML in the first pass
# and as it is written, and counts the Markdown it is given, as plugins such as glightbox or a
# glossary do.
HOOK = """\
def on_page_markdown(markdown, page, config, files):
    page.meta["seen_markdown"] = len(markdown)
    return markdown

def on_page_content(html, page, config, files):
    return html.replace("<h2", "<h2 data-hooked", 1)

def on_post_page(output, page, config):
    marks = str(page.meta.get("seen_markdown")) + ":" + str(output.count("kith-"))
    return output.replace("</body>", "<!--hooked " + marks + "--></body>")
"""


@pytest.mark.skipif(not hasattr(os, "fork") or usable_cores() < 2, reason="needs fork and two cores")
def test_workers_build_the_same_site_as_one_process_with_other_plugins(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    generate.write_vault(generate.plan_vault(60, seed=3, today=generate.parse_date(TODAY)), vault)
    someone = sorted((vault / "contacts").glob("*.md"))[0].stem
    other_note = sorted((vault / "notes").glob("*.md"))[0].name
    # Bodies MkDocs treats specially (Markdown links to other files, which it rewrites) and bodies
    # with headings, code, tables, tasks and raw HTML.
    bodies = {
        "2026-11-01-links": f"See [the earlier note]({other_note}) and [a site](https://example.org/).\n\n"
                            f"[ref]: {other_note}\n",
        "2026-11-02-shapes": "## Next steps\n\n- [ ] Send the deck 📅 2026-12-01\n- [x] Done\n\n"
                             "```python\nprint('[[not a link]]')\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                             "<b>bold</b> and <script>alert(1)</script> and `code` with *emphasis*.\n",
    }
    for slug, body in bodies.items():
        (vault / "notes" / f"{slug}.md").write_text(
            f"---\ndate: {slug[:10]}\ntitle: {slug}\nwith: [{someone}]\n---\n{body}", "utf-8")
    # A page template of the user's own.
    (vault / "overrides").mkdir()
    (vault / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block content %}<p class="own-template">{{ page.title }}</p>'
        '{{ super() }}{% endblock %}\n', "utf-8")
    (vault / "hook.py").write_text(HOOK, "utf-8")
    config = (vault / "mkdocs.yml").read_text("utf-8").replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n").replace(
        "  - search\n", "  - search\n  - tags\n") + "hooks:\n  - hook.py\n"
    (vault / "mkdocs.yml").write_text(config, "utf-8")
    (vault / "serial.yml").write_text(config.replace("  - kith", "  - kith:\n      parallel: false"), "utf-8")
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KITH_TODAY": TODAY}
    profiles = {}
    for name, config_file in (("parallel", "mkdocs.yml"), ("serial", "serial.yml")):
        profile = tmp_path / f"{name}.json"
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config_file,
             "-d", str(tmp_path / name)],
            cwd=vault, env={**environment, "KITH_PROFILE": str(profile)}, capture_output=True, text=True,
            timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        profiles[name] = json.loads(profile.read_text())
    # The workers did a good share of the pages; one process did them all itself.
    assert profiles["parallel"]["worker_pieces"] > profiles["parallel"]["pages"] // 4
    assert profiles["serial"]["worker_pieces"] == 0

    def files(site: Path) -> dict[str, bytes]:
        return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*"))
                if path.is_file() and path.suffix in (".html", ".json", ".ics", ".xml")}

    parallel, serial = files(tmp_path / "parallel"), files(tmp_path / "serial")
    assert parallel.keys() == serial.keys()
    assert len(parallel) > profiles["parallel"]["pages"]
    assert [name for name in parallel if parallel[name] != serial[name]] == []
    profiles_built = [name for name in parallel
                      if name.startswith("contacts/") and name != "contacts/index.html"]
    notes_built = [name for name in parallel if name.startswith("notes/") and name != "notes/index.html"]
    for name in profiles_built:
        page = parallel[name].decode("utf-8")
        assert "kith-timeline" in page or "No conversations" in page, name
        assert 'class="own-template"' in page, name
        # The other plugin edited the whole page in the first pass and as it was written.
        assert "<h2 data-hooked" in page and "<!--hooked " in page, name
    # It was given every note's real body to read, not an empty one.
    seen = [int(parallel[name].decode().rsplit("<!--hooked ", 1)[1].split(":", 1)[0]) for name in notes_built]
    assert all(length > 0 for length in seen[:20]) and len(seen) > 100
    # Material's tags plugin lists the contacts' tags, and only tags (not companies or roles).
    index = json.loads(parallel["search/search_index.json"])
    tags = {tag for doc in index["docs"] for tag in doc.get("tags", [])}
    companies = {line.split(":", 1)[1].strip() for path in (vault / "contacts").glob("*.md")
                 for line in path.read_text("utf-8").splitlines() if line.startswith("company:")}
    assert tags and not tags & companies
