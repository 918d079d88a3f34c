"""The `kith` MkDocs plugin: each hook hands its work to a named module.

- `on_config`: settings (`config.py`), the site folder checked and web fonts off (`safety.py`),
  kith's navigation template put before Material's (`theme.py`).
- `on_files`: the vault loaded (`core`), its pages planned (`site/build.py`) and added to MkDocs'
  files (`pages.py`), then rendered on the other cores (`site/parallel.py`) while MkDocs works.
- `on_nav`: kith's index pages after the home page (`navigation.py`).
- `on_env`: Material's navigation rendered once per folder for the pages outside it (`theme.py`).
- `on_page_markdown` / `on_page_content`: a kith page is its body's Markdown, which MkDocs and every
  other plugin render as usual, put into kith's part of the page.
- `on_page_context`: search reads the page's searchable part (`search.py`).
- `on_post_page`: every page says `no-referrer` (`safety.py`).
- `on_post_build`: the calendar feed; under `kith serve`, what is gone removed (`serve.py`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core.dates import DateError, resolve_today
from ..core.loader import KeptFromCollector
from ..core.model import Severity
from ..core.settings import Settings
from ..site.build import PageParts, SiteBuild, SiteOptions
from ..site.markdown import labelled_tasks
from ..site.parallel import PageWork
from ..site.render import MemoryBytecodeCache
from ..site.urls import FEED
from . import pages, safety, search, theme
from .config import KithConfig
from .navigation import arranged
from .serve import ServeState
from .timing import Timings, timed

log = logging.getLogger("mkdocs.plugins.kith")

# The theme's compiled templates, kept by kith across `kith serve` rebuilds (each rebuild has a new
# environment; this only spares it compiling the same templates again).
_THEME_COMPILED = MemoryBytecodeCache()


class KithPlugin(BasePlugin[KithConfig]):  # type: ignore[type-var]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.is_dirty = False
        self.settings = Settings()
        self.today = dt.date.today()
        self.site: SiteBuild | None = None
        self.kept = ServeState()  # what `kith serve` keeps between rebuilds
        self.work: PageWork | None = None
        # Pieces from the workers, taken when MkDocs asks for a page's Markdown (which they carry),
        # used when it has rendered the body.
        self.taken: dict[str, PageParts] = {}
        self.search = search.SearchContent()
        self.referrer = safety.ReferrerPolicy()
        self.timings = Timings()
        self.rendered: set[str] = set()  # URLs of the kith pages rendered in this build
        self.live_urls: set[str] = set()
        self.said: set[str] = set()  # INFO lines said once, not on every rebuild
        self.shared_navigation = False  # Material's navigation rendered once per folder (`theme.py`)
        self.navigation: theme.SharedNavigation | None = None
        # The vault, its indexes and the pages' files live to the end of a build: the cycle
        # collector would only walk them.
        self.kept_from_collector = KeptFromCollector()

    # Defining on_startup keeps this instance, and what it keeps, alive between serve rebuilds.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"
        self.is_dirty = dirty
        if self.is_serve:
            logging.getLogger("mkdocs.structure.pages").addFilter(self.kept.quiet_links)

    def on_shutdown(self) -> None:
        logging.getLogger("mkdocs.structure.pages").removeFilter(self.kept.quiet_links)
        # What kith holds (the vault, its indexes, the plan of pages, the files read) freed now, by
        # reference counting: left to the end of the process, the collection Python makes as it
        # exits would first walk every one of those objects.
        self.site = None
        self.kept = ServeState()

    @timed
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.settings = settings = self.config.settings()
        root = Path(config.config_file_path).parent
        # Before MkDocs empties the site folder, whether kith builds the pages or not.
        safety.refuse_a_site_folder_over(Path(config.site_dir), safety.users_folders(
            config, root, settings.contacts_dir, settings.notes_dir))
        if not settings.enabled:
            return None
        self.timings.start()
        if safety.without_web_fonts(config):
            self._say_once("kith: web fonts are off so that pages load nothing from other hosts; "
                           "name one under theme.font to use it")
        try:
            self.today = resolve_today(settings.today)
        except DateError as error:
            raise PluginError(f"kith: {error}") from None
        for option, folders in (("contacts_dir", settings.contacts_dir), ("notes_dir", settings.notes_dir)):
            for folder in folders:
                if not (root / folder).is_dir():
                    log.warning(f"kith: the folder '{folder}' does not exist next to mkdocs.yml; "
                                f"create it, or set '{option}'")
        if "pymdownx.tasklist" not in config.markdown_extensions:
            config.markdown_extensions.append("pymdownx.tasklist")
            config.mdx_configs.setdefault("pymdownx.tasklist", {"custom_checkbox": True})
        pages.add_assets_to_theme(config)
        self.shared_navigation = theme.share_navigation(config)
        self.navigation = None
        return config

    @timed
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.settings.enabled:
            return files
        self._end_build()  # what a build that did not end (interrupted under serve) left
        self.site = None  # the last build's plan let go: the collection before loading need not walk it
        with self.kept_from_collector.loading(rebuild=self.is_dirty and self.kept.loader is not None):
            root = Path(config.config_file_path).parent
            files = self._without_vault_files(files, config, root)
            vault = self.kept.loader_for(root, self.settings, config.site_dir).load()
            for problem in vault.problems:
                log.warning(f"kith: {problem}")  # warnings: `mkdocs build --strict` fails on any
            custom_dir = config.theme.custom_dir
            self.site = site = SiteBuild(vault, SiteOptions.of(
                self.settings, self.today, template_dirs=(Path(custom_dir),) if custom_dir else (),
                use_directory_urls=config.use_directory_urls, site_name=config.site_name,
                fragments=self.kept.fragments))
            # What is kept for the next build matters only to a server's rebuilds.
            unchanged = self.kept.unchanged(site, self.is_dirty) if self.is_serve else set()
            left_out = self.kept.leave_out(files, site, config, self.is_dirty) if self.is_serve else None
            files, to_render = pages.add_pages(files, config, site, unchanged, left_out)
            if self.is_dirty and self.kept.outputs:
                log.info(f"kith: re-rendering {len(to_render)} of {len(site.pages)} kith pages")
            if self.is_dirty:
                self.live_urls = self.kept.live_urls(files)
            if self.is_serve:
                self.kept.written({file.abs_dest_path for file in files})
            self.rendered = set()
        self.timings.stage("vault_loaded")
        self._start_work([file.src_uri for file in to_render])
        return files

    def _without_vault_files(self, files: Files, config: MkDocsConfig, root: Path) -> Files:
        folders = {f"{option} '{folder}'": os.path.realpath(root / folder)
                   for option, names in (("contacts_dir", self.settings.contacts_dir),
                                         ("notes_dir", self.settings.notes_dir)) for folder in names}
        files, left_out = pages.without_vault_files(files, config, folders)
        if left_out:
            self._say_once(f"kith: docs_dir '{os.path.relpath(config.docs_dir, root)}' holds the files of "
                           f"{' and '.join(left_out)} ({sum(left_out.values())} files): they are published "
                           "only as kith's pages, not also as MkDocs pages of their own")
        return files

    def _start_work(self, sources: list[str]) -> None:
        """Workers render kith's part of these pages, and the feed, while MkDocs does its own work.
        Not under serve: a rebuild renders a few pages, and what rendering keeps makes it quick.
        (`on_files` has ended whatever the last build left running.)"""
        if self.settings.parallel and not self.is_serve and self.site is not None:
            self.work = PageWork.start([*sources, FEED], self.site.piece)

    def _stop_work(self) -> None:
        self.taken.clear()
        if self.work is not None:
            self.work.close()
            self.work = None

    def _end_build(self) -> None:
        """The workers stopped, and the cycle collector left as the build found it."""
        self._stop_work()
        self.search.clear()
        self.kept_from_collector.release()

    @timed
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.settings.enabled and self.settings.navigation and config.nav is None:
            return arranged(nav)
        return nav

    @timed
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self.settings.enabled:
            self.timings.stage("on_env")
            if self.shared_navigation:
                self.navigation = theme.with_shared_navigation(env)
            if self.is_serve:
                env.bytecode_cache = _THEME_COMPILED
        return env

    @timed
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.site.spec(page.file.src_uri) if self.site is not None else None
        if spec is None or self.site is None:
            return markdown
        # MkDocs' templates print titles and tags unescaped (the header, <title>, search results),
        # so a name like `<img onerror=...>` is escaped here to be shown as text.
        page.meta["title"] = escape(spec.title)
        if spec.tags:
            page.meta["tags"] = [escape(tag) for tag in spec.tags]
        if not spec.searchable:
            page.meta["search"] = {"exclude": True}
        elif spec.search_boost is not None:
            page.meta["search"] = {"boost": spec.search_boost}  # Material's documented front matter
        if spec.wide:
            page.meta["hide"] = ["toc"]  # Material's documented front matter
        page.edit_url = None
        parts = self.work.take(page.file.src_uri) if self.work is not None else None
        if isinstance(parts, PageParts):
            self.taken[page.file.src_uri] = parts
            return parts.markdown
        return self.site.markdown(spec, page.url)

    @timed
    @event_priority(100)  # first: any other plugin's `on_page_content` sees the whole page
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A kith page's content: kith's part (from a worker, or rendered here) around the body
        MkDocs rendered."""
        site = self.site
        if site is None:
            return html
        spec = site.spec(page.file.src_uri)
        if spec is None:
            html = labelled_tasks(html)  # a page of the user's own: its task checkboxes named too
            if page.is_homepage:
                home = site.home_html(page.url)
                page.toc = pages.table_of_contents(site.renderer.toc, "home", page.toc)
                return html + home
            return html
        parts = self.taken.pop(page.file.src_uri, None)
        snippets = parts.snippets if parts is not None else site.snippets(spec, page.url)
        body = site.clean_body(spec, html, snippets)
        content, searchable, headings = site.page_with_body(spec, page.url, body, parts)
        page.toc = pages.table_of_contents(headings, spec.kind, page.toc)
        self.search.keep(page, searchable)
        self.rendered.add(page.url)
        return content

    # Undocumented behaviour of Material's search plugin (DEVELOPERS.md): it reads `page.content`
    # in its `on_page_context`, at the default priority 0. tests/test_mkdocs_private_api.py.
    @event_priority(50)  # before the search plugin reads the page
    def _before_search(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        self.search.before_search(page)
        return context

    @event_priority(-50)  # after the search plugin, before the theme shows the page
    def _after_search(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        self.search.after_search(page)
        return context

    on_page_context = CombinedEvent(_before_search, _after_search)

    @timed
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self.referrer(output, page.file.src_uri) if self.settings.enabled else output

    @timed
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The theme's own pages (404.html) get the referrer policy too; under serve, the sitemap
        lists the pages a rebuild left out (`serve.py`)."""
        if self.settings.enabled and self.is_serve and template_name == "sitemap.xml":
            return self.kept.sitemap(output_content)
        if not self.settings.enabled or not template_name.endswith(".html"):
            return output_content
        return self.referrer(output_content, template_name)

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.settings.enabled or self.site is None:
            return
        self.timings.stage("on_post_build")
        feed = self.work.take(FEED) if self.work is not None else None
        feed_text = feed if isinstance(feed, str) else self.site.feed()
        Path(config.site_dir, FEED).write_bytes(feed_text.encode("utf-8"))
        delivered = self.work.delivered if self.work is not None else 0
        self._end_build()
        if self.is_dirty:
            search.complete_dirty_index(config, self.rendered, self.live_urls)
            self.kept.remove_stale(config.site_dir)
        site = self.site
        self.timings.write(contacts=len(site.network.contacts), notes=len(site.network.notes),
                           pages=len(site.pages), worker_pieces=delivered,
                           left_out=len(self.kept.left_out_now),  # under serve: pages MkDocs left alone
                           shared_navigation=self.navigation.pages if self.navigation else 0,
                           errors=sum(p.severity == Severity.ERROR for p in site.vault.problems))

    def on_build_error(self, *, error: Exception) -> None:
        self._end_build()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.settings.enabled and self.kept.loader is not None:
            root = self.kept.loader.root
            for folder in self.kept.loader.folders:
                path = root / folder
                if path.is_dir():
                    server.watch(str(path))
            # The folders of companies' own pages, not their subfolders (the vault's own folder
            # holds the site folder, which every build writes).
            companies = self.site.directory.companies.values() if self.site else ()
            notes = {company.note for company in companies}
            for folder in sorted({(root / note).parent for note in notes if note}):
                server.watch(str(folder), recursive=False)
        return server

    def _say_once(self, message: str) -> None:
        if message not in self.said:
            self.said.add(message)
            log.info(message)
