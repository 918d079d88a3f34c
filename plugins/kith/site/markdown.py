"""Preparing a user's Markdown body for the site: links resolved, raw HTML made harmless.

Works line by line on the text the user wrote; fenced code and inline code are left alone.
After Markdown, `safe_html` writes the result out again with known tags and safe attributes only,
so no extension and no quirk of Markdown's reading can put live markup on a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import escape, unescape
from html.parser import HTMLParser

import markdown

from ..core.links import WIKILINK, code_fence_mask, shown_target
from ..core.model import Link
from ..core.privacy import PRIVATE, Visibility

_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
# `<` that starts an autolink stays; every other `<` is shown as text, not parsed as HTML.
_RAW_LT = re.compile(r"<(?!(?:https?://[^<>\s]+|mailto:[^<>\s@]+@[^<>\s@]+)>)")
_MARKUP = re.compile(r"[*_`>#~]|^\s*[-+]\s+|\[([ xX])\]\s*")
# No brackets inside a label or parentheses inside a URL: every `[` is scanned once, never re-scanned.
_MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*\)")
_TASK_MARKERS = re.compile(r"📅\s*\S+|(?<!\S)due:\S+|#waiting\b|✅\s*\S+")

LinkRenderer = Callable[[str, str | None], str]  # (target, label) -> HTML
LinkText = Callable[[str, str | None], str]  # (target, label) -> plain text


def link_html(visibility: Visibility, url_for: Callable[[str, str], str],
              names: Callable[[str, str], str]) -> LinkRenderer:
    """How a `[[link]]` becomes HTML on a page: a link to a person or a note, "(private)", or text
    (a page of the vault that is not a person, or one that does not exist yet). A link that
    looks like a misspelt name is marked, as `kith check` reports it."""
    resolver = visibility.resolver

    def render(target: str, label: str | None) -> str:
        match = resolver.resolve(target)
        if match is None and (near := resolver.near_contacts(target)):
            text = escape(label or target)
            # Material's tooltips show a title as HTML: escaped twice, it is shown as text.
            hint = f"No contact is called “{target}”; did you mean {' or '.join(near)}?"
            title = escape(escape(hint), quote=True)
            return f'<span class="kith-unresolved" title="{title}">{text}<sup>?</sup></span>'
        if match is None or match.kind == "page":
            return f'<span class="kith-page">{escape(label or shown_target(target))}</span>'
        if visibility.hides(match):
            # Neither the name nor the label: a label written about a private person names them too.
            return f'<span class="kith-private">{PRIVATE}</span>'
        text = escape(label or names(match.kind, match.slug))
        href = escape(url_for(match.kind, match.slug), quote=True)
        return f'<a class="kith-link kith-link--{match.kind}" href="{href}">{text}</a>'

    return render


# Python-Markdown's inline pass costs (links in a paragraph) x (its length): a pasted transcript
# of 50,000 lines with no blank line takes minutes. Such a run of text lines gets a paragraph
# break every so many lines, which a reader does not miss in a text that long.
PARAGRAPH_LINES = 50
# Lists, quotes, headings, underlines, indented code and table rows: never split.
_NOT_PARAGRAPH_TEXT = re.compile(r"\s*(?:[-*+]\s|\d+[.)]\s|[>#|]|[=-]+\s*$)|\s{4}|\t")
_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])\s")
# What may start a list right under a paragraph line (CommonMark: a bullet, or the number 1).
_LIST_START = re.compile(r" {0,3}(?:[-*+]|1[.)])\s+\S")


def prepare_body(text: str, render_link: LinkRenderer) -> str:
    """The body as Markdown for the page: `[[links]]` as HTML anchors, raw HTML escaped."""
    lines = text.split("\n")
    in_code = code_fence_mask(lines)  # the same fenced blocks Markdown will see: left as written
    run = 0  # text lines in a row, in one paragraph
    in_list = False
    for index, line in enumerate(lines):
        if in_code[index]:
            run = 0
            in_list = False
            continue
        if "<" in line or "[[" in line:
            line = lines[index] = _prepare_line(line, render_link)
        if _LIST_ITEM.match(line):
            if run and not in_list and _LIST_START.match(line):
                # Tasks written right under a paragraph (as Obsidian allows) are a list, not
                # more of the paragraph: Python-Markdown needs a blank line to see that.
                lines[index] = "\n" + line
            in_list = True
            run = 0
        elif not line.strip() or _NOT_PARAGRAPH_TEXT.match(line) or "|" in line:
            if line.strip() and not line[0].isspace():
                in_list = False  # a heading, quote or table ends a list
            run = 0
        else:
            if run == 0 and not line[0].isspace() and (index == 0 or not lines[index - 1].strip()):
                in_list = False  # a paragraph after a blank line, not indented: the list is over
            if run == PARAGRAPH_LINES:
                lines[index] = "\n" + line
                run = 0
            run += 1
    return "\n".join(lines)


def _prepare_line(line: str, render_link: LinkRenderer) -> str:
    parts: list[str] = []
    position = 0
    for code in _CODE_SPAN.finditer(line):
        parts.append(_prepare_prose(line[position:code.start()], render_link))
        parts.append(code.group(0))
        position = code.end()
    parts.append(_prepare_prose(line[position:], render_link))
    return "".join(parts)


def _prepare_prose(text: str, render_link: LinkRenderer) -> str:
    if "[[" not in text:
        return _RAW_LT.sub("&lt;", text) if "<" in text else text
    # Links first, then `<` in the text between them: a label is escaped once, not twice.
    parts: list[str] = []
    position = 0
    for match in WIKILINK.finditer(text):
        before = text[position:match.start()]
        if before.endswith("!"):
            before = before[:-1]  # an embed (`![[...]]`) is shown as what it links to
        parts.append(_RAW_LT.sub("&lt;", before))
        parts.append(render_link(match.group(1).strip(), _label(match.group(2))))
        position = match.end()
    parts.append(_RAW_LT.sub("&lt;", text[position:]))
    return "".join(parts)


def _label(label: str | None) -> str | None:
    return label.strip() or None if label else None


def label_or_target(target: str, label: str | None) -> str:
    return label or target


def plain_text(text: str, links: list[Link] | None = None, link_text: LinkText = label_or_target) -> str:
    """A body as one line of plain text, for excerpts: markup, links and task markers removed."""
    return " ".join(" ".join(_plain_lines(text, link_text)).split())


def _plain_lines(text: str, link_text: LinkText) -> Iterator[str]:
    lines = text.split("\n")
    in_code = code_fence_mask(lines)
    for index, line in enumerate(lines):
        if in_code[index] or not line.strip():
            continue
        if "[[" in line:
            line = WIKILINK.sub(lambda m: link_text(m.group(1).strip(), _label(m.group(2))), line)
        line = _MD_LINK.sub(r"\1", line)
        line = _TASK_MARKERS.sub("", line)
        line = _MARKUP.sub("", line).strip()
        if line:
            yield line


def excerpt(text: str, limit: int = 180, link_text: LinkText = label_or_target) -> str:
    """The start of a body as plain text, cut at a word; reads only as many lines as it needs."""
    collected: list[str] = []
    length = 0
    for line in _plain_lines(text, link_text):
        line = " ".join(line.split())  # counted as it will read, so it stops only past the limit
        collected.append(line)
        length += len(line) + 1
        if length > limit + 1:
            break
    plain = " ".join(collected)
    if len(plain) <= limit:
        return plain
    cut = plain.rfind(" ", 0, limit)
    return plain[: cut if cut > limit // 2 else limit].rstrip(" ,.;:") + "…"


# Making rendered body HTML safe. Raw HTML in a body is escaped before Markdown runs, but
# extensions still let a user set attributes (`attr_list`: `{: onclick=... }`) and URLs
# (`[x](javascript:...)`), and any text Markdown reads differently from `prepare_body` (a fence
# it does not accept, a code span it pairs otherwise) reaches the HTML raw. So the HTML is parsed
# and written out again: known tags with checked attributes, everything else as text.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
    "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul", "var", "wbr",
    # Icons inlined by Markdown extensions (emoji as SVG).
    "svg", "g", "path", "circle", "ellipse", "line", "polygon", "polyline", "rect",
})
_VOID_TAGS = frozenset({"br", "col", "hr", "img", "input", "wbr"})
_URL_ATTRIBUTES = frozenset({
    "href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "cite", "background",
    "data", "ping", "lowsrc", "dynsrc", "longdesc", "manifest", "codebase", "usemap",
})
# Schemes a link in a note may use; anything else (javascript:, vbscript:, data:...) is dropped.
SAFE_SCHEMES = frozenset({
    "http", "https", "mailto", "tel", "sms", "ftp", "webcal", "geo", "obsidian", "zotero",
})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")


def safe_url(url: str, *, image: bool = False) -> bool:
    """Whether a URL (decoded from its attribute) is safe to follow."""
    # Browsers ignore tabs and newlines inside a URL and spaces around it: so does this check.
    cleaned = _IGNORED_IN_URL.sub("", unescape(url)).lower()
    scheme = _SCHEME.match(cleaned)
    if scheme is None:
        return True  # relative: another page of the site, an anchor
    if image and cleaned.startswith("data:image/"):
        return True
    return scheme.group(1) in SAFE_SCHEMES


def safe_html(html: str) -> str:
    """Rendered body HTML with only known tags, no event handlers or script URLs, and titles that
    Material's tooltips (which show a title as HTML) show as text."""
    if "<" not in html or _plainly_safe(html):
        return html
    writer = _SafeWriter()
    writer.feed(html)
    writer.close()
    return "".join(writer.out)


