"""kith's pages as MkDocs files and pages: added to the build, laid into the theme, with their
table of contents.

Contacts and notes live outside docs_dir; each becomes a generated page (`File.generated`), as
do kith's listings, its home page if the user has none, and its CSS and script. A vault folder
inside docs_dir is published only through kith's pages: MkDocs would also make each of its files
a page of its own, private people's included.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Mapping
from importlib import resources

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import AnchorLink, TableOfContents

from ..site.build import BODY_HEADING, SiteBuild
from ..site.render import Heading

log = logging.getLogger("mkdocs.plugins.kith")

# The site's style and script, each one file made of the package's (kept apart to be read and
# edited): every page names them, and each name is one more tag the theme writes into every page
# and one more file a reader's browser asks for.
ASSETS = {"kith.css": ("kith.css", "kith-graph.css"),
          "kith.js": ("kith.js", "kith-lists.js", "kith-graph.js")}
ASSET_DIR = "assets/kith"


class KithFile(File):
    """A generated page that a dirty build (`kith serve`) may skip when its inputs did not change."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged


def add_pages(files: Files, config: MkDocsConfig, site: SiteBuild, unchanged: set[str],
              left_out: Callable[[str], KithFile] | None = None) -> tuple[Files, list[KithFile]]:
    """MkDocs' files with kith's pages (and assets) added, and the pages to render in this build.
    `unchanged`: sources a dirty build need not render again. `left_out`, given, makes the file
    of an unchanged page outside the navigation: one MkDocs leaves alone (see `ServeState`)."""
    added: list[KithFile] = []
    # MkDocs reads pages in this order, and the workers render kith's part of them in it too,
    # ahead of MkDocs. Notes first: a note's part is quick beside the body MkDocs renders, so the
    # workers gain the lead that profiles (more of kith, less of the body) then use up; the
    # listings, the longest parts (every conversation, the graph), last, when the lead is greatest.
    for source, spec in sorted(site.pages.items(), key=lambda item: (not item[1].searchable,
                                                                     item[1].kind != "note")):
        existing = files.src_uris.get(source)  # kith's sources are already as MkDocs keys them
        if existing is not None:
            log.warning(f"kith: '{existing.src_uri}' in {config.docs_dir} is replaced by kith's "
                        f"{spec.kind} page; rename or remove it")
            files.remove(existing)
        if left_out is not None and not spec.in_nav and source in unchanged:
            files.append(left_out(source))
            continue
        inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
        file = KithFile.generated(config, source, content="", inclusion=inclusion)
        file.unchanged = source in unchanged
        files.append(file)
        added.append(file)
    home = files.get_file_from_path("index.md")
    if home is None:
        files.append(File.generated(config, "index.md", content="# Home\n"))
    elif home.src_dir is not None:
        # The home page shows what is due, so a dirty build rebuilds it even when its file is
        # older than the page: the same file, as a KithFile, in the same place.
        always = KithFile(home.src_uri, home.src_dir, home.dest_dir, home.use_directory_urls,
                          dest_uri=home.dest_uri, inclusion=home.inclusion)
        always.abs_src_path = home.abs_src_path
        files = Files([always if file is home else file for file in files])
    folder = resources.files("kith").joinpath("assets")
    for asset, parts in ASSETS.items():
        # A script's last statement is ended, whatever its last line.
        joint = ";\n" if asset.endswith(".js") else "\n"
        content = joint.join(folder.joinpath(part).read_text("utf-8") for part in parts)
        files.append(File.generated(config, f"{ASSET_DIR}/{asset}", content=content))
    return files, [file for file in added if not file.unchanged]


def add_assets_to_theme(config: MkDocsConfig) -> None:
    for asset in ASSETS:
        path = f"{ASSET_DIR}/{asset}"
        target = config.extra_css if asset.endswith(".css") else config.extra_javascript
        if path not in [str(item) for item in target]:
            target.append(path)


def without_vault_files(files: Files, config: MkDocsConfig,
                        folders: Mapping[str, str]) -> tuple[Files, dict[str, int]]:
    """MkDocs' files but those of a vault folder inside docs_dir (or reached through a link in it),
    Markdown and attachments alike; and how many were left out of each folder. `folders`: name ->
    real path."""
    docs = os.path.join(config.docs_dir, "")
    kept: list[File] = []
    left_out: dict[str, int] = {}
    for file in files:
        # Only files of docs_dir (the theme's are elsewhere).
        if file.abs_src_path is not None and file.abs_src_path.startswith(docs):
            real = os.path.realpath(file.abs_src_path)
            folder = next((name for name, path in folders.items()
                           if real == path or real.startswith(os.path.join(path, ""))), None)
            if folder is not None:
                left_out[folder] = left_out.get(folder, 0) + 1
                continue
        kept.append(file)
    return (Files(kept), left_out) if left_out else (files, left_out)


def table_of_contents(headings: Iterable[Heading], kind: str,
                      body: TableOfContents | None) -> TableOfContents:
    """A kith page's contents: its own headings, and the body's (as MkDocs found them in the
    body's Markdown) where the body is."""
    toc = TableOfContents(_nested(headings))
    body_entries = list(body or [])
    if body_entries and kind in BODY_HEADING:
        after = BODY_HEADING[kind]
        position = next((i + 1 for i, entry in enumerate(toc.items) if entry.id == after), 0) if after else 0
        toc.items[position:position] = body_entries
    return toc


def _nested(headings: Iterable[Heading]) -> list[AnchorLink]:
    """The headings as entries of a table of contents, each deeper one inside the one before it."""
    top: list[AnchorLink] = []
    open_entries: list[AnchorLink] = []
    for heading in headings:
        entry = AnchorLink(str(escape(heading.title)), heading.anchor, heading.level)
        while open_entries and open_entries[-1].level >= heading.level:
            open_entries.pop()
        (open_entries[-1].children if open_entries else top).append(entry)
        open_entries.append(entry)
    return top
