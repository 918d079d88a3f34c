"""What a kith build keeps for the next one under `kith serve` (a dirty rebuild after each save).

Only what kith owns: the loader with the files it read, each page's fingerprint, the pieces the
renderer keeps (rows of lists), and which files the last build wrote. A rebuild
renders only the pages whose fingerprint changed, and removes the files of pages that are gone
(a deleted, renamed or now private contact, a topic only they had).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from ..core.loader import VaultLoader
from ..core.settings import Settings
from ..site.build import SiteBuild


class ServeState:
    def __init__(self) -> None:
        self.loader: VaultLoader | None = None
        self.fingerprints: dict[str, int] = {}
        self.fragments: dict = {}  # pieces of pages the renderer keeps between rebuilds
        self.outputs: set[str] = set()  # every file the last build wrote from MkDocs' files
        self.stale: set[str] = set()

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