# What Python-Markdown writes for an ordinary note: known tags in lower case, with attributes that
# are harmless whatever their value (or a URL that `safe_url` accepts). Such HTML passes through as
# it is, which is much quicker than parsing it; anything else is written out again by _SafeWriter.
_PLAIN_TAG = re.compile(r'</?([a-z][a-z0-9]*)((?:\s+[a-z][a-z-]*(?:="[^"<>]*")?)*)\s*/?>')
_PLAIN_ATTRIBUTE = re.compile(r'\s+([a-z][a-z-]*)(?:="([^"<>]*)")?')
_PLAIN_ATTRIBUTES = frozenset({
    "class", "id", "title", "alt", "href", "src", "align", "start", "colspan", "rowspan",
    "type", "checked", "disabled", "datetime",
})


def _plainly_safe(html: str) -> bool:
    tags = _PLAIN_TAG.findall(html)
    if len(tags) != html.count("<"):
        return False  # a comment, a tag of another shape, or a "<" that starts no tag
    for name, attributes in tags:
        if name not in ALLOWED_TAGS:
            return False
        for attribute, value in _PLAIN_ATTRIBUTE.findall(attributes):
            if attribute not in _PLAIN_ATTRIBUTES:
                return False
            if attribute in ("href", "src") and not safe_url(value, image=name == "img"):
                return False
            if (attribute == "id" and value.startswith("__")) or (attribute == "title" and "&" in value):
                return False  # ids the theme's scripts use; a title that may decode to markup
    return True


