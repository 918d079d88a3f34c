"""kith's index pages in an automatic navigation: after the home page, in a fixed order.

MkDocs would list each as a one-page section, in alphabetical order (Contacts, Events, ...);
a user's own `nav:` in mkdocs.yml is left as they wrote it. Contacts and notes are never listed
one by one: a sidebar of thousands of entries in every page would make the build quadratic.
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..site.urls import LISTINGS


def arranged(nav: Navigation) -> Navigation:
    """The navigation with kith's index pages right after the home page."""
    listing_sources = {source for source, _ in LISTINGS.values()}
    ours = {page.file.src_uri: page for page in nav.pages if page.file.src_uri in listing_sources}
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
    pages = _flatten(items)
    for index, page in enumerate(pages):
        page.previous_page = pages[index - 1] if index else None
        page.next_page = pages[index + 1] if index + 1 < len(pages) else None
    return Navigation(items, pages)


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
