"""axe-core, the accessibility checker, for the browser tests: fetched from the npm registry once.

`npm pack axe-core@VERSION` into `.venv/axe-core/` (where `make axe`, tests/install_axe.sh, puts it)
the first time a test needs it; the browser loads the file with Playwright's
`add_script_tag(path=...)`, never from a CDN. Without npm, or when npm cannot reach its registry,
the test fails saying how to fix it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import pytest

AXE_VERSION = "4.14.1"
REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / ".venv" / "axe-core"
# WCAG 2.0, 2.1 and 2.2, levels A and AA: what the site must pass.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN_AXE = """async ([context, tags]) => {
  const result = await axe.run(context || document, {runOnly: {type: "tag", values: tags},
                                                     resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ") + ": "
                       + (n.failureSummary || "").split("\\n").slice(1).join(" "))
  }));
}"""


def axe_script() -> Path:
    """axe.min.js: `KITH_AXE` if set, else the cached copy, fetched with npm when missing."""
    given = os.environ.get("KITH_AXE")
    if given:
        if not Path(given).is_file():
            pytest.fail(f"KITH_AXE={given}: no such file (it should be axe.min.js of axe-core)")
        return Path(given)
    script = CACHE / "axe.min.js"
    if script.is_file():
        return script
    npm = shutil.which("npm")
    how = (f"To fix: install Node.js and npm (apt-get install npm), check that"
           f" `npm view axe-core@{AXE_VERSION} version` works (behind a proxy: npm config set proxy ...),"
           f" or download axe-core {AXE_VERSION} and set KITH_AXE to its axe.min.js, or put that file at"
           f" {script}.")
    if npm is None:
        pytest.fail(f"the accessibility tests need axe-core, fetched with npm, and npm is not installed."
                    f" {how}")
    with tempfile.TemporaryDirectory() as folder:
        try:
            packed = subprocess.run([npm, "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", folder],
                                    capture_output=True, text=True, timeout=300, cwd=folder)
        except subprocess.TimeoutExpired:
            pytest.fail(f"npm pack axe-core@{AXE_VERSION} took over 5 minutes. {how}")
        tarballs = list(Path(folder).glob("axe-core-*.tgz"))
        if packed.returncode != 0 or not tarballs:
            pytest.fail(f"npm could not fetch axe-core@{AXE_VERSION} (exit {packed.returncode}):\n"
                        f"{packed.stderr.strip()[-2000:]}\n{how}")
        with tarfile.open(tarballs[0]) as archive:
            member = archive.extractfile("package/axe.min.js")
            assert member is not None
            data = member.read()
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = script.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(script)  # whole or not at all: another run never reads half a file
    return script


def violations(page: Any, context: str | None = None, tags: list[str] = WCAG_TAGS) -> list[dict]:
    """axe-core's violations of `tags` (WCAG 2 A and AA) on the page as it is now, within
    `context` (a CSS selector; the whole document by default)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(axe_script()))
    return page.evaluate(RUN_AXE, [context, tags])
