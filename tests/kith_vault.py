"""Test helpers: small vaults written in temporary folders and built with the real `mkdocs build`.

A module of its own (not conftest.py): test files import from it by a name no other folder shadows.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-22"

MKDOCS_YML = """\
site_name: Test network
docs_dir: site_src
theme:
  name: material
  font: false
plugins:
  - search
  - kith
markdown_extensions:
  - toc:
      permalink: true
  - pymdownx.tasklist:
      custom_checkbox: true
"""

# The example network's theme features and Markdown extensions (instant loading, tooltips,
# attr_list, ...): what the tests of user text against the theme build with.
FEATURED_MKDOCS_YML = """\
site_name: {site_name}
site_url: https://network.example.org/
docs_dir: site_src
theme:
  name: material
  font: false
  features:
    - navigation.instant
    - search.highlight
    - search.suggest
    - content.tooltips
plugins:
  - search
  - kith
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.tasklist:
      custom_checkbox: true
  - pymdownx.superfences
"""


@dataclass
class BuildResult:
    returncode: int
    log: str
    site: Path

    def page(self, url: str) -> str:
        """The HTML of a page by its URL, e.g. `contacts/aisha-rahman/`."""
        path = self.site / url
        if url == "" or url.endswith("/"):
            path = path / "index.html"
        return path.read_text("utf-8")

    def exists(self, url: str) -> bool:
        path = self.site / url
        if url == "" or url.endswith("/"):
            path = path / "index.html"
        return path.is_file()

    def warnings(self) -> list[str]:
        return [line for line in self.log.splitlines() if line.startswith("WARNING")]


class Vault:
    """A vault on disk: write contacts and notes, then build it."""

    def __init__(self, root: Path, mkdocs_yml: str = MKDOCS_YML) -> None:
        self.root = root
        (root / "contacts").mkdir(parents=True, exist_ok=True)
        (root / "notes").mkdir(exist_ok=True)
        (root / "site_src").mkdir(exist_ok=True)
        (root / "site_src" / "index.md").write_text("# Test network\n", "utf-8")
        (root / "mkdocs.yml").write_text(mkdocs_yml, "utf-8")

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, "utf-8")
        return path

    def contact(self, slug: str, body: str = "", **meta: Any) -> Path:
        return self.write(f"contacts/{slug}.md", _document(meta, body))

    def note(self, slug: str, body: str = "", **meta: Any) -> Path:
        return self.write(f"notes/{slug}.md", _document(meta, body))

    def build(self, *args: str, strict: bool = False, today: str = TODAY,
              env: dict[str, str] | None = None) -> BuildResult:
        command = [sys.executable, "-m", "mkdocs", "build", "--clean"]
        if strict:
            command.append("--strict")
        command.extend(args)
        environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KITH_TODAY": today, **(env or {})}
        result = subprocess.run(command, cwd=self.root, capture_output=True, text=True,
                                env=environment, timeout=600)
        return BuildResult(result.returncode, result.stdout + result.stderr, self.root / "site")


def _document(meta: dict[str, Any], body: str) -> str:
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) if meta else ""
    return f"---\n{front}---\n{body}"
