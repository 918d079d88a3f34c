"""The `kith` MkDocs plugin: hooks that hand the work to the engine-neutral site build."""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import re
import secrets
import threading
import time
import warnings
from functools import wraps
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import write_file

from ..core.dates import DateError, resolve_today
from ..core.loader import VaultLoader, gc_paused
from ..core.model import Severity
from ..site.build import BODY_KINDS, BODY_SLOT, SiteBuild, SiteOptions
from ..site.markdown import BodyMarkdown, renders_alone
from ..site.prerender import Prerender
from ..site.render import MemoryBytecodeCache
from ..site.urls import LISTINGS
from .config import KithConfig

log = logging.getLogger("mkdocs.plugins.kith")

ASSETS = ("kith.css", "kith.js")
ASSET_DIR = "assets/kith"
NOT_RENDERED = "\0"  # the child's answer for a body MkDocs renders
# Every kith page is put into the theme through this template: the theme's own page template,
# unless the second child already made the whole page (`_start_theming`).
THEMED_TEMPLATE = "kith/themed.html"
_THEMED_LOADER = DictLoader({THEMED_TEMPLATE: '{% if not kith_themed %}{% include "main.html" %}{% endif %}'})
# Plugins whose hooks leave a page's context and output alone (they only read them), so a child
# can put a page into the theme without them and the page comes out the same. With any other
# plugin in the build, MkDocs puts every page into the theme itself.
_READ_ONLY_PLUGINS = frozenset({"search", "material/search", "kith"})
_THEME_COMPILED = MemoryBytecodeCache()
_THEME_ENVS: dict[tuple[Any, ...], Any] = {}  # under serve: the theme's environment, kept
_HEADING = re.compile(r'<h([23])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)  # `\b`: not `<header>`
REFERRER_POLICY = '<meta name="referrer" content="no-referrer">'


def timed(hook):
    """Adds the hook's time to the plugin's own total, which KITH_PROFILE reports."""

    @wraps(hook)
    def wrapper(self: KithPlugin, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return hook(self, *args, **kwargs)
        finally:
            elapsed = time.perf_counter() - start
            self.timings[hook.__name__] = self.timings.get(hook.__name__, 0.0) + elapsed

    return wrapper


class KithPlugin(BasePlugin[KithConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.loader: VaultLoader | None = None  # kept across rebuilds under `mkdocs serve`
        self.site: SiteBuild | None = None
        self.timings: dict[str, float] = {}
        self.moments: dict[str, float] = {}
        # Incremental rebuilds (`kith serve`, or `mkdocs serve --dirty`): each page's fingerprint
        # from the last build, and the URLs of the pages rendered in this one.
        self.is_dirty = False
        self.fingerprints: dict[str, int] = {}
        self.fragments: dict = {}  # pieces of pages the renderer keeps between rebuilds
        self.rendered: set[str] = set()
        self.live_urls: set[str] = set()
        self.outputs: set[str] = set()  # every file the last build wrote from `files`
        self.stale_outputs: set[str] = set()
        # Each kith page is built in two steps (see `on_page_content`): between them, the cleaned
        # body and whether its Markdown had any text; the finished page until it is written; the
        # child process rendering pages meanwhile; the comments that mark our part of a page.
        self.bodies: dict[str, tuple[str, bool]] = {}
        self.finished: tuple[str, str, bool] | None = None  # URL, HTML, whether the whole page
        self.prerender: Prerender | None = None
        self.theming: Prerender | None = None  # the second child, putting whole pages into the theme
        self.nav: Navigation | None = None
        self.themed = 0  # whole pages the second child made in the last build
        self.will_theme = False
        self.child_bodies: dict[str, str] = {}  # bodies the child rendered, MkDocs did not
        self.prerendered = 0  # pieces the child delivered in the last build, of 4 a page
        self.prerender_cpu = 0.0  # CPU seconds the child used
        self.marks = ("", "")
        self.headless: set[str] = set()  # pages without <head> already reported
        self.said: set[str] = set()  # INFO lines already said

    def _users_folders(self, config: MkDocsConfig, root: Path) -> list[tuple[str, Path, bool]]:
        """The folders of the user's files: what each is, where, and whether a site folder may be
        inside it (only in the vault's own folder, where `site/` goes)."""
        folders = [("the vault's own folder (where mkdocs.yml is)", root, True)]
        for option, kind in (("contacts_dir", "contacts"), ("notes_dir", "notes")):
            folders += [(f"the {kind} folder ({option}: {folder})", root / folder, False)
                        for folder in _folders(self.config[option])]
        folders.append(("docs_dir", Path(config.docs_dir), False))
        if config.theme.custom_dir:
            folders.append(("the theme's custom_dir", Path(config.theme.custom_dir), False))
        return folders

    def _say_once(self, message: str) -> None:
        """An INFO line said once, not again on every rebuild under serve."""
        if message not in self.said:
            self.said.add(message)
            log.info(message)

    # Defining on_startup keeps this instance, and its file cache, alive between serve rebuilds.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"
        self.is_dirty = dirty

    @timed
    @event_priority(100)  # before other plugins ask the theme for its templates (see _keep_theme_env)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        root = Path(config.config_file_path).parent
        # Before MkDocs empties the site folder, whether kith builds the pages or not.
        _refuse_a_site_folder_over(Path(config.site_dir), self._users_folders(config, root))
        if not self.config.enabled:
            return None
        self.timings = {"on_config": 0.0}
        self.moments = {"on_config": time.perf_counter()}  # when each stage began, for KITH_PROFILE
        if self.is_serve:
            _keep_theme_env(config)
        if "font" in config.theme and not _user_named_a_font(config):
            # Material's default font comes from Google Fonts: every page would tell Google which
            # page (whose profile) is being read.
            config.theme["font"] = False
            self._say_once("kith: web fonts are off so that pages load nothing from other hosts; "
                           "name one under theme.font to use it")
        try:
            self.today = resolve_today(self.config.today)
        except DateError as error:
            raise PluginError(f"kith: {error}") from None
        if (self.loader is None or self.loader.root != root
                or (self.loader.contacts_dirs, self.loader.notes_dirs)
                != ((self.config.contacts_dir,), (self.config.notes_dir,))):
            self.loader = VaultLoader(root, self.config.contacts_dir, self.config.notes_dir)
        for folder in (self.config.contacts_dir, self.config.notes_dir):
            if not (root / folder).is_dir():
                log.warning(f"kith: the folder '{folder}' does not exist next to mkdocs.yml; "
                            f"create it, or set '{'contacts_dir' if 'contact' in folder else 'notes_dir'}'")
        if "pymdownx.tasklist" not in config.markdown_extensions:
            config.markdown_extensions.append("pymdownx.tasklist")
            config.mdx_configs.setdefault("pymdownx.tasklist", {"custom_checkbox": True})
        for asset in ASSETS:
            path = f"{ASSET_DIR}/{asset}"
            target = config.extra_css if asset.endswith(".css") else config.extra_javascript
            if path not in [str(item) for item in target]:
                target.append(path)
        return config

    @timed
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        # The vault, its indexes and the pages' files live to the end of the build: the cycle
        # collector would only walk them (a tenth of this hook at 2,500 contacts).
        with gc_paused():
            return self._add_files(files, config)

    def _add_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.loader is not None
        files = self._without_vault_files(files, config)
        vault = self.loader.load()
        for problem in vault.problems:
            # Warnings, so `mkdocs build --strict` fails on any of them.
            log.warning(f"kith: {problem}")
        custom_dir = config.theme.custom_dir
        self.site = site = SiteBuild(vault, SiteOptions(
            today=self.today,
            due_soon_days=self.config.due_soon_days,
            birthday_days=self.config.birthday_days,
            cadences={str(k): int(v) for k, v in self.config.cadences.items()},
            redact=tuple(self.config.redact),
            graph_limit=self.config.graph_limit,
            template_dirs=(Path(custom_dir),) if custom_dir else (),
            use_directory_urls=config.use_directory_urls,
            site_name=config.site_name,
            settings_key=repr(sorted(self.config.items())),
            fragments=self.fragments,
        ))
        has_home = files.get_file_from_path("index.md") is not None
        previous = self.fingerprints
        self.fingerprints = site.fingerprints()
        self.rendered = set()
        for source, spec in site.pages.items():
            existing = files.get_file_from_path(source)
            if existing is not None:
                log.warning(f"kith: '{existing.src_uri}' in {config.docs_dir} is replaced by kith's "
                            f"{spec.kind} page; rename or remove it")
                files.remove(existing)
            inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
            file = KithFile.generated(config, source, content="", inclusion=inclusion)
            fingerprint = self.fingerprints.get(source)
            # A page whose inputs are unchanged is skipped by a dirty build; a cold build renders all.
            file.unchanged = self.is_dirty and fingerprint is not None and previous.get(source) == fingerprint
            files.append(file)
        if has_home:
            # The home page shows follow-ups, so it is rebuilt whenever its Markdown is not newer.
            _always_modified(files.get_file_from_path("index.md"))
        else:
            files.append(File.generated(config, "index.md", content="# Home\n"))
        for asset in ASSETS:
            content = resources.files("kith").joinpath("assets", asset).read_text("utf-8")
            files.append(File.generated(config, f"{ASSET_DIR}/{asset}", content=content))
        self.live_urls = {file.url for file in files.documentation_pages()}
        # Under serve, what the last build wrote and this one does not (a deleted, renamed or now
        # private contact's page, a topic only it had) is removed once this build is written.
        outputs = {file.abs_dest_path for file in files}
        self.stale_outputs = self.outputs - outputs
        self.outputs = outputs
        self.moments["vault_loaded"] = time.perf_counter()
        to_render = [f for f in files if isinstance(f, KithFile) and not f.unchanged]
        if self.is_dirty and previous:
            log.info(f"kith: re-rendering {len(to_render)} of {len(site.pages)} kith pages")
        self._start_prerender(site, to_render, config)
        return files

    def _without_vault_files(self, files: Files, config: MkDocsConfig) -> Files:
        """MkDocs' files but those of a contacts or notes folder inside docs_dir (or reached through
        a link in it): those are published only as kith's pages. MkDocs would also make each file a
        page of its own (private people's included, in every page's navigation, the search index
        and the sitemap) and copy every attachment."""
        assert self.loader is not None
        folders = {f"{option} '{folder}'": os.path.realpath(self.loader.root / folder)
                   for option in ("contacts_dir", "notes_dir") for folder in _folders(self.config[option])}
        docs = os.path.join(config.docs_dir, "")
        kept: list[File] = []
        found: dict[str, int] = {}
        for file in files:
            # Only files of docs_dir (the theme's are elsewhere): there are few, but where a vault
            # folder is inside it.
            if file.abs_src_path is not None and file.abs_src_path.startswith(docs):
                real = os.path.realpath(file.abs_src_path)
                folder = next((name for name, path in folders.items() if _within(real, path)), None)
                if folder is not None:
                    found[folder] = found.get(folder, 0) + 1
                    continue
            kept.append(file)
        if not found:
            return files
        docs_dir = os.path.relpath(config.docs_dir, self.loader.root)
        self._say_once(f"kith: docs_dir '{docs_dir}' holds the files of {' and '.join(found)} "
                       f"({sum(found.values())} files): they are published only as kith's pages, not "
                       "also as MkDocs pages of their own")
        return Files(kept)

    def _start_prerender(self, site: SiteBuild, files: list[KithFile], config: MkDocsConfig) -> None:
        """Starts a child process that prepares the pages MkDocs is about to build, on another core.

        In the order MkDocs asks for them: each page's body Markdown, the body as HTML and what
        search indexes of it (the first step, see `on_page_content`), then every whole page (the
        second), then the calendar feed. Where a body goes, the child leaves `BODY_SLOT`.

        The child renders a body's Markdown with the same extensions as MkDocs, unless MkDocs would
        treat it specially (Markdown links to other files, which it rewrites and checks); where it
        has, MkDocs is given an empty page to render, which costs it next to nothing. The child
        and this process share the work (see `Prerender`).
        """
        self._stop_prerender()
        self.marks = (f"<!--kith:{secrets.token_hex(8)}-->", f"<!--/kith:{secrets.token_hex(8)}-->")
        self.bodies = {}
        self.child_bodies = {}
        self.finished = None
        self.will_theme = False
        self.themed = 0
        # Under serve the pages are rendered here: what rendering keeps (graph layouts, rows of
        # the conversation lists) then makes the rebuilds after a save quick.
        if not self.config.parallel or self.is_serve:
            return
        self.will_theme = _only_read_only_plugins(config)
        urls = {file.src_uri: file.url for file in files}
        body_markdown = BodyMarkdown(config.markdown_extensions, config.mdx_configs)

        def render(key: str) -> str:
            step, _, source = key.partition(":")
            if step == "feed":
                return site.feed()
            spec, url = site.pages[source], urls[source]
            if step == "markdown":
                return site.markdown(spec, url)
            if step == "body":
                markdown = site.markdown(spec, url)
                if spec.kind not in BODY_KINDS or not renders_alone(markdown):
                    return NOT_RENDERED
                return site.clean_body(spec, body_markdown.render(markdown))
            return site.page_html(spec, url, for_search=step == "search")

        first_step = [f"{step}:{source}" for source in urls for step in ("markdown", "body", "search")]
        # Listing pages come first in MkDocs' order and take longest (all conversations, the
        # graph): the child makes them while MkDocs renders Markdown. It makes a page's first-step
        # pieces a little slower than MkDocs uses them, so they share those from the two ends;
        # whole pages it makes quicker than MkDocs puts pages into the theme, so it runs ahead.
        listings = [source for source in urls if not site.pages[source].searchable]
        others = [source for source in urls if site.pages[source].searchable]
        second_step = [f"page:{source}" for source in listings + others]
        keys = [*first_step, *second_step, "feed:"]
        first, second = len(first_step), len(first_step) + len(listings)
        plan = [(first, second, True), (0, first, False)]
        if not self.will_theme:
            plan.append((second, len(keys), True))
        # Otherwise a second child, forked once every page's first step is done, makes whole
        # pages and the feed (`_start_theming`); this one stops where it meets MkDocs.
        self.prerender = Prerender.start(keys, plan, render)

    def _start_theming(self, env: Any, files: Files, config: MkDocsConfig) -> None:
        """Starts a second child that puts kith pages into the theme, the whole page as MkDocs
        would write it, from the last page MkDocs will build towards the first; MkDocs builds them
        from the first and takes what the child finished (see `on_page_context`), so each does
        about half. Forked once MkDocs has read every page, the child has all it needs: the
        navigation, every page's title and first step, the theme's templates. Then the feed.
        """
        if not self.will_theme or self.site is None or self.nav is None:
            return
        site, nav = self.site, self.nav
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        pages = {file.src_uri: file.page for file in doc_files
                 if isinstance(file, KithFile) and not file.unchanged and file.page is not None}

        def render(key: str) -> str:
            self.prerender = self.theming = None  # in the child: the pieces are made here
            step, _, source = key.partition(":")
            if step == "feed":
                return site.feed()
            page = pages[source]
            # As MkDocs' own `_build_page`, with the hooks of kith (the other plugins only read).
            config._current_page = page
            page.active = True
            try:
                context = get_context(nav, doc_files, config, page)
                template = env.get_template(page.meta.get("template", "main.html"))
                context = self.on_page_context(context, page=page, config=config, nav=nav)
                return self.on_post_page(template.render(context), page=page, config=config)
            finally:
                page.active = False
                config._current_page = None

        keys = [f"themed:{source}" for source in pages] + ["feed:"]
        self.theming = Prerender.start(keys, [(len(keys) - 1, len(keys), True), (0, len(keys) - 1, False)],
                                       render)

    def _prepared(self, step: str, source: str = "") -> str | None:
        """What a child prepared for this step of this page; None: prepare it here."""
        key = f"{step}:{source}"
        for child in (self.prerender, self.theming):
            if child is not None and (piece := child.take(key)) is not None:
                return piece
        return None

    def _stop_prerender(self) -> None:
        self.prerendered = self.prerender_cpu = 0
        for child in (self.prerender, self.theming):
            if child is not None:
                self.prerendered += child.delivered
                child.close()
                self.prerender_cpu += child.child_cpu
        self.prerender = self.theming = None

    @timed
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = self._arranged(nav, config) if self.config.enabled else nav
        return self.nav

    def _arranged(self, nav: Navigation, config: MkDocsConfig) -> Navigation:
        if config.nav is not None or not self.config.navigation:
            return nav
        # An automatic navigation lists kith's index pages after the home page, in a fixed order,
        # instead of as one-page sections in alphabetical order.
        listing_sources = {source for source, _ in LISTINGS.values()}
        ours: dict[str, Page] = {}
        for page in nav.pages:
            if page.file.src_uri in listing_sources:
                ours[page.file.src_uri] = page
        items = [item for item in nav.items if not _holds_only(item, listing_sources)]
        position = 1 if items and isinstance(items[0], Page) and items[0].is_homepage else 0
        added = []
        for source, title in LISTINGS.values():
            page = ours.get(source)
            if page is not None:
                page.parent = None
                page.title = title
                added.append(page)
        items[position:position] = added
        pages = [page for page in _flatten(items)]
        for index, page in enumerate(pages):
            page.previous_page = pages[index - 1] if index else None
            page.next_page = pages[index + 1] if index + 1 < len(pages) else None
        return Navigation(items, pages)

    @timed
    @event_priority(-100)  # the environment MkDocs will use, after any other plugin changed it
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if not self.config.enabled:
            return env
        self.moments["on_env"] = time.perf_counter()
        if not (isinstance(env.loader, ChoiceLoader) and env.loader.loaders[0] is _THEMED_LOADER):
            env.loader = ChoiceLoader([_THEMED_LOADER, env.loader])
        self._start_theming(env, files, config)
        return env

    @timed
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.site is None:
            return markdown
        spec = self.site.spec(page.file.src_uri)
        if spec is None:
            return markdown
        # MkDocs' templates print titles and tags unescaped (the header, <title>, search results),
        # so a name like `<img onerror=...>` is escaped here to be shown as text.
        page.meta["title"] = escape(spec.title)
        if spec.tags:
            page.meta["tags"] = [escape(tag) for tag in spec.tags]
        page.edit_url = None
        page.meta["template"] = THEMED_TEMPLATE
        if not spec.searchable:
            page.meta["search"] = {"exclude": True}
        source = page.file.src_uri
        markdown = self._prepared("markdown", source)
        if markdown is None:
            markdown = self.site.markdown(spec, page.url)
        self.bodies[source] = ("", bool(markdown.strip()))
        body = self._prepared("body", source)
        if body is not None and body != NOT_RENDERED:
            self.child_bodies[source] = body  # the child rendered it: MkDocs need not
            return ""
        return markdown

    @timed
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The first of two steps for a kith page: what search indexes.

        MkDocs renders every page's Markdown before it puts any page into the theme, and keeps
        all of them in memory in between; search reads each page's content. So the content here
        is only what search should find (see `SiteBuild.page_html`), between two marks; the full
        page replaces it just before it is written (`on_page_context`, `on_post_page`).
        """
        if self.site is None:
            return html
        source = page.file.src_uri
        spec = self.site.spec(source)
        if spec is not None:
            body = self.child_bodies.pop(source, None)
            if body is None:
                body = self.site.clean_body(spec, html)
            markdown_has_text = self.bodies.get(source, ("", True))[1]
            if spec.kind in BODY_KINDS:
                self.bodies[source] = (body, markdown_has_text)
            html = _with_body(spec, self._prepared("search", source), body, markdown_has_text)
            if html is None:
                html = self.site.page_html(spec, page.url, body, for_search=True)
            page.toc = get_toc(_toc_tokens(html))
            return f"{self.marks[0]}{html}{self.marks[1]}"
        if page.is_homepage:
            html = html + self.site.home_html(page.url)
            page.toc = get_toc(_toc_tokens(html))
        return html

    @timed
    @event_priority(-100)  # after the search plugin has indexed the first step's content
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        """The second step: the whole page, from the child process or rendered here."""
        self.rendered.add(page.url)
        source = page.file.src_uri
        spec = self.site.spec(source) if self.site is not None else None
        if spec is None or self.site is None:
            return context
        if self.theming is not None and (whole_page := self.theming.take(f"themed:{source}")) is not None:
            # The child made the whole page: the template shows nothing, `on_post_page` gives it.
            self.bodies.pop(source, None)
            self.themed += 1
            context["kith_themed"] = True
            self.finished = (page.url, whole_page, True)
            return context
        body, markdown_has_text = self.bodies.pop(source, ("", False))
        page_html = _with_body(spec, self._prepared("page", source), body, markdown_has_text)
        if page_html is None:
            page_html = self.site.page_html(spec, page.url, body)
        page.toc = get_toc(_toc_tokens(page_html))
        self.finished = (page.url, page_html, False)
        return context

    @timed
    @event_priority(100)  # any other plugin's `on_post_page` sees the whole page
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Every page, kith's and the user's own, gets the referrer policy; a kith page its content."""
        if not self.config.enabled:
            return output
        if self.finished is None or self.finished[0] != page.url:
            return self._with_referrer_policy(output, page.file.src_uri)
        _, page_html, whole = self.finished
        self.finished = None
        if whole:
            return page_html  # made whole by the second child, through this hook
        opening, closing = self.marks
        start = output.find(opening)
        end = output.find(closing, start)
        if start < 0 or end < 0:
            log.warning(f"kith: the theme did not show the content of '{page.file.src_uri}'; "
                        "check the page template")
        else:
            output = output[:start] + page_html + output[end + len(closing):]
        return self._with_referrer_policy(output, page.file.src_uri)

    @timed
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The theme's own pages (404.html) get the referrer policy too."""
        if not self.config.enabled or not template_name.endswith(".html"):
            return output_content
        return self._with_referrer_policy(output_content, template_name)

    def _with_referrer_policy(self, html: str, name: str) -> str:
        """The page with `no-referrer` first in its head: no link the reader follows and nothing the
        page loads tells another host which page (whose profile) was open."""
        head = _HEAD.search(html)
        if head is None:
            if name not in self.headless:
                self.headless.add(name)
                log.warning(f"kith: '{name}' has no <head>, so it has no referrer policy; "
                            "check the theme's template")
            return html
        return html[:head.end()] + REFERRER_POLICY + html[head.end():]

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.moments["on_post_build"] = time.perf_counter()
        self._write_feed(config)
        self._stop_prerender()
        self._complete_search_index(config)
        if self.is_dirty:
            _remove_stale(self.stale_outputs, config.site_dir)
        self._write_profile()
        if self.is_serve:
            _collect_garbage_when_idle()

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_prerender()

    @timed
    def _write_feed(self, config: MkDocsConfig) -> None:
        """`follow-ups.ics`, written after the pages: under `kith serve` the pages show sooner."""
        if self.site is None:
            return
        source = self.site.urls.source("feed")
        text = self._prepared("feed")
        write_file((text if text is not None else self.site.feed()).encode("utf-8"),
                   os.path.join(config.site_dir, source))

    def _complete_search_index(self, config: MkDocsConfig) -> None:
        """After a dirty build, keep the search entries of every page that was not re-rendered.

        Material's search plugin keeps the previous index under `--dirty`, but merges it as if only
        one page had changed; here the entries of re-rendered and removed pages are replaced.
        """
        search = config.plugins.get("material/search") or config.plugins.get("search")
        previous = getattr(search, "search_index_prev", None)
        index = getattr(search, "search_index", None)
        if not self.is_dirty or previous is None or index is None or self.site is None:
            return
        kept = [entry for entry in previous.entries
                if (base := entry["location"].split("#", 1)[0]) not in self.rendered
                and base in self.live_urls]
        index.entries = kept + index.entries
        search.search_index_prev = None  # already merged; the plugin stores this index as the next "previous"

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.config.enabled and self.loader is not None:
            for folder in (self.config.contacts_dir, self.config.notes_dir):
                path = self.loader.root / folder
                if path.is_dir():
                    server.watch(str(path))
        return server

    def _write_profile(self) -> None:
        target = os.environ.get("KITH_PROFILE")
        if target and self.config.enabled:
            counts = {}
            if self.site is not None:
                counts = {"contacts": len(self.site.network.contacts), "notes": len(self.site.network.notes),
                          "pages": len(self.site.pages),
                          "errors": sum(p.severity == Severity.ERROR for p in self.site.vault.problems)}
            Path(target).write_text(json.dumps(
                {"kith_seconds": round(sum(self.timings.values()), 4), "prerendered": self.prerendered,
                 "prerender_cpu_seconds": round(self.prerender_cpu, 2), "themed_pages": self.themed,
                 # CPU time of this process so far: without the child that pre-renders pages.
                 "process_cpu_seconds": round(time.process_time(), 2),
                 "hooks": {k: round(v, 4) for k, v in self.timings.items()},
                 # Seconds from on_config to the start of each stage of the build.
                 "stages": {k: round(v - self.moments["on_config"], 3) for k, v in self.moments.items()},
                 **counts}, indent=2))


def _folders(option: str | list[str]) -> list[str]:
    """A folder option's folders: one folder, or a list of them."""
    return [option] if isinstance(option, str) else list(option)


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(os.path.join(folder, ""))


def _refuse_a_site_folder_over(site_dir: Path, folders: list[tuple[str, Path, bool]]) -> None:
    """Refuse a site folder that is, contains or is inside one of the user's folders: MkDocs
    empties the site folder before it builds, so `mkdocs build -d notes` would delete every note.
    Real paths: a link is followed."""
    site = site_dir.resolve()
    for what, folder, may_hold_the_site in folders:
        real = folder.resolve()
        if site == real:
            relation = "is"
        elif site in real.parents:
            relation = "contains"
        elif real in site.parents and not may_hold_the_site:
            relation = "is inside"
        else:
            continue
        shown = f"'{site_dir}'" + (f" (really '{site}')" if site != site_dir else "")
        raise PluginError(
            f"kith: the site folder {shown} {relation} {what} '{real}': MkDocs empties the site "
            "folder before every build and would delete your files. Nothing was deleted. Build the "
            "site elsewhere: remove site_dir from mkdocs.yml (the site then goes to 'site/' beside it) "
            "or give another, e.g. mkdocs build --site-dir site")


def _user_named_a_font(config: MkDocsConfig) -> bool:
    """Whether the user's own configuration (mkdocs.yml, what it INHERITs) sets theme.font: a font
    to use, or `false`. Read from what they wrote, not the merged theme, which always has the
    theme's default font."""
    with warnings.catch_warnings():
        # MkDocs 1.6 keeps the configurations as loaded here, and calls it deprecated.
        warnings.simplefilter("ignore", DeprecationWarning)
        written = list(getattr(config, "user_configs", ()))
    for raw in reversed(written):
        theme = raw.get("theme")
        if isinstance(theme, dict) and "font" in theme:
            font = theme["font"]
            return font is False or (isinstance(font, dict) and any(font.get(k) for k in ("text", "code")))
    return False


def _keep_theme_env(config: MkDocsConfig) -> None:
    """Under serve: the theme's Jinja environment is made once and kept across rebuilds.

    MkDocs makes a new one for every build, and the search plugin makes three more, and each
    reads and compiles the templates it uses again: a tenth of a rebuild at 2,500 contacts, more
    where the system has dropped the template files from its cache. The kept one checks each
    template against its file (`auto_reload`), so an edited override is still picked up.
    """
    theme = config.theme
    make_env = theme.get_env
    key = (tuple(theme.dirs), str(theme.locale))

    def kept_env() -> Any:
        env = _THEME_ENVS.get(key)
        if env is None:
            env = make_env()
            env.auto_reload = True
            env.bytecode_cache = _THEME_COMPILED
            _THEME_ENVS.clear()  # one theme at a time
            _THEME_ENVS[key] = env
        return env

    theme.get_env = kept_env  # type: ignore[method-assign]


def _remove_stale(paths: set[str], site_dir: str) -> None:
    """Removes files a dirty build no longer makes, and the folders that leaves empty; only
    inside the site folder."""
    site = os.path.realpath(site_dir)
    for path in sorted(paths):
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


def _only_read_only_plugins(config: MkDocsConfig) -> bool:
    return all(name in _READ_ONLY_PLUGINS for name in config.plugins)


def _with_body(spec: Any, prepared: str | None, body: str, markdown_has_text: bool) -> str | None:
    """A page the child prepared, with its body put in; None if it must be rendered here.

    The child decided from the Markdown whether there is a body at all; a body of only HTML that
    cleaning emptied is the rare case where it guessed wrong.
    """
    if prepared is None or spec.kind not in BODY_KINDS:
        return prepared
    if bool(body.strip()) != markdown_has_text:
        return None
    return prepared.replace(BODY_SLOT, body, 1)


def _collect_garbage_when_idle() -> None:
    """Under serve: collect garbage once the build is done, then freeze what is left.

    A full collection of a big network's heap takes about half a second, and Python ran two or
    three in every rebuild. Done here, after the pages are written, the rebuild after the next
    save only looks at objects made since (the frozen ones are alive: the vault, the renderer's
    kept pieces), and full collections wait for this one (the third threshold).
    """
    first, second, _ = gc.get_threshold()
    gc.set_threshold(first, second, 1000)

    def collect() -> None:
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    timer = threading.Timer(0.5, collect)
    timer.daemon = True
    timer.start()


class KithFile(File):
    """A generated page that a dirty build may skip when its inputs did not change."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged


def _always_modified(file: File | None) -> None:
    if file is not None:
        file.is_modified = lambda: True  # type: ignore[method-assign]


def _holds_only(item: Any, sources: set[str]) -> bool:
    """A page of ours, or a section that holds nothing but pages of ours."""
    if isinstance(item, Page):
        return item.file.src_uri in sources
    if isinstance(item, Section):
        return all(_holds_only(child, sources) for child in item.children)
    return False


def _flatten(items: list[Any]) -> list[Page]:
    pages: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            pages.append(item)
        elif isinstance(item, Section):
            pages.extend(_flatten(item.children))
    return pages


def _toc_tokens(html: str) -> list[dict[str, Any]]:
    """Table-of-contents entries for the headings of a page kith assembled."""
    tokens: list[dict[str, Any]] = []
    for match in _HEADING.finditer(html):
        level = int(match.group(1))
        name = _TAG.sub("", _HEADERLINK.sub("", match.group(3))).strip()
        token = {"level": level, "id": match.group(2), "name": name, "children": []}
        if level == 3 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens
