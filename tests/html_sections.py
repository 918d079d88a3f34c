"""A small HTML reader for tests: a tree of elements, and a page cut into its `<h2>` sections.

Only the standard library, so tests read the built pages the way a browser's DOM would,
without depending on the exact whitespace of the templates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def text(self) -> str:
        """The text content with runs of whitespace collapsed, like `innerText` roughly."""
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, Element) and child.tag == "wbr":
                continue  # a place a line may wrap, inside a word
            parts.append(child if isinstance(child, str) else f" {child.text()} ")
        return " ".join("".join(parts).split())

    def iter(self) -> Iterator[Element]:
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Element]:
        return [e for e in self.iter()
                if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)
                and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element | None:
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def content(html: str) -> Element:
    """The page's main content (Material's `<article>`), without the theme's navigation."""
    root = parse(html)
    article = root.find("article", "md-content__inner")
    assert article is not None, "no <article class=md-content__inner> in the page"
    return article


def sections(html: str) -> dict[str, list[Element]]:
    """The content's `<h2>` sections by heading id: the elements after each heading, up to the next.

    Headings nested in a wrapper (`<div class="kith-followups">`) count too: the page is read in
    document order, as a reader sees it.
    """
    out: dict[str, list[Element]] = {}
    current: list[Element] | None = None

    def walk(element: Element) -> None:
        nonlocal current
        for child in element.children:
            if not isinstance(child, Element):
                continue
            if child.tag == "h2":
                current = out.setdefault(child.attrs.get("id", child.text()), [])
            elif child.find("h2") is not None:
                walk(child)
            elif current is not None:
                current.append(child)

    walk(content(html))
    return out


def headings(html: str) -> dict[str, str]:
    """Each `<h2>` of the content by id, with its text."""
    return {h.attrs.get("id", ""): h.text() for h in content(html).find_all("h2")}


def items(section: list[Element], cls: str | None = None) -> list[Element]:
    """The list items of a section, in order (only those with `cls` if given)."""
    found: list[Element] = []
    for element in section:
        candidates = [element] if element.tag == "li" else element.find_all("li")
        found.extend(li for li in candidates if cls is None or cls in li.classes)
    return found
