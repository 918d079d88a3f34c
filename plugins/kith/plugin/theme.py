"""Material's navigation rendered once per folder for the pages outside it.

Material puts the whole navigation into every page (the sidebar, and the drawer on a phone). On a
page that is not in the navigation, as every profile, note, topic and event is, it comes out the
same for each page of one folder: nothing in it is marked as the current page, and each link is
written relative to the folder. At thousands of pages, rendering it again for each was a large
share of the build. So, where Material's own navigation templates are the ones in use, kith puts
its `partials/nav.html` before them (a user's `custom_dir` still comes first): it renders
Material's `partials/nav.html` once per folder, reachable under the name `kith-material/...`, and
gives every other page (one in the navigation, the 404 page) Material's as it is. A user's override
of any of those templates turns this off: it may show something of the page.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

OWN = "kith-material"  # the prefix under which Material's own templates stay reachable
# What Material's navigation is made of; if any is overridden, nothing is shared.
NAVIGATION_TEMPLATES = ("partials/nav.html", "partials/nav-item.html", "partials/logo.html",
                        "partials/source.html")
OVERRIDES = str(Path(__file__).resolve().parent.parent / "templates" / "theme")


def material_templates() -> str | None:
    """The folder of Material's own templates, if Material is installed."""
    try:
        import material
    except ImportError:
        return None
    return os.path.join(os.path.dirname(os.path.abspath(material.__file__)), "templates")


def share_navigation(config: MkDocsConfig) -> bool:
    """kith's navigation template put just before Material's, where Material's own navigation
    templates are the ones the theme uses (MkDocs' search plugin adds its folder the same way)."""
    dirs = config.theme.dirs
    own = material_templates()
    if own is None or own not in dirs:
        return False
    if OVERRIDES in dirs:
        return True
    for name in NAVIGATION_TEMPLATES:
        if next((folder for folder in dirs if os.path.isfile(os.path.join(folder, name))), None) != own:
            return False
    dirs.insert(dirs.index(own), OVERRIDES)
    return True


def with_shared_navigation(env: jinja2.Environment) -> SharedNavigation | None:
    """The theme's environment with Material's own templates under `kith-material/` too, and the
    function kith's navigation template asks."""
    own = material_templates()
    if own is None or env.loader is None:
        return None
    env.loader = jinja2.ChoiceLoader([env.loader, jinja2.PrefixLoader({OWN: jinja2.FileSystemLoader(own)})])
    shared = SharedNavigation()
    env.globals["kith_shared_nav"] = shared.slot
    return shared


class _Slot:
    """The navigation kept for one folder: `html` once rendered, `keep` to give it."""

    __slots__ = ("html",)

    def __init__(self) -> None:
        self.html: Markup | None = None

    def keep(self, html: str) -> Markup:
        self.html = Markup(html)
        return self.html


class SharedNavigation:
    """The navigation of each folder's pages outside it, rendered once per build (a new theme
    environment, and so a new one of these, comes with each build)."""

    def __init__(self) -> None:
        self._slots: dict[tuple[Any, ...], _Slot] = {}
        self.pages = 0  # pages given a folder's navigation
        # Per navigation object (kept here, so ids are not reused): the pages in it, and every
        # folder some link of it lies in or below (a page there would see it as nearer).
        self._navs: dict[int, tuple[Navigation, frozenset[int], frozenset[str]] | None] = {}

    @jinja2.pass_context
    def slot(self, context: Any) -> _Slot | None:
        """The slot of the page being rendered, or None where its navigation is its own."""
        page, nav, config = context.get("page"), context.get("nav"), context.get("config")
        if not isinstance(page, Page) or not isinstance(nav, Navigation) or config is None:
            return None
        known = self._navs.get(id(nav), False)
        if known is False:
            known = self._navs[id(nav)] = _facts(nav, config)
        if known is None or id(page) in known[1] or any(item.active for item in nav.items):
            return None
        key = _folder_key(page.url, known[2])
        if key is None:
            return None
        key = (id(nav), config.theme.get("language"), *key)
        slot = self._slots.get(key)
        if slot is None:
            slot = self._slots[key] = _Slot()
        self.pages += 1
        return slot


def _facts(nav: Navigation, config: MkDocsConfig) -> tuple[Navigation, frozenset[int], frozenset[str]] | None:
    """What the navigation's sharing rests on, or None where it cannot be shared: an item that
    lists pages of its own (as a blog's does) shows whichever is current."""
    targets: list[str] = [nav.homepage.url if nav.homepage else "", str(config.extra.get("homepage") or ""),
                          str(config.theme.get("logo") or "")]
    stack: list[Any] = list(nav.items)
    while stack:
        item = stack.pop()
        if getattr(item, "pages", None) is not None:
            return None
        if isinstance(item, Section):
            stack.extend(item.children)
        elif isinstance(item, Page | Link):
            targets.append(item.url or "")
    under: set[str] = set()
    for target in targets:
        parts = [part for part in target.split("/") if part and part != "."]
        for end in range(1, len(parts) + 1):
            under.add("/".join(parts[:end]))
    return nav, frozenset(id(page) for page in nav.pages), frozenset(under)


def _folder_key(url: str, under: frozenset[str]) -> tuple[str, bool] | None:
    """What a page's links are written relative to, as MkDocs' `url` filter does: the folder of a
    page whose URL names a file (`notes/call.html`), else the page's own path (`notes/call/`),
    which the links of its folder share unless one lies at or below it."""
    folder, _, last = url.rpartition("/")
    if "." in last:
        return folder.strip("/"), False
    path = url.strip("/")
    if not path or path in under or ".." in path.split("/"):
        return None
    return path.rpartition("/")[0], True
