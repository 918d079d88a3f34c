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


@needs_fork
def test_child_delivers_every_page_in_any_order() -> None:
    keys = [f"k{number}" for number in range(MIN_PAGES + 50)]
    prerender = Prerender.launch(keys, _page)
    assert prerender is not None
    try:
        # Out of order: the pages read on the way are kept until asked for.
        for key in [keys[10], keys[3], *keys[:3], *keys[4:10], *keys[11:]]:
            assert prerender.take(key) == _page(key)
        assert prerender.delivered == len(keys)
        assert prerender.take("k0") is None  # each page is given once
        assert prerender.take("not a key") is None
    finally:
        prerender.close()


@needs_fork
def test_a_failing_child_leaves_the_rest_to_the_caller() -> None:
    keys = [f"k{number}" for number in range(MIN_PAGES)]

    def render(key: str) -> str:
        if key == "k120":
            raise ValueError("a template error")
        return _page(key)

    prerender = Prerender.launch(keys, render)
    assert prerender is not None
    try:
        for key in keys[:120]:
            assert prerender.take(key) == _page(key)
        assert all(prerender.take(key) is None for key in keys[120:])
    finally:
        prerender.close()


@needs_fork
def test_a_slow_child_is_waited_for_and_a_stuck_one_given_up() -> None:
    keys = [f"k{number}" for number in range(MIN_PAGES)]

    def render(key: str) -> str:
        if key == "k5":
            time.sleep(0.5)
        if key == "k7":
            time.sleep(60)
        return _page(key)

    prerender = Prerender.launch(keys, render)
    assert prerender is not None
    try:
        assert prerender.take("k6") == _page("k6")  # waited for k5 and k6
        started = time.monotonic()
        assert prerender.take("k7", timeout=1.0) is None
        assert time.monotonic() - started < 5
        assert prerender.take("k8") is None  # given up: the caller renders the rest
    finally:
        prerender.close()


def test_no_child_for_few_pages_or_beside_another_thread() -> None:
    assert Prerender.start(["a", "b"], _page) is None
    keys = [f"k{number}" for number in range(MIN_PAGES)]
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        assert Prerender.start(keys, _page) is None
    finally:
        stop.set()
        thread.join()


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="needs fork and two cores")
def test_two_processes_build_the_same_site_as_one(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    generate.write_vault(generate.plan_vault(60, seed=3, today=generate.parse_date(TODAY)), vault)
    config = (vault / "mkdocs.yml").read_text("utf-8")
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
    # Three pieces a page (its body's Markdown, what search reads, the whole page) and the feed.
    assert profiles["parallel"]["prerendered"] == 3 * profiles["parallel"]["pages"] + 1
    assert profiles["serial"]["prerendered"] == 0

    def files(site: Path) -> dict[str, bytes]:
        return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*"))
                if path.is_file() and path.suffix in (".html", ".json", ".ics", ".xml")}

    parallel, serial = files(tmp_path / "parallel"), files(tmp_path / "serial")
    assert parallel.keys() == serial.keys()
    assert len(parallel) > profiles["parallel"]["pages"]
    different = [name for name in parallel if parallel[name] != serial[name]]
    assert different == []
    # Both are whole pages: no mark of the two steps is left, and a profile has its timeline.
    for name, data in parallel.items():
        assert b"<!--kith:" not in data and b"<!--/kith:" not in data, name
    profiles_built = [name for name in parallel
                      if name.startswith("contacts/") and name != "contacts/index.html"]
    assert any(b"kith-timeline__item" in parallel[name] for name in profiles_built)
