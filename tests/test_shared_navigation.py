"""Material's navigation rendered once per folder for the pages outside it (plugin/theme.py): the
same site, byte for byte, as Material rendering it on every page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from kith_vault import REPO, TODAY

sys.path.insert(0, str(REPO / "bench"))
import generate  # noqa: E402

MATERIAL_NAV = Path(__import__("material").__file__).parent / "templates" / "partials" / "nav.html"


def _build(vault: Path, config: str, site: Path, profile: Path) -> dict:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KITH_TODAY": TODAY,
                   "KITH_PROFILE": str(profile)}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(site)],
        cwd=vault, env=environment, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(profile.read_text())


def _pages(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*.html"))}


@pytest.mark.parametrize("directory_urls", [True, False])
def test_the_navigation_shared_by_a_folder_is_the_one_material_renders(tmp_path: Path,
                                                                         directory_urls: bool) -> None:
    vault = tmp_path / "vault"
    generate.write_vault(generate.plan_vault(30, seed=5, today=generate.parse_date(TODAY)), vault)
    (vault / "contacts" / "kim-lee.md").write_text("---\nname: Kim Lee\n---\nA friend.\n", "utf-8")
    (vault / "contacts" / "kim-ng.md").write_text("---\nname: Kim Ng\n---\nHer neighbour.\n", "utf-8")
    # A navigation of the user's own: sections, a profile in it (so that page, and the pages of its
    # folder, see it differently), a link elsewhere; and the theme's features that change it.
    config = (vault / "mkdocs.yml").read_text("utf-8")
    config = config.replace("  name: material\n", "  name: material\n  features:\n    - navigation.sections\n"
                                                  "    - navigation.indexes\n    - toc.integrate\n")
    config += ("nav:\n  - Home: index.md\n  - People:\n      - contacts/index.md\n"
               "      - A friend: contacts/kim-lee.md\n  - Follow-ups: follow-ups.md\n"
               "  - Elsewhere: https://example.org/\n")
    if not directory_urls:
        config += "use_directory_urls: false\n"
    (vault / "mkdocs.yml").write_text(config, "utf-8")
    # The same, with Material's navigation template as a user's own override: then kith shares none.
    (vault / "own").mkdir()
    (vault / "own" / "partials").mkdir()
    shutil.copy(MATERIAL_NAV, vault / "own" / "partials" / "nav.html")
    own_config = config.replace("  name: material\n", "  name: material\n  custom_dir: own\n")
    (vault / "own.yml").write_text(own_config, "utf-8")
    shared = _build(vault, "mkdocs.yml", tmp_path / "shared", tmp_path / "shared.json")
    own = _build(vault, "own.yml", tmp_path / "own", tmp_path / "own.json")
    assert own["shared_navigation"] == 0
    # Every profile but the one in the navigation, every note, topic, event...
    assert shared["shared_navigation"] > shared["pages"] - 15
    shared_pages, own_pages = _pages(tmp_path / "shared"), _pages(tmp_path / "own")
    assert shared_pages.keys() == own_pages.keys() and len(shared_pages) > shared["pages"]
    assert [name for name in shared_pages if shared_pages[name] != own_pages[name]] == []
    page = "contacts/{}/index.html" if directory_urls else "contacts/{}.html"
    # The friend's page shows itself as current; its neighbour in the folder does not.
    assert b"md-nav__link--active" in shared_pages[page.format("kim-lee")]
    assert b"md-nav__link--active" not in shared_pages[page.format("kim-ng")]


def test_a_theme_other_than_material_is_left_as_it_is(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    generate.write_vault(generate.plan_vault(10, seed=2, today=generate.parse_date(TODAY)), vault)
    config = (vault / "mkdocs.yml").read_text("utf-8").replace("name: material", "name: mkdocs")
    (vault / "mkdocs.yml").write_text(config, "utf-8")
    profile = _build(vault, "mkdocs.yml", tmp_path / "site", tmp_path / "profile.json")
    assert profile["shared_navigation"] == 0