class _SafeWriter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self.get_starttag_text() or "", closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self.get_starttag_text() or "", closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], raw: str, closed: bool) -> None:
        if tag not in ALLOWED_TAGS:
            self.out.append(escape(raw, quote=False))
            return
        kept = "".join(_attribute(tag, name, value) for name, value in attrs)
        self.out.append(f"<{tag}{kept}{' /' if closed or tag in _VOID_TAGS else ''}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS:
            return
        self.out.append(f"</{tag}>" if tag in ALLOWED_TAGS else escape(f"</{tag}>", quote=False))

    def handle_data(self, data: str) -> None:
        self.out.append(escape(data, quote=False))

    # Comments, doctypes and processing instructions carry nothing a reader needs.
    def handle_comment(self, data: str) -> None:
        pass

    def handle_decl(self, decl: str) -> None:
        pass

    def handle_pi(self, data: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass


def _attribute(tag: str, name: str, value: str | None) -> str:
    """One attribute as written back, or "" when it could run script or break the theme."""
    if value is None:
        return "" if name.startswith("on") else f" {escape(name)}"
    lowered = value.lower()
    if name.startswith("on") or name.startswith("data-md") or not re.fullmatch(r"[\w:.-]+", name):
        return ""  # event handlers; the theme's own component hooks; names no browser agrees on
    if name == "style" and any(word in lowered for word in ("script", "expression", "url(", "@import")):
        return ""
    if name in _URL_ATTRIBUTES and not all(
            safe_url(part.strip().split(" ")[0], image=tag == "img")
            for part in (value.split(",") if name == "srcset" else [value])):
        return ""
    if name in ("id", "for", "name") and value.startswith("__"):
        value = "kith" + value  # `__search`, `__config`: ids the theme's scripts look up
    if name == "title" and "<" in value:
        value = escape(value, quote=False)  # shown as text by the tooltips
    return f' {name}="{escape(value, quote=True)}"'


# Rendering a body's Markdown without the site engine, for the process that prepares pages in
# parallel (site/prerender.py). Only bodies the engine would not treat specially: the engine
# rewrites and checks Markdown links (`[x](other.md)`, `![](img.png)`, `[x]: url`), so a body
# with any of those is left to it. `[[links]]` are already HTML anchors by then (prepare_body).
_ENGINE_LINK = re.compile(r"\]\(|^ {0,3}\[[^\]]+\]:", re.MULTILINE)


def renders_alone(markdown: str) -> bool:
    """Whether `BodyMarkdown` renders this prepared body exactly as the site engine would."""
    return _ENGINE_LINK.search(markdown) is None


class BodyMarkdown:
    """Python-Markdown with the site's extensions, one instance reused for every body."""

    def __init__(self, extensions: list, extension_configs: dict) -> None:
        self._markdown = markdown.Markdown(extensions=extensions, extension_configs=extension_configs or {})

    def render(self, text: str) -> str:
        return self._markdown.reset().convert(text)
