"""kith on ProperDocs, the MkDocs 1.6 fork (README, "Which engines and themes"): `properdocs build
--strict` builds the example network, and every file it writes is the one MkDocs writes.

ProperDocs reads mkdocs.yml and plugins registered for MkDocs (`mkdocs.plugins` entry points), and
lives in the same environment as MkDocs: its `properdocs` command runs its own copy of the engine,
to which it points every `import mkdocs...` of the theme and the plugins. `make test` installs it
(the `platform` extra) apart from the rest, so a failure to install it fails no set-up; this test then
skips, saying so.

The one difference allowed: the generator named in each page's `<meta name="generator">`
("mkdocs-1.6.1, ..." or "mkdocs-ProperDocs 1.6.7, ..."); it is removed before comparing.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from kith_vault import REPO, TODAY

PROPERDOCS = Path(sys.executable).parent / "properdocs"
_GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


def _outputs(site: Path) -> dict[str, bytes]:
    """Every file of a built site, as compared: HTML without its generator line, gzip opened."""
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            if path.suffix == ".html":
                data = _GENERATOR.sub("", data.decode("utf-8")).encode("utf-8")
            files[path.relative_to(site).as_posix()] = data
    return files


def test_properdocs_builds_the_example_network_as_mkdocs_does(example_site, tmp_path: Path) -> None:
    if not PROPERDOCS.is_file():
        pytest.skip(f"!!! ProperDocs is not installed at {PROPERDOCS}, so kith is not checked on it. "
                    f"`make test` installs it (pip install -e '.[platform]') and says so when that fails; "
                    f"install it by hand with: {sys.executable} -m pip install -e '.[platform]'")
    assert example_site.returncode == 0, example_site.log
    site = tmp_path / "site"
    environment = {**os.environ, "KITH_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(PROPERDOCS), "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(site)]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=environment, timeout=900)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "WARNING" not in log, log
    mkdocs, properdocs = _outputs(example_site.site), _outputs(site)
    contacts = [name for name in properdocs if re.fullmatch(r"contacts/[^/]+/index\.html", name)]
    notes = [name for name in properdocs if re.fullmatch(r"notes/[^/]+/index\.html", name)]
    assert len(contacts) >= 20 and len(notes) >= 40  # kith's pages were built, not only the home page
    assert "follow-ups.ics" in properdocs and "graph/index.html" in properdocs
    assert sorted(properdocs) == sorted(mkdocs)
    assert [name for name in mkdocs if properdocs[name] != mkdocs[name]] == []
    # The generator line was there to remove: the two builds really were made by the two engines.
    page = (site / "contacts" / contacts[0].split("/")[1] / "index.html").read_text("utf-8")
    assert "ProperDocs" in _GENERATOR.search(page).group(0)
