"""What the site search indexes of a kith page: its searchable part only.

A profile lists every conversation, a topic everyone on it: indexed whole, every page would
match every word of the pages it lists, and the search plugin would parse those long lists on
every build. So while the search plugin reads a kith page (its `on_page_context`), the page's
content is the part made for search (`kith/search/*.html`); the full content is put back right
after, before the theme shows it. Any search plugin that reads `page.content` there is served.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page


class SearchContent:
    """The searchable content of each kith page, from the first pass to the search plugin."""

    def __init__(self) -> None:
        self._searchable: dict[str, str] = {}  # page URL -> what search indexes
        self._full: dict[str, str] = {}  # page URL -> the content set aside meanwhile

    def keep(self, page: Page, searchable: str) -> None:
        self._searchable[page.url] = searchable

    def before_search(self, page: Page) -> None:
        searchable = self._searchable.pop(page.url, None)
        if searchable is not None and page.content is not None:
            self._full[page.url] = page.content
            page.content = searchable

    def after_search(self, page: Page) -> None:
        full = self._full.pop(page.url, None)
        if full is not None:
            page.content = full

    def clear(self) -> None:
        self._searchable.clear()
        self._full.clear()


def complete_dirty_index(config: MkDocsConfig, rendered: set[str], live_urls: set[str]) -> None:
    """After a dirty build (`kith serve`), keep the search entries of every page not re-rendered.

    Material's search plugin keeps the previous index under `--dirty`, but merges it as if only one
    page had changed; here the entries of re-rendered and removed pages are replaced.

    Private API of Material's search plugin (DEVELOPERS.md): its `search_index` and
    `search_index_prev` attributes and their `entries`; nothing public exposes the index before it
    is written. tests/test_mkdocs_private_api.py fails if they change.
    """
    search: Any = config.plugins.get("material/search") or config.plugins.get("search")
    previous = getattr(search, "search_index_prev", None)
    index = getattr(search, "search_index", None)
    if previous is None or index is None:
        return
    kept = [entry for entry in previous.entries
            if (base := entry["location"].split("#", 1)[0]) not in rendered and base in live_urls]
    index.entries = kept + index.entries
    search.search_index_prev = None  # merged; the plugin keeps this index as the next "previous"
