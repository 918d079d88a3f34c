"""Every private or undocumented MkDocs and Material API kith uses (DEVELOPERS.md, "Private MkDocs API
we use"), checked against the installed versions. When an upgrade changes one, a test here fails
saying what kith relies on, where, and what breaks, rather than kith quietly doing less."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import mkdocs.commands.build
import mkdocs.commands.serve
from kith.cli.serve import _DIRTY_WARNING, _notified_server
from kith.plugin.safety import user_named_a_font
from kith.plugin.serve import _LINK_TO_EXCLUDED
from kith_vault import MKDOCS_YML, TODAY
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.nav import Navigation
from mkdocs.structure.toc import AnchorLink, TableOfContents


def changed(what: str, where: str, effect: str) -> str:
    return (f"MkDocs or Material changed {what}, which kith uses in {where} (DEVELOPERS.md, "
            f"'Private MkDocs API we use'). Without it {effect}. Find what replaces it, or a public way, "
            f"and update the code, DEVELOPERS.md and this test.")


def _config_files(folder: Path, theme: str) -> Path:
    (folder / "site_src").mkdir(parents=True, exist_ok=True)
    (folder / "base.yml").write_text(f"site_name: Base\ntheme:\n  name: material\n{theme}", "utf-8")
    (folder / "mkdocs.yml").write_text("INHERIT: base.yml\ndocs_dir: site_src\n", "utf-8")
    return folder / "mkdocs.yml"


def test_config_user_configs_holds_what_the_user_wrote(tmp_path: Path) -> None:
    """plugin/safety.py: whether the user named a font (in mkdocs.yml or a file it INHERITs)."""
    named = load_config(str(_config_files(tmp_path / "named", "  font:\n    text: Inter\n")))
    unnamed = load_config(str(_config_files(tmp_path / "unnamed", "")))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        written = getattr(named, "user_configs", None)
    effect = ("kith cannot tell a font the user named from the theme's default, and turns off fonts "
              "users asked for (or loads Google's fonts on every page)")
    assert written is not None, changed("`Config.user_configs`", "plugin/safety.py user_named_a_font", effect)
    assert any(isinstance(raw.get("theme"), dict) and raw["theme"].get("font") == {"text": "Inter"}
               for raw in written), changed("what `Config.user_configs` holds", "plugin/safety.py", effect)
    assert user_named_a_font(named) and not user_named_a_font(unnamed)


# Two dirty builds in one process, as `kith serve` makes them, reporting what Material's search plugin
# holds after each.
SEARCH_INDEX = """\
import json, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

facts = []
for run in range(2):
    config = load_config(sys.argv[1], site_dir=sys.argv[2])
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    search = config.plugins.get("material/search")
    previous = getattr(search, "search_index_prev", "missing")
    facts.append({
        "plugin": type(search).__module__ + "." + type(search).__qualname__ if search else None,
        "has_index": hasattr(search, "search_index"),
        "previous": "missing" if previous == "missing" else previous is not None,
        "previous_is_index": previous is getattr(search, "search_index", None),
        "entries": [sorted(entry) for entry in getattr(previous, "entries", [])][:3],
        "locations": sorted({entry["location"].split("#")[0] for entry in getattr(previous, "entries", [])}),
    })
print(json.dumps(facts))
"""


def _vault(folder: Path) -> Path:
    (folder / "site_src").mkdir(parents=True)
    (folder / "site_src" / "index.md").write_text("# Home\n", "utf-8")
    (folder / "contacts").mkdir()
    (folder / "notes").mkdir()
    (folder / "mkdocs.yml").write_text(MKDOCS_YML, "utf-8")
    (folder / "contacts" / "kim-osei.md").write_text("---\nname: Kim Osei\n---\nKim runs the lab.\n", "utf-8")
    (folder / "notes" / "2026-11-20-quokkafest.md").write_text(
        "---\ndate: 2026-11-20\ntitle: Quokkafest planning\nwith: [Kim Osei]\n---\nWe planned it.\n", "utf-8")
    return folder


def _run(script: str, *args: str, cwd: Path) -> str:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KITH_TODAY": TODAY}
    result = subprocess.run([sys.executable, "-c", script, *args], cwd=cwd, env=environment,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_material_search_keeps_the_previous_index_of_a_dirty_build(tmp_path: Path) -> None:
    """plugin/search.py complete_dirty_index: Material's `search_index`, `search_index_prev` and
    their `entries` (dicts with a `location`, "page/url/#anchor")."""
    vault = _vault(tmp_path / "vault")
    facts = json.loads(_run(SEARCH_INDEX, str(vault / "mkdocs.yml"), str(tmp_path / "site"), cwd=vault))
    effect = "a saved note under `kith serve` leaves a search index of only the pages rebuilt"
    where = "plugin/search.py complete_dirty_index"
    for fact in facts:
        assert fact["plugin"] == "material.plugins.search.plugin.SearchPlugin", changed(
            "the search plugin's name or class ('material/search')", where, effect)
        assert fact["has_index"] and fact["previous"] is True and fact["previous_is_index"], changed(
            "`SearchPlugin.search_index` / `search_index_prev` kept after a dirty build", where, effect)
        entries_hold = all({"location", "title", "text"} <= set(keys) for keys in fact["entries"])
        assert fact["entries"] and entries_hold, changed(
            "`SearchIndex.entries` (dicts with location, title, text)", where, effect)
        assert {"", "contacts/kim-osei/", "notes/2026-11-20-quokkafest/"} <= set(fact["locations"]), changed(
            "the form of an entry's `location`", where, effect)


def test_material_search_reads_page_content_in_on_page_context(tmp_path: Path) -> None:
    """plugin/plugin.py `on_page_context` at priorities 50 and -50 around Material's search at 0:
    search indexes only a kith page's searchable part (plugin/search.py)."""
    vault = _vault(tmp_path / "vault")
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KITH_TODAY": TODAY}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=vault,
                            env=environment, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    profile = (vault / "site" / "contacts" / "kim-osei" / "index.html").read_text("utf-8")
    assert "Quokkafest planning" in profile  # the profile lists the conversation
    docs = json.loads((vault / "site" / "search" / "search_index.json").read_text("utf-8"))["docs"]
    indexed = " ".join(doc["title"] + " " + doc["text"] for doc in docs
                       if doc["location"].startswith("contacts/kim-osei/"))
    assert "Kim runs the lab" in indexed
    assert "Quokkafest" not in indexed, changed(
        "when the search plugin reads `page.content` (its `on_page_context`, priority 0)",
        "plugin/plugin.py _before_search/_after_search", "every profile and topic is indexed whole: "
        "searching a word finds every page that lists a conversation with it, and builds are slower")
    assert any("Quokkafest" in doc["title"] for doc in docs)  # the note's own page is found


def test_mkdocs_serve_function_and_its_server_class() -> None:
    """cli/serve.py: `mkdocs.commands.serve.serve(...)` and the module's `LiveReloadServer`."""
    where = "cli/serve.py (kith serve)"
    parameters = inspect.signature(mkdocs.commands.serve.serve).parameters
    assert {"config_file", "livereload", "build_type", "open_in_browser"} <= set(parameters) and any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()), changed(
        "the arguments of `mkdocs.commands.serve.serve` (dev_addr goes on to load_config)", where,
        "`kith serve` does not start")
    assert "LiveReloadServer" in mkdocs.commands.serve.serve.__code__.co_names, changed(
        "how `mkdocs.commands.serve.serve` makes its server (the module's name `LiveReloadServer`)", where,
        "`kith serve` polls every file twice a second, as `mkdocs serve` does, and a save shows later")


def test_live_reload_server_watches_through_its_observer(tmp_path: Path) -> None:
    """cli/serve.py `_notified_server`: `LiveReloadServer.observer`, on which `watch` schedules."""
    server = _notified_server(LiveReloadServer)(builder=lambda: None, host="127.0.0.1", port=0,
                                                root=str(tmp_path))
    try:
        server.watch(str(tmp_path))
        effect = "`kith serve` would not see saved files, or would poll every file twice a second"
        assert type(server.observer).__name__ == "ChangesObserver", changed(
            "`LiveReloadServer.observer` (set in __init__)", "cli/serve.py", effect)
        assert len(server.observer.emitters) == 1, changed(
            "`LiveReloadServer.watch` (it no longer schedules on `self.observer`)", "cli/serve.py", effect)
    finally:
        server.server_close()


def test_the_dirty_build_warning_reads_as_kith_hides_it() -> None:
    source = inspect.getsource(mkdocs.commands.build)
    assert _DIRTY_WARNING in source, changed(
        "the wording of the dirty-build warning", "cli/serve.py _HideDirtyWarning",
        "`kith serve` prints a warning about stale navigation after every save")


def test_constructors_of_documented_classes() -> None:
    """plugin/navigation.py builds a `Navigation`, plugin/pages.py a `TableOfContents` of
    `AnchorLink`s: documented classes (the theme guide's `nav` and `page.toc`) whose constructors
    are not."""
    entry = AnchorLink("Conversations", "conversations", 2)
    assert (entry.title, entry.id, entry.level, entry.url, entry.children) == (
        "Conversations", "conversations", 2, "#conversations", []), changed(
        "`AnchorLink(title, id, level)`", "plugin/pages.py table_of_contents", "kith pages have no contents")
    toc = TableOfContents([entry])
    assert list(toc) == [entry] and len(toc) == 1 and toc.items == [entry], changed(
        "`TableOfContents(items)`", "plugin/pages.py table_of_contents", "kith pages have no contents")
    nav = Navigation([], [])
    assert (nav.items, nav.pages, nav.homepage) == ([], [], None), changed(
        "`Navigation(items, pages)`", "plugin/navigation.py arranged", "kith's index pages are not listed")


def test_a_link_to_an_excluded_page_is_resolved_and_said_at_info(tmp_path: Path, caplog) -> None:
    """plugin/serve.py: a `kith serve` rebuild leaves unchanged profiles and notes out as excluded
    files, counting on MkDocs to still turn a Markdown link to one into its URL, and hides the INFO
    line MkDocs says about it by its wording."""
    docs = tmp_path / "site_src"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nSee [Kim](contacts/kim.md).\n", "utf-8")
    (docs / "contacts").mkdir()
    (docs / "contacts" / "kim.md").write_text("# Kim\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Links\ndocs_dir: site_src\nexclude_docs: contacts/kim.md\n", "utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    with caplog.at_level("INFO", logger="mkdocs.structure.pages"):
        mkdocs.commands.build.build(config)
    effect = "each save under `kith serve` prints a line per link to a page it did not re-render"
    said = [record.getMessage() for record in caplog.records if record.name == "mkdocs.structure.pages"]
    found = [_LINK_TO_EXCLUDED.search(message) for message in said]
    assert [match.group(1) for match in found if match] == ["contacts/kim.md"], changed(
        "the wording of the line about a link to an excluded page", "plugin/serve.py _QuietLinksToLeftOut",
        effect)
    home = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert 'href="contacts/kim/"' in home, changed(
        "how a link to an excluded page is written (no longer its URL)", "plugin/serve.py leave_out",
        "a page re-rendered under `kith serve` links to a Markdown file instead of a page")
