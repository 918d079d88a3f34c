"""kith changes Python's cycle collector only while it works, and leaves it as it found it: a build
(in MkDocs' process; its workers are processes of their own) and a `kith` command run inside a
longer process, such as `mkdocs serve` or a script."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
from cli.kith_cli import invoke
from kith.core.loader import load_vault
from kith.core.settings import Settings
from kith.site.build import SiteBuild, SiteOptions
from kith_vault import REPO, TODAY

sys.path.insert(0, str(REPO / "bench"))
import generate  # noqa: E402


def collector() -> tuple[bool, int, tuple[int, ...]]:
    return gc.isenabled(), gc.get_freeze_count(), gc.get_threshold()


@pytest.mark.parametrize("enabled", [True, False])
def test_a_command_leaves_the_collector_as_it_found_it(vault, enabled: bool) -> None:
    vault.contact("ana-bell", "Ana.\n", name="Ana Bell", circle="close")
    vault.note("2026-11-20-call", "- [ ] Send Ana the plan 📅 2026-11-24\n", date="2026-11-20",
               **{"with": ["Ana Bell"]})
    if not enabled:
        gc.disable()
    try:
        before = collector()
        for command in (["due"], ["check"], ["show", "Ana Bell"], ["export", "vcard"]):
            run = invoke("--vault", str(vault.root), *command)
            assert run.exit_code == 0, (command, run.stderr)
            assert collector() == before, command
    finally:
        gc.enable()


# What the scripts below start with: the collector's state, as it is found (enabled or not: the
# third argument) and after each build; a build another plugin breaks halfway, after kith has
# loaded the vault (MkDocs calls `on_build_error`).
START = """\
import gc, json, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

def collector():
    return [gc.isenabled(), gc.get_freeze_count(), list(gc.get_threshold())]

def build_broken_by_a_plugin(config, **options):
    try:
        build(config, **options)
    except RuntimeError as error:
        assert str(error) == "a plugin fails", error
    else:
        raise AssertionError("the build did not fail")

if sys.argv[3] == "disabled":
    gc.disable()
states = [collector()]
"""


def collector_states(script: str, vault: Path, site: Path, state: str, hook: Path, *more: str,
                     **environment: str) -> tuple[list, str]:
    """The states the script (after START) reports, and what it wrote on standard error."""
    arguments = [str(vault / "mkdocs.yml"), str(site), state, str(hook), *more]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KITH_TODAY": TODAY, **environment}
    result = subprocess.run([sys.executable, "-c", START + script, *arguments], cwd=vault, env=environment,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    states = json.loads(result.stdout.strip().splitlines()[-1])
    assert states[0][0] is (state == "enabled")
    return states, result.stderr


# A build in one Python process, as `mkdocs serve` runs each rebuild in its own.
BUILD = """\
for run in range(2):
    config = load_config(sys.argv[1], site_dir=sys.argv[2])
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    states.append(collector())
config = load_config(sys.argv[1], site_dir=sys.argv[2] + "-broken", hooks=[sys.argv[4]])
config.plugins.on_startup(command="build", dirty=False)
build_broken_by_a_plugin(config)
states.append(collector())
print(json.dumps(states))
"""
FAILING_HOOK = """\
def on_page_content(html, page, config, files):
    raise RuntimeError("a plugin fails")
"""


@pytest.mark.parametrize("state", ["enabled", "disabled"])
def test_a_build_leaves_the_collector_as_it_found_it(tmp_path: Path, state: str) -> None:
    vault = tmp_path / "vault"
    # Enough pages for the build to start its workers (site/parallel.py) where there are two cores.
    generate.write_vault(generate.plan_vault(60, seed=3, today=generate.parse_date(TODAY)), vault)
    hook = tmp_path / "failing_hook.py"
    hook.write_text(FAILING_HOOK, "utf-8")
    states, _ = collector_states(BUILD, vault, tmp_path / "site", state, hook)
    assert states[1] == states[0] and states[2] == states[0] and states[3] == states[0], states
    assert (tmp_path / "site" / "contacts" / "index.html").is_file()


# Rebuilds as `kith serve` makes them: one plugin instance, the first build whole, each later one
# dirty after a save (the collector paused while it runs), the last broken by another plugin.
SERVE = """\
config = load_config(sys.argv[1], site_dir=sys.argv[2], hooks=[sys.argv[4]])
config.plugins.on_startup(command="serve", dirty=True)
note = sorted(Path(sys.argv[1]).parent.joinpath("notes").glob("*.md"))[0]
for run in range(3):
    build(config, dirty=run > 0)
    states.append(collector())
    note.write_text(note.read_text("utf-8") + f"\\nSaved {run}.\\n", "utf-8")
Path(sys.argv[5]).touch()
build_broken_by_a_plugin(config, dirty=True)
states.append(collector())
config.plugins.on_shutdown()
print(json.dumps(states))
"""
FAILING_WHEN_TOLD = """\
import os

def on_page_content(html, page, config, files):
    if os.path.exists(os.environ["KITH_TEST_FAIL_FLAG"]):
        raise RuntimeError("a plugin fails")
"""


@pytest.mark.parametrize("state", ["enabled", "disabled"])
def test_serve_rebuilds_leave_the_collector_as_they_found_it(tmp_path: Path, state: str) -> None:
    vault = tmp_path / "vault"
    generate.write_vault(generate.plan_vault(40, seed=5, today=generate.parse_date(TODAY)), vault)
    flag = tmp_path / "fail-now"
    hook = tmp_path / "failing_hook.py"
    hook.write_text(FAILING_WHEN_TOLD, "utf-8")
    states, said = collector_states(SERVE, vault, tmp_path / "site", state, hook, str(flag),
                                    KITH_TEST_FAIL_FLAG=str(flag))
    assert all(later == states[0] for later in states[1:]), states
    assert said.count("A 'dirty' build is being performed") == 3  # the saves' rebuilds


def test_a_build_let_go_is_freed_without_the_collector(tmp_path: Path) -> None:
    """Under `kith serve` a save replaces the whole site plan; freed by reference counting, it
    need not wait for the collector, which would walk everything a server keeps (the vault,
    its files). The renderer's templates refer to each other, so they hold the plan weakly."""
    vault = tmp_path / "vault"
    generate.write_vault(generate.plan_vault(30, seed=7, today=generate.parse_date(TODAY)), vault)
    site = SiteBuild(load_vault(vault), SiteOptions.of(Settings(), dt.date.fromisoformat(TODAY),
                                                       use_directory_urls=True, site_name="x"))
    for spec in site.pages.values():  # every kind of page, listings and their macros included
        site.page_html(spec, "x/")
    site.fingerprints()
    freed = [weakref.ref(site), weakref.ref(site.network), weakref.ref(site.renderer)]
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        del site
        assert [reference() is None for reference in freed] == [True, True, True]
    finally:
        if was_enabled:
            gc.enable()
