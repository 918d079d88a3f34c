"""What a kith build keeps for the next one under `kith serve` (a dirty rebuild after each save).

Only what kith owns: the loader with the files it read, each page's fingerprint, the pieces the
renderer keeps (rows of lists), which files the last build wrote, and the sitemap it wrote. A
rebuild renders only the pages whose fingerprint changed, and removes the files of pages that are
gone (a deleted, renamed or now private contact, a topic only they had).

The other profiles and notes, unchanged and outside the navigation, are left out of MkDocs' work
altogether when the site has the same pages as when the sitemap was kept: each is a file MkDocs
knows (a link to it still resolves) but excludes, so it makes no page of it. The sitemap, which
MkDocs writes from the pages it makes, is then the kept one.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.utils import get_build_date

from ..core.loader import VaultLoader
from ..core.settings import Settings
from ..site.build import SiteBuild
from .pages import KithFile

# Private MkDocs API (DEVELOPERS.md): the wording of the line MkDocs logs, at INFO, for a link to
# a page it excludes, in mkdocs/structure/pages.py. tests/test_mkdocs_private_api.py.
_LINK_TO_EXCLUDED = re.compile(r"contains a link to '(.+)' which is excluded from the built site\.$")


class ServeState:
    def __init__(self) -> None:
        self.loader: VaultLoader | None = None
        self.fingerprints: dict[str, int] = {}
        self.fragments: dict = {}  # pieces of pages the renderer keeps between rebuilds
        self.outputs: set[str] = set()  # every file the last build wrote from MkDocs' files
        self.stale: set[str] = set()
        self.leaving_out = False  # this build leaves unchanged pages out (`leave_out`)
        self._site_now: tuple = ()  # what this build's sitemap lists (`leave_out`)
        self._sitemap: tuple[tuple, str] | None = None  # the last full sitemap, and what it lists
        self._left_out: dict[str, KithFile] = {}  # by source, for the setup in `_left_out_setup`
        self._left_out_setup: tuple = ()
        self.left_out_now: set[str] = set()  # the sources this build leaves out
        self.quiet_links = _QuietLinksToLeftOut(self.left_out_now)

    def loader_for(self, root: Path, settings: Settings, site_dir: str) -> VaultLoader:
        """The kept loader, or a new one when the vault's folders changed."""
        loader = self.loader
        if loader is None or (loader.root, loader.contacts_dirs, loader.notes_dirs) != (
                root, settings.contacts_dir, settings.notes_dir):
            loader = self.loader = VaultLoader(root, settings.contacts_dir, settings.notes_dir,
                                               exclude=(site_dir,))
        loader.workers = settings.parallel  # `parallel: false`: one process, reading included
        return loader

    def unchanged(self, site: SiteBuild, dirty: bool) -> set[str]:
        """The pages a dirty build need not render again: their inputs are as in the last build."""
        previous, self.fingerprints = self.fingerprints, site.fingerprints()
        if not dirty:
            return set()
        return {source for source, fingerprint in self.fingerprints.items()
                if previous.get(source) == fingerprint}

    def leave_out(self, files: Files, site: SiteBuild, config: MkDocsConfig,
                  dirty: bool) -> Callable[[str], KithFile] | None:
        """For a dirty rebuild of a site with the same pages as the kept sitemap (`files`: MkDocs'
        own, before kith's are added), what makes the file of an unchanged page to leave out."""
        self._site_now = (config.site_url, config.use_directory_urls, config.site_dir, get_build_date(),
                          frozenset(site.pages), frozenset(
                              (file.src_uri, file.inclusion)
                              for file in files.documentation_pages(inclusion=InclusionLevel.all)))
        self.left_out_now.clear()
        self.leaving_out = dirty and self._sitemap is not None and self._sitemap[0] == self._site_now
        if not self.leaving_out:
            return None
        setup = (config.site_dir, config.use_directory_urls)
        if setup != self._left_out_setup:
            self._left_out, self._left_out_setup = {}, setup

        def left_out(source: str) -> KithFile:
            # Made once, kept across rebuilds: MkDocs never gives an excluded file a page, so
            # it stays as kith made it (its URL and path worked out once).
            file = self._left_out.get(source)
            if file is None:
                file = self._left_out[source] = KithFile.generated(
                    config, source, content="", inclusion=InclusionLevel.EXCLUDED)
                file.unchanged = True
            self.left_out_now.add(source)
            return file

        return left_out

    def sitemap(self, output: str) -> str:
        """The sitemap to write: the kept one when pages were left out (MkDocs listed only the
        pages it made), else this one, kept."""
        if self.leaving_out and self._sitemap is not None:
            return self._sitemap[1]
        self._sitemap = (self._site_now, output)
        return output

    def live_urls(self, files: Files) -> set[str]:
        """The URLs of every page of this build, left out or made."""
        urls = {file.url for file in files.documentation_pages()}
        if self.leaving_out:
            urls.update(self._left_out[source].url for source in self.left_out_now)
        return urls

    def written(self, outputs: set[str]) -> None:
        self.stale = self.outputs - outputs
        self.outputs = outputs

    def remove_stale(self, site_dir: str) -> None:
        """Removes what the last build wrote and this one did not, and the folders that leaves
        empty; only inside the site folder."""
        site = os.path.realpath(site_dir)
        for path in sorted(self.stale):
            real = os.path.realpath(path)
            if not real.startswith(os.path.join(site, "")):
                continue
            with contextlib.suppress(FileNotFoundError):
                os.remove(real)
            folder = os.path.dirname(real)
            while folder != site and folder.startswith(site):
                try:
                    os.rmdir(folder)  # only if empty
                except OSError:
                    break
                folder = os.path.dirname(folder)
        self.stale = set()


class _QuietLinksToLeftOut(logging.Filter):
    """MkDocs says, at INFO, that a link leads to an excluded page: not so of a page left out
    (`ServeState.leave_out`), which is on the site as the last build wrote it."""

    def __init__(self, sources: set[str]) -> None:
        super().__init__()
        self.sources = sources  # the pages left out, as the build leaves them out

    def filter(self, record: logging.LogRecord) -> bool:
        found = _LINK_TO_EXCLUDED.search(record.getMessage())
        return found is None or found.group(1) not in self.sources
