"""Pages rendered in a second process: the same site as one process makes, and nothing lost when
the second process fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from kith.site.prerender import MIN_PAGES, Prerender, can_fork
from kith_vault import REPO, TODAY

sys.path.insert(0, str(REPO / "bench"))
import generate  # noqa: E402

# The child is tested with `launch`: `start` declines to fork while another thread runs, and
# earlier tests in this process (the browser's) may leave one.
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def _page(key: str) -> str:
    return f"<p>page {key} ü</p>" * 50


def _run(keys: list[str], plan: list[tuple[int, int, bool]], render=_page, *, head_start: float = 0.0,
         own_work: float = 0.0) -> tuple[dict[str, str], int]:
    """Forks a child for `keys`, then takes every key in order as the plugin does, rendering what
    the child has not (after `own_work` seconds of the caller's own work on each); returns the
    pages and how many came from the child, each of which it delivered once."""
    prerender = Prerender.launch(keys, plan, render)
    assert prerender is not None
    pages, from_child = {}, 0
    try:
        time.sleep(head_start)
        for key in keys:
            page = prerender.take(key)
            if page is None:
                page = _page(key)
            else:
                from_child += 1
            pages[key] = page
            time.sleep(own_work)
        assert prerender.take(keys[0]) is None and prerender.take("not a key") is None  # given once
        assert prerender.delivered == from_child
    finally:
        prerender.close()
    return pages, from_child


@needs_fork
def test_a_caller_that_comes_later_finds_every_piece_ready() -> None:
    first, second = [f"a{number}" for number in range(MIN_PAGES)], [f"b{number}" for number in range(50)]
    keys = first + second
    # The second part first, ahead of the caller; then the first from its back.
    plan = [(len(first), len(keys), True), (0, len(first), False)]
    pages, from_child = _run(keys, plan, head_start=2)  # the child renders both meanwhile
    assert pages == {key: _page(key) for key in keys}
    assert from_child == len(keys)


@needs_fork
def test_caller_and_child_share_a_round_from_its_two_ends() -> None:
    keys = [f"k{number}" for number in range(400)]

    def slow_page(key: str) -> str:
        time.sleep(0.002)
        return _page(key)

    pages, from_child = _run(keys, [(0, len(keys), False)], slow_page, own_work=0.002)
    assert pages == {key: _page(key) for key in keys}
    # Both did a good share: the caller the front, the child the back.
    assert 100 < from_child < 300


@needs_fork
def test_a_quicker_child_runs_ahead_of_the_caller() -> None:
    keys = [f"k{number}" for number in range(400)]
    pages, from_child = _run(keys, [(0, len(keys), True)], own_work=0.002)
    assert pages == {key: _page(key) for key in keys}
    assert from_child > 390  # all but the first few, which the caller reached first


@needs_fork
def test_a_piece_the_caller_asked_for_first_is_never_given_later() -> None:
    keys = [f"k{number}" for number in range(MIN_PAGES)]

    def slow_first(key: str) -> str:
        if key == "k0":
            time.sleep(0.5)  # the caller asks for k0 meanwhile, and makes it itself
        return _page(key)

    prerender = Prerender.launch(keys, [(0, len(keys), True)], slow_first)
    assert prerender is not None
    try:
        assert prerender.take("k0") is None
        time.sleep(1.5)  # the child has delivered k0, and k1 after it
        assert prerender.take("k0") is None
        assert prerender.take("k1") == _page("k1")
        assert prerender.take("k1") is None
    finally:
        prerender.close()


@needs_fork
def test_a_failing_child_leaves_the_rest_to_the_caller() -> None:
    keys = [f"k{number}" for number in range(MIN_PAGES)]

    def render(key: str) -> str:
        if key == "k120":
            raise ValueError("a template error")
        return _page(key)

    pages, from_child = _run(keys, [(0, len(keys), False)], render, head_start=1)
    assert pages == {key: _page(key) for key in keys}
    assert from_child == len(keys) - 121  # k199 down to k121; it stopped at k120


def test_no_child_for_few_pages_or_beside_another_thread() -> None:
    assert Prerender.start(["a", "b"], [(0, 2, False)], _page) is None
    keys = [f"k{number}" for number in range(MIN_PAGES)]
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        assert Prerender.start(keys, [(0, len(keys), False)], _page) is None
    finally:
        stop.set()
        thread.join()


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="needs fork and two cores")
def test_two_processes_build_the_same_site_as_one(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    generate.write_vault(generate.plan_vault(60, seed=3, today=generate.parse_date(TODAY)), vault)
    someone = sorted((vault / "contacts").glob("*.md"))[0].stem
    other_note = sorted((vault / "notes").glob("*.md"))[0].name
    # Bodies MkDocs treats specially (Markdown links to other files, which it rewrites) and bodies
    # with headings, code, tables, tasks and raw HTML, which the child renders itself.
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
    # A page template of the user's own, which pages put into the theme by the child use too.
    (vault / "overrides").mkdir()
    (vault / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block content %}<p class="own-template">{{ page.title }}</p>'
        '{{ super() }}{% endblock %}\n', "utf-8")
    config = (vault / "mkdocs.yml").read_text("utf-8").replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    (vault / "mkdocs.yml").write_text(config, "utf-8")
    (vault / "serial.yml").write_text(config.replace("  - kith", "  - kith:\n      parallel: false"), "utf-8")
    # With a plugin kith does not know, which may change pages as they are written, MkDocs puts
    # every page into the theme itself (and the plugin sees every page whole).
    (vault / "hook.py").write_text(
        "def on_post_page(output, page, config):\n"
        "    return output.replace('</body>', '<!--hooked-->' + str(output.count('kith-')) + '</body>')\n",
        "utf-8")
    (vault / "hooked.yml").write_text(config + "hooks:\n  - hook.py\n", "utf-8")
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KITH_TODAY": TODAY}
    profiles = {}
    for name, config_file in (("parallel", "mkdocs.yml"), ("serial", "serial.yml"), ("hooked", "hooked.yml")):
        profile = tmp_path / f"{name}.json"
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config_file,
             "-d", str(tmp_path / name)],
            cwd=vault, env={**environment, "KITH_PROFILE": str(profile)}, capture_output=True, text=True,
            timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        profiles[name] = json.loads(profile.read_text())
    # Of the four pieces of a page (its body's Markdown, the body as HTML, what search reads, the
    # whole page), the child did a good share.
    assert profiles["parallel"]["prerendered"] > profiles["parallel"]["pages"]
    assert profiles["serial"]["prerendered"] == 0
    # A second child put a good share of the pages into the theme, whole.
    assert profiles["parallel"]["themed_pages"] > profiles["parallel"]["pages"] // 4
    assert profiles["serial"]["themed_pages"] == profiles["hooked"]["themed_pages"] == 0

    def files(site: Path) -> dict[str, bytes]:
        return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*"))
                if path.is_file() and path.suffix in (".html", ".json", ".ics", ".xml")}

    parallel, serial = files(tmp_path / "parallel"), files(tmp_path / "serial")
    assert parallel.keys() == serial.keys()
    assert len(parallel) > profiles["parallel"]["pages"]
    different = [name for name in parallel if parallel[name] != serial[name]]
    assert different == []
    hooked = files(tmp_path / "hooked")
    for name, data in serial.items():
        if name.endswith(".html") and name != "404.html":  # 404 is a theme template, not a page
            marked = f"<!--hooked-->{data.count(b'kith-')}</body>".encode()
            assert hooked[name] == data.replace(b"</body>", marked), name
    # Both are whole pages: no mark of the two steps is left, and a profile has its timeline.
    for name, data in parallel.items():
        assert b"<!--kith:" not in data and b"<!--/kith:" not in data, name
    profiles_built = [name for name in parallel
                      if name.startswith("contacts/") and name != "contacts/index.html"]
    assert any(b"kith-timeline__item" in parallel[name] for name in profiles_built)
    assert all(b'class="own-template"' in parallel[name] for name in profiles_built)
